import {describe, expect, test} from 'vitest';
import {loadRunbookText} from '../../source/runbook/load.js';

/** `belay validate` over `error`: a wait's conditions may read it; nothing else can. */

const runbook = (steps: string): string => `version: 1
name: error-names
title: Error names
steps:
${steps}`;

const wait = (conditions: string): string => `  - id: gone
    title: Wait until the old instance is gone
    wait:
      aws: {service: rds, command: DescribeDBInstances, input: {DBInstanceIdentifier: lpa-old}}
${conditions}
`;

function problems(yaml: string): string[] {
	const result = loadRunbookText(yaml, 'runbook.yaml');
	return result.ok ? [] : result.problems.map(problem => `${problem.line}:${problem.column} ${problem.message}`);
}

describe('error in expressions', () => {
	test("a wait's until, failWhen, progress and message may read error (and result)", () => {
		const yaml = runbook(
			wait(`      until: error.name = 'DBInstanceNotFoundFault' or result.DBInstances[0].DBInstanceStatus = 'deleted'
      failWhen: error.statusCode >= 500 and error.code != 'Throttling'
      progress: 'error ? 100 : 50'
      message: "Still \${{ error ? error.message : result.DBInstances[0].DBInstanceStatus }}"`),
		);
		expect(problems(yaml)).toEqual([]);
	});

	test('anywhere else, error is refused where it is written, naming where it can be read', () => {
		const yaml = runbook(`  - id: describe
    title: Describe
    aws: {service: rds, command: DescribeDBInstances, input: {}}
    outputs:
      failed: error.name
  - id: later
    title: Later
    when: \${{ error.name = 'X' }}
    shell: echo later
`);
		const message = "'error' is available only in a wait's until, failWhen, progress and message (the poll's failed call)";
		expect(problems(yaml)).toEqual([`9:15 ${message}`, `12:15 ${message}`]);
	});
});
