/**
 * Ends a switch that handles every case. TypeScript narrows the switched value to `never` once
 * every case returns, so a case added to the union and not handled here fails to compile; at run
 * time (data that escaped the types) it throws.
 */
export function assertNever(value: never): never {
	throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
