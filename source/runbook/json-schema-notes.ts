/**
 * What editors show for each field of the runbook format (hover and completion in
 * yaml-language-server). A description written in the zod schema itself wins over these. Each
 * kind's own notes are in its definition (`schemaNotes`, source/kinds/).
 */

/** How a duration field is described. */
export const durationNote = 'a duration such as 90s, 15m, 8h or 1h30m';

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
	sandbox:
		'true for a rehearsal: no STS call; every AWS endpoint must be on this machine (endpoints, AWS_ENDPOINT_URL_<SERVICE>, or a running `belay sandbox`) and answer; fake keys when none are set.',
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
	timeout: `How long the step may take: ${durationNote}.`,
	retry: 'Automatic retries before the step counts as failed.',
	onFailure: 'When the step fails: prompt (default when interactive), abort (default when not) or continue.',
	outputs: 'Name → expression over `result`; stored and readable as steps.<id>.outputs.<name>.',
	secret: "true: the step's value, result and outputs are secret (stored and shown as ***).",
	checklist: 'Items the operator must tick, every one, before the step is done.',
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
	delay: `Wait before the next attempt (default 5s): ${durationNote}.`,
	backoff: 'Multiplier applied to the delay after each attempt (default 1).',
};
