/**
 * A stand-in for Repoman's `repoman-cli` (apt_repoman), for rehearsing belay's simpledb-backup and
 * simpledb-restore runbooks against moto. It implements what those runbooks use, as Repoman documents
 * it (doc/backup.md, the flags of apt_repoman/config.py):
 *
 *   repoman-cli [--simpledb-domain D] [--s3-bucket B] checkup
 *       the SimpleDB domain and the S3 bucket exist (exit 1 naming what is missing)
 *   repoman-cli ... setup -a ARCH -d DIST -c COMP
 *       creates the domain and writes the repository's configuration item
 *   repoman-cli ... backup
 *       the whole domain as compact JSON on standard output: {item: {attribute: [values]}}
 *   repoman-cli ... restore FILENAME
 *       every item and attribute of the backup written back on top of what is there: the backup's
 *       values of an attribute replace the item's; items and attributes not in the backup stay (so
 *       deletions are reverted, additions kept)
 *
 * The domain and bucket also come from REPOMAN_SIMPLEDB_DOMAIN and REPOMAN_S3_BUCKET; the emulator
 * from AWS_ENDPOINT_URL_SDB / AWS_ENDPOINT_URL (it talks to nothing else), the account and region
 * from the AWS_* variables. Requests go as SimpleDB's query API over plain HTTP; moto does not check
 * signatures, only reads the key and region of the Authorization header.
 *
 * moto's SimpleDB has no Select (the real backup lists the domain with it), DeleteAttributes or
 * BatchPutAttributes. So the stand-in keeps the names of the domain's items in one item of its own,
 * `__standin_items__` (never in a backup), and has two commands the real tool does not, for tests
 * to change the repository as `repoman-cli add` and `rm` would:
 *
 *   repoman-cli ... standin-put ITEM NAME=VALUE...   sets attributes of an item (replacing each NAME)
 *   repoman-cli ... standin-rm ITEM...               deletes items (they leave the list)
 */
import {readFileSync} from 'node:fs';

const index = '__standin_items__';
const configItem = '_repoman_config';

function fail(message) {
	process.stderr.write(`repoman-cli: ${message}\n`);
	process.exit(1);
}

