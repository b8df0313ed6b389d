import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {z} from 'zod';
import {canonicalCommand} from '../aws/catalog.js';
import {parseDuration} from './duration.js';
import {
	awsCallSchema,
	commonStepFields,
	environmentSchema,
	extraStepKeys,
	inputSchema,
	kindBodySchemas,
	retrySchema,
	runbookTopSchema,
	stepKinds,
	waitBodySchema,
	type StepKind,
} from './schema.js';
import {didYouMean} from './suggest.js';
import {checkRunbook} from './check.js';
import {stepPaths} from './step-paths.js';
import {YamlSource, type Path} from './yaml-source.js';
import {parseWith} from './zod-problems.js';
import type {
	AwsCall,
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

/** Reads and checks a runbook file. Every problem is reported, located; nothing is run. */
export async function loadRunbookFile(path: string): Promise<LoadResult> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
		return {ok: false, problems: [{file: path, line: 1, column: 1, message: `cannot read the runbook: ${reason}`}]};
	}
	return loadRunbookText(text, path);
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
	const problems: Problem[] = [];
	const built = buildRunbook(data as Record<string, unknown>, source, problems);
	// The whole-runbook checks run on what did build, so one pass reports every problem; steps that
	// did not build are known by id, so nothing is reported twice for them.
	if (built.runbook) checkRunbook(built.runbook, source, problems, built.brokenIds);
	const runbook = built.runbook;
	if (!runbook || problems.length > 0) return {ok: false, problems: sortProblems(problems)};
	const sha256 = createHash('sha256').update(text).digest('hex');
	return {ok: true, loaded: {runbook, path: file, source: text, sha256}};
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
	if (typeof last === 'number' && path[path.length - 2] === 'steps') return [...commonKeys, ...stepKinds, 'checklist'];
	if (path[0] === 'environments' && path.length === 2) return Object.keys(environmentSchema.shape);
	if (path[0] === 'inputs' && path.length === 2) return Object.keys(inputSchema.shape);
	if (last === 'retry') return Object.keys(retrySchema.shape);
	if (last === 'aws' || last === 'from') return Object.keys(awsCallSchema.shape);
	if (last === 'wait') return Object.keys(waitBodySchema.shape);
	if (typeof last === 'string' && last in kindBodySchemas) {
		const schema = kindBodySchemas[last as StepKind] as z.ZodType;
		const shape = objectShape(schema);
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
	const environments: Record<string, Environment> = {};
	for (const [name, environment] of Object.entries(top.environments ?? {})) {
		environments[name] = {
			name,
			...environment,
			protected: environment.protected ?? false,
			vars: environment.vars ?? {},
			endpoints: environment.endpoints ?? {},
		};
	}
	const inputs: Record<string, InputDefinition> = {};
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
		vars: top.vars ?? {},
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
	const kinds = keys.filter((key): key is StepKind => (stepKinds as readonly string[]).includes(key));
	const allowed = new Set<string>([...commonKeys, ...stepKinds, ...(kinds.length === 1 ? (extraStepKeys[kinds[0]!] ?? []) : [])]);
	let ok = true;
	for (const key of keys.filter(key => !allowed.has(key))) {
		const hint = (stepKinds as readonly string[]).includes(key) ? '' : didYouMean(key, [...stepKinds, ...commonKeys, 'checklist']);
		const extra = key === 'checklist' ? ' (checklist belongs to manual steps)' : hint;
		problems.push(source.problem(source.keyPosition([...path, key]), `${label}: unknown key '${key}'${extra}`));
		ok = false;
	}
	if (kinds.length === 0) {
		problems.push(
			source.problem(
				source.position(path),
				`${label} has no kind: give it exactly one of ${stepKinds.join(', ')}`,
			),
		);
		return undefined;
	}
	if (kinds.length > 1) {
		problems.push(
			source.problem(
				source.keyPosition([...path, kinds[1]!]),
				`${label} has ${kinds.length} kind keys (${kinds.map(kind => `'${kind}'`).join(', ')}): a step does one thing, so split it into ${kinds.length} steps`,
			),
		);
		return undefined;
	}
	const kind = kinds[0]!;
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
	const body = parsed[kind];
	const step = buildKind(kind, body, base, record, path, source, problems, pairing, brokenIds);
	if (step) stepPaths.set(step, path);
	return step;
}

/** The schema of a step of one kind, built once: zod compiles an object schema on its first use. */
const stepSchemas = new Map<StepKind, z.ZodType>();
function stepSchema(kind: StepKind): z.ZodType {
	let schema = stepSchemas.get(kind);
	if (!schema) {
		schema = z.object({...commonStepFields, [kind]: kindBodySchemas[kind], checklist: z.array(z.string().min(1)).min(1).optional()});
		stepSchemas.set(kind, schema);
	}
	return schema;
}

