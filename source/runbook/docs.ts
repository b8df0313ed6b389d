import {renderSteps, stepOverview} from './docs-steps.js';
import {cell, code, codeOrDash, table} from './markdown.js';
import type {LoadedRunbook, Runbook} from './types.js';

/**
 * The runbook as a Markdown document (`belay docs`): what it is, where and with what it runs, then
 * every step with what it does. Expressions are shown as written, never evaluated.
 */
export function renderDocs(loaded: LoadedRunbook): string {
	const {runbook} = loaded;
	const sections: string[] = [
		`# ${runbook.title}`,
		`Runbook ${code(runbook.name)} (format version ${runbook.version}). Start it with ${code(startCommand(runbook))}.`,
	];
	if (runbook.description) sections.push(runbook.description.trimEnd());
	sections.push(`**Pairing:** ${pairingText[runbook.pairing]}`);
	sections.push(...environmentsSection(runbook), ...inputsSection(runbook), ...varsSection(runbook));
	sections.push('## Steps', stepOverview(runbook), ...renderSteps(runbook));
	return `${sections.join('\n\n')}\n`;
}

const pairingText: Record<Runbook['pairing'], string> = {
	required: 'required. A second person (the pair) takes part in every run and checks each step.',
	optional: 'optional. A pair may join the run.',
	none: 'none. One operator runs it.',
};

function startCommand(runbook: Runbook): string {
	const environments = Object.keys(runbook.environments);
	const env = environments.length === 0 ? '' : ` --env ${environments.length === 1 ? environments[0] : 'ENV'}`;
	return `belay run ${runbook.name}${env}`;
}

function environmentsSection(runbook: Runbook): string[] {
	const environments = Object.values(runbook.environments);
	if (environments.length === 0) {
		return ['## Environments', 'None declared: a run uses the AWS identity and region of the shell it starts in.'];
	}
	const yesNo = (value: boolean): string => (value ? '**yes**' : 'no');
	const sandboxes = environments.some(environment => environment.sandbox);
	const out = [
		'## Environments',
		'A run names one with `--env NAME`. When an account is set, the caller must be in it before any step runs.',
		table(
			['environment', 'account', 'region', 'profile', 'roleArn', 'protected', ...(sandboxes ? ['sandbox'] : [])],
			environments.map(environment => [
				cell(code(environment.name)),
				codeOrDash(environment.account),
				codeOrDash(environment.region),
				codeOrDash(environment.profile),
				codeOrDash(environment.roleArn),
				yesNo(environment.protected),
				...(sandboxes ? [environment.sandbox ? 'yes' : 'no'] : []),
			]),
		),
	];
	if (sandboxes) out.push(sandboxText);
	const described = environments.filter(environment => environment.description);
	if (described.length > 0) {
		out.push(described.map(environment => `- ${code(environment.name)}: ${cell(environment.description!)}`).join('\n'));
	}
	if (environments.some(environment => environment.protected)) {
		out.push('In a protected environment every mutating step asks for confirmation before it runs; a foreach asks once, for all its items.');
	}
	const varNames = [...new Set(environments.flatMap(environment => Object.keys(environment.vars)))];
	if (varNames.length > 0) {
		out.push(
			'Variables per environment (merged over the runbook’s vars):',
			table(
				['var', ...environments.map(environment => cell(code(environment.name)))],
				varNames.map(name => [cell(code(name)), ...environments.map(environment => codeOrDash(environment.vars[name]))]),
			),
		);
	}
	const endpoints = environments.filter(environment => Object.keys(environment.endpoints).length > 0);
	for (const environment of endpoints) {
		const list = Object.entries(environment.endpoints).map(([service, url]) => `${code(service)} → ${code(url)}`);
		out.push(`Endpoints in ${code(environment.name)}: ${list.join(', ')}`);
	}
	return out;
}

const sandboxText =
	'A sandbox environment is a rehearsal on this machine: it never reaches AWS. Start `belay sandbox` in another terminal first ' +
	'(a local DynamoDB with sample data; more services where moto_server is installed), or point `AWS_ENDPOINT_URL_<SERVICE>` ' +
	'at a local emulator. Before any step, belay checks that every service the runbook calls has an endpoint on this machine ' +
	'that answers, and refuses (exit code 5) otherwise; without AWS keys in the shell it signs with fake ones.';

function inputsSection(runbook: Runbook): string[] {
	const inputs = Object.values(runbook.inputs);
	if (inputs.length === 0) return [];
	return [
		'## Inputs',
		'Asked once when a run starts, or given with `--input NAME=VALUE`.',
		table(
			['input', 'type', 'default', 'required', 'allowed', 'secret', 'description'],
			inputs.map(input => {
				const allowed = [
					...(input.pattern !== undefined ? [`pattern ${code(input.pattern)}`] : []),
					...(input.enum ? [`one of ${input.enum.map(value => code(String(value))).join(', ')}`] : []),
				];
				return [
					cell(code(input.name)),
					input.type,
					codeOrDash(input.default),
					input.required ? 'yes' : 'no',
					allowed.length > 0 ? cell(allowed.join('; ')) : '—',
					input.secret ? '**yes**' : 'no',
					cell(input.description ?? input.prompt ?? ''),
				];
			}),
		),
	];
}

function varsSection(runbook: Runbook): string[] {
	const vars = Object.entries(runbook.vars);
	if (vars.length === 0) return [];
	return [
		'## Variables',
		'Computed once when a run starts, recorded, and reused on resume. Read them as `vars.NAME`.',
		table(
			['var', 'value'],
			vars.map(([name, value]) => [cell(code(name)), codeOrDash(value)]),
		),
	];
}
