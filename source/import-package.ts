/**
 * Imports an installed package on demand. The built CLI runs as a CommonJS bundle inside vm.Script
 * (for its code cache), where import() is unavailable on Node 20; its launcher provides
 * `__belayImport`, a real import() made from the launcher's own module. From source (tests), this is
 * plain import().
 */
export function importPackage<T>(specifier: string): Promise<T> {
	const hook = (globalThis as {__belayImport?: (specifier: string) => Promise<unknown>}).__belayImport;
	return (hook ? hook(specifier) : import(specifier)) as Promise<T>;
}
