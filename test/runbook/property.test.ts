import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {Document, parseDocument, Scalar} from 'yaml';
import {ExpressionSyntaxError} from '../../source/expressions/errors.js';
import {analyseExpression} from '../../source/expressions/references.js';
import {fieldExpressions, parseTemplate} from '../../source/expressions/template.js';
import {loadRunbookText} from '../../source/runbook/load.js';

/**
 * Whatever text an author (or a bad merge) hands belay, `validate` answers with located problems:
 * it never crashes, and every problem points at a place that exists in the file.
 */

const runs = {numRuns: 300};
/** Loading the large valid fixture costs more; fewer runs keep the file within seconds. */
const mutationRuns = {numRuns: 120};
const file = 'property.yaml';

const validText = readFileSync(fileURLToPath(new URL('../fixtures/valid/restore-table.yaml', import.meta.url)), 'utf8');

/** Loads the text and checks the result's shape: never a throw, every problem located in the text. */
function checkLoad(text: string): void {
	const result = loadRunbookText(text, file);
	if (result.ok) return;
	expect(result.problems.length).toBeGreaterThan(0);
	const lines = text.split('\n').length;
	for (const problem of result.problems) {
		expect(problem.file).toBe(file);
		expect(Number.isInteger(problem.line), JSON.stringify(problem)).toBe(true);
		expect(Number.isInteger(problem.column), JSON.stringify(problem)).toBe(true);
		expect(problem.line, JSON.stringify(problem)).toBeGreaterThanOrEqual(1);
		expect(problem.column, JSON.stringify(problem)).toBeGreaterThanOrEqual(1);
		expect(problem.line, JSON.stringify(problem)).toBeLessThanOrEqual(lines + 1);
		expect(typeof problem.message).toBe('string');
		expect(problem.message.length).toBeGreaterThan(0);
	}
}

/** Words a runbook is made of, so random documents reach deep into the loader. */
const vocabulary = [
	'version', 'name', 'title', 'description', 'pairing', 'environments', 'inputs', 'vars', 'steps', 'id',
	'manual', 'input', 'select', 'aws', 'wait', 'shell', 'approve', 'edit', 'foreach', 'checklist', 'when',
	'confirm', 'confirmText', 'timeout', 'retry', 'attempts', 'delay', 'backoff', 'onFailure', 'outputs',
	'secret', 'service', 'command', 'paginate', 'region', 'until', 'failWhen', 'interval', 'progress',
	'options', 'from', 'items', 'label', 'value', 'as', 'concurrency', 'run', 'cwd', 'env', 'by', 'file',
	'format', 'set', 'type', 'default', 'pattern', 'enum', 'required', 'account', 'roleArn', 'protected',
	'dynamodb', 'DescribeTable', 'DescribeTableCommand', 's3', 'ListBuckets', 'sts', 'backup',
];

const expressionish = fc.constantFrom(
	'${{ inputs.table }}',
	'${{ vars.x }}',
	'${{ steps.one.value }}',
	'${{ steps.`two-words`.outputs.arn }}',
	'${{ result.Status }}',
	'${{ item }} ${{ index }}',
	'${{ $date("YYYY") }}',
	'${{ $nope() }}',
	'${{ 1 + }}',
	'${{ inputs.table',
	'${{ }}',
	'${{ {"a": {"b": 1}} }}',
	'result.Table.TableStatus = "ACTIVE"',
	'90s',
	'1h30m',
	'^[a-z]+$',
	'(unclosed',
	'111111111111',
	'arn:aws:iam::111111111111:role/x',
	'eu-west-1',
	'a.json',
	'b.conf',
	'pair',
	'any',
);

const scalar = fc.oneof(
	fc.constantFrom(...vocabulary),
	expressionish,
	fc.string({maxLength: 20}),
	fc.integer({min: -5, max: 1_000_000_000_000}),
	fc.double({noNaN: true}),
	fc.boolean(),
	fc.constant(null),
);

const key = fc.oneof({weight: 4, arbitrary: fc.constantFrom(...vocabulary)}, {weight: 1, arbitrary: fc.string({maxLength: 8})});