const endpoint = (process.env.AWS_ENDPOINT_URL_SDB ?? process.env.AWS_ENDPOINT_URL ?? '').replace(/\/+$/, '');
if (!endpoint) fail('this stand-in talks only to an emulator: set AWS_ENDPOINT_URL');
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
const key = process.env.AWS_ACCESS_KEY_ID ?? 'AKIASTANDIN';
const authorization = service => `AWS4-HMAC-SHA256 Credential=${key}/20240101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;

const unescape = text => text.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-f]+));/gi, (_, name, dec, hex) =>
	dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : {lt: '<', gt: '>', quot: '"', apos: "'", amp: '&'}[name]);
/** fetch, failing with a line (not a stack) when nothing answers at the emulator's address. */
const request = (url, init) => fetch(url, init).catch(error => fail(`nothing answers at ${endpoint} (${error.cause?.code ?? error.cause?.message ?? error.message}): is the sandbox (or moto) running?`));
const all = (xml, tag) => [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(match => unescape(match[1]));

/** One SimpleDB action; the response's XML. */
async function sdb(action, parameters = {}) {
	const body = new URLSearchParams({Action: action, Version: '2009-04-15', ...parameters});
	const response = await request(`${endpoint}/`, {
		method: 'POST',
		headers: {'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: authorization('sdb')},
		body,
	});
	const xml = await response.text();
	if (!response.ok) fail(`SimpleDB ${action}: ${all(xml, 'Code')[0] ?? response.status}: ${all(xml, 'Message')[0] ?? xml.slice(0, 200)}`);
	return xml;
}

async function attributes(domain, item) {
	const xml = await sdb('GetAttributes', {DomainName: domain, ItemName: item, ConsistentRead: 'true'});
	const values = {};
	for (const attribute of all(xml, 'Attribute')) (values[all(attribute, 'Name')[0]] ??= []).push(all(attribute, 'Value')[0]);
	return values;
}

/** Each attribute's values replace the item's values of that name. */
async function put(domain, item, values) {
	const parameters = {DomainName: domain, ItemName: item};
	let n = 0;
	for (const [name, listed] of Object.entries(values)) {
		listed.forEach((value, position) => {
			n += 1;
			parameters[`Attribute.${n}.Name`] = name;
			parameters[`Attribute.${n}.Value`] = value;
			if (position === 0) parameters[`Attribute.${n}.Replace`] = 'true';
		});
	}
	if (n > 0) await sdb('PutAttributes', parameters);
}

const items = async domain => [...new Set((await attributes(domain, index)).item ?? [])].filter(Boolean).sort();
const listItems = async (domain, names) => put(domain, index, {item: names.length ? [...new Set(names)].sort() : ['']});

/** The flags before the command, then the command and its arguments. */
function parse(argv) {
	const flags = {domain: process.env.REPOMAN_SIMPLEDB_DOMAIN, bucket: process.env.REPOMAN_S3_BUCKET};
	const rest = [...argv];
	while (rest[0]?.startsWith('--')) {
		const flag = rest.shift();
		if (flag === '--simpledb-domain') flags.domain = rest.shift();
		else if (flag === '--s3-bucket') flags.bucket = rest.shift();
		else fail(`unknown flag ${flag}`);
	}
	if (!flags.domain) fail('--simpledb-domain (or REPOMAN_SIMPLEDB_DOMAIN) is required');
	if (!flags.bucket) fail('--s3-bucket (or REPOMAN_S3_BUCKET) is required');
	return {...flags, command: rest.shift(), args: rest};
}

const {domain, bucket, command, args} = parse(process.argv.slice(2));
switch (command) {
	case 'checkup': {
		if (!all(await sdb('ListDomains'), 'DomainName').includes(domain)) fail(`the SimpleDB domain ${domain} does not exist`);
		const head = await request(`${endpoint}/${bucket}`, {method: 'HEAD', headers: {authorization: authorization('s3')}});
		if (!head.ok) fail(`the S3 bucket ${bucket} cannot be reached (HTTP ${head.status})`);
		console.log(`SimpleDB domain ${domain} and S3 bucket ${bucket}: ok`);
		break;
	}
	case 'setup': {
		const config = {architectures: [], distributions: [], components: []};
		const names = {'-a': 'architectures', '-d': 'distributions', '-c': 'components'};
		for (let at = 0; at < args.length; at += 2) {
			if (!names[args[at]] || args[at + 1] === undefined) fail(`setup: expected -a ARCH, -d DIST or -c COMP, got ${args[at]}`);
			config[names[args[at]]].push(args[at + 1]);
		}
		await sdb('CreateDomain', {DomainName: domain});
		await put(domain, configItem, config);
		await listItems(domain, [...(await items(domain)), configItem]);
		break;
	}
	case 'backup': {
		const dump = {};
		for (const item of await items(domain)) {
			const values = await attributes(domain, item);
			if (Object.keys(values).length) dump[item] = values;
		}
		process.stdout.write(`${JSON.stringify(dump)}\n`);
		break;
	}
	case 'restore': {
		if (args.length !== 1) fail('restore: expected the backup file');
		const backup = JSON.parse(readFileSync(args[0], 'utf8'));
		if (backup === null || typeof backup !== 'object' || Array.isArray(backup)) fail(`${args[0]} is not a repoman backup`);
		for (const [item, values] of Object.entries(backup)) await put(domain, item, values);
		await listItems(domain, [...(await items(domain)), ...Object.keys(backup)]);
		process.stderr.write(`restored ${Object.keys(backup).length} items to ${domain}\n`);
		break;
	}
	case 'standin-put': {
		const [item, ...pairs] = args;
		const values = {};
		for (const pair of pairs) {
			const at = pair.indexOf('=');
			(values[pair.slice(0, at)] ??= []).push(pair.slice(at + 1));
		}
		await put(domain, item, values);
		await listItems(domain, [...(await items(domain)), item]);
		break;
	}
	case 'standin-rm':
		await listItems(domain, (await items(domain)).filter(name => !args.includes(name)));
		break;
	default:
		fail(`unknown command ${command}: this stand-in has checkup, setup, backup, restore, standin-put, standin-rm`);
}
