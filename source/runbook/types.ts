import type {ApproveStep} from '../kinds/approve.js';
import type {AssertStep} from '../kinds/assert.js';
import type {AwsStep} from '../kinds/aws.js';
import type {EditStep} from '../kinds/edit.js';
import type {ForeachStep} from '../kinds/foreach.js';
import type {InputStep} from '../kinds/input.js';
import type {ManualStep} from '../kinds/manual.js';
import type {SelectStep} from '../kinds/select.js';
import type {ShellStep} from '../kinds/shell.js';
import type {WaitStep} from '../kinds/wait.js';
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
	/** A rehearsal environment: local endpoints only (`belay sandbox` or emulators), fixed keys, no STS. */
	readonly sandbox: boolean;
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

export type {ManualStep} from '../kinds/manual.js';
export type {InputStep} from '../kinds/input.js';
export type {SelectOption, SelectStep} from '../kinds/select.js';
export type {AwsStep} from '../kinds/aws.js';
export type {WaitStep} from '../kinds/wait.js';
export type {ShellStep} from '../kinds/shell.js';
export type {ApproveStep} from '../kinds/approve.js';
export type {EditStep} from '../kinds/edit.js';
export type {ForeachStep} from '../kinds/foreach.js';

/** A step of any kind. Each kind's step type is declared with its definition, in source/kinds/. */
export type Step =
	| ManualStep
	| InputStep
	| SelectStep
	| AwsStep
	| WaitStep
	| ShellStep
	| ApproveStep
	| EditStep
	| ForeachStep
	| AssertStep;

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
