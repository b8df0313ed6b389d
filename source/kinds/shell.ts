import {z} from 'zod';
import {evaluateExpression, stringify} from '../expressions/evaluate.js';
import {code, fence, literal} from '../runbook/markdown.js';
import {scalarSchema} from '../runbook/schema.js';
import type {Scalar, StepBase} from '../runbook/types.js';
import {buildShellScript, displayCommand} from '../steps/shell-script.js';
import {absolute} from './absolute.js';
import type {KindDefinition} from './definition.js';

/** Runs a command line with the run's AWS identity. */
export type ShellStep = StepBase & {
	readonly kind: 'shell';
	readonly shell: {readonly run: string; readonly cwd?: string; readonly env: Readonly<Record<string, Scalar>>};
};

/** The command line, or a mapping with `run`, `cwd` and `env`. */
export const shellBodySchema = z.union([
	z.string().min(1),
	z.strictObject({
		run: z.string().min(1),
		cwd: z.string().optional(),
		env: z.record(z.string(), scalarSchema).optional(),
	}),
]);

/** The shell kind. */
export const shell = {
	kind: 'shell',
	body: shellBodySchema,
	build(body, {base}) {
		if (typeof body === 'string') return {...base, kind: 'shell', shell: {run: body, env: {}}};
		return {...base, kind: 'shell', shell: {run: body.run, ...(body.cwd ? {cwd: body.cwd} : {}), env: body.env ?? {}}};
	},
	check(_step, {path, expressions, checker}) {
		checker.deep([...path, 'shell'], checker.raw([...path, 'shell']), expressions);
	},
	async request(step, {scope, options, text}) {
		const {script, expressions} = buildShellScript(step.shell.run);
		const args: string[] = [];
		for (const expression of expressions) {
			const value = await evaluateExpression(expression.source, scope, options);
			if (value === undefined) {
				throw new Error(`expression '${expression.source}' has no value, so the command cannot be run`);
			}
			args.push(stringify(value));
		}
		const env: Record<string, string> = {};
		for (const [name, value] of Object.entries(step.shell.env)) {
			env[name] = typeof value === 'string' ? (await text(value))! : String(value);
		}
		const cwd = step.shell.cwd ? absolute((await text(step.shell.cwd))!, options.cwd) : options.cwd;
		return {command: displayCommand(step.shell.run, args), script, args, cwd, env};
	},
	sideEffect: 'mutating',
	operatorQuestion: undefined,
	docs(step) {
		const parts = [fence(step.shell.run, 'sh')];
		const lines: string[] = [];
		if (step.shell.cwd !== undefined) lines.push(`- **Directory:** ${code(step.shell.cwd)}`);
		for (const [name, value] of Object.entries(step.shell.env)) lines.push(`- **Environment:** ${code(`${name}=${literal(value)}`)}`);
		if (lines.length > 0) parts.push(lines.join('\n'));
		return parts;
	},
	schemaNotes: {
		title: 'shell step',
		description: 'Run a command line with the run’s AWS identity; the result is {exitCode, stdout, stderr}. Mutating.',
		fields: {
			run: 'Shell code. Every ${{ }} value is passed as one literal argument, never parsed by the shell.',
			cwd: 'Directory to run in.',
			env: 'Extra environment variables.',
		},
		shortForm: 'The command line (shell code).',
	},
	executor: async () => (await import('../steps/shell.js')).runShell,
} satisfies KindDefinition<'shell', z.output<typeof shellBodySchema>>;
