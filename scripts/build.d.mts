/** Bundles source/cli.ts into `outdir` (default dist/); returns the files written, relative to it. */
export function buildCli(outdir?: string): Promise<{outdir: string; files: string[]}>;
