import {createInterface} from 'node:readline';
import {assertNever} from '../assert-never.js';
import type {OpenQuestion} from '../engine/questions.js';
import type {RunState} from '../engine/state.js';
import {stepAnswer, type Answers} from './answers-file.js';

/** An answer and who gave it. */
export type OperatorAnswer = {readonly value: unknown; readonly by: string | null};

export type AskerOptions = {
	readonly answers?: Answers;
	readonly yes: boolean;
	/** May ask on standard input, a pipe or a terminal (never with --non-interactive). */
	readonly prompt: boolean;
	readonly write: (text: string) => void;
	readonly input?: NodeJS.ReadableStream;
	/** An approval already given from another terminal (`belay approve`), taken before anything is asked. */
	readonly remote?: (question: OpenQuestion) => Promise<OperatorAnswer | undefined>;
};

/**
 * Answers for the line front end: the answers file first, then --yes for plain confirmations and
 * manual steps, then a line on standard input when allowed. Undefined pauses the run.
 */
export class HeadlessAsker {
	private readonly used = new Set<string>();
	private lines: AsyncIterator<string> | undefined;
	private reader: ReturnType<typeof createInterface> | undefined;

	constructor(private readonly options: AskerOptions) {}

	async ask(question: OpenQuestion, state: RunState): Promise<OperatorAnswer | undefined> {
		const id = `${question.key}:${question.type}`;
		const by = state.operator;
		if (question.type === 'approve' && this.options.remote) {
			const given = await this.options.remote(question);
			if (given) return given;
		}
		if (!this.used.has(id)) {
			this.used.add(id);
			const fromFile = fileAnswer(question, stepAnswer(this.options.answers, question.key));
			if (fromFile !== undefined) {
				const approver = question.type === 'approve' ? approverOf(fromFile) : by;
				return {value: fromFile, by: approver ?? by};
			}
			if (this.options.yes && (question.type === 'confirm' || question.type === 'checklist')) {
				return {value: true, by};
			}
			// --yes takes a select's default: the runbook named the usual choice.
			if (this.options.yes && question.type === 'select' && question.default !== undefined) return {value: question.default, by};
		}
		if (!this.options.prompt) return undefined;
		return this.promptLine(question, by, state.id);
	}

	private async promptLine(question: OpenQuestion, by: string | null, runId: string): Promise<OperatorAnswer | undefined> {
		if (question.refused) this.options.write(`  refused: ${question.refused}\n`);
		if (question.type === 'checklist' && question.text) this.options.write(`${question.text.trimEnd()}\n`);
		this.options.write(`? ${question.key}: ${promptText(question, runId)} `);
		if (!this.lines) {
			this.reader = createInterface({input: this.options.input ?? process.stdin, terminal: false});
			this.lines = this.reader[Symbol.asyncIterator]();
		}
		const line = await this.lines.next();
		if (line.done) {
			this.options.write('(no answer: standard input is closed)\n');
			return undefined;
		}
		const text = line.value.trim();
		if (text === '' && question.type === 'input' && question.default !== undefined) return {value: question.default, by};
		if (question.type === 'approve') return {value: {approver: text}, by: text};
		if (question.type === 'confirm' || question.type === 'checklist') {
			return {value: /^(y|yes|done|true)$/i.test(text) ? true : text, by};
		}
		return {value: text, by};
	}

	/** Stops reading standard input, so the process can exit. */
	close(): void {
		void this.lines?.return?.();
		this.reader?.close();
		// A terminal on standard input would keep the process alive once the run is over.
		if (!this.options.input && this.reader) process.stdin.pause();
	}

}

function promptText(question: OpenQuestion, runId: string): string {
	switch (question.type) {
		case 'confirm':
			return `${question.prompt} [yes/no]`;
		case 'confirmText':
			return `type '${question.expected}' to proceed:`;
		case 'checklist':
			return `done? (${question.items.join('; ') || question.title}) [yes/no]`;
		case 'input':
			return `${question.prompt}${question.default !== undefined ? ` [${String(question.default)}]` : ''}:`;
		case 'select':
			return `${question.prompt} (${question.options.map(option => option.label).join(' | ')}):`;
		case 'approve':
			return `${question.prompt} — waiting for ${approverWanted(question)}'s approval (or from their own terminal: belay approve ${runId} ${question.key}); approver's name:`;
		case 'resume':
			return `was interrupted${question.endedProcess !== undefined ? ` (its command, process group ${question.endedProcess}, is no longer running)` : ''}${question.mutating ? ' and may have acted already' : ''}; retry, done or skip?`;
		case 'failure':
			return `failed (${question.error.message}); retry, skip, continue or abort?`;
		case 'credentials':
			return 'AWS credentials expired: refresh them, then press Enter to go on with the same poll';
		default:
			return assertNever(question);
	}
}

/** Reads the answer for one question out of what the answers file says for the step. */
export function fileAnswer(question: OpenQuestion, raw: unknown): unknown {
	if (raw === undefined) return undefined;
	const map = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
	switch (question.type) {
		case 'confirm':
			if (raw === true) return true;
			if (map && (map['confirm'] === true || 'confirmText' in map)) return true;
			return undefined;
		case 'confirmText':
			return map ? map['confirmText'] : typeof raw === 'string' ? raw : undefined;
		case 'checklist':
			if (raw === true) return true;
			return map ? (map['checklist'] ?? (map['done'] === true ? true : undefined)) : Array.isArray(raw) ? raw : undefined;
		case 'input':
		case 'select':
			return map ? map['value'] : raw;
		case 'approve':
			return map ? (map['approver'] !== undefined ? {approver: map['approver']} : undefined) : typeof raw === 'string' ? {approver: raw} : undefined;
		case 'resume':
			return map ? map['resume'] : undefined;
		case 'failure':
			return map ? (map['failure'] ?? map['onFailure']) : undefined;
		case 'credentials':
			// Refreshed credentials cannot come from a file: resume after refreshing them.
			return undefined;
		default:
			return assertNever(question);
	}
}

function approverOf(value: unknown): string | undefined {
	const approver = (value as {approver?: unknown} | null)?.approver;
	return typeof approver === 'string' ? approver : undefined;
}

/** Whose approval a question waits for, in words. */
export function approverWanted(question: Extract<OpenQuestion, {type: 'approve'}>): string {
	if (question.by === 'pair') return question.pair ? `the pair, ${question.pair}` : 'the pair';
	if (question.by === 'any') return 'anyone';
	return `one of ${question.by.join(', ')}`;
}
