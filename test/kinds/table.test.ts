/**
 * The table of step kinds (source/kinds/): one definition per kind, and what each definition
 * means for a user: the step's section in `belay docs`, its side effect, the question the engine
 * asks before it runs, and the executor that runs it. Steps come from a runbook loaded as a file
 * would be; nothing of belay's own is mocked.
 */
import {beforeAll, describe, expect, it} from 'vitest';
import {nextQuestion, type NextContext} from '../../source/engine/next.js';
import {emptyStep} from '../../source/engine/state.js';
import {kinds, type KindTable} from '../../source/kinds/table.js';
import type {OperatorQuestion, SideEffect} from '../../source/kinds/definition.js';
import {renderDocs} from '../../source/runbook/docs.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {stepKinds, type StepKind} from '../../source/runbook/schema.js';
import {isMutatingStep} from '../../source/runbook/side-effect.js';
import type {LoadedRunbook, Step} from '../../source/runbook/types.js';
import {runOperatorStep} from '../../source/steps/operator.js';
import {executorFor} from '../../source/steps/registry.js';

const runbookText = `version: 1
name: kinds
title: Every kind
pairing: required
steps:
  - id: prepare
    title: Prepare
    manual: Announce the restore.
    checklist: [Freeze announced, Pair present]
  - id: ticket
    title: Change ticket
    input: {prompt: The change ticket, pattern: '^CHG[0-9]+$'}
  - id: strategy
    title: Strategy
    select:
      options:
        - {label: Keep the old table, value: keep}
  - id: describe
    title: Read the table
    aws: {service: dynamodb, command: DescribeTable, input: {TableName: Lpas}}
  - id: restored
    title: Wait for the table
    wait:
      aws: {service: dynamodb, command: DescribeTable, input: {TableName: Lpas-restored}}
      until: result.Table.TableStatus = 'ACTIVE'
      interval: 1m
  - id: plan
    title: terraform plan
    shell: terraform plan -out=restore.tfplan
  - id: reviewed
    title: The plan is reviewed
    approve: The plan changes only the table name
  - id: tfvars
    title: Point terraform at the restored table
    edit:
      file: terraform.tfvars.json
      set: {dynamodb.table_name: Lpas-restored}
  - id: each-table
    title: Drop the old tables
    foreach:
      items: [Lpas-old, Actors-old]
      as: table
      steps:
        - id: drop
          title: Drop \${{ table }}
          aws: {service: dynamodb, command: DeleteTable, input: {TableName: "\${{ table }}"}}
  - id: protected
    title: The restored table is protected
    assert:
      that: \$count(steps.describe.result.Table) = 1
      message: the table is missing
  - id: list
    title: List the buckets
    readOnly: true
    shell: aws s3 ls
`;

/** For each kind: its step above, what the docs show of it, its side effect and its question. */
const expected: Record<
	StepKind,
	{id: string; docs: string; sideEffect: SideEffect; question: OperatorQuestion | undefined}
> = {
	manual: {id: 'prepare', docs: '- [ ] Freeze announced\n- [ ] Pair present', sideEffect: 'mutating', question: 'checklist'},
	input: {id: 'ticket', docs: '**Asks:** The change ticket', sideEffect: 'read-only', question: 'input'},
	select: {id: 'strategy', docs: '| Keep the old table | `keep` |', sideEffect: 'read-only', question: 'select'},
	aws: {
		id: 'describe',
		docs: '**AWS call:** service `dynamodb`, command `DescribeTable`, with input:',
		sideEffect: 'read-only',
		question: undefined,
	},
	wait: {id: 'restored', docs: '- **Polls every:** 1m', sideEffect: 'read-only', question: undefined},
	shell: {id: 'plan', docs: '```sh\nterraform plan -out=restore.tfplan\n```', sideEffect: 'mutating', question: undefined},
	approve: {
		id: 'reviewed',
		docs: '**Approved by:** the pair (not the operator driving the run).',
		sideEffect: 'read-only',
		question: 'approve',
	},
	edit: {
		id: 'tfvars',
		docs: 'Edits `terraform.tfvars.json` (json); the diff is shown before the file is written.',
		sideEffect: 'mutating',
		question: undefined,
	},
	foreach: {
		id: 'each-table',
		docs: '**For each item of** `Lpas-old`, `Actors-old`, named `table` (its position: `index`), one item at a time, the 1 step below run in order.',
		// It holds a DeleteTable.
		sideEffect: 'mutating',
		question: undefined,
	},
	assert: {
		id: 'protected',
		docs: '**Checks:** `$count(steps.describe.result.Table) = 1`; otherwise: the table is missing',
		sideEffect: 'read-only',
		question: undefined,
	},
};

