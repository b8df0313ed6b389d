import {randomBytes} from 'node:crypto';
import {open, readFile, realpath, rename, rm, stat} from 'node:fs/promises';
import type {Stats} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {isAlias, isMap, isScalar, isSeq, parseDocument, type Document} from 'yaml';
import {unifiedDiff} from './diff.js';
import {StepFailure, type ExecutionContext, type ExecutionResult} from './executor.js';
import {resolvePath, setPath, type PathSegment} from './set-path.js';
import {Interrupted} from './shell.js';

/** The edit request the driver resolved: an absolute path, its format, and the values to set. */
export type EditRequest = {
	readonly file: string;
	readonly format: 'json' | 'yaml';
	readonly set: Readonly<Record<string, unknown>>;
};

export type EditResult = {readonly diff: string; readonly file: string; readonly changed: boolean};

/** What an edit leaves in the text besides the values: how it is laid out. */
type Layout = {readonly bom: boolean; readonly crlf: boolean; readonly finalNewline: boolean};

/**
 * Sets dotted paths in a JSON or YAML file. The diff is shown (live and in the run's log) before the
 * file is written; the write is atomic (a temporary file in the same directory, fsynced, renamed
 * over the original, with the original's mode). A file that already has the values is not written.
 */
export async function runEdit(context: ExecutionContext): Promise<ExecutionResult> {
	const request = checkRequest(context.request, context.cwd);
	const file = request.file;
	const target = await locate(file);
	const before = await stat(target);
	const raw = await readFile(target, 'utf8').catch((error: unknown) => {
		throw unreadable(file, error);
	});
	const layout: Layout = {bom: raw.startsWith('\uFEFF'), crlf: raw.includes('\r\n'), finalNewline: raw.endsWith('\n')};
	const text = (layout.bom ? raw.slice(1) : raw).replaceAll('\r\n', '\n');

	const edited = request.format === 'json' ? editJson(file, text, request.set, layout) : editYaml(file, text, request.set, layout);
	const say = (line: string): void => {
		context.emit({type: 'step-output', key: context.key, stream: 'stdout', lines: [line]});
	};
	if (edited === undefined) {
		say(`${file} already has these values; it was not written`);
		return {result: {diff: '', file, changed: false} satisfies EditResult};
	}

	const diff = unifiedDiff(text, edited.text, file);
	for (const line of diff.split('\n').slice(0, -1)) say(line);
	for (const warning of edited.warnings) {
		context.emit({type: 'notice', key: context.key, level: 'warning', message: warning});
		context.log(`${context.key} | warning: ${warning}`);
	}

	if (context.signal.aborted) throw new Interrupted();
	const output = `${layout.bom ? '\uFEFF' : ''}${layout.crlf ? edited.text.replaceAll('\n', '\r\n') : edited.text}`;
	await writeAtomically(file, target, output, before);
	return {result: {diff, file, changed: true} satisfies EditResult};
}

function checkRequest(request: Record<string, unknown>, cwd: string): EditRequest {
	const {file, format, set} = request;
	const problem = (message: string): StepFailure => new StepFailure({message, code: 'InvalidRequest'});
	if (typeof file !== 'string' || file === '') throw problem('edit needs `file`: the path of the JSON or YAML file to change');
	if (format !== 'json' && format !== 'yaml') {
		throw problem(`edit needs \`format\`: json or yaml (got ${JSON.stringify(format) ?? 'nothing'})`);
	}
	if (typeof set !== 'object' || set === null || Array.isArray(set) || Object.keys(set).length === 0) {
		throw problem('edit needs `set`: a mapping of dotted paths to values, like {"dynamodb.table_name": "Lpas"}');
	}
	return {file: resolve(cwd, file), format, set: set as Record<string, unknown>};
}

/** The real file behind `file` (so a symlink is kept and its target is edited). */
async function locate(file: string): Promise<string> {
	let target: string;
	try {
		target = await realpath(file);
	} catch (error) {
		throw unreadable(file, error);
	}
	const stats = await stat(target);
	if (!stats.isFile()) {
		throw new StepFailure({message: `${file} is not a regular file; edit changes JSON or YAML files only`, code: 'NotAFile', details: {file}});
	}
	return target;
}

function unreadable(file: string, error: unknown): StepFailure {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ENOENT' || code === 'ENOTDIR') {
		return new StepFailure({
			message: `${file} does not exist; edit changes an existing file and does not create one: check the path, or create the file first`,
			code: 'FileNotFound',
			details: {file},
		});
	}
	if (code === 'EACCES' || code === 'EPERM') {
		return new StepFailure({message: `${file} cannot be read: permission denied`, code: 'PermissionDenied', details: {file}});
	}
	return new StepFailure({message: `${file} cannot be read: ${(error as Error).message}`, code: code ?? 'ReadFailed', details: {file}});
}

