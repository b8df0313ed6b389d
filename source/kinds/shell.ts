import {z} from 'zod';
import {evaluateExpression, stringify} from '../expressions/evaluate.js';
import {code, fence, literal} from '../runbook/markdown.js';
import {scalarSchema} from '../runbook/schema.js';
import type {Scalar, StepBase} from '../runbook/types.js';
import {buildShellScript, displayCommand} from '../steps/shell-script.js';
import {absolute} from './absolute.js';
import type {KindDefinition} from './definition.js';
import {checkShellEnv, checkShellRun} from './shell-check.js';

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

/**
 * A value as it goes to the command. A NUL byte cannot: the operating system would end the text
 * there and run the command with part of the value, so the step fails before anything starts.
 */
function withoutNul(value: string, what: string, carrier: string): string {
	if (value.includes('\0')) throw new Error(`the value of ${what} holds a NUL byte, which ${carrier} cannot carry; nothing was run`);
	return value;
}

/** The shell kind. */
export const shell = {
	kind: 'shell',
	body: shellBodySchema,
	build(body, {base}) {
		if (typeof body === 'string') return {...base, kind: 'shell', shell: {run: body, env: {}}};
		return {...base, kind: 'shell', shell: {run: body.run, ...(body.cwd ? {cwd: body.cwd} : {}), env: body.env ?? {}}};
	},
	check(step, {path, expressions, checker, report}) {
		const raw = checker.raw([...path, 'shell']);
		checker.deep([...path, 'shell'], raw, expressions);
		checkShellRun(step.shell.run, typeof raw === 'string', path, checker);
		checkShellEnv(step.shell.env, path, report);
	},
	async request(step, {scope, options, text}) {
		const {script, expressions} = buildShellScript(step.shell.run);
		const args: string[] = [];
		for (const expression of expressions) {
			const value = await evaluateExpression(expression.source, scope, options);
			if (value === undefined) {
				throw new Error(`expression '${expression.source}' has no value, so the command cannot be run`);
			}
			args.push(withoutNul(stringify(value), `\${{ ${expression.source} }}`, 'a command argument'));
		}
		const env: Record<string, string> = {};
		for (const [name, value] of Object.entries(step.shell.env)) {
			const resolved = typeof value === 'string' ? await text(value) : String(value);
			if (resolved === undefined) throw new Error(`env.${name}: its expression has no value, so the command cannot be run (an optional input not given?)`);
			env[name] = withoutNul(resolved, `env.${name}`, 'an environment variable');
		}
		const cwd = step.shell.cwd ? absolute(withoutNul((await text(step.shell.cwd))!, 'cwd', 'a directory name'), options.cwd) : options.cwd;
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
			run:
				'Shell code, run by bash. A ${{ }} value is passed as one literal argument, never parsed by the shell, where bash takes it as text: a word or part of one, ' +
				'inside "…" or \'…\', in an unquoted here-document body, also inside $( ). Elsewhere (arithmetic, let, [[ ]], subscripts, ${ … }, backticks, comments, ' +
				'quoted here-documents, eval, read, printf -v, declare -i) validate refuses it: pass the value through env and use "$NAME".',
			cwd: 'Directory to run in.',
			env: 'Extra environment variables.',
		},
		shortForm: 'The command line (shell code).',
	},
	executor: async () => (await import('../steps/shell.js')).runShell,
} satisfies KindDefinition<'shell', z.output<typeof shellBodySchema>>;
