import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {ask, keys, question} from './helpers.js';

afterEach(cleanup);

const interrupted = question(
	{type: 'resume', mutating: true, attempts: 1},
	{request: {service: 'dynamodb', command: 'RestoreTableFromBackup', input: {TargetTableName: 'orders'}}},
);

describe('resume prompt', () => {
	it('says what the step does, that it may have acted already, and the attempts so far', async () => {
		const frame = (await ask(interrupted)).frame();
		expect(frame).toContain('Restore the table (restore) was interrupted');
		expect(frame).toContain('aws dynamodb RestoreTableFromBackup {"TargetTableName":"orders"}');
		expect(frame).toContain('it may have acted already: check before retrying');
		expect(frame).toContain('Attempts so far: 1');
		expect(frame).toContain('Retry (run it again)');
		expect(frame).toContain('Mark done (it finished; record it as done)');
		expect(frame).toContain('Skip');
	});

	it('says a read-only step is safe to retry, with its title when the request says nothing', async () => {
		const frame = (await ask(question({type: 'resume', mutating: false, attempts: 2}))).frame();
		expect(frame).not.toContain('may have acted');
		expect(frame).toContain('It only reads: retrying is safe.');
		expect(frame).toContain('Attempts so far: 2');
	});

	it.each([
		[[keys.enter], 'retry'],
		[[keys.down, keys.enter], 'done'],
		[[keys.down, keys.down, keys.enter], 'skip'],
	])('%j answers %s, by the operator', async (input, answer) => {
		const view = await ask(interrupted);
		await view.type(...input);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith(answer, 'alice');
		expect(view.onQuit).not.toHaveBeenCalled();
	});

	it('quits on q', async () => {
		const view = await ask(interrupted);
		await view.type('q');
		expect(view.onQuit).toHaveBeenCalledOnce();
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it.each([6, 8, 10])('fits a room %i rows high on a narrow screen, the warning whole and every choice reachable', async rows => {
		const view = await ask(interrupted, 'alice', {rows, width: 50});
		const frame = view.frame();
		expect(frame.split('\n').length, frame).toBeLessThanOrEqual(rows);
		expect(frame.replace(/\s+/g, ' ')).toContain('it may have acted already: check before retrying');
		await view.type(keys.down, keys.down, keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('skip', 'alice');
	});

	// At 80×24 the command it asks about is whole: what the operator checks before retrying (once
	// cut at the width: "…{"TargetTableName":"orders-restored","Bac…", the BackupArn lost).
	it('shows a long request whole, its lines cut at the width, in the room it has at 80×24', async () => {
		const arn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/backup/01700000000000-abcdef12';
		const long = question({type: 'resume', mutating: true, attempts: 1}, {request: {service: 'dynamodb', command: 'RestoreTableFromBackup', input: {TargetTableName: 'orders-restored', BackupArn: arn}}});
		const view = await ask(long, 'alice', {rows: 13, width: 78});
		const frame = view.frame();
		expect(frame.split('\n').length, frame).toBeLessThanOrEqual(13);
		expect(frame.replace(/\n/g, '')).toContain(arn);
	});
});
