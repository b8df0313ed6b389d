/**
 * A realistic run of test/torture/every-kind.yaml against a local DynamoDB: it pauses for the pair's
 * approval (no answer for it at first), then is resumed with the approval and finishes. Used by the
 * HTML report test and by scripts/report-screenshot.mjs.
 */
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import {belay, describeExit, writeAnswers} from '../cli/belay.js';
import {everyKindRunbook} from '../torture/every-kind.js';
import {startLocalDynamo} from '../torture/local-dynamodb.js';


export type ExampleRun = {readonly state: string; readonly runId: string; readonly secret: string};

export type ExampleOptions = {
	readonly dir: string;
	readonly runId?: string;
	/** Step id → a title to give it instead (hostile text for the escaping test). */
	readonly titles?: Readonly<Record<string, string>>;
};

/** Runs the example to the end in `dir` (state, marks, config and runbook copy all inside it). */
export async function exampleRun(options: ExampleOptions): Promise<ExampleRun> {
	const {dir} = options;
	const runId = options.runId ?? 'restore-rehearsal';
	const runbook = parse(await readFile(everyKindRunbook, 'utf8')) as {steps: {id: string; title: string}[]};
	for (const step of runbook.steps) step.title = options.titles?.[step.id] ?? step.title;
	const path = join(dir, 'every-kind.yaml');
	await writeFile(path, stringify(runbook, {lineWidth: 0}));
	const config = join(dir, 'config.json');
	await writeFile(config, `${JSON.stringify({table: 'Lpas', mode: 'none'}, null, 2)}\n`);
	const secret = 's3cr3t-deploy-token-7f2a';
	const state = join(dir, 'state');
	const dynamo = await startLocalDynamo();
	try {
		const common = ['--state-dir', state, '--non-interactive', '--yes'];
		const answers = await writeAnswers(dir, 'answers.yaml', {steps: {ticket: {value: 'CHG-4711'}, mode: {value: 'careful'}}});
		const first = await belay(
			['run', path, '--run-id', runId, '--operator', 'alice', '--pair', 'bob', '--answers', answers, ...common,
				'--input', `marks=${join(dir, 'marks')}`, '--input', 'table=dev-Lpas-20261202', '--input', `config=${config}`, '--input', `token=${secret}`],
			{env: dynamo.env, cwd: dir},
		);
		if (first.code !== 3) throw new Error(`the example run did not pause for the approval: ${describeExit(first)}`);
		await new Promise(resolve => setTimeout(resolve, 400));
		const approval = await writeAnswers(dir, 'approval.yaml', {steps: {'sign-off': {approver: 'bob'}}});
		const resumed = await belay(['resume', runId, '--answers', approval, '--input', `token=${secret}`, ...common], {env: dynamo.env, cwd: dir});
		if (resumed.code !== 0) throw new Error(`the example run did not finish: ${describeExit(resumed)}`);
	} finally {
		await dynamo.stop();
	}
	return {state, runId, secret};
}
