import {MASK} from './masker.js';
import {buildQuestion} from './build-question.js';
import type {QuestionType} from './events.js';
import type {Decision} from './next.js';
import type {Driver} from './run.js';
import type {Step} from '../runbook/types.js';
import type {Reply} from '../session/run-session.js';

type Pause = {key: string; question: QuestionType; reason: string};

/**
 * Asks the operator through the run session: the question is journaled as asked, whoever holds the
 * session answers it (checked there), and the answer is journaled. Returns a pause when nobody can
 * answer now.
 */
export async function askQuestion(driver: Driver, decision: Extract<Decision, {kind: 'ask'}>): Promise<Pause | undefined> {
	const {step, key, question} = decision;
	const stepState = driver.current.steps[key];
	const recorded = question === 'resume' || question === 'failure';
	const request = recorded ? ((stepState?.request as Record<string, unknown> | undefined) ?? {title: step.title}) : await driver.request(step, key, 1);
	if (!request) return undefined;
	const reply = await ask(driver, step, key, question, request);
	if (reply.kind === 'stopped') return undefined;
	if (reply.kind === 'paused') return {key, question, reason: reply.reason};
	const secret = step.secret || (step.kind === 'input' && step.input.secret);
	const holdsValue = secret && (question === 'input' || question === 'select');
	if (holdsValue) {
		driver.options.secrets.steps.set(key, {value: reply.value, result: reply.value});
		driver.secretsChanged();
	}
	await driver.record({type: 'operator-answered', at: driver.at(), key, question, answer: holdsValue ? MASK : reply.value, by: reply.by});
	return undefined;
}

/** Opens a question in the session, journals it, and waits for the reply (the question's write fails it). */
export async function ask(
	driver: Driver,
	step: Step,
	key: string,
	question: QuestionType,
	request: Record<string, unknown>,
	reason?: string,
): Promise<Reply> {
	const state = driver.current;
	const open = buildQuestion(question, {
		key,
		step,
		request,
		current: state.steps[key],
		operator: state.operator,
		pair: state.pair,
		sequence: driver.sequence,
		...(reason ? {reason} : {}),
	});
	const reply = driver.options.session.waitForAnswer(open, step, driver.signal);
	// The answer is journaled after the question and waited for, so once it is durable the question
	// is too: an answer given at once (an answers file, --yes) shares the question's flush. A question
	// that cannot be written stops the drive at once, not once someone answers.
	const written = driver.record({type: 'question-asked', at: driver.at(), question: open}, 'soon');
	return Promise.race([reply, written.then(() => reply)]);
}