const {value: yamlValue} = fc.letrec(tie => ({
	value: fc.oneof(
		{depthSize: 'small', withCrossShrink: true},
		scalar,
		fc.array(tie('value'), {maxLength: 4}),
		fc.dictionary(key, tie('value'), {maxKeys: 5}),
	),
}));

/** Runbook-shaped data: the top-level keys, with steps made of step-ish mappings. */
const stepish = fc.dictionary(key, yamlValue, {maxKeys: 6});
const runbookish = fc.record(
	{
		version: fc.oneof(fc.constant(1), scalar),
		name: scalar,
		title: scalar,
		pairing: scalar,
		inputs: fc.dictionary(key, fc.oneof(fc.dictionary(key, scalar, {maxKeys: 4}), scalar), {maxKeys: 3}),
		vars: fc.dictionary(key, scalar, {maxKeys: 3}),
		environments: fc.dictionary(key, fc.dictionary(key, scalar, {maxKeys: 4}), {maxKeys: 2}),
		steps: fc.oneof(fc.array(stepish, {maxLength: 4}), scalar),
	},
	{requiredKeys: []},
);

/** A YAML text from data, in a random flow or block style. */
function toYaml(data: unknown, flow: boolean): string {
	const document = new Document(data);
	if (flow && document.contents && typeof document.contents === 'object' && 'flow' in document.contents) {
		(document.contents as {flow: boolean}).flow = true;
	}
	return document.toString({lineWidth: 0});
}

/** The valid fixture with random damage. */
const mutated = fc
	.array(
		fc.oneof(
			fc.record({kind: fc.constant('delete-line' as const), at: fc.nat()}),
			fc.record({kind: fc.constant('swap' as const), at: fc.nat()}),
			fc.record({
				kind: fc.constant('insert' as const),
				at: fc.nat(),
				text: fc.oneof(
					fc.string({maxLength: 12}),
					fc.constantFrom(':', '- ', '  ', '\t', '\n', '"', "'", '${{', '}}', '#', '|', '>', '&a', '*a', '{', '[', '`'),
				),
			}),
			fc.record({kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({min: 1, max: 20})}),
		),
		{minLength: 1, maxLength: 4},
	)
	.map(mutations => {
		let text = validText;
		for (const mutation of mutations) {
			switch (mutation.kind) {
				case 'delete-line': {
					const lines = text.split('\n');
					lines.splice(mutation.at % lines.length, 1);
					text = lines.join('\n');
					break;
				}
				case 'swap': {
					const at = mutation.at % Math.max(1, text.length - 1);
					text = text.slice(0, at) + text.charAt(at + 1) + text.charAt(at) + text.slice(at + 2);
					break;
				}
				case 'insert': {
					const at = mutation.at % (text.length + 1);
					text = text.slice(0, at) + mutation.text + text.slice(at);
					break;
				}
				case 'delete': {
					const at = mutation.at % (text.length + 1);
					text = text.slice(0, at) + text.slice(at + mutation.length);
					break;
				}
			}
		}
		return text;
	});

describe('loadRunbookText never throws and locates every problem', () => {
	test('random strings', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 200, unit: 'binary'}), text => checkLoad(text)),
			runs,
		);
	});

	test('random YAML characters', () => {
		const yamlish = fc.string({
			unit: fc.constantFrom('a', 'b', ' ', '  ', '\n', '\r\n', ':', '- ', '-', '#', '"', "'", '\\', '{', '}', '[', ']', ',', '|', '>', '&x', '*x', '!', '?', '%', '@', '`', '${{', '}}', '\t', 'é', '😀'),
			maxLength: 60,
		});
		fc.assert(fc.property(yamlish, text => checkLoad(text)), runs);
	});

	test('random documents of mappings, lists and scalars', () => {
		fc.assert(fc.property(yamlValue, fc.boolean(), (data, flow) => checkLoad(toYaml(data, flow))), runs);
	});

	test('random runbook-shaped documents', () => {
		fc.assert(fc.property(runbookish, fc.boolean(), (data, flow) => checkLoad(toYaml(data, flow))), runs);
	});

	test('the valid fixture with lines deleted, characters swapped and text inserted', () => {
		expect(loadRunbookText(validText, file).ok).toBe(true);
		fc.assert(fc.property(mutated, text => checkLoad(text)), mutationRuns);
	});
});

