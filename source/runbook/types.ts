import type {StepKind} from './schema.js';

/** The typed runbook the loader produces. Untyped YAML never leaves the loader. */

export type SourcePosition = {readonly line: number; readonly column: number};

/** A problem found in a runbook or answers file: where it is and what is wrong. */
export type Problem = {
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly message: string;
};

export type Environment = {
	readonly name: string;
	readonly description?: string;
	readonly account?: string;
	readonly region?: string;
	readonly profile?: string;
	readonly roleArn?: string;
	readonly protected: boolean;
	readonly vars: Readonly<Record<string, unknown>>;
	readonly endpoints: Readonly<Record<string, string>>;
};

export type ValueType = 'string' | 'number' | 'boolean';
export type Scalar = string | number | boolean;

export type InputDefinition = {
	readonly name: string;
	readonly description?: string;
	readonly prompt?: string;
	readonly type: ValueType;
	readonly default?: unknown;
	readonly required: boolean;
	readonly pattern?: string;
	readonly enum?: readonly Scalar[];
	readonly secret: boolean;
};

export type AwsCall = {
	readonly service: string;
	/** Canonical command name, without the `Command` suffix. */
	readonly command: string;
	readonly input: Readonly<Record<string, unknown>>;
	readonly region?: string;
	readonly paginate: boolean;
};

export type Retry = {readonly attempts: number; readonly delayMs: number; readonly backoff: number};
export type OnFailure = 'prompt' | 'abort' | 'continue';

export type StepBase = {
	readonly id: string;
	readonly title: string;
	readonly description?: string;
	readonly when?: boolean | string;
	readonly confirm?: boolean | string;
	readonly confirmText?: string;
	readonly readOnly?: boolean;
	readonly idempotent: boolean;
	readonly timeoutMs?: number;
	readonly retry?: Retry;
	readonly onFailure?: OnFailure;
	readonly outputs: Readonly<Record<string, string>>;
	readonly secret: boolean;
	/** Where the step starts in its file, for messages at run time. */
	readonly position: SourcePosition;
};

export type ManualStep = StepBase & {
	readonly kind: 'manual';
	readonly manual: {readonly text: string; readonly checklist: readonly string[]};
};
export type InputStep = StepBase & {
	readonly kind: 'input';
	readonly input: Omit<InputDefinition, 'name' | 'description'>;
};
export type SelectOption = {readonly label: string; readonly value: unknown};
export type SelectStep = StepBase & {
	readonly kind: 'select';
	readonly select:
		| {readonly prompt?: string; readonly options: readonly SelectOption[]}
		| {
				readonly prompt?: string;
				readonly from: AwsCall;
				readonly items: string;
				readonly label?: string;
				readonly value?: string;
		  };
};
export type AwsStep = StepBase & {readonly kind: 'aws'; readonly aws: AwsCall};
export type WaitStep = StepBase & {
	readonly kind: 'wait';
	readonly wait: {
		readonly aws: AwsCall;
		readonly until: string;
		readonly failWhen?: string;
		readonly intervalMs: number;
		readonly timeoutMs?: number;
		readonly progress?: string;
		readonly message?: string;
	};
};
export type ShellStep = StepBase & {
	readonly kind: 'shell';
	readonly shell: {readonly run: string; readonly cwd?: string; readonly env: Readonly<Record<string, Scalar>>};
};
export type ApproveStep = StepBase & {
	readonly kind: 'approve';
	readonly approve: {readonly prompt?: string; readonly by: 'pair' | 'any' | readonly string[]};
};
export type EditStep = StepBase & {
	readonly kind: 'edit';
	readonly edit: {readonly file: string; readonly format: 'json' | 'yaml'; readonly set: Readonly<Record<string, unknown>>};
};
export type ForeachStep = StepBase & {
	readonly kind: 'foreach';
	readonly foreach: {
		readonly items: string | readonly unknown[];
		readonly as: string;
		readonly concurrency: number;
		readonly steps: readonly Step[];
	};
};

export type Step =
	| ManualStep
	| InputStep
	| SelectStep
	| AwsStep
	| WaitStep
	| ShellStep
	| ApproveStep
	| EditStep
	| ForeachStep;

export type StepOfKind<K extends StepKind> = Extract<Step, {kind: K}>;

export type Runbook = {
	readonly version: 1;
	readonly name: string;
	readonly title: string;
	readonly description?: string;
	readonly pairing: 'required' | 'optional' | 'none';
	readonly environments: Readonly<Record<string, Environment>>;
	readonly inputs: Readonly<Record<string, InputDefinition>>;
	readonly vars: Readonly<Record<string, unknown>>;
	readonly steps: readonly Step[];
};

/** A loaded runbook with where it came from. */
export type LoadedRunbook = {
	readonly runbook: Runbook;
	readonly path: string;
	readonly source: string;
	readonly sha256: string;
};
