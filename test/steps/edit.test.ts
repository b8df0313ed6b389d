import {systemClock} from '../../source/ports/clock.js';
import {readFileSync, writeFileSync} from 'node:fs';
import {chmod, lstat, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, utimes, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {LiveEvent} from '../../source/engine/events.js';
import {AwsRuntime} from '../../source/aws/runtime.js';
import {runEdit} from '../../source/steps/edit.js';
import {StepFailure, type ExecutionContext} from '../../source/steps/executor.js';
import {Interrupted} from '../../source/steps/shell.js';
import type {EditStep} from '../../source/runbook/types.js';

let directory: string;

beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'belay-edit-'));
});

afterEach(async () => {
	await rm(directory, {recursive: true, force: true});
});

type Harness = {context: ExecutionContext; events: LiveEvent[]; logs: string[]; controller: AbortController};

function harness(request: Record<string, unknown>, onEmit?: (event: LiveEvent) => void): Harness {
	const events: LiveEvent[] = [];
	const logs: string[] = [];
	const controller = new AbortController();
	const step: EditStep = {
		id: 'set-table',
		title: 'Point terraform at the restored table',
		kind: 'edit',
		edit: request as EditStep['edit'],
		idempotent: false,
		outputs: {},
		secret: false,
		position: {line: 1, column: 1},
	};
	const context: ExecutionContext = {
		key: 'set-table',
		step,
		attempt: 1,
		request,
		answers: {},
		signal: controller.signal,
		env: {},
		cwd: directory,
		runId: 'run-1',
		aws: new AwsRuntime({endpoints: {}, runId: 'run-1'}),
		evaluate: async () => undefined,
		sleep: async () => undefined,
		clock: systemClock,
		emit: event => {
			onEmit?.(event);
			events.push(event);
		},
		log: line => logs.push(line),
		reattach: false,
	};
	return {context, events, logs, controller};
}

const outputLines = (events: readonly LiveEvent[]): string[] =>
	events.flatMap(event => (event.type === 'step-output' && event.key === 'set-table' && event.stream === 'stdout' ? event.lines : []));

async function failure(promise: Promise<unknown>): Promise<StepFailure> {
	const error = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(error).toBeInstanceOf(StepFailure);
	return error as StepFailure;
}

const tfvars = `{
  "environment": "development",
  "region": "eu-west-1",
  "dynamodb": {
    "billing_mode": "PAY_PER_REQUEST"
  }
}
`;

