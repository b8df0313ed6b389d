import {z} from 'zod';
import {runbookDocumentSchema} from './schema.js';

/** The JSON Schema of runbook format v1, generated from the zod schema the loader uses. */
export function runbookJsonSchema(): Record<string, unknown> {
	const schema = z.toJSONSchema(runbookDocumentSchema, {target: 'draft-7', unrepresentable: 'any', io: 'input'});
	return {
		...schema,
		$id: 'https://belay.dev/schema/runbook.schema.json',
		title: 'belay runbook (format v1)',
	};
}
