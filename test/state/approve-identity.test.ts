import {describe, expect, it} from 'vitest';
import {belay, describeExit, tempDir, writeRunbook} from '../cli/belay.js';
import {assumeRole, motoAccount, motoEnv} from '../helpers/moto.js';
import {newStateTable, useMoto} from './state-tables.js';

describe('belay approve with AWS in the run (moto: STS and the shared table)', () => {
	it("records the approver's own caller identity beside the name, refuses the operator's, and a paused run takes the approval on resume", async () => {
		const moto = await useMoto();
		const url = await newStateTable(moto);
		const [home, first, second] = [await tempDir('belay-id-'), await tempDir('belay-id-a-'), await tempDir('belay-id-b-')];
		const file = await writeRunbook(home, 'approve-aws.yaml', {
			version: 1,
			name: 'approve-aws',
			title: 'Approve with AWS',
			pairing: 'required',
			environments: {production: {account: motoAccount, region: 'eu-west-1'}},
			steps: [{id: 'plan-reviewed', title: 'Plan reviewed', approve: 'Is the plan right?'}],
		});
		const operator = motoEnv(moto.endpoint);
		const paused = await belay(['run', file, '--env', 'production', '--run-id', 'id1', '--operator', 'alice', '--pair', 'bob', '--state', url, '--state-dir', first], {env: operator});
		expect(paused.code, describeExit(paused)).toBe(3);
		expect(paused.stderr).toContain('belay resume id1');

		const sameIdentity = await belay(['approve', 'id1', 'plan-reviewed', '--operator', 'bob', '--state', url, '--state-dir', second], {env: operator});
		expect(sameIdentity.code, describeExit(sameIdentity)).toBe(5);
		expect(sameIdentity.stderr).toContain('is the identity the operator drives run id1 with; approve with your own AWS credentials');

		const bobKeys = await assumeRole(moto.endpoint, `arn:aws:iam::${motoAccount}:role/approver`, 'bob');
		const approved = await belay(['approve', 'id1', '--operator', 'bob', '--state', url, '--state-dir', second], {env: motoEnv(moto.endpoint, bobKeys)});
		expect(approved.code, describeExit(approved)).toBe(0);
		expect(approved.stdout).toContain(`approved plan-reviewed of run id1 as bob (arn:aws:sts::${motoAccount}:assumed-role/approver/bob)`);

		const resumed = await belay(['resume', 'id1', '--state', url, '--state-dir', first], {env: operator});
		expect(resumed.code, describeExit(resumed)).toBe(0);
		const report = await belay(['report', 'id1', '--format', 'json', '--state', url, '--state-dir', second], {env: operator});
		expect(report.stdout).toContain(`bob (arn:aws:sts::${motoAccount}:assumed-role/approver/bob)`);
	}, 60_000);
});
