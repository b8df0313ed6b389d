// belay: flags → a command. Heavy modules (engine, AWS clients, Ink) are imported only by the
// commands that need them, so `belay validate` starts fast.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
// zod compiles a fast path for every object schema (with `new Function`) the first time it parses
// with it. belay parses a runbook once per process, so compiling costs more than it saves: about a
// tenth of `belay validate`. zod reads this global when it loads (after this line: it is imported
// on demand), and results are the same either way.
(globalThis as {__zod_globalConfig?: {jitless?: boolean}}).__zod_globalConfig ??= {jitless: true};

import {Command, CommanderError} from 'commander';
import {UsageError} from './commands/usage-error.js';

const program = new Command();
let exitCode = 0;
const done = (code: number): void => {
	exitCode = code;
};

program
	.name('belay')
	.description('Executable, resumable backup-and-restore runbooks')
	.version('0.1.0')
	.option('--runbooks <dir>', 'another directory of runbooks')
	.option('--state-dir <dir>', 'where runs are kept (also BELAY_STATE_DIR)')
	.option('--state <url>', 'runs kept in a shared table: dynamodb://TABLE[?region=...] (also BELAY_STATE)')
	.option('--plain', 'the plain listing, not the interface')
	.exitOverride()
	.configureOutput({outputError: (text, write) => write(text)})
	.action(async () => {
		const {homeCommand} = await import('./commands/home.js');
		done(await homeCommand(program.opts()));
	});

program
	.command('validate')
	.description('check runbooks without running anything')
	.argument('<file...>', 'runbook files')
	.action(async (files: string[]) => {
		const {validateCommand} = await import('./commands/validate.js');
		done(await validateCommand(files));
	});

program
	.command('docs')
	.description('the runbook as a Markdown document')
	.argument('<file-or-name>', 'a runbook file or the name of a runbook')
	.action(async (fileOrName: string) => {
		const {docsCommand} = await import('./commands/docs.js');
		done(await docsCommand(fileOrName, program.opts()));
	});

program
	.command('schema')
	.description('the JSON Schema of the runbook format')
	.action(async () => {
		const {schemaCommand} = await import('./commands/schema.js');
		done(schemaCommand());
	});

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const runOptions = (command: Command): Command =>
	command
		.option('--env <name>', 'the environment (required when the runbook declares environments)')
		.option('--input <name=value>', 'an input value (repeatable)', collect, [])
		.option('--answers <file>', 'answers for steps that need an operator')
		.option('--operator <name>', 'who drives')
		.option('--pair <name>', 'who checks')
		.option('--yes', 'answer true to plain confirmations and manual steps')
		.option('--non-interactive', 'never ask; a missing answer pauses the run (exit 3)')
		.option('--dry-run', 'run read-only steps; show mutating ones without performing them')
		.option('--state-dir <dir>', 'where runs are kept (also BELAY_STATE_DIR)')
		.option('--state <url>', 'runs kept in a shared table: dynamodb://TABLE[?region=...] (also BELAY_STATE)')
		.option('--accept-changes', 'resume although the runbook changed')
		.option('--events <file>', "every event as one JSON object per line ('-' for stdout; the plain lines then go to stderr)")
		.option('--plain', 'the line front end even on a terminal');

const runFlags = (options: Record<string, unknown>): import('./commands/flags.js').RunFlags =>
	({...program.opts(), ...options, input: (options['input'] as string[] | undefined) ?? []}) as import('./commands/flags.js').RunFlags;

runOptions(program.command('run'))
	.description('start a run')
	.argument('<file-or-name>', 'a runbook file or the name of a runbook')
	.option('--run-id <id>', "the new run's id")
	.action(async (fileOrName: string, options: Record<string, unknown>) => {
		const {runCommand} = await import('./commands/run.js');
		done(await runCommand(fileOrName, runFlags(options)));
	});

runOptions(program.command('resume'))
	.description('resume a run (no id: the most recent unfinished one)')
	.argument('[run-id]', 'the run to resume')
	.option('--rerun <step>', 'run a finished step again; later steps see its new result (repeatable)', collect, [])
	.action(async (runId: string | undefined, options: Record<string, unknown>) => {
		const {resumeCommand} = await import('./commands/resume.js');
		done(await resumeCommand(runId, runFlags(options)));
	});

program
	.command('runs')
	.description('list runs')
	.option('--json', 'one JSON document on stdout')
	.option('--state-dir <dir>', 'where runs are kept')
	.option('--state <url>', 'runs kept in a shared table: dynamodb://TABLE')
	.action(async (options: {json?: boolean; stateDir?: string; state?: string}) => {
		const {runsCommand} = await import('./commands/runs.js');
		done(await runsCommand({...program.opts(), ...options}));
	});

program
	.command('show')
	.description("one run's state")
	.argument('<run-id>')
	.option('--json', 'one JSON document on stdout')
	.option('--state-dir <dir>', 'where runs are kept')
	.option('--state <url>', 'runs kept in a shared table: dynamodb://TABLE')
	.action(async (runId: string, options: {json?: boolean; stateDir?: string; state?: string}) => {
		const {showCommand} = await import('./commands/show.js');
		done(await showCommand(runId, {...program.opts(), ...options}));
	});

