import {record} from '../records.js';
import {createRequire} from 'node:module';
import {resolve} from 'node:path';
import {z} from 'zod';
import {kindDefinition, kinds} from '../kinds/table.js';
import {parseDuration} from './duration.js';
import {
	awsCallSchema,
	commonStepFields,
	environmentSchema,
	inputSchema,
	retrySchema,
	runbookTopSchema,
	stepKinds,
	type StepKind,
} from './schema.js';
import {didYouMean} from './suggest.js';
import {checkRunbook} from './check.js';
import {duplicateIdProblems} from './duplicate-ids.js';
import {stepPaths} from './step-paths.js';
import {YamlSource, type Path} from './yaml-source.js';
import {parseWith} from './zod-problems.js';
import {readText} from './read-text.js';
import type {
	Environment,
	InputDefinition,
	LoadedRunbook,
	Problem,
	Runbook,
	Step,
	StepBase,
} from './types.js';

export type LoadResult =
	| {readonly ok: true; readonly loaded: LoadedRunbook}
	| {readonly ok: false; readonly problems: readonly Problem[]};

const commonKeys = Object.keys(commonStepFields);

/** The keys a step of one kind may have beside the common fields and its kind key (a manual's `checklist`). */
const extraKeysOf = (kind: StepKind): string[] => Object.keys(kindDefinition(kind).extraFields ?? {});
/** Every kind's extra keys. */
const allExtraKeys = (): string[] => stepKinds.flatMap(extraKeysOf);

/** Reads and checks a runbook file. Every problem is reported, located; nothing is run. */
export async function loadRunbookFile(path: string): Promise<LoadResult> {
	const read = await readText(path);
	if (!read.ok) return {ok: false, problems: [{file: path, line: 1, column: 1, message: `cannot read the runbook: ${read.reason}`}]};
	return loadRunbookText(read.text, path);
}

