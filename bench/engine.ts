// Engine benchmark: (1) a 1,000-step runbook of trivial steps driven by the real Driver, session and journal
// (group commits, each one write and one fdatasync), no process spawned, reporting engine overhead per
// step, the CPU time it takes, and the journal's flushes; the same groups of events then written and
// fdatasynced alone, one after another, are the disk's share; (2) replaying a 100,000-event journal.
// Run with `npm run bench:engine`; results go to docs/BENCHMARKS.md.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {join} from 'node:path';
import {AwsRuntime} from '../source/aws/runtime.js';
import type {RunEvent} from '../source/engine/events.js';
import {initialState, replay} from '../source/engine/reduce.js';
import type {RunJournal} from '../source/ports/run-journal.js';
import {loadRunbookText} from '../source/runbook/load.js';
import {FileRunJournal} from '../source/store/file-journal.js';
import {Journal, readJournal} from '../source/store/journal.js';
import {inProcessDriver} from '../test/helpers/in-process.js';
import {benchRunStarted} from './run-started.js';

const steps = Number(process.env['BENCH_STEPS'] ?? 1000);
const replayEvents = Number(process.env['BENCH_EVENTS'] ?? 100_000);

function runbookText(count: number): string {
	const lines = ['version: 1', 'name: bench', 'title: Bench', 'pairing: none', 'steps:'];
	for (let index = 0; index < count; index++) {
		lines.push(`  - {id: s${index}, title: "Step ${index} of \${{ run.id }}", approve: {prompt: ok, by: any}, outputs: {n: "${index}"}}`);
	}
	return `${lines.join('\n')}\n`;
}

/** The file journal, keeping the groups of events it is given (each group one write and one fdatasync). */
function keepingGroups(file: FileRunJournal): RunJournal & {groups: (readonly RunEvent[])[]} {
	const groups: (readonly RunEvent[])[] = [];
	return {
		groups,
		get sequence() {
			return file.sequence;
		},
		append: (event, expected) => (groups.push([event]), file.append(event, expected)),
		appendAll: (events, expected) => (groups.push(events), file.appendAll(events, expected)),
		close: () => file.close(),
	};
}

type Drive = {totalMs: number; perStepMs: number; cpuMs: number; flushes: number; events: number; fsyncMs: number};

async function driveSteps(): Promise<Drive> {
	const dir = mkdtempSync(join(os.tmpdir(), 'belay-bench-'));
	try {
		const result = loadRunbookText(runbookText(steps), join(dir, 'bench.yaml'));
		if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
		const journal = keepingGroups(FileRunJournal.open(join(dir, 'journal.jsonl'), true, 0));
		const first = benchRunStarted('bench-run', 'alice');
		await journal.append(first, 0);
		journal.groups.length = 0;
		const {driver, close} = inProcessDriver(initialState(first), {
			loaded: result.loaded,
			journal,
			logPath: join(dir, 'output.log'),
			asker: {ask: async () => ({value: {approver: 'bob'}, by: 'bob'})},
			cwd: dir,
			aws: new AwsRuntime({endpoints: {}, runId: 'bench-run'}),
		});
		const start = process.hrtime.bigint();
		const cpuStart = process.cpuUsage();
		const outcome = await driver.drive();
		const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
		// The process's CPU time, all its threads (the writes' and fdatasyncs' system time too), not the time waited.
		const cpu = process.cpuUsage(cpuStart);
		close();
		await journal.close();
		if (outcome.status !== 'succeeded') throw new Error(`bench run ended ${outcome.status}`);
		const events = readJournal(join(dir, 'journal.jsonl')).events.length;
		// What the disk costs: the same groups of events written to a journal of their own as the
		// driver's journal writes them (one write and one fdatasync each), one after another.
		const probe = Journal.open(join(dir, 'probe.jsonl'), true);
		const fsyncStart = process.hrtime.bigint();
		for (const group of journal.groups) await probe.appendAll(group);
		const fsyncMs = Number(process.hrtime.bigint() - fsyncStart) / 1e6;
		probe.close();
		return {totalMs, perStepMs: totalMs / steps, cpuMs: (cpu.user + cpu.system) / 1000, flushes: journal.groups.length, events, fsyncMs};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

function replayJournal(): {ms: number; bytes: number; readMs: number} {
	const dir = mkdtempSync(join(os.tmpdir(), 'belay-bench-'));
	try {
		const events: RunEvent[] = [benchRunStarted('replay-run', 'alice')];
		const keys = 2500;
		let index = 0;
		while (events.length < replayEvents) {
			const key = `loop[${index % keys}].copy`;
			const at = new Date(Date.parse('2026-11-21T00:00:00Z') + events.length).toISOString();
			events.push({type: 'step-started', at, key, attempt: 1, request: {service: 'dynamodb', command: 'PutItem', input: {TableName: 't', Item: {id: {S: String(index)}}}}});
			events.push({type: 'step-succeeded', at, key, result: {ConsumedCapacity: {CapacityUnits: 1}}, outputs: {n: index}});
			index++;
		}
		events.length = replayEvents;
		const path = join(dir, 'journal.jsonl');
		writeFileSync(path, events.map(event => JSON.stringify(event)).join('\n') + '\n');
		const bytes = readFileSync(path).length;
		const start = process.hrtime.bigint();
		const read = readJournal(path);
		const readMs = Number(process.hrtime.bigint() - start) / 1e6;
		const state = replay(read.events);
		const ms = Number(process.hrtime.bigint() - start) / 1e6;
		if (state.eventCount !== replayEvents) throw new Error(`replayed ${state.eventCount} of ${replayEvents}`);
		return {ms, bytes, readMs};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

const drive = await driveSteps();
const replays = [replayJournal(), replayJournal(), replayJournal()].sort((a, b) => a.ms - b.ms);
const median = replays[1]!;
const overheadPerStep = (drive.totalMs - drive.fsyncMs) / steps;
const report = {
	steps,
	events: drive.events,
	driveMs: Math.round(drive.totalMs),
	perStepMs: Number(drive.perStepMs.toFixed(3)),
	cpuPerStepMs: Number((drive.cpuMs / steps).toFixed(3)),
	flushes: drive.flushes,
	fsyncMs: Math.round(drive.fsyncMs),
	overheadPerStepWithoutFsyncMs: Number(overheadPerStep.toFixed(3)),
	replayEvents,
	replayMs: Math.round(median.ms),
	replayReadParseMs: Math.round(median.readMs),
	journalMiB: Number((median.bytes / 1024 / 1024).toFixed(1)),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
const file = process.env['BENCH_OUT'];
if (file) writeFileSync(file, JSON.stringify(report));