describe('runEdit on JSON', () => {
	it('sets a nested path, creating mappings, keeping the indentation, and shows the diff before writing', async () => {
		const file = join(directory, 'terraform.tfvars.json');
		await writeFile(file, tfvars);
		const contentWhenShown: string[] = [];
		const {context, events, logs} = harness(
			{file, format: 'json', set: {'dynamodb.table_name': 'Lpas-restored', 'restore.point.arn': 'arn:aws:backup:1'}},
			event => {
				if (event.type === 'step-output') contentWhenShown.push(readFileSync(file, 'utf8'));
			},
		);

		const {result} = await runEdit(context);

		const expected = `{
  "environment": "development",
  "region": "eu-west-1",
  "dynamodb": {
    "billing_mode": "PAY_PER_REQUEST",
    "table_name": "Lpas-restored"
  },
  "restore": {
    "point": {
      "arn": "arn:aws:backup:1"
    }
  }
}
`;
		expect(await readFile(file, 'utf8')).toBe(expected);
		const diff = `--- ${file}
+++ ${file}
@@ -2,6 +2,12 @@
   "environment": "development",
   "region": "eu-west-1",
   "dynamodb": {
-    "billing_mode": "PAY_PER_REQUEST"
+    "billing_mode": "PAY_PER_REQUEST",
+    "table_name": "Lpas-restored"
+  },
+  "restore": {
+    "point": {
+      "arn": "arn:aws:backup:1"
+    }
   }
 }
`;
		expect(result).toEqual({diff, file, changed: true});
		expect(outputLines(events)).toEqual(diff.split('\n').slice(0, -1));
		// The diff reaches the run's log once, through the driver (as step-output), not from here too.
		expect(logs).toEqual([]);
		// Every diff line was shown while the file still had its old content.
		expect(contentWhenShown.length).toBeGreaterThan(0);
		expect(new Set(contentWhenShown)).toEqual(new Set([tfvars]));
	});

	it.each([
		['four spaces', '    '],
		['tabs', '\t'],
	])('keeps an indentation of %s', async (_name, indent) => {
		const file = join(directory, 'vars.json');
		await writeFile(file, `{\n${indent}"a": {\n${indent}${indent}"b": 1\n${indent}}\n}\n`);
		await runEdit(harness({file, format: 'json', set: {'a.c': true}}).context);
		expect(await readFile(file, 'utf8')).toBe(`{\n${indent}"a": {\n${indent}${indent}"b": 1,\n${indent}${indent}"c": true\n${indent}}\n}\n`);
	});

	it('keeps a file without a final newline without one', async () => {
		const file = join(directory, 'vars.json');
		await writeFile(file, '{\n  "a": 1\n}');
		await runEdit(harness({file, format: 'json', set: {a: 2}}).context);
		expect(await readFile(file, 'utf8')).toBe('{\n  "a": 2\n}');
	});

	it('sets an item of an existing list by index', async () => {
		const file = join(directory, 'vars.json');
		await writeFile(file, '{\n  "replicas": [\n    {"region": "eu-west-1"},\n    {"region": "eu-west-2"}\n  ]\n}\n');
		const {context, events} = harness({file, format: 'json', set: {'replicas.1.region': 'us-east-1'}});
		await runEdit(context);
		expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({replicas: [{region: 'eu-west-1'}, {region: 'us-east-1'}]});
		// The file was not laid out as belay writes JSON, so lines not set changed too: the operator is told.
		expect(events).toContainEqual({
			type: 'notice',
			key: 'set-table',
			level: 'warning',
			message: `${file} is not laid out the way belay writes JSON (2 spaces); lines that were not set may change too: check the diff`,
		});
	});

	it('keeps Windows line endings', async () => {
		const file = join(directory, 'vars.json');
		await writeFile(file, '{\r\n  "a": 1\r\n}\r\n');
		const {context, events} = harness({file, format: 'json', set: {a: 2}});
		await runEdit(context);
		expect(await readFile(file, 'utf8')).toBe('{\r\n  "a": 2\r\n}\r\n');
		expect(outputLines(events)).toContain('-  "a": 1');
	});

	it('writes through a temporary file renamed over the original, leaving nothing else behind', async () => {
		const file = join(directory, 'terraform.tfvars.json');
		await writeFile(file, tfvars);
		const inodeBefore = (await stat(file)).ino;
		await runEdit(harness({file, format: 'json', set: {region: 'eu-west-2'}}).context);
		expect(await readdir(directory)).toEqual(['terraform.tfvars.json']);
		expect((await stat(file)).ino).not.toBe(inodeBefore);
		expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({region: 'eu-west-2'});
	});

	it('keeps the file mode', async () => {
		const file = join(directory, 'secret.tfvars.json');
		await writeFile(file, tfvars);
		await chmod(file, 0o600);
		await runEdit(harness({file, format: 'json', set: {region: 'eu-west-2'}}).context);
		expect((await stat(file)).mode & 0o7777).toBe(0o600);

		// Group-writable: a mode the usual umask (022) would strip from a new file.
		await chmod(file, 0o664);
		await runEdit(harness({file, format: 'json', set: {region: 'eu-west-1'}}).context);
		expect((await stat(file)).mode & 0o7777).toBe(0o664);
	});

	it('does not rewrite a file that already has the values', async () => {
		const file = join(directory, 'terraform.tfvars.json');
		await writeFile(file, tfvars);
		const past = new Date('2020-01-01T00:00:00Z');
		await utimes(file, past, past);
		const inodeBefore = (await stat(file)).ino;
		const {context, events} = harness({file, format: 'json', set: {region: 'eu-west-1', 'dynamodb.billing_mode': 'PAY_PER_REQUEST'}});

		const {result} = await runEdit(context);

		expect(result).toEqual({diff: '', file, changed: false});
		const after = await stat(file);
		expect(after.mtime.toISOString()).toBe(past.toISOString());
		expect(after.ino).toBe(inodeBefore);
		expect(await readFile(file, 'utf8')).toBe(tfvars);
		expect(outputLines(events)).toEqual([`${file} already has these values; it was not written`]);
	});

	it('edits the target of a symlink and keeps the link', async () => {
		const file = join(directory, 'real.json');
		const link = join(directory, 'link.json');
		await writeFile(file, '{\n  "a": 1\n}\n');
		await symlink('real.json', link);
		await runEdit(harness({file: link, format: 'json', set: {a: 2}}).context);
		expect((await lstat(link)).isSymbolicLink()).toBe(true);
		expect(await readlink(link)).toBe('real.json');
		expect(await readFile(file, 'utf8')).toBe('{\n  "a": 2\n}\n');
	});

	it('fails on a path through a string, naming the file and path, and leaves the file alone', async () => {
		const file = join(directory, 'terraform.tfvars.json');
		await writeFile(file, tfvars);
		const {context, events} = harness({file, format: 'json', set: {'region.name': 'x'}});
		const error = await failure(runEdit(context));
		expect(error.error).toEqual({
			message: `${file}: cannot set "region.name": "region" is a string ("eu-west-1"), not a mapping or list, so it has no "name"; set "region" itself, or fix the path`,
			code: 'BadPath',
			details: {file},
		});
		expect(await readFile(file, 'utf8')).toBe(tfvars);
		expect(events).toEqual([]);
	});

	it('fails on a list index out of range', async () => {
		const file = join(directory, 'vars.json');
		await writeFile(file, '{"azs": ["a", "b"]}\n');
		const error = await failure(runEdit(harness({file, format: 'json', set: {'azs.2': 'c'}}).context));
		expect(error.message).toBe(
			`${file}: cannot set "azs.2": "azs" is a list of 2 items, so index 2 is out of range; use an index from 0 to 1; to add or remove items, set the whole list "azs"`,
		);
	});

	it('fails on a missing file without creating it', async () => {
		const file = join(directory, 'missing.tfvars.json');
		const error = await failure(runEdit(harness({file, format: 'json', set: {a: 1}}).context));
		expect(error.error.code).toBe('FileNotFound');
		expect(error.message).toBe(
			`${file} does not exist; edit changes an existing file and does not create one: check the path, or create the file first`,
		);
		expect(await readdir(directory)).toEqual([]);
	});

	it('fails on invalid JSON, naming the file and line', async () => {
		const file = join(directory, 'broken.json');
		const broken = '{\n  "a": 1,\n  "b": tru\n}\n';
		await writeFile(file, broken);
		const error = await failure(runEdit(harness({file, format: 'json', set: {a: 2}}).context));
		expect(error.error.code).toBe('ParseError');
		expect(error.message).toMatch(new RegExp(`^${escape(file)} is not valid JSON at line 3, column 8: unexpected "tru"; fix the file, then retry the step$`));
		expect(error.error.details).toEqual({file, line: 3, column: 8});
		expect(await readFile(file, 'utf8')).toBe(broken);
	});

	it('fails on JSON that ends early, naming the last line', async () => {
		const file = join(directory, 'broken.json');
		await writeFile(file, '{\n  "a": 1,\n');
		const error = await failure(runEdit(harness({file, format: 'json', set: {a: 2}}).context));
		expect(error.message).toBe(`${file} is not valid JSON at line 3, column 1: the file ends early; fix the file, then retry the step`);
	});

	it('does not overwrite a change made to the file while the diff was shown', async () => {
		const file = join(directory, 'terraform.tfvars.json');
		await writeFile(file, tfvars);
		const theirs = '{\n  "region": "eu-central-1"\n}\n';
		let changedByOperator = false;
		const {context} = harness({file, format: 'json', set: {region: 'eu-west-2'}}, () => {
			if (changedByOperator) return;
			changedByOperator = true;
			writeFileSync(file, theirs);
		});
		const error = await failure(runEdit(context));
		expect(error.error.code).toBe('FileChanged');
		expect(error.message).toBe(`${file} changed while it was being edited; nothing was written: retry the step to edit the new content`);
		expect(await readFile(file, 'utf8')).toBe(theirs);
		expect(await readdir(directory)).toEqual(['terraform.tfvars.json']);
	});

	it('does not write when the run is stopped before the write', async () => {
		const file = join(directory, 'terraform.tfvars.json');
		await writeFile(file, tfvars);
		const {context, controller} = harness({file, format: 'json', set: {region: 'eu-west-2'}}, () => controller.abort());
		await expect(runEdit(context)).rejects.toBeInstanceOf(Interrupted);
		expect(await readFile(file, 'utf8')).toBe(tfvars);
		expect(await readdir(directory)).toEqual(['terraform.tfvars.json']);
	});
});

