import {createInterface} from 'node:readline';
import type {Question, OperatorAnswer} from '../engine/front-end.js';
import type {RunState} from '../engine/state.js';
import {stepAnswer, type Answers} from './answers-file.js';

export type AskerOptions = {
	readonly answers?: Answers;
	readonly yes: boolean;
	/** May ask on standard input (never with --non-interactive). */
	readonly prompt: boolean;
	readonly write: (text: string) => void;
};

/**
 * Answers for the headless front end: the answers file first, then --yes for plain confirmations
 * and manual steps, then a line on standard input when allowed. Undefined pauses the run.
 */
export class HeadlessAsker {
	private readonly used = new Set<string>();
	private lines: AsyncIterator<string> | undefined;

	constructor(private readonly options: AskerOptions) {}

	async ask(question: Question, state: RunState): Promise<OperatorAnswer | undefined> {
		const id = `${question.key}:${question.question}`;
		const by = state.operator;
		if (!this.used.has(id)) {
			this.used.add(id);
			const fromFile = fileAnswer(question, stepAnswer(this.options.answers, question.key));
			if (fromFile !== undefined) {
				const approver = question.question === 'approve' ? approverOf(fromFile) : by;
				return {value: fromFile, by: approver ?? by};
			}
			if (this.options.yes && (question.question === 'confirm' || question.question === 'checklist')) {
				return {value: true, by};
			}
		}
		if (!this.options.prompt) return undefined;
		return this.promptLine(question, by);
	}

	private async promptLine(question: Question, by: string | null): Promise<OperatorAnswer | undefined> {
		if (question.refused) this.options.write(`  refused: ${question.refused}\n`);
		this.options.write(`? ${question.key}: ${promptText(question)} `);
		this.lines ??= createInterface({input: process.stdin, terminal: false})[Symbol.asyncIterator]();
		const line = await this.lines.next();
		if (line.done) {
			this.options.write('(no answer: standard input is closed)\n');
			return undefined;
		}
		const text = line.value.trim();
		if (text === '' && question.question === 'input' && question.request['default'] !== undefined) {
			return {value: question.request['default'], by};
		}
		if (question.question === 'approve') return {value: {approver: text}, by: text};
		if (question.question === 'confirm' || question.question === 'checklist') {
			return {value: /^(y|yes|done|true)$/i.test(text) ? true : text, by};
		}
		return {value: text, by};
	}
}

function promptText(question: Question): string {
	const request = question.request;
	switch (question.question) {
		case 'confirm':
			return `${String(request['confirm'] ?? `run '${String(request['title'])}'?`)} [yes/no]`;
		case 'confirmText':
			return `type '${String(request['confirmText'])}' to proceed:`;
		case 'checklist':
			return `done? (${((request['checklist'] as string[]) ?? []).join('; ') || String(request['title'])}) [yes/no]`;
		case 'input':
			return `${String(request['prompt'])}${request['default'] !== undefined ? ` [${String(request['default'])}]` : ''}:`;
		case 'select':
			return `${String(request['prompt'])} (${(question.options ?? (request['options'] as {label: string}[]) ?? []).map(option => option.label).join(' | ')}):`;
		case 'approve':
			return `${String(request['prompt'])} — approver's name:`;
		case 'resume':
			return 'was interrupted; retry, done or skip?';
		case 'failure':
			return `failed (${question.error?.message ?? ''}); retry, skip, continue or abort?`;
		case 'credentials':
			return 'AWS credentials expired: refresh them, then press Enter to go on with the same poll';
	}
}

/** Reads the answer for one question out of what the answers file says for the step. */
export function fileAnswer(question: Question, raw: unknown): unknown {
	if (raw === undefined) return undefined;
	const map = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
	switch (question.question) {
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
	}
}

function approverOf(value: unknown): string | undefined {
	const approver = (value as {approver?: unknown} | null)?.approver;
	return typeof approver === 'string' ? approver : undefined;
}
