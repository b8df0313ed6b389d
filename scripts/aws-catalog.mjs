// Generates source/aws/catalog.json from the installed AWS SDK v3 clients: for each supported
// service, its commands, their top-level input members, the idempotency-token member (if any) and
// whether a paginator exists; the SDK's service id (AWS_ENDPOINT_URL_<ID>); and, for a client that
// carries no static schemas (an old one), the input shapes and timestamp members from its type
// declarations (scripts/aws-model-shapes.mjs). Validation reads this file instead of loading the clients, so
// `belay validate` stays fast. Run `npm run catalog` after upgrading an @aws-sdk/client-* package;
// test/aws/catalog.test.ts fails when the committed catalog and the installed clients disagree.
import {readFile, readdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {inputShapes, timestampMembers} from './aws-model-shapes.mjs';
import {services} from './aws-services.mjs';

const tokenNames = ['IdempotencyToken', 'ClientToken', 'ClientRequestToken'];

async function readModels(dir) {
	const modelsDir = join(dir, 'dist-types', 'models');
	const texts = [];
	for (const file of (await readdir(modelsDir)).sort()) {
		if (file.endsWith('.d.ts')) texts.push(await readFile(join(modelsDir, file), 'utf8'));
	}
	return texts.join('\n');
}

function interfaceMembers(models, name) {
	const start = models.search(new RegExp(`export interface ${name} \\{`));
	if (start < 0) return undefined;
	const end = models.indexOf('\n}', start);
	const body = models.slice(start, end);
	const members = [];
	for (const match of body.matchAll(/^ {4}(\w+)\??: /gm)) members.push(match[1]);
	return members;
}

/** The SDK's service id of a client package (`serviceId: config?.serviceId ?? "DynamoDB"`). */
async function serviceId(dir) {
	const cjs = join(dir, 'dist-cjs');
	for (const file of (await readdir(cjs)).filter(f => f.endsWith('.js')).sort()) {
		const id = (await readFile(join(cjs, file), 'utf8')).match(/serviceId: config\?\.serviceId \?\? "([^"]+)"/)?.[1];
		if (id) return id;
	}
	throw new Error(`no service id in ${dir}`);
}

/** Whether the client exports static schemas (newer clients), which belay reads at call time. */
async function hasSchemas(dir) {
	try {
		await readdir(join(dir, 'dist-es', 'schemas'));
		return true;
	} catch {
		return false;
	}
}

export async function buildCatalog(root = 'node_modules/@aws-sdk') {
	const catalog = {};
	for (const [service, info] of Object.entries(services)) {
		const dir = join(root, info.package);
		const packageJson = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
		const models = info.document ? '' : await readModels(dir);
		const commandFiles = (await readdir(join(dir, 'dist-types', 'commands'))).filter(f =>
			f.endsWith('Command.d.ts'),
		);
		let paginators = [];
		try {
			paginators = (await readdir(join(dir, 'dist-types', 'pagination')))
				.filter(f => f.endsWith('Paginator.d.ts'))
				.map(f => f.replace(/Paginator\.d\.ts$/, ''));
		} catch {}
		const legacy = !info.document && !(await hasSchemas(dir));
		const commands = {};
		const roots = [];
		for (const file of commandFiles.sort()) {
			const command = file.replace(/Command\.d\.ts$/, '');
			const text = await readFile(join(dir, 'dist-types', 'commands', file), 'utf8');
			const base = text.match(new RegExp(`interface ${command}CommandInput extends (\\w+)`))?.[1];
			const members = base ? interfaceMembers(models, base) : undefined;
			const token = members?.find(m => tokenNames.includes(m));
			if (legacy && base) roots.push(base);
			commands[command] = {
				...(members ? {input: members} : {}),
				...(legacy && base ? {shape: base} : {}),
				...(token ? {token} : {}),
				...(paginators.includes(command) ? {paginate: true} : {}),
			};
		}
		const id = await serviceId(join(root, services[info.base ?? service].package));
		catalog[service] = {
			package: info.package,
			client: info.client,
			version: packageJson.version,
			serviceId: id,
			commands,
			...(legacy ? {shapes: inputShapes(models, roots), timestamps: timestampMembers(models)} : {}),
		};
	}
	return catalog;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const catalog = await buildCatalog();
	await writeFile('source/aws/catalog.json', JSON.stringify(catalog, null, '\t') + '\n');
	const counts = Object.entries(catalog).map(([s, c]) => `${s} ${Object.keys(c.commands).length}`);
	console.log(`source/aws/catalog.json: ${counts.join(', ')}`);
}
