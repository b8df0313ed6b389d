/**
 * Writes docs/report-example.png: the HTML report of a realistic run (test/report/example-run.ts,
 * against a local DynamoDB) as headless Chromium shows it.
 *
 *   npm run report:screenshot
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {belay, describeExit} from '../cli/belay.js';
import {pngSize, render, serve} from './chromium.js';
import {exampleRun} from './example-run.js';

const root = process.env['BELAY_ROOT'] ?? process.cwd();
const png = join(root, 'docs', 'report-example.png');
const dir = await mkdtemp(join(tmpdir(), 'belay-report-example-'));
try {
	process.stderr.write('report-screenshot: running the example runbook against a local DynamoDB\n');
	const run = await exampleRun({dir, runId: 'restore-rehearsal-1'});
	const report = await belay(['report', run.runId, '--format', 'html', '--state-dir', run.state]);
	if (report.code !== 0) throw new Error(describeExit(report));
	const served = await serve(report.stdout);
	try {
		process.stderr.write('report-screenshot: opening the report in headless Chromium\n');
		await render(served.url, {path: png, width: 1100, height: 1300});
	} finally {
		await served.close();
	}
	const {readFileSync} = await import('node:fs');
	const size = pngSize(readFileSync(png));
	process.stderr.write(`report-screenshot: wrote ${png} (${size.width}×${size.height})\n`);
} finally {
	await rm(dir, {recursive: true, force: true});
}