describe('an expression problem points at the expression, whatever the scalar style', () => {
	const styles = [Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;
	// Text around the expression: words, quotes, escapes, tabs, line breaks and wide characters.
	const around = fc.string({
		unit: fc.constantFrom('word', ' ', '  ', '\n', '\n\n', '"', "'", '\\', '\t', 'é', '😀', ':', '#', '-', '  indented'),
		maxLength: 8,
	});

	test('the reported line and column hold the name that is wrong', () => {
		fc.assert(
			fc.property(
				around,
				around,
				fc.constantFrom(...styles),
				fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/),
				(before, after, style, name) => {
					const reference = `vars.missing_${name}`;
					const value = `${before}\${{ ${reference} }}${after}`;
					const document = new Document({
						version: 1,
						name: 'styles',
						title: 'Styles',
						steps: [{id: 'one', title: 'One', manual: value}],
					});
					const node = document.getIn(['steps', 0, 'manual'], true) as Scalar;
					node.type = style;
					const text = document.toString({lineWidth: 0});
					// The yaml library cannot write every value in every forced style; skip what it gets wrong.
					const written = parseDocument(text);
					fc.pre(written.errors.length === 0 && written.getIn(['steps', 0, 'manual']) === value);

					const result = loadRunbookText(text, file);
					expect(result.ok, text).toBe(false);
					if (result.ok) return;
					expect(result.problems, text).toHaveLength(1);
					const [problem] = result.problems;
					expect(problem!.message).toContain(`unknown var 'missing_${name}'`);
					const line = text.split('\n')[problem!.line - 1] ?? '';
					expect(line.slice(problem!.column - 1), `${JSON.stringify(value)} as ${style}:\n${text}`).toMatch(
						new RegExp(`^${reference}\\b`),
					);
				},
			),
			runs,
		);
	});
});

describe('expression parsing fails only with ExpressionSyntaxError, located in the text', () => {
	const expressionText = fc.oneof(
		fc.string({maxLength: 40, unit: 'binary'}),
		fc.string({
			unit: fc.constantFrom(
				'${{', '}}', '{', '}', '(', ')', '[', ']', '$', '$date', '.', ',', ';', ':', '?', '=', '!=', '<', '>', '&', '+',
				'-', '*', '/', '%', '~>', ':=', '"', "'", '`', ' ', '\n', 'a', 'steps', 'inputs', 'result', '1', '2.5', 'true',
				'function', 'and', 'or', 'in', '^(', '#', '@', '|', '\\',
			),
			maxLength: 30,
		}),
	);

	const check = (parse: (text: string) => unknown) => (text: string): void => {
		try {
			parse(text);
		} catch (error) {
			expect(error, `${JSON.stringify(text)}: ${String(error)}`).toBeInstanceOf(ExpressionSyntaxError);
			const {offset} = error as ExpressionSyntaxError;
			expect(Number.isInteger(offset)).toBe(true);
			expect(offset).toBeGreaterThanOrEqual(0);
			expect(offset).toBeLessThanOrEqual(text.length);
		}
	};

	test('parseTemplate', () => {
		fc.assert(fc.property(expressionText, check(parseTemplate)), runs);
	});

	test('fieldExpressions', () => {
		fc.assert(fc.property(expressionText, check(fieldExpressions)), runs);
	});

	test('analyseExpression', () => {
		fc.assert(fc.property(expressionText, check(analyseExpression)), runs);
	});

	test('analyseExpression reports references inside the text', () => {
		fc.assert(
			fc.property(expressionText, text => {
				let analysis: ReturnType<typeof analyseExpression>;
				try {
					analysis = analyseExpression(text);
				} catch {
					return;
				}
				for (const located of [...analysis.references, ...analysis.calls]) {
					expect(located.offset).toBeGreaterThanOrEqual(0);
					expect(located.offset).toBeLessThanOrEqual(text.length);
				}
			}),
			runs,
		);
	});
});
