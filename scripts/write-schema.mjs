// Regenerates schema/runbook.schema.json, the JSON Schema editors read (yaml-language-server), from
// the built CLI: builds dist/belay.js, then writes what `belay schema` prints.
// Run it after changing the runbook format: `node scripts/write-schema.mjs`.
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schema', 'runbook.schema.json');

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
const schema = execFileSync(process.execPath, [join(root, 'dist', 'belay.js'), 'schema'], {cwd: root, encoding: 'utf8'});
JSON.parse(schema);
mkdirSync(dirname(target), {recursive: true});
writeFileSync(target, schema);
process.stdout.write(`wrote ${target.slice(root.length + 1)}\n`);
