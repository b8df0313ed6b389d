import {isLoopbackUrl} from '../aws/loopback.js';
import type {Report} from '../kinds/definition.js';
import type {Environment} from './types.js';

/**
 * A sandbox environment never reaches AWS: it names no account, profile or role (its guard asks no
 * STS, its keys are fake), and its `endpoints:` are on this machine.
 */
export function checkSandbox(environment: Environment, report: Report): void {
	if (!environment.sandbox) return;
	for (const field of ['account', 'profile', 'roleArn'] as const) {
		if (environment[field] === undefined) continue;
		report(
			['environments', environment.name, field],
			`environment '${environment.name}' is a sandbox (sandbox: true), which never uses AWS, so it takes no ${field}; remove ${field}, or sandbox: true for a real account`,
			true,
		);
	}
	for (const [service, url] of Object.entries(environment.endpoints)) {
		if (isLoopbackUrl(url)) continue;
		report(
			['environments', environment.name, 'endpoints', service],
			`environment '${environment.name}' is a sandbox, so its endpoints are on this machine (http://localhost:PORT or http://127.0.0.1:PORT), not ${url}`,
		);
	}
}
