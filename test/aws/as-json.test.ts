import {describe, expect, it} from 'vitest';
import {asJson} from '../../source/aws/runtime.js';

/** A response as the journal and expressions hold it: JSON, copied only where something was not. */
describe('asJson', () => {
	it('turns dates into ISO text, binary into base64 and sets into lists', () => {
		const response = {Items: [{id: {S: 'a'}, key: {B: new Uint8Array([1, 2, 3])}, tags: {SS: new Set(['x', 'y'])}}], LastModified: new Date('2024-05-01T12:00:00Z')};
		expect(asJson(response)).toEqual({Items: [{id: {S: 'a'}, key: {B: 'AQID'}, tags: {SS: ['x', 'y']}}], LastModified: '2024-05-01T12:00:00.000Z'});
		expect(response.LastModified).toBeInstanceOf(Date);
		expect(response.Items[0]!.key.B).toBeInstanceOf(Uint8Array);
	});

	it('hands on what is JSON already as it is, and copies only the path to a change', () => {
		const plainItems = Array.from({length: 100}, (_, index) => ({id: {S: `cred-${index}`}, n: {N: String(index)}}));
		const response = {Items: plainItems, Count: 100};
		expect(asJson(response)).toBe(response);
		const withBinary = {Items: [plainItems[0], {id: {S: 'b'}, key: {B: new Uint8Array([255])}}], Count: 2};
		const converted = asJson(withBinary) as typeof withBinary;
		expect(converted).not.toBe(withBinary);
		expect(converted.Items[0]).toBe(plainItems[0]);
		expect(converted.Items[1]).toEqual({id: {S: 'b'}, key: {B: '/w=='}});
	});
});
