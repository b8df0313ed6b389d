// Generates source/aws/catalog.json from the installed AWS SDK v3 clients: for each supported
// service, its commands, their top-level input members, the idempotency-token member (if any) and
// whether a paginator exists. Validation reads this file instead of loading the clients, so
// `belay validate` stays fast. Run `npm run catalog` after upgrading an @aws-sdk/client-* package;
// test/aws/catalog.test.ts fails when the committed catalog and the installed clients disagree.
import {readFile, readdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
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
		const commands = {};
		for (const file of commandFiles.sort()) {
			const command = file.replace(/Command\.d\.ts$/, '');
			const text = await readFile(join(dir, 'dist-types', 'commands', file), 'utf8');
			const base = text.match(new RegExp(`interface ${command}CommandInput extends (\\w+)`))?.[1];
			const members = base ? interfaceMembers(models, base) : undefined;
			const token = members?.find(m => tokenNames.includes(m));
			commands[command] = {
				...(members ? {input: members} : {}),
				...(token ? {token} : {}),
				...(paginators.includes(command) ? {paginate: true} : {}),
			};
		}
		catalog[service] = {package: info.package, client: info.client, version: packageJson.version, commands};
	}
	return catalog;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const catalog = await buildCatalog();
	await writeFile('source/aws/catalog.json', JSON.stringify(catalog, null, '\t') + '\n');
	const counts = Object.entries(catalog).map(([s, c]) => `${s} ${Object.keys(c.commands).length}`);
	console.log(`source/aws/catalog.json: ${counts.join(', ')}`);
}
