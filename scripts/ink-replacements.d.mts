export type InkReplacement = {readonly importer: string; readonly specifier: string; readonly path: string};
/** Each replacement: the Ink module (in ink/build/) that imports `specifier`, and the file put in its place. */
export const inkReplacements: readonly InkReplacement[];
/** Matches every specifier some replacement is for. */
export const inkReplacedSpecifiers: RegExp;
/** The replacement for `specifier` imported by the file `importer` (a path, or a file: URL), if there is one. */
export function inkReplacementFor(specifier: string, importer: string | undefined): InkReplacement | undefined;
/** What no Ink module imported in a build: an Ink upgrade, to be checked against source/ui/ink/. */
export function inkReplacementsMissing(used: ReadonlySet<InkReplacement>): string[];
