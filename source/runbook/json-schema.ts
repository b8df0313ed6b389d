import {z} from 'zod';
import {awsServices} from '../aws/catalog.js';
import {durationPattern} from './duration.js';
import {kindDefinition} from '../kinds/table.js';
import {runbookDocumentSchema} from './document-schema.js';
import {awsCallNotes, environmentNotes, inputNotes, retryNotes, runbookNotes, stepNotes} from './json-schema-notes.js';
import {durationSchema, stepKinds} from './schema.js';

type Json = Record<string, unknown>;

/**
 * The JSON Schema of runbook format v1, generated from the zod schema the loader uses, with what
 * editors need besides: a description on every field, a named recursive `step` definition whose
 * variants are titled by kind, duration patterns and the supported AWS services.
 */
export function runbookJsonSchema(): Record<string, unknown> {
	const generated = z.toJSONSchema(runbookDocumentSchema, {
		target: 'draft-7',
		unrepresentable: 'any',
		io: 'input',
		override: ({zodSchema, jsonSchema}) => {
			if (zodSchema === durationSchema) jsonSchema.pattern = durationPattern;
		},
	}) as Json;
	const {$schema, ...rest} = generated;
	const schema: Json = {
		$schema,
		$id: 'https://belay.dev/schema/runbook.schema.json',
		title: 'belay runbook (format v1)',
		description: 'A declarative backup/restore runbook run by belay. See `belay docs` and `belay schema`.',
		...rest,
	};
	const stepRef = (child(child(schema, 'properties', 'steps'), 'items') ?? {})['$ref'];
	if (typeof stepRef === 'string') renameRef(schema, stepRef, 'step');
	annotate(schema);
	return schema;
}

function annotate(schema: Json): void {
	const properties = child(schema, 'properties');
	describeFields(properties, runbookNotes);
	describeFields(child(child(properties, 'environments'), 'additionalProperties', 'properties'), environmentNotes);
	describeFields(child(child(properties, 'inputs'), 'additionalProperties', 'properties'), inputNotes);

	const step = child(schema, 'definitions', 'step');
	if (!step) throw new Error('runbook JSON Schema: no step definition (has the zod schema of steps changed?)');
	step['title'] ??= 'step';
	step['description'] ??= `A step: an id, a title and exactly one kind key (${stepKinds.join(', ')}).`;
	for (const variant of list(step['anyOf'])) {
		const fields = child(variant, 'properties');
		const kind = stepKinds.find(name => fields?.[name] !== undefined);
		if (!fields || !kind) throw new Error('runbook JSON Schema: a step variant without a kind key');
		const notes = kindDefinition(kind).schemaNotes;
		variant['title'] ??= notes.title;
		variant['description'] ??= notes.description;
		describeFields(fields, stepNotes);
		describeFields(child(fields, 'retry', 'properties'), retryNotes);
		const body = fields[kind] as Json;
		body['description'] ??= notes.description;
		for (const form of [body, ...list(body['anyOf'])]) {
			if (form['type'] === 'string' && notes.shortForm) form['description'] ??= notes.shortForm;
		}
		for (const object of objects(body)) {
			const bodyFields = child(object, 'properties');
			describeFields(bodyFields, notes.fields);
			for (const field of notes.awsCalls ?? []) describeAwsCall(field === '' ? object : child(bodyFields, field));
			for (const [field, itemNotes] of Object.entries(notes.itemFields ?? {})) {
				// The list itself, or each list among its forms (a select's options may also be an expression).
				const target = child(bodyFields, field);
				for (const form of [target, ...list(target?.['anyOf'])]) describeFields(child(form, 'items', 'properties'), itemNotes);
			}
		}
	}
}

function describeAwsCall(call: Json | undefined): void {
	const fields = child(call, 'properties');
	describeFields(fields, awsCallNotes);
	const service = child(fields, 'service');
	if (service) service['enum'] = [...awsServices];
}

/** Sets the description of each field that has none (a description in the zod schema wins). */
function describeFields(fields: Json | undefined, notes: Readonly<Record<string, string>>): void {
	if (!fields) return;
	for (const [name, text] of Object.entries(notes)) {
		const field = fields[name];
		if (field && typeof field === 'object' && !('description' in field)) (field as Json)['description'] = text;
	}
}

/** The object schemas of a node: itself, or the objects among its `anyOf`. */
function objects(node: Json): Json[] {
	if (node['properties']) return [node];
	return list(node['anyOf']).filter(option => option['properties'] !== undefined);
}

function child(node: Json | undefined, ...keys: string[]): Json | undefined {
	let current: unknown = node;
	for (const key of keys) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Json)[key];
	}
	return current !== null && typeof current === 'object' ? (current as Json) : undefined;
}

function list(value: unknown): Json[] {
	return Array.isArray(value) ? (value as Json[]) : [];
}

/** Moves the definition `ref` points at to `definitions/<name>` and points every `$ref` there. */
function renameRef(schema: Json, ref: string, name: string): void {
	const definitions = child(schema, 'definitions');
	const old = ref.replace(/^#\/definitions\//, '');
	if (!definitions || old === ref || !definitions[old] || old === name) return;
	const renamed: Json = {};
	for (const [key, value] of Object.entries(definitions)) renamed[key === old ? name : key] = value;
	schema['definitions'] = renamed;
	const target = `#/definitions/${name}`;
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) node.forEach(visit);
		else if (node !== null && typeof node === 'object') {
			const record = node as Json;
			if (record['$ref'] === ref) record['$ref'] = target;
			Object.values(record).forEach(visit);
		}
	};
	visit(schema);
}
