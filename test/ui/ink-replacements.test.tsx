// The UI tests draw with belay's Output and widest-line in place of Ink's, as dist/belay.js does
// (vitest.config.ts, scripts/ink-replacements.mjs): a screen rendered through Ink runs belay's code.
import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import Output from '../../source/ui/ink/output.js';
import * as widest from '../../source/ui/ink/widest-line.js';

afterEach(() => vi.restoreAllMocks());

describe('Ink in the tests', () => {
	it("draws its frames with belay's Output", () => {
		const get = vi.spyOn(Output.prototype, 'get');
		const {lastFrame, unmount} = render(<Box borderStyle="round"><Text>Restore 中文 🙂</Text></Box>);
		const frame = lastFrame();
		unmount();
		expect(frame).toContain('Restore 中文 🙂');
		expect(get).toHaveBeenCalled();
		expect(get.mock.results.map(result => result.value.output)).toContain(frame);
	});

	it("measures its texts with belay's widest-line", () => {
		const widestLine = vi.spyOn(widest, 'default');
		const {unmount} = render(<Box width={12}><Text>wrapped over two lines</Text></Box>);
		unmount();
		expect(widestLine).toHaveBeenCalledWith('wrapped over two lines');
	});
});
