import {z} from 'zod';
import {kindDefinition} from '../kinds/table.js';
import {commonStepFields, runbookTopSchema, stepKinds} from './schema.js';

/** One raw step as an author writes it, for the JSON Schema: a union over the kinds. */
function rawStepSchema(): z.ZodType {
	const variants = stepKinds.map(kind => {
		const definition = kindDefinition(kind);
		return z.strictObject({
			...commonStepFields,
			[kind]: definition.documentBody?.(rawStep) ?? definition.body,
			...definition.extraFields,
		});
	});
	return z.union(variants);
}
const rawStep: z.ZodType = z.lazy(rawStepSchema);

/** The whole runbook as authors write it; `belay schema` prints its JSON Schema. */
export const runbookDocumentSchema = runbookTopSchema.extend({steps: z.array(rawStep).min(1)});