function buildKind(
	kind: StepKind,
	body: unknown,
	base: StepBase,
	record: Record<string, unknown>,
	path: Path,
	source: YamlSource,
	problems: Problem[],
	pairing: Runbook['pairing'],
	brokenIds: Set<string>,
): Step | undefined {
	switch (kind) {
		case 'manual': {
			const manual = body as z.output<(typeof kindBodySchemas)['manual']>;
			const stepChecklist = record['checklist'] as string[] | undefined;
			if (typeof manual === 'object' && manual.checklist && stepChecklist) {
				problems.push(
					source.problem(source.keyPosition([...path, 'checklist']), `step '${base.id}': two checklists; keep one`),
				);
				return undefined;
			}
			const text = typeof manual === 'string' ? manual : (manual.text ?? '');
			const checklist = (typeof manual === 'object' ? manual.checklist : undefined) ?? stepChecklist ?? [];
			return {...base, kind, manual: {text, checklist}};
		}
		case 'input': {
			const input = body as z.output<(typeof kindBodySchemas)['input']>;
			return {...base, kind, input: {...input, type: input.type ?? 'string', required: input.required ?? true, secret: input.secret ?? false}};
		}
		case 'select': {
			const select = body as z.output<(typeof kindBodySchemas)['select']>;
			if (select.options) {
				return {...base, kind, select: {...(select.prompt ? {prompt: select.prompt} : {}), options: select.options}};
			}
			return {
				...base,
				kind,
				select: {
					...(select.prompt ? {prompt: select.prompt} : {}),
					from: awsCall(select.from!),
					items: select.items ?? 'result',
					...(select.label ? {label: select.label} : {}),
					...(select.value ? {value: select.value} : {}),
				},
			};
		}
		case 'aws':
			return {...base, kind, aws: awsCall(body as z.output<typeof awsCallSchema>)};
		case 'wait': {
			const wait = body as z.output<typeof waitBodySchema>;
			const timeoutMs = wait.timeout ? parseDuration(wait.timeout) : base.timeoutMs;
			return {
				...base,
				kind,
				wait: {
					aws: awsCall(wait.aws),
					until: wait.until,
					...(wait.failWhen ? {failWhen: wait.failWhen} : {}),
					intervalMs: wait.interval ? parseDuration(wait.interval)! : 30_000,
					...(timeoutMs !== undefined ? {timeoutMs} : {}),
					...(wait.progress ? {progress: wait.progress} : {}),
					...(wait.message ? {message: wait.message} : {}),
				},
			};
		}
		case 'shell': {
			const shell = body as z.output<(typeof kindBodySchemas)['shell']>;
			if (typeof shell === 'string') return {...base, kind, shell: {run: shell, env: {}}};
			return {...base, kind, shell: {run: shell.run, ...(shell.cwd ? {cwd: shell.cwd} : {}), env: shell.env ?? {}}};
		}
		case 'approve': {
			const approve = body as z.output<(typeof kindBodySchemas)['approve']>;
			const defaultBy = pairing === 'required' ? 'pair' : 'any';
			if (typeof approve === 'string') return {...base, kind, approve: {prompt: approve, by: defaultBy}};
			return {...base, kind, approve: {...(approve.prompt ? {prompt: approve.prompt} : {}), by: approve.by ?? defaultBy}};
		}
		case 'edit': {
			const edit = body as z.output<(typeof kindBodySchemas)['edit']>;
			const format = edit.format ?? formatFromName(edit.file);
			if (!format) {
				problems.push(
					source.problem(
						source.position([...path, 'edit', 'file']),
						`step '${base.id}': cannot tell the format of '${edit.file}' from its name; add \`format: json\` or \`format: yaml\``,
					),
				);
				return undefined;
			}
			return {...base, kind, edit: {file: edit.file, format, set: edit.set}};
		}
		case 'foreach': {
			const foreach = body as z.output<(typeof kindBodySchemas)['foreach']>;
			const steps = buildSteps(foreach.steps, [...path, 'foreach', 'steps'], source, problems, pairing, brokenIds);
			return {
				...base,
				kind,
				foreach: {items: foreach.items, as: foreach.as ?? 'item', concurrency: foreach.concurrency ?? 1, steps},
			};
		}
	}
}

function awsCall(call: z.output<typeof awsCallSchema>): AwsCall {
	return {
		service: call.service,
		command: canonicalCommand(call.service, call.command),
		input: call.input ?? {},
		...(call.region ? {region: call.region} : {}),
		paginate: call.paginate ?? false,
	};
}

function formatFromName(file: string): 'json' | 'yaml' | undefined {
	if (/\.json$/i.test(file)) return 'json';
	if (/\.ya?ml$/i.test(file)) return 'yaml';
	return undefined;
}
