import {runbookJsonSchema} from '../runbook/json-schema.js';

/** `belay schema`: the JSON Schema of the runbook format on stdout. */
export function schemaCommand(): number {
	process.stdout.write(`${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
	return 0;
}