let loaded: LoadedRunbook;
let markdown: string;
const steps = new Map<string, Step>();

beforeAll(() => {
	const result = loadRunbookText(runbookText, 'kinds.yaml');
	if (!result.ok) throw new Error(`the runbook does not load: ${JSON.stringify(result.problems)}`);
	loaded = result.loaded;
	markdown = renderDocs(loaded);
	const index = (list: readonly Step[]): void => {
		for (const step of list) {
			steps.set(step.id, step);
			if (step.kind === 'foreach') index(step.foreach.steps);
		}
	};
	index(loaded.runbook.steps);
});

function stepOf(kind: StepKind): Step {
	const step = steps.get(expected[kind].id);
	if (step?.kind !== kind) throw new Error(`no ${kind} step '${expected[kind].id}'`);
	return step;
}

/** A step's section of the docs: from its heading to the next heading. */
function section(id: string): string {
	const start = markdown.search(new RegExp(`^#+ .*\\n\\nStep \`${id}\` `, 'm'));
	expect(start, `no section for step ${id}`).toBeGreaterThanOrEqual(0);
	const heading = markdown.indexOf('\n', start);
	const end = markdown.slice(heading).search(/^#/m);
	return markdown.slice(start, end < 0 ? undefined : heading + end);
}

const context: NextContext = {interactive: true, protected: false, processAlive: () => false};

describe('the kind table', () => {
	it('has one definition per kind, each under its own name, in the order of the format', () => {
		expect(Object.keys(kinds)).toEqual([...stepKinds]);
		for (const kind of stepKinds) expect(kinds[kind].kind).toBe(kind);
	});

	it('does not compile without a definition for every kind', () => {
		const {foreach: _foreach, ...withoutForeach} = kinds;
		// @ts-expect-error: the foreach kind has no definition
		const incomplete: KindTable = withoutForeach;
		expect(Object.keys(incomplete)).not.toContain('foreach');
	});

	it('a readOnly step is read-only whatever its kind says', () => {
		const list = steps.get('list')!;
		expect(list.kind).toBe('shell');
		expect(isMutatingStep(list)).toBe(false);
		expect(section('list')).toContain('Step `list` · **shell** · read-only (marked `readOnly`)');
	});
});

describe.each(stepKinds.map(kind => [kind]))('%s steps', kind => {
	it('have a section in the docs, with the kind, its side effect and what the kind shows', () => {
		const {id, docs, sideEffect} = expected[kind];
		const text = section(id);
		expect(text).toContain(`Step \`${id}\` · **${kind}** · ${sideEffect}\n`);
		expect(text).toContain(docs);
		expect(isMutatingStep(stepOf(kind))).toBe(sideEffect === 'mutating');
	});

	it('ask the operator the question of their kind, as the engine does, and nothing once it is answered', () => {
		const step = stepOf(kind);
		const question = kinds[kind].operatorQuestion;
		expect(question).toBe(expected[kind].question);
		expect(nextQuestion(step, emptyStep(step.id), context)).toBe(question);
		if (question) {
			const answered = {...emptyStep(step.id), answers: {[question]: {value: 'yes', by: 'alice', at: '2026-11-21T10:00:00Z'}}};
			expect(nextQuestion(step, answered, context)).toBeUndefined();
		}
	});

	it('load their executor on demand (a foreach is driven by the engine instead)', async () => {
		const step = stepOf(kind);
		if (kind === 'foreach') {
			await expect(kinds[kind].executor()).rejects.toThrow('a foreach is driven by the engine, not executed');
			await expect(executorFor(step)).rejects.toThrow('a foreach is driven by the engine, not executed');
			return;
		}
		const executor = await kinds[kind].executor();
		expect(executor).toBeTypeOf('function');
		expect(await executorFor(step)).toBe(executor);
		// The operator answers manual, input, select and approve steps; one executor records it.
		expect(executor === runOperatorStep).toBe(kinds[kind].operatorQuestion !== undefined);
	});
});