type Edited = {readonly text: string; readonly warnings: readonly string[]};

function badPath(file: string, error: unknown): StepFailure {
	return new StepFailure({message: `${file}: ${(error as Error).message}`, code: 'BadPath', details: {file}});
}

function parseFailure(file: string, format: string, message: string, line?: number, column?: number): StepFailure {
	const where = line === undefined ? '' : ` at line ${line}${column === undefined ? '' : `, column ${column}`}`;
	return new StepFailure({
		message: `${file} is not valid ${format}${where}: ${message}; fix the file, then retry the step`,
		code: 'ParseError',
		details: {file, ...(line === undefined ? {} : {line}), ...(column === undefined ? {} : {column})},
	});
}

// --- JSON ---

/** The new text of a JSON file, or undefined when it already has every value. */
function editJson(file: string, text: string, set: Readonly<Record<string, unknown>>, layout: Layout): Edited | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		const offset = jsonErrorOffset(text);
		if (offset === undefined) throw parseFailure(file, 'JSON', (error as Error).message);
		const {line, column} = lineAndColumn(text, offset);
		const token = /[^\s,:{}[\]"]+|\S/y;
		token.lastIndex = offset;
		const found = offset >= text.length ? undefined : (token.exec(text)?.[0] ?? text[offset]!);
		const brief = found === undefined ? 'the file ends early' : `unexpected ${JSON.stringify(found.length > 20 ? `${found.slice(0, 20)}…` : found)}`;
		throw parseFailure(file, 'JSON', brief, line, column);
	}
	let updated = value;
	for (const [path, newValue] of Object.entries(set)) {
		try {
			updated = setPath(updated, path, newValue);
		} catch (error) {
			throw badPath(file, error);
		}
	}
	if (isDeepStrictEqual(value, updated)) return undefined;
	const indent = jsonIndent(text);
	const ending = layout.finalNewline ? '\n' : '';
	const warnings: string[] = [];
	if (`${JSON.stringify(value, null, indent)}${ending}` !== text) {
		warnings.push(
			`${file} is not laid out the way belay writes JSON (${indent === '\t' ? 'tabs' : indent === '' ? 'one line' : `${indent.length} spaces`}); lines that were not set may change too: check the diff`,
		);
	}
	return {text: `${JSON.stringify(updated, null, indent)}${ending}`, warnings};
}

/** The file's indentation: a tab, a number of spaces, or '' for JSON on one line. */
function jsonIndent(text: string): string {
	const indented = /\n([ \t]+)\S/.exec(text);
	if (indented) return indented[1]!.startsWith('\t') ? '\t' : ' '.repeat(indented[1]!.length);
	// One line: keep it so, unless it is an empty `{}` or `[]` that is about to get content.
	return /^\s*(?:\{\s*\}|\[\s*\])\s*$/.test(text) ? '  ' : '';
}

function lineAndColumn(text: string, offset: number): {line: number; column: number} {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	return {line, column: offset - (before.lastIndexOf('\n') + 1) + 1};
}

/** Where the first syntax error in JSON text is (the runtime's messages do not always say). */
function jsonErrorOffset(text: string): number | undefined {
	let at = 0;
	const stop = {};
	const fail = (): never => {
		throw stop;
	};
	const space = (): void => {
		while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
	};
	const string = (): void => {
		at++;
		for (;;) {
			const character = text[at];
			if (character === undefined || character < ' ') fail();
			if (character === '"') {
				at++;
				return;
			}
			if (character === '\\') {
				at++;
				if (text[at] === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail();
					at += 4;
				} else if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) fail();
			}
			at++;
		}
	};
	const items = (close: string, item: () => void): void => {
		at++;
		space();
		if (text[at] === close) {
			at++;
			return;
		}
		for (;;) {
			item();
			space();
			if (text[at] === ',') {
				at++;
				continue;
			}
			if (text[at] === close) {
				at++;
				return;
			}
			fail();
		}
	};
	const value = (): void => {
		space();
		const character = text[at];
		if (character === '{') {
			items('}', () => {
				space();
				if (text[at] !== '"') fail();
				string();
				space();
				if (text[at] !== ':') fail();
				at++;
				value();
			});
		} else if (character === '[') {
			items(']', value);
		} else if (character === '"') {
			string();
		} else {
			const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
			literal.lastIndex = at;
			const match = literal.exec(text);
			if (!match) fail();
			at = literal.lastIndex;
		}
	};
	try {
		value();
		space();
		if (at < text.length) fail();
		return undefined;
	} catch (error) {
		if (error === stop) return Math.min(at, text.length);
		throw error;
	}
}

// --- YAML ---

