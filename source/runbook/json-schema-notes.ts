import type {StepKind} from './schema.js';

/**
 * What editors show for each field of the runbook format (hover and completion in
 * yaml-language-server). A description written in the zod schema itself wins over these.
 */

const duration = 'a duration such as 90s, 15m, 8h or 1h30m';

export const runbookNotes: Record<string, string> = {
	version: 'Format version: the integer 1.',
	name: 'Unique name of the runbook: lower-case letters, digits and dashes. `belay run NAME` finds it.',
	title: 'One line: what the runbook does.',
	description: "Markdown shown on the run's first screen and at the top of `belay docs`.",
	pairing: 'required: a second person (the pair) must take part; optional (default); none.',
	environments: 'Where the runbook can run. When present, a run must name one with --env.',
	inputs: 'Values asked once at the start of a run (or given with --input NAME=VALUE).',
	vars: 'Values computed once at the start of a run (may be ${{ }} expressions), recorded and reused on resume.',
	steps: 'The steps, run in order. Each has an id, a title and exactly one kind key.',
};

export const environmentNotes: Record<string, string> = {
	description: 'What this environment is.',
	account: 'The AWS account (12 digits, quoted). The caller STS reports must match before any step runs.',
	region: 'Default region for AWS steps and shell steps.',
	profile: 'AWS shared-config profile to use.',
	roleArn: 'Role assumed for every AWS call and shell step.',
	protected: 'true for production: a red banner, and every mutating step asks to confirm.',
	vars: 'Merged over the top-level vars in this environment.',
	endpoints: 'Per-service endpoint URLs, for rehearsals against local emulators.',
};

export const inputNotes: Record<string, string> = {
	description: 'What the value is; shown when asking for it.',
	prompt: 'The question asked (default: the description or the name).',
	type: 'string (default), number or boolean.',
	default: 'Default value; may be a ${{ }} expression.',
	required: 'A value must be given (default true).',
	pattern: 'A regular expression a string value must match.',
	enum: 'The allowed values.',
	secret: 'Never written to disk or screen in clear; asked again on resume.',
};

export const stepNotes: Record<string, string> = {
	id: 'Unique step id: lower-case letters, digits and dashes. Expressions read the step as steps.<id>.',
	title: 'One line: what the step does.',
	description: 'Markdown shown with the step.',
	when: 'Expression; the step is skipped when it is false.',
	confirm: 'true or a message: ask before running the step (implied for mutating steps in a protected environment).',
	confirmText: 'Text the operator must type exactly to proceed (for deletions).',
	readOnly: "true marks a step without side effects (overrides its kind's default).",
	idempotent: 'true: safe to run again automatically when a resumed run finds it interrupted.',
	timeout: `How long the step may take: ${duration}.`,
	retry: 'Automatic retries before the step counts as failed.',
	onFailure: 'When the step fails: prompt (default when interactive), abort (default when not) or continue.',
	outputs: 'Name → expression over `result`; stored and readable as steps.<id>.outputs.<name>.',
	secret: "true: the step's value, result and outputs are secret (stored and shown as ***).",
	checklist: 'Items the operator must tick, every one, before the step is done.',
};

export const kindNotes: Record<StepKind, {readonly title: string; readonly description: string}> = {
	manual: {title: 'manual step', description: 'Markdown instructions the operator carries out, optionally with a checklist. Mutating.'},
	input: {title: 'input step', description: 'Ask the operator for a value; its result is the value. No side effect.'},
	select: {
		title: 'select step',
		description: 'Let the operator choose from `options`, or from the result of an AWS call (`from`). No side effect.',
	},
	aws: {
		title: 'aws step',
		description: 'Call a command of an AWS SDK v3 client; the result is the response. Read-only for Describe/List/Get/Scan/Query/BatchGet commands, else mutating.',
	},
	wait: {title: 'wait step', description: 'Poll an AWS call until `until` is true (or `failWhen` is). Read-only.'},
	shell: {
		title: 'shell step',
		description: 'Run a command line with the run’s AWS identity; the result is {exitCode, stdout, stderr}. Mutating.',
	},
	approve: {title: 'approve step', description: 'A person approves before the run goes on; their name is recorded. No side effect.'},
	edit: {title: 'edit step', description: 'Set values in a JSON or YAML file; the diff is shown before writing. Mutating.'},
	foreach: {title: 'foreach step', description: 'Run nested steps for each item of a list; progress is recorded per item.'},
};

export const awsCallNotes: Record<string, string> = {
	service: 'The AWS service client.',
	command: 'The SDK v3 command, without the Command suffix, such as DescribeTable.',
	input: 'The command input; values may hold ${{ }} expressions.',
	region: 'Region for this call (default: the environment’s region).',
	paginate: 'Merge every page of the response with the SDK paginator.',
};

export const retryNotes: Record<string, string> = {
	attempts: 'Total attempts, including the first.',
	delay: `Wait before the next attempt (default 5s): ${duration}.`,
	backoff: 'Multiplier applied to the delay after each attempt (default 1).',
};

/** The fields inside each kind's body. */
export const bodyNotes: Record<StepKind, Record<string, string>> = {
	manual: {
		text: 'Markdown instructions for the operator.',
		checklist: stepNotes['checklist']!,
	},
	input: inputNotes,
	select: {
		prompt: 'The question asked.',
		options: 'A static list of {label, value} to choose from.',
		from: 'An AWS call whose result holds the choices.',
		items: 'Expression over `result`: the list to choose from (default: result).',
		label: 'Expression over `item`: what the operator sees.',
		value: 'Expression over `item`: the value chosen.',
	},
	aws: awsCallNotes,
	wait: {
		aws: 'The AWS call to poll.',
		until: 'Expression over `result`: the wait ends when it is true.',
		failWhen: 'Expression over `result`: the wait fails when it is true.',
		interval: `Time between polls (default 30s): ${duration}.`,
		timeout: `Give up after this long: ${duration}.`,
		progress: 'Expression over `result`: percent done, 0-100.',
		message: 'Shown while waiting; may hold ${{ }} expressions.',
	},
	shell: {
		run: 'Shell code. Every ${{ }} value is passed as one literal argument, never parsed by the shell.',
		cwd: 'Directory to run in.',
		env: 'Extra environment variables.',
	},
	approve: {
		prompt: 'What is being approved.',
		by: 'Who approves: pair (default when pairing is required), any, or a list of names.',
	},
	edit: {
		file: 'The JSON or YAML file to change.',
		format: 'json or yaml (default: from the file name).',
		set: 'Dotted path → new value, such as "dynamodb.table_name": restored.',
	},
	foreach: {
		items: 'The list to loop over: an expression or a literal list.',
		as: 'Name nested steps read the current item by (default item); index is its position.',
		concurrency: 'How many items run at once (default 1).',
		steps: 'The steps run for each item.',
	},
};

/** Top-level text kinds accept instead of a mapping. */
export const shortFormNotes: Partial<Record<StepKind, string>> = {
	manual: 'Markdown instructions for the operator.',
	shell: 'The command line (shell code).',
	approve: 'What is being approved.',
};
