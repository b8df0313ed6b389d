import type {z} from 'zod';
import type {QuestionType} from '../engine/events.js';
import type {EvaluationOptions, Scope} from '../expressions/evaluate.js';
import type {ExpressionChecker, ExpressionContext} from '../runbook/expression-checker.js';
import type {StepKind} from '../runbook/schema.js';
import type {Problem, Runbook, Step, StepBase, StepOfKind} from '../runbook/types.js';
import type {Path, YamlSource} from '../runbook/yaml-source.js';
import type {Executor} from '../steps/executor.js';

/** A step's side effect as the docs and the engine read it. */
export type SideEffect = 'mutating' | 'read-only';

/** The question an operator answers before a step of a kind runs (its confirmations aside). */
export type OperatorQuestion = Extract<QuestionType, 'checklist' | 'input' | 'select' | 'approve'>;

/** What building one step from its YAML needs besides the parsed body. */
export type BuildContext = {
	/** The fields every step has, already built. */
	readonly base: StepBase;
	/** The step's mapping as written (keys beside the kind's body, such as a manual's `checklist`). */
	readonly record: Readonly<Record<string, unknown>>;
	/** Where the step is in the file. */
	readonly path: Path;
	readonly source: YamlSource;
	/** Where problems go: a step that has one is not built. */
	readonly problems: Problem[];
	readonly pairing: Runbook['pairing'];
	/** Builds nested steps (a foreach's), each checked and located like a top-level one. */
	readonly buildSteps: (raw: readonly unknown[], path: Path) => Step[];
};

/** Reports a problem at a path: at its value, or at its key when `key` is true. */
export type Report = (path: Path, message: string, key?: boolean) => void;

/** What the static checks of one step are given. */
export type CheckContext = {
	/** Where the step is in the file. */
	readonly path: Path;
	/** What an expression in the step's body may read (not `result`: add it where it is read). */
	readonly expressions: ExpressionContext;
	readonly checker: ExpressionChecker;
	readonly report: Report;
	readonly runbook: Runbook;
};

/** What resolving a step's request is given. */
export type RequestContext = {
	readonly scope: Scope;
	readonly options: EvaluationOptions & {readonly cwd: string; readonly runId: string; readonly key: string};
	/** A text with `${{ }}`, evaluated and made a string (undefined stays undefined). */
	readonly text: (value: string | undefined) => Promise<string | undefined>;
};

/** The steps a step holds (a foreach's), and the names they may read besides the usual ones. */
export type Nesting<K extends StepKind> = {
	steps(step: StepOfKind<K>): readonly Step[];
	names(step: StepOfKind<K>): readonly string[];
};

/** What editors show for a kind in the JSON Schema (`belay schema`). */
export type SchemaNotes = {
	readonly title: string;
	readonly description: string;
	/** The fields of the body. */
	readonly fields: Readonly<Record<string, string>>;
	/** The body written as one string, for kinds that accept it. */
	readonly shortForm?: string;
	/** Body fields that are AWS calls; `''` is the body itself. */
	readonly awsCalls?: readonly string[];
	/** The fields of the items of a list field of the body, by field. */
	readonly itemFields?: Readonly<Record<string, Readonly<Record<string, string>>>>;
};

/**
 * Everything belay knows about one kind of step, but how it executes (`executor` imports that on
 * demand, so commands that never run a step, such as `belay validate`, never load it). `Body` is
 * what the body schema parses to. Methods take a step of this kind only; `definitionOf` in
 * `table.ts` hands a step to its own kind's definition.
 */
export type KindDefinition<K extends StepKind, Body = unknown> = {
	readonly kind: K;
	/** The body under the kind key, as the loader checks it. */
	readonly body: z.ZodType<Body>;
	/** The body in the JSON Schema, when it differs (a foreach's nested steps are full steps there). */
	documentBody?(rawStep: z.ZodType): z.ZodType;
	/** Keys a step of this kind may have beside the common fields and its kind key. */
	readonly extraFields?: Readonly<Record<string, z.ZodType>>;
	/** The typed step from its checked body, or undefined after reporting a problem. */
	build(body: Body, context: BuildContext): StepOfKind<K> | undefined;
	/** The kind's static checks: its expressions, and what the schema cannot see. */
	check(step: StepOfKind<K>, context: CheckContext): void;
	/** What the step will do, every value resolved: the request fields besides title and confirmations. */
	request(step: StepOfKind<K>, context: RequestContext): Promise<Record<string, unknown>>;
	/**
	 * The format's default side effect, before `readOnly: true` overrides it. A step that holds
	 * steps also mutates when one of them does.
	 */
	readonly sideEffect: SideEffect | ((step: StepOfKind<K>) => SideEffect);
	/** What the operator is asked before the step runs, if anything. */
	readonly operatorQuestion: OperatorQuestion | undefined;
	/** The kind's part of the step's section in `belay docs`, as Markdown blocks. */
	docs(step: StepOfKind<K>, runbook: Runbook): string[];
	/** The steps it holds, for kinds that hold steps. */
	readonly nesting?: Nesting<K>;
	readonly schemaNotes: SchemaNotes;
	/** Imports the kind's executor. */
	executor(): Promise<Executor>;
};