/** The new text of a YAML file, or undefined when it already has every value. */
function editYaml(file: string, text: string, set: Readonly<Record<string, unknown>>, layout: Layout): Edited | undefined {
	const document = parseDocument(text, {prettyErrors: true});
	const [error] = document.errors;
	if (error) {
		const position = error.linePos?.[0];
		const brief =
			error.code === 'MULTIPLE_DOCS'
				? 'it holds more than one document (a second starts here); edit changes files with one document only'
				: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
		throw parseFailure(file, 'YAML', brief, position?.line, position?.col);
	}
	const plain = (): unknown => (document.contents === null ? undefined : document.toJS());
	const original = plain();
	for (const [path, value] of Object.entries(set)) {
		try {
			// Checked on the plain value first, for the same messages (and rules) as JSON.
			const current = plain();
			setPath(current, path, value);
			const segments = resolvePath(current, path);
			const node = typeof value === 'object' && value !== null ? document.createNode(value) : value;
			document.setIn(yamlKeys(document, path, segments), node);
		} catch (error) {
			throw badPath(file, error);
		}
	}
	if (isDeepStrictEqual(original, plain())) return undefined;
	const edited = document.toString({...yamlStyle(text), lineWidth: 0});
	const ending = layout.finalNewline || text === '' ? edited : edited.replace(/\n$/, '');
	return ending === text ? undefined : {text: ending, warnings: []};
}

/**
 * The keys of the document's own nodes for resolved segments: a map key written `8080:` is the
 * number 8080, which a string segment would not find. A path that goes through an alias is refused.
 */
function yamlKeys(document: Document, path: string, segments: readonly PathSegment[]): unknown[] {
	const keys: unknown[] = [];
	let node: unknown = document.contents;
	for (const [position, segment] of segments.entries()) {
		if (isAlias(node)) {
			const parent = segments.slice(0, position).join('.');
			throw new Error(
				`cannot set "${path}": "${parent}" is a YAML alias (*${node.source}); set the value where the anchor &${node.source} is defined instead`,
			);
		}
		if (isMap(node)) {
			const pair = node.items.find(item => String(isScalar(item.key) ? item.key.value : item.key) === String(segment));
			keys.push(pair && isScalar(pair.key) ? pair.key.value : segment);
			node = pair?.value;
		} else if (isSeq(node)) {
			keys.push(segment);
			node = node.items[Number(segment)];
		} else {
			keys.push(segment);
			node = undefined;
		}
	}
	return keys;
}

/** How the file lays out YAML, so lines that were not set come out as they were. */
function yamlStyle(text: string): {indent: number; indentSeq: boolean; flowCollectionPadding: boolean} {
	const lines = text.split('\n').filter(line => line.trim() !== '' && !line.trimStart().startsWith('#'));
	const indents = lines.map(line => line.length - line.trimStart().length).filter(width => width > 0);
	const indent = indents.length === 0 ? 2 : Math.min(8, Math.min(...indents));
	let indentSeq = true;
	for (const [position, line] of lines.entries()) {
		const next = lines[position + 1];
		if (!/^\s*[^\s#-][^#]*:\s*(?:#.*)?$/.test(line) || next === undefined || !/^\s*- /.test(next)) continue;
		indentSeq = next.length - next.trimStart().length > line.length - line.trimStart().length;
		break;
	}
	const padded = (text.match(/[:-] [{[] /g) ?? []).length;
	const tight = (text.match(/[:-] [{[][^\s}\]]/g) ?? []).length;
	return {indent, indentSeq, flowCollectionPadding: padded >= tight};
}

// --- Writing ---

/**
 * Replaces `target` with `text` atomically: a temporary file in the same directory is written,
 * fsynced and renamed over it, with the original's mode (and owner, where allowed). The file must
 * not have changed since it was read.
 */
async function writeAtomically(file: string, target: string, text: string, before: Stats): Promise<void> {
	const directory = dirname(target);
	const temporary = join(directory, `.${basename(target)}.belay-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	const mode = before.mode & 0o7777;
	try {
		const now = await stat(target);
		if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) {
			throw new StepFailure({
				message: `${file} changed while it was being edited; nothing was written: retry the step to edit the new content`,
				code: 'FileChanged',
				details: {file},
			});
		}
		const handle = await open(temporary, 'wx', mode);
		try {
			await handle.writeFile(text, 'utf8');
			await handle.chmod(mode);
			if (now.uid !== process.getuid?.() || now.gid !== process.getgid?.()) await handle.chown(now.uid, now.gid).catch(() => {});
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temporary, target);
	} catch (error) {
		await rm(temporary, {force: true}).catch(() => {});
		if (error instanceof StepFailure) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new StepFailure({
			message: `${file} could not be written (${(error as Error).message}); the original is unchanged`,
			code: code ?? 'WriteFailed',
			details: {file},
		});
	}
	// Make the rename itself durable; not every platform can fsync a directory.
	try {
		const handle = await open(directory, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {}
}
