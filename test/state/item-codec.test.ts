import {randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/engine/events.js';
import {EventTooLarge, eventItem, itemEvent} from '../../source/store/dynamo/item-codec.js';

const succeeded = (stdout: string): RunEvent =>
	({type: 'step-succeeded', at: '2026-12-01T00:00:00.000Z', key: 'dump', attempt: 1, result: {stdout}, outputs: {}}) as unknown as RunEvent;

describe('events as items', () => {
	it('keeps an event as JSON text, and one over 100 KB gzipped (an item holds 400 KB)', () => {
		const small = eventItem('r', 3, succeeded('ok'), 'w1');
		expect(small).toMatchObject({run: {S: 'r'}, seq: {N: '3'}, w: {S: 'w1'}});
		expect(small['e']).toBeDefined();
		expect(itemEvent(small)).toEqual(succeeded('ok'));

		const big = succeeded('a table row, again and again\n'.repeat(30_000));
		const packed = eventItem('r', 4, big, 'w1');
		expect(packed['e']).toBeUndefined();
		expect((packed['z'] as {B: Uint8Array}).B.length).toBeLessThan(100 * 1024);
		expect(itemEvent(packed)).toEqual(big);
	});

	it('refuses an event too large even compressed, naming the step and what to do', () => {
		const noise = succeeded(randomBytes(450 * 1024).toString('base64'));
		expect(() => eventItem('r', 5, noise, 'w1')).toThrow(EventTooLarge);
		expect(() => eventItem('r', 5, noise, 'w1')).toThrow(/step-succeeded event of step 'dump' takes \d+ KB compressed.*--state local/);
	});

	it('says what an item holds that is not an event', () => {
		expect(itemEvent({run: {S: 'r'}, seq: {N: '0'}})).toBe('an item without an event');
		expect(itemEvent({run: {S: 'r'}, seq: {N: '0'}, e: {S: '{"type":"nope","at":"x"}'}})).toMatch(/a type this belay does not know/);
	});
});