program
	.command('report')
	.description("the run's record: who did what, when, with which values, who approved")
	.argument('<run-id>')
	.option('--format <format>', 'md, json or html', 'md')
	.option('--output <file>', 'write the report to this file instead of standard output')
	.option('--state-dir <dir>', 'where runs are kept')
	.option('--state <url>', 'runs kept in a shared table: dynamodb://TABLE')
	.action(async (runId: string, options: {format?: string; output?: string; stateDir?: string; state?: string}) => {
		const {reportCommand} = await import('./commands/report.js');
		done(await reportCommand(runId, {...program.opts(), ...options}));
	});

const stateOptions = (command: Command): Command =>
	command
		.option('--state <url>', 'runs kept in a shared table: dynamodb://TABLE[?region=...] (also BELAY_STATE)')
		.option('--state-dir <dir>', 'where runs (and, with --state, their output logs) are kept');

stateOptions(program.command('watch'))
	.description('a read-only live view of a run driven elsewhere; ends when the run does')
	.argument('<run-id>')
	.option('--plain', 'event lines even on a terminal')
	.action(async (runId: string, options: {state?: string; stateDir?: string; plain?: boolean}) => {
		const {watchCommand} = await import('./commands/watch.js');
		done(await watchCommand(runId, {...program.opts(), ...options}));
	});

stateOptions(program.command('approve'))
	.description('answer a pending approval of a run from your own terminal, as yourself')
	.argument('<run-id>')
	.argument('[step]', 'the step waiting for approval (needed when several wait)')
	.option('--operator <name>', 'who approves (else BELAY_OPERATOR or the operator setting)')
	.action(async (runId: string, step: string | undefined, options: {state?: string; stateDir?: string; operator?: string}) => {
		const {approveCommand} = await import('./commands/approve.js');
		done(await approveCommand(runId, step, {...program.opts(), ...options}));
	});

stateOptions(program.command('unlock'))
	.description('take the lease of a run whose holder is gone (asks first)')
	.argument('<run-id>')
	.option('--yes', 'do not ask')
	.action(async (runId: string, options: {state?: string; stateDir?: string; yes?: boolean}) => {
		const {unlockCommand} = await import('./commands/unlock.js');
		done(await unlockCommand(runId, {...program.opts(), ...options}));
	});

program
	.command('state')
	.description('the shared state table')
	.command('init')
	.description('create the shared state table and print the IAM policy belay needs')
	.option('--state <url>', 'the table: dynamodb://TABLE[?region=...] (also BELAY_STATE)')
	.option('--policy-only', 'print the IAM policy; create nothing')
	.action(async (options: {state?: string; policyOnly?: boolean}) => {
		const {stateInitCommand} = await import('./commands/state-init.js');
		done(await stateInitCommand({...program.opts(), ...options}));
	});

program
	.command('sandbox')
	.description('start the local sandbox until Ctrl-C: moto with belay\'s stand-ins where moto_server is installed, else an embedded DynamoDB; with sample data')
	.option('--port <port>', 'the DynamoDB port on 127.0.0.1 (0: any free one)', '8000')
	.option('--empty', 'create the tables without sample data')
	.option('--dynamodb-only', 'the embedded DynamoDB alone, even where moto_server is installed')
	.option('--region <region>', 'the region to tell clients', 'us-east-1')
	.option('--state-dir <dir>', 'where it announces its address for sandbox environments (also BELAY_STATE_DIR)')
	.action(async (options: {port?: string; empty?: boolean; region?: string; stateDir?: string; dynamodbOnly?: boolean}) => {
		const {sandboxCommand} = await import('./commands/sandbox.js');
		done(await sandboxCommand({...program.opts(), ...options}));
	});

/** Parses the command line and runs the command; resolves to the exit code. */
async function main(argv: readonly string[]): Promise<number> {
	try {
		await program.parseAsync([...argv]);
		return exitCode;
	} catch (error) {
		return errorExitCode(error);
	}
}

/** Errors that are the world's, not belay's: one line (their message names the cause and what to do) and an exit code. */
const knownErrors: Readonly<Record<string, {code: number; suffix?: string}>> = {
	UntrustedStateDir: {code: 2, suffix: '; nothing ran'},
	UnusableStateDir: {code: 2, suffix: '; nothing ran'},
	JournalWriteFailed: {code: 1},
	JournalDamaged: {code: 1},
	RunLockedError: {code: 4},
	GuardRefused: {code: 5},
	EventTooLarge: {code: 1},
	StateTableError: {code: 2, suffix: '; nothing ran'},
};

function errorExitCode(error: unknown): number {
	if (error instanceof CommanderError) {
		const code = error.exitCode === 0 ? 0 : 2;
		if (code === 2 && !/^\(outputHelp\)/.test(error.code)) {
			process.stderr.write(`run 'belay --help' for the commands and their options\n`);
		}
		return code;
	}
	if (error instanceof UsageError) {
		process.stderr.write(`belay: ${error.message}\n`);
		return 2;
	}
	const name = (error as {name?: string}).name ?? '';
	const known = Object.hasOwn(knownErrors, name) ? knownErrors[name] : undefined;
	if (known) {
		process.stderr.write(`belay: ${(error as Error).message}${known.suffix ?? ''}\n`);
		return known.code;
	}
	// No stack trace for an operator: the message, and how to see more when it is belay's own fault.
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(
		process.env['BELAY_DEBUG'] ? `belay: ${(error as Error).stack ?? message}\n` : `belay: ${message}\n(BELAY_DEBUG=1 shows where it happened)\n`,
	);
	return 1;
}

// No top-level await: the bundle is CommonJS, loaded with a V8 code cache (scripts/launcher.mjs).
void main(process.argv).then(code => {
	process.exitCode = code;
});
