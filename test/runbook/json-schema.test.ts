import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Ajv, type ValidateFunction} from 'ajv';
import YAML from 'yaml';
import {beforeAll, describe, expect, it} from 'vitest';
import {awsServices} from '../../source/aws/catalog.js';
import {runbookJsonSchema} from '../../source/runbook/json-schema.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {stepKinds} from '../../source/runbook/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const committedPath = `${root}schema/runbook.schema.json`;

/** The YAML files of a directory, relative to the project root; none when it does not exist. */
function yamlFiles(dir: string): string[] {
	if (!existsSync(`${root}${dir}`)) return [];
	return readdirSync(`${root}${dir}`)
		.filter(name => /\.ya?ml$/.test(name))
		.sort()
		.map(name => `${dir}/${name}`);
}

const read = (file: string): unknown => YAML.parse(readFileSync(`${root}${file}`, 'utf8'));

type Json = Record<string, unknown>;

let validate: ValidateFunction;

beforeAll(() => {
	// Strict mode: a keyword or type the schema gets wrong is an error, not silently ignored.
	const ajv = new Ajv({strict: true, allowUnionTypes: true, allErrors: true});
	ajv.addFormat('uri', {
		validate: (text: string) => {
			try {
				new URL(text);
				return true;
			} catch {
				return false;
			}
		},
	});
	validate = ajv.compile(runbookJsonSchema());
});

const errorsOf = (document: unknown): string => {
	validate(document);
	return JSON.stringify(validate.errors ?? [], null, 1);
};

describe('schema/runbook.schema.json', () => {
	it('is what `belay schema` prints now (regenerate with `node scripts/write-schema.mjs`)', () => {
		expect(existsSync(committedPath), 'schema/runbook.schema.json is missing').toBe(true);
		const committed = readFileSync(committedPath, 'utf8');
		expect(committed).toBe(`${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
	});
});

describe('the JSON Schema, for editors', () => {
	const schema = runbookJsonSchema() as Json;
	const definitions = schema['definitions'] as Record<string, Json>;
	const step = definitions['step']!;
	const variants = (step['anyOf'] ?? []) as Json[];
	const properties = (node: Json | undefined): Record<string, Json> => (node?.['properties'] ?? {}) as Record<string, Json>;
	const variantOf = (kind: string): Json => {
		const found = variants.find(variant => (variant['required'] as string[]).includes(kind));
		expect(found, `no variant for ${kind}`).toBeDefined();
		return found!;
	};

	it('is a draft-07 schema with an id and a title', () => {
		expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
		expect(schema['$id']).toMatch(/runbook\.schema\.json$/);
		expect(schema['title']).toMatch(/belay runbook/);
		expect(schema['required']).toEqual(expect.arrayContaining(['version', 'name', 'title', 'steps']));
	});

	it('has steps as a union of the step kinds, one variant per kind, each requiring its kind key', () => {
		expect(properties(schema)['steps']?.['items']).toEqual({$ref: '#/definitions/step'});
		expect(variants).toHaveLength(stepKinds.length);
		for (const kind of stepKinds) {
			const variant = variantOf(kind);
			expect(variant['required']).toEqual(expect.arrayContaining(['id', 'title', kind]));
			expect(variant['additionalProperties']).toBe(false);
			expect(variant['title']).toBe(`${kind} step`);
			expect(String(variant['description'])).not.toBe('');
			const otherKinds = stepKinds.filter(other => other !== kind);
			expect(Object.keys(properties(variant)).filter(key => otherKinds.includes(key as never))).toEqual([]);
		}
	});

	it('is recursive: a foreach holds steps of the same union', () => {
		const foreach = properties(variantOf('foreach'))['foreach']!;
		expect(properties(foreach)['steps']?.['items']).toEqual({$ref: '#/definitions/step'});
	});

	it('describes every field of the runbook, its environments, inputs and steps', () => {
		const missing: string[] = [];
		const walk = (node: unknown, path: string): void => {
			if (Array.isArray(node)) node.forEach((child, index) => walk(child, `${path}/${index}`));
			if (node === null || typeof node !== 'object') return;
			for (const [name, field] of Object.entries(properties(node as Json))) {
				if (typeof field['description'] !== 'string' || field['description'] === '') missing.push(`${path}/${name}`);
			}
			for (const [key, child] of Object.entries(node)) walk(child, `${path}/${key}`);
		};
		walk(schema, '#');
		expect(missing).toEqual([]);
	});

	it('offers the supported AWS services and checks the shape of durations', () => {
		const aws = properties(variantOf('aws'))['aws']!;
		expect(properties(aws)['service']?.['enum']).toEqual(awsServices);
		expect(properties(variantOf('shell'))['timeout']?.['pattern']).toBeTypeOf('string');
	});
});

describe('the JSON Schema accepts valid runbooks', () => {
	const files = [...yamlFiles('test/fixtures/valid'), ...yamlFiles('runbooks'), ...yamlFiles('test/fixtures/docs')];

	it('finds runbooks to check', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	it.each(files)('%s', file => {
		const document = read(file);
		expect(validate(document), errorsOf(document)).toBe(true);
	});
});

describe('the JSON Schema rejects what the loader rejects', () => {
	const base = {
		version: 1,
		name: 'broken',
		title: 'Broken',
		steps: [{id: 'hello', title: 'Say hello', shell: 'echo hello'}],
	};
	const withStep = (step: Json): Json => ({...base, steps: [step]});
	const cases: [string, Json][] = [
		['no steps', {version: 1, name: 'broken', title: 'Broken'}],
		['an empty list of steps', {...base, steps: []}],
		['a step with an unknown kind key', withStep({id: 'reboot', title: 'Reboot', reboot: 'now'})],
		['a step with no kind', withStep({id: 'nothing', title: 'Nothing'})],
		['a step with two kind keys', withStep({id: 'two', title: 'Two', shell: 'echo', manual: 'Do it'})],
		['a step without an id', withStep({title: 'Say hello', shell: 'echo hello'})],
		['an unknown top-level key', {...base, stepz: []}],
		['version 2', {...base, version: 2}],
		['a bad duration', withStep({id: 'slow', title: 'Slow', timeout: '5 minutes', shell: 'sleep 300'})],
		['an unknown AWS service', withStep({id: 'call', title: 'Call', aws: {service: 'dynamo', command: 'DescribeTable'}})],
		['checklist on a shell step', withStep({id: 'hello', title: 'Hello', shell: 'echo', checklist: ['done']})],
		[
			'a nested foreach step with an unknown kind key',
			withStep({id: 'each', title: 'Each', foreach: {items: [1], steps: [{id: 'inner', title: 'Inner', reboot: 'now'}]}}),
		],
		['an unquoted account id', {...base, environments: {dev: {account: 111111111111}}}],
	];

	it('accepts the base document these are made from', () => {
		expect(validate(base), errorsOf(base)).toBe(true);
		expect(loadRunbookText(YAML.stringify(base), 'base.yaml').ok).toBe(true);
	});

	it.each(cases)('%s', (_name, document) => {
		expect(validate(document)).toBe(false);
		expect(loadRunbookText(YAML.stringify(document), 'broken.yaml').ok).toBe(false);
	});
});