/** Checks runbook text; `file` names it in problems. */
export function loadRunbookText(text: string, file: string): LoadResult {
	const source = new YamlSource(file, text);
	const syntax = source.syntaxProblems();
	if (syntax.length > 0) return {ok: false, problems: syntax};
	const plain = source.data();
	if (!plain.ok) return {ok: false, problems: [plain.problem]};
	const data = plain.data;
	if (data === null || typeof data !== 'object' || Array.isArray(data)) {
		return {
			ok: false,
			problems: [
				source.problem(
					source.position([]),
					'a runbook is a YAML mapping with version, name, title and steps (see `belay schema`)',
				),
			],
		};
	}
	const problems: Problem[] = duplicateIdProblems(data as Record<string, unknown>, source);
	const built = buildRunbook(data as Record<string, unknown>, source, problems);
	// The whole-runbook checks run on what did build, so one pass reports every problem; steps that
	// did not build are known by id, so nothing is reported twice for them.
	if (built.runbook) checkRunbook(built.runbook, source, problems, built.brokenIds);
	const runbook = built.runbook;
	if (!runbook || problems.length > 0) return {ok: false, problems: sortProblems(problems)};
	let sha256: string | undefined;
	const loaded: LoadedRunbook = {
		runbook,
		path: file,
		source: text,
		// Computed when a run needs it: loading node:crypto is a noticeable part of `belay validate`.
		get sha256() {
			return (sha256 ??= (createRequire(resolve(file))('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(text).digest('hex'));
		},
	};
	return {ok: true, loaded};
}

function sortProblems(problems: Problem[]): Problem[] {
	const seen = new Set<string>();
	return problems
		.filter(problem => {
			const key = `${problem.line}:${problem.column}:${problem.message}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.sort((a, b) => a.line - b.line || a.column - b.column);
}

const knownKeysAt = (path: Path): readonly string[] | undefined => {
	const last = path[path.length - 1];
	if (path.length === 0) return Object.keys(runbookTopSchema.shape);
	if (typeof last === 'number' && path[path.length - 2] === 'steps') return [...commonKeys, ...stepKinds, ...allExtraKeys()];
	if (path[0] === 'environments' && path.length === 2) return Object.keys(environmentSchema.shape);
	if (path[0] === 'inputs' && path.length === 2) return Object.keys(inputSchema.shape);
	if (last === 'retry') return Object.keys(retrySchema.shape);
	if (last === 'aws' || last === 'from') return Object.keys(awsCallSchema.shape);
	if (typeof last === 'string' && last in kinds) {
		const shape = objectShape(kinds[last as StepKind].body);
		return shape ? Object.keys(shape) : undefined;
	}
	return undefined;
};

function objectShape(schema: z.ZodType): Record<string, unknown> | undefined {
	const def = (schema as unknown as {def: {type: string; shape?: Record<string, unknown>; options?: z.ZodType[]; in?: z.ZodType}}).def;
	if (def.shape) return def.shape;
	if (def.options) for (const option of def.options) {
		const shape = objectShape(option);
		if (shape) return shape;
	}
	return undefined;
}

function buildRunbook(
	data: Record<string, unknown>,
	source: YamlSource,
	problems: Problem[],
): {runbook?: Runbook; brokenIds: Set<string>} {
	const top = parseWith(runbookTopSchema, data, source, [], problems, knownKeysAt);
	const rawSteps = Array.isArray(data['steps']) ? (data['steps'] as unknown[]) : [];
	const pairing = top?.pairing ?? 'optional';
	const brokenIds = new Set<string>();
	const steps = buildSteps(rawSteps, ['steps'], source, problems, pairing, brokenIds);
	if (!top) return {brokenIds};
	const environments: Record<string, Environment> = record();
	for (const [name, environment] of Object.entries(top.environments ?? {})) {
		environments[name] = {
			name,
			...environment,
			protected: environment.protected ?? false,
			sandbox: environment.sandbox ?? false,
			vars: record(environment.vars ?? {}),
			endpoints: record(environment.endpoints ?? {}),
		};
	}
	const inputs: Record<string, InputDefinition> = record();
	for (const [name, input] of Object.entries(top.inputs ?? {})) {
		inputs[name] = {name, ...input, type: input.type ?? 'string', required: input.required ?? true, secret: input.secret ?? false};
	}
	const runbook: Runbook = {
		version: 1,
		name: top.name,
		title: top.title,
		...(top.description !== undefined ? {description: top.description} : {}),
		pairing,
		environments,
		inputs,
		vars: record(top.vars ?? {}),
		steps,
	};
	return {runbook, brokenIds};
}

function buildSteps(
	raw: readonly unknown[],
	base: Path,
	source: YamlSource,
	problems: Problem[],
	pairing: Runbook['pairing'],
	brokenIds: Set<string>,
): Step[] {
	const steps: Step[] = [];
	raw.forEach((item, index) => {
		const step = buildStep(item, [...base, index], source, problems, pairing, brokenIds);
		if (step) steps.push(step);
		else if (item !== null && typeof item === 'object' && typeof (item as {id?: unknown}).id === 'string') {
			brokenIds.add((item as {id: string}).id);
		}
	});
	return steps;
}

function buildStep(
	raw: unknown,
	path: Path,
	source: YamlSource,
	problems: Problem[],
	pairing: Runbook['pairing'],
	brokenIds: Set<string>,
): Step | undefined {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		problems.push(source.problem(source.position(path), 'a step is a mapping with an id, a title and one kind key'));
		return undefined;
	}
	const record = raw as Record<string, unknown>;
	const label = typeof record['id'] === 'string' ? `step '${record['id']}'` : `step ${String(path[path.length - 1])}`;
	const keys = Object.keys(record);
	const kindKeys = keys.filter((key): key is StepKind => (stepKinds as readonly string[]).includes(key));
	const allowed = new Set<string>([...commonKeys, ...stepKinds, ...(kindKeys.length === 1 ? extraKeysOf(kindKeys[0]!) : [])]);
	let ok = true;
	for (const key of keys.filter(key => !allowed.has(key))) {
		const hint = (stepKinds as readonly string[]).includes(key) ? '' : didYouMean(key, [...stepKinds, ...commonKeys, ...allExtraKeys()]);
		const owner = stepKinds.find(kind => extraKeysOf(kind).includes(key));
		const extra = owner ? ` (${key} belongs to ${owner} steps)` : hint;
		problems.push(source.problem(source.keyPosition([...path, key]), `${label}: unknown key '${key}'${extra}`));
		ok = false;
	}
	if (kindKeys.length === 0) {
		problems.push(
			source.problem(
				source.position(path),
				`${label} has no kind: give it exactly one of ${stepKinds.join(', ')}`,
			),
		);
		return undefined;
	}
	if (kindKeys.length > 1) {
		problems.push(
			source.problem(
				source.keyPosition([...path, kindKeys[1]!]),
				`${label} has ${kindKeys.length} kind keys (${kindKeys.map(kind => `'${kind}'`).join(', ')}): a step does one thing, so split it into ${kindKeys.length} steps`,
			),
		);
		return undefined;
	}
	const kind = kindKeys[0]!;
	const schema = stepSchema(kind);
	const parsed = parseWith(schema, record, source, path, problems, knownKeysAt) as
		| (z.output<z.ZodObject<typeof commonStepFields>> & Record<string, unknown>)
		| undefined;
	if (!parsed || !ok) return undefined;

	const base: StepBase = {
		id: parsed.id,
		title: parsed.title,
		...(parsed.description !== undefined ? {description: parsed.description} : {}),
		...(parsed.when !== undefined ? {when: parsed.when} : {}),
		...(parsed.confirm !== undefined ? {confirm: parsed.confirm} : {}),
		...(parsed.confirmText !== undefined ? {confirmText: parsed.confirmText} : {}),
		...(parsed.readOnly !== undefined ? {readOnly: parsed.readOnly} : {}),
		idempotent: parsed.idempotent ?? false,
		...(parsed.timeout !== undefined ? {timeoutMs: parseDuration(parsed.timeout)!} : {}),
		...(parsed.retry !== undefined
			? {
					retry: {
						attempts: parsed.retry.attempts,
						delayMs: parsed.retry.delay ? parseDuration(parsed.retry.delay)! : 5000,
						backoff: parsed.retry.backoff ?? 1,
					},
				}
			: {}),
		...(parsed.onFailure !== undefined ? {onFailure: parsed.onFailure} : {}),
		outputs: parsed.outputs ?? {},
		secret: parsed.secret ?? false,
		position: source.position(path),
	};
	const step = kindDefinition(kind).build(parsed[kind], {
		base,
		record,
		path,
		source,
		problems,
		pairing,
		buildSteps: (steps, at) => buildSteps(steps, at, source, problems, pairing, brokenIds),
	});
	if (step) stepPaths.set(step, path);
	return step;
}

/**
 * The schema of a step of one kind, built once: zod compiles an object schema on its first use.
 * Every kind's extra fields are parsed on every step, so a misplaced one (reported as an unknown
 * key) is checked as well.
 */
const stepSchemas = new Map<StepKind, z.ZodType>();
function stepSchema(kind: StepKind): z.ZodType {
	let schema = stepSchemas.get(kind);
	if (!schema) {
		const extraFields = Object.assign({}, ...stepKinds.map(other => kindDefinition(other).extraFields)) as Record<string, z.ZodType>;
		schema = z.object({...commonStepFields, [kind]: kindDefinition(kind).body, ...extraFields});
		stepSchemas.set(kind, schema);
	}
	return schema;
}
