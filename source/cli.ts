#!/usr/bin/env node
// belay: flags → a command. Heavy modules (engine, AWS clients, Ink) are imported only by the
// commands that need them, so `belay validate` starts fast.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import {Command, CommanderError, Option} from 'commander';
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

try {
	await program.parseAsync(process.argv);
} catch (error) {
	if (error instanceof CommanderError) {
		exitCode = error.exitCode === 0 ? 0 : 2;
		if (exitCode === 2 && !/^\(outputHelp\)/.test(error.code)) {
			process.stderr.write(`run 'belay --help' for the commands and their options\n`);
		}
	} else if (error instanceof UsageError) {
		process.stderr.write(`belay: ${error.message}\n`);
		exitCode = 2;
	} else {
		process.stderr.write(`belay: ${(error as Error).stack ?? String(error)}\n`);
		exitCode = 1;
	}
}
process.exitCode = exitCode;
void Option;
