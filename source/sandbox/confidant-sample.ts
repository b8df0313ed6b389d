import {createHash} from 'node:crypto';

/**
 * Sample Confidant data for the sandbox, shaped as Confidant (PynamoDB) stores it: one table keyed
 * on `id`, `data_type` telling credentials (`credential`), their revisions (`archive-credential`,
 * ids `<id>-1` .. `<id>-<revision>`), blind credentials and services apart; a GSI
 * `data_type_date_index` on (`data_type`, `modified_date`). Deterministic for a given `now`.
 */

type Attribute = {S: string} | {N: string} | {BOOL: boolean} | {SS: string[]} | {L: {S: string}[]} | {B: Uint8Array};
export type Item = Record<string, Attribute>;

export type SampleCredential = {
	readonly name: string;
	readonly enabled: boolean;
	readonly revision: number;
	/** Whole days since it was last modified. */
	readonly ageDays: number;
	/** Services whose `credentials` set holds it. */
	readonly services: readonly string[];
	/** Where it is kept: the primary table, the archive table (archived earlier), or both. */
	readonly table: 'primary' | 'archive' | 'both';
};

/** The credentials of the sample, by name: what each one shows a rehearsal. */
export const sampleCredentials: readonly SampleCredential[] = [
	{name: 'billing/db-password-2019', enabled: false, revision: 3, ageDays: 800, services: [], table: 'primary'},
	{name: 'search/old-api-key', enabled: false, revision: 2, ageDays: 400, services: [], table: 'primary'},
	{name: 'mail/smtp-password-old', enabled: false, revision: 1, ageDays: 120, services: [], table: 'primary'},
	{name: 'reports/s3-key-rotated', enabled: false, revision: 4, ageDays: 45, services: [], table: 'primary'},
	{name: 'web/legacy-session-secret', enabled: false, revision: 2, ageDays: 300, services: ['legacy-web'], table: 'primary'},
	{name: 'payments/stripe-key', enabled: true, revision: 5, ageDays: 500, services: ['payments-api'], table: 'primary'},
	{name: 'chat/slack-token', enabled: true, revision: 1, ageDays: 10, services: ['chat-bot'], table: 'primary'},
	{name: 'ci/jenkins-token', enabled: true, revision: 2, ageDays: 200, services: [], table: 'primary'},
	{name: 'web/new-feature-flag-key', enabled: false, revision: 2, ageDays: 3, services: [], table: 'primary'},
	{name: 'analytics/warehouse-password', enabled: false, revision: 3, ageDays: 900, services: [], table: 'archive'},
	{name: 'auth/ldap-bind-2018', enabled: false, revision: 1, ageDays: 1200, services: [], table: 'archive'},
	{name: 'ops/pagerduty-key', enabled: false, revision: 2, ageDays: 700, services: [], table: 'both'},
];

/** Services of the sample: each maps the credentials that name it (and a blind credential or none). */
export const sampleServices: readonly string[] = ['legacy-web', 'payments-api', 'chat-bot', 'idle-worker'];

/** A credential's id: 32 hex digits, as Confidant's uuid4().hex, derived from its name. */
export function sampleId(name: string): string {
	return createHash('sha256').update(`belay-sandbox:${name}`).digest('hex').slice(0, 32);
}

/** PynamoDB's UTC date format: `2024-07-15T10:00:00.000000+0000`. */
export function confidantDate(date: Date): string {
	return `${date.toISOString().slice(0, 23)}000+0000`;
}

const day = 86_400_000;

function credentialItem(id: string, dataType: string, name: string, enabled: boolean, revision: number, modified: Date): Item {
	return {
		id: {S: id},
		data_type: {S: dataType},
		name: {S: name},
		enabled: {BOOL: enabled},
		revision: {N: String(revision)},
		modified_date: {S: confidantDate(modified)},
		modified_by: {S: 'alice@example.com'},
		credential_pairs: {S: Buffer.from(`sandbox-ciphertext:${id}`).toString('base64')},
		data_key: {B: new Uint8Array(createHash('sha256').update(id).digest())},
		cipher_type: {S: 'fernet'},
		cipher_version: {N: '2'},
		tags: {L: [{S: name.split('/')[0]!}]},
	};
}

/** A credential and its revisions: revision r was modified (revision - r) days before the credential. */
function withRevisions(sample: SampleCredential, now: Date, dataTypes = {current: 'credential', revision: 'archive-credential'}): Item[] {
	const id = sampleId(sample.name);
	const modified = new Date(now.getTime() - sample.ageDays * day - 3_600_000);
	const items = [credentialItem(id, dataTypes.current, sample.name, sample.enabled, sample.revision, modified)];
	for (let revision = 1; revision <= sample.revision; revision++) {
		const at = new Date(modified.getTime() - (sample.revision - revision) * day);
		items.push(credentialItem(`${id}-${revision}`, dataTypes.revision, sample.name, revision === sample.revision ? sample.enabled : true, revision, at));
	}
	return items;
}

/** The items of the primary and archive tables. */
export function confidantSample(now: Date): {primary: Item[]; archive: Item[]} {
	const primary: Item[] = [];
	const archive: Item[] = [];
	for (const sample of sampleCredentials) {
		const items = withRevisions(sample, now);
		if (sample.table !== 'archive') primary.push(...items);
		if (sample.table !== 'primary') archive.push(...items);
	}
	const blind = {name: 'payments/blind-signing-key', enabled: true, revision: 2, ageDays: 30, services: [], table: 'primary'} as const;
	const blindId = sampleId(blind.name);
	primary.push(...withRevisions(blind, now, {current: 'blind-credential', revision: 'archive-blind-credential'}));
	for (const [position, service] of sampleServices.entries()) {
		const credentials = sampleCredentials.filter(sample => sample.services.includes(service) && sample.table !== 'archive').map(sample => sampleId(sample.name));
		primary.push({
			id: {S: service},
			data_type: {S: 'service'},
			enabled: {BOOL: true},
			revision: {N: '1'},
			modified_date: {S: confidantDate(new Date(now.getTime() - (position + 1) * 7 * day))},
			modified_by: {S: 'bob@example.com'},
			...(credentials.length > 0 ? {credentials: {SS: credentials}} : {}),
			...(service === 'payments-api' ? {blind_credentials: {SS: [blindId]}} : {}),
			account: {S: 'sandbox'},
		});
	}
	return {primary, archive};
}