const values = `# Values for the restore drill
dynamodb:
  # The table terraform manages
  table_name: Lpas # change me on restore
  billing_mode: "PAY_PER_REQUEST"

regions:
  - eu-west-1 # primary
  - eu-west-2
`;

describe('runEdit on YAML', () => {
	it('sets values keeping comments, quoting and blank lines elsewhere', async () => {
		const file = join(directory, 'values.yaml');
		await writeFile(file, values);
		const {context, events} = harness({
			file,
			format: 'yaml',
			set: {'dynamodb.table_name': 'Lpas-restored', 'regions.1': 'us-east-1', 'restore.enabled': true},
		});

		const {result} = await runEdit(context);

		const expected = `# Values for the restore drill
dynamodb:
  # The table terraform manages
  table_name: Lpas-restored # change me on restore
  billing_mode: "PAY_PER_REQUEST"

regions:
  - eu-west-1 # primary
  - us-east-1
restore:
  enabled: true
`;
		expect(await readFile(file, 'utf8')).toBe(expected);
		expect(result).toMatchObject({file, changed: true});
		expect(outputLines(events)).toEqual([
			`--- ${file}`,
			`+++ ${file}`,
			'@@ -1,9 +1,11 @@',
			' # Values for the restore drill',
			' dynamodb:',
			'   # The table terraform manages',
			'-  table_name: Lpas # change me on restore',
			'+  table_name: Lpas-restored # change me on restore',
			'   billing_mode: "PAY_PER_REQUEST"',
			' ',
			' regions:',
			'   - eu-west-1 # primary',
			'-  - eu-west-2',
			'+  - us-east-1',
			'+restore:',
			'+  enabled: true',
		]);
	});

	it('keeps sequences that are not indented under their key', async () => {
		const file = join(directory, 'values.yaml');
		await writeFile(file, 'regions:\n- eu-west-1\n- eu-west-2\nname: a\n');
		await runEdit(harness({file, format: 'yaml', set: {name: 'b'}}).context);
		expect(await readFile(file, 'utf8')).toBe('regions:\n- eu-west-1\n- eu-west-2\nname: b\n');
	});

	it('does not rewrite a file that already has the values', async () => {
		const file = join(directory, 'values.yaml');
		// Laid out differently from how the yaml library would write it: must stay as it is.
		const text = 'dynamodb:   {table_name:   Lpas}\n';
		await writeFile(file, text);
		const past = new Date('2020-01-01T00:00:00Z');
		await utimes(file, past, past);
		const {result} = await runEdit(harness({file, format: 'yaml', set: {'dynamodb.table_name': 'Lpas'}}).context);
		expect(result).toEqual({diff: '', file, changed: false});
		expect((await stat(file)).mtime.toISOString()).toBe(past.toISOString());
		expect(await readFile(file, 'utf8')).toBe(text);
	});

	it('finds a key written as a number', async () => {
		const file = join(directory, 'values.yaml');
		await writeFile(file, 'ports:\n  8080: http\n');
		await runEdit(harness({file, format: 'yaml', set: {'ports.8080': 'https'}}).context);
		expect(await readFile(file, 'utf8')).toBe('ports:\n  8080: https\n');
	});

	it('fails on a path through an alias, saying where to set it', async () => {
		const file = join(directory, 'values.yaml');
		const text = 'base: &base\n  size: 1\ncopy: *base\n';
		await writeFile(file, text);
		const error = await failure(runEdit(harness({file, format: 'yaml', set: {'copy.size': 2}}).context));
		expect(error.message).toBe(`${file}: cannot set "copy.size": "copy" is a YAML alias (*base); set the value where the anchor &base is defined instead`);
		expect(await readFile(file, 'utf8')).toBe(text);
	});

	it('fails on a path through a scalar', async () => {
		const file = join(directory, 'values.yaml');
		await writeFile(file, values);
		const error = await failure(runEdit(harness({file, format: 'yaml', set: {'dynamodb.table_name.x': 1}}).context));
		expect(error.error.code).toBe('BadPath');
		expect(error.message).toBe(
			`${file}: cannot set "dynamodb.table_name.x": "dynamodb.table_name" is a string ("Lpas"), not a mapping or list, so it has no "x"; set "dynamodb.table_name" itself, or fix the path`,
		);
		expect(await readFile(file, 'utf8')).toBe(values);
	});

	it('fails on invalid YAML, naming the file and line', async () => {
		const file = join(directory, 'values.yaml');
		const broken = 'a: 1\nb: [1, 2\nc: 3\n';
		await writeFile(file, broken);
		const error = await failure(runEdit(harness({file, format: 'yaml', set: {a: 2}}).context));
		expect(error.error.code).toBe('ParseError');
		expect(error.message).toMatch(new RegExp(`^${escape(file)} is not valid YAML at line 3, column 1: .+; fix the file, then retry the step$`));
		expect(await readFile(file, 'utf8')).toBe(broken);
	});
});

describe('runEdit on a YAML stream', () => {
	it('refuses a file with more than one document, naming where the second starts', async () => {
		const file = join(directory, 'values.yaml');
		await writeFile(file, 'a: 1\n---\nb: 2\n');
		const error = await failure(runEdit(harness({file, format: 'yaml', set: {a: 2}}).context));
		expect(error.message).toBe(
			`${file} is not valid YAML at line 2, column 1: it holds more than one document (a second starts here); edit changes files with one document only; fix the file, then retry the step`,
		);
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
