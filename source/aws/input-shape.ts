import {awsCatalog} from './catalog.js';
import {shapeFromCatalog} from './catalog-shape.js';
import type {NativeNodes} from './conform.js';
import {operationInput} from './sdk-schema.js';
import type {Shape} from './shape.js';

type Module = Readonly<Record<string, unknown>>;

export type InputShape = {readonly shape: Shape; readonly native?: NativeNodes};

/**
 * The input shape of a command, from the installed SDK: the operation schema the client module
 * exports (`RestoreDBInstanceFromDBSnapshot$`), or the catalog's shapes for a client without
 * schemas (osis 3.332.0). For the DynamoDB document client: the shape of the DynamoDB command it
 * wraps, with the places it marshalls from plain values (its `inputKeyNodes`) left open.
 * Undefined when the SDK says nothing: the request is then sent as it is.
 */
export function inputShapeOf(service: string, command: string, module: Module, base?: Module): InputShape | undefined {
	const info = awsCatalog[service];
	if (!info) return undefined;
	const shapeName = info.commands[command]?.shape;
	if (info.shapes) return shapeName ? {shape: shapeFromCatalog(shapeName, info.shapes)} : undefined;
	if (service === 'dynamodb-document') return documentShape(command, module, base);
	const shape = operationInput(module[`${command}$`]);
	return shape ? {shape} : undefined;
}

function documentShape(command: string, module: Module, base: Module | undefined): InputShape | undefined {
	const Command = module[`${command}Command`] as (new (input: unknown) => {clientCommand?: object; inputKeyNodes?: unknown}) | undefined;
	if (!Command || !base) return undefined;
	let instance: {clientCommand?: object; inputKeyNodes?: unknown};
	try {
		instance = new Command({});
	} catch {
		return undefined;
	}
	const wrapped = instance.clientCommand?.constructor.name.replace(/Command$/, '');
	const shape = wrapped ? operationInput(base[`${wrapped}$`]) : undefined;
	if (!shape) return undefined;
	const native = instance.inputKeyNodes;
	return native !== undefined && typeof native === 'object' ? {shape, native: native as NativeNodes} : {shape};
}
