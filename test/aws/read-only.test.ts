import {describe, expect, test} from 'vitest';
import {awsCatalog, isReadOnlyCommand, readOnlyPrefixes} from '../../source/aws/catalog.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {isMutatingStep} from '../../source/runbook/side-effect.js';

/**
 * Which AWS commands count as read-only (a dry run runs them; a resume runs them again on its
 * own): the format's verbs and the few belay adds. The verbs belay adds are pinned to the commands
 * they match in the supported clients, so a new client whose command of such a name writes is
 * noticed here before a dry run performs it.
 */

const formatVerbs = ['Describe', 'List', 'Get', 'Scan', 'Query', 'BatchGet'];

describe('read-only commands', () => {
	test('beyond the format\'s verbs, exactly these commands of the supported clients are read-only', () => {
		const verbOf = (command: string): string | undefined =>
			readOnlyPrefixes.find(prefix => command.startsWith(prefix) && /^[A-Z]|^$/.test(command.charAt(prefix.length)));
		const matched = Object.entries(awsCatalog).flatMap(([service, info]) =>
			Object.keys(info.commands)
				.filter(command => isReadOnlyCommand(command) && !formatVerbs.includes(verbOf(command)!))
				.map(command => `${service} ${command}`),
		);
		expect(matched.sort()).toEqual(
			[
				'dynamodb TransactGetItems',
				'dynamodb-document TransactGet',
				's3 HeadBucket',
				's3 HeadObject',
				'dynamodb SearchVectors',
				'dynamodb-document SearchVectors',
				'elasticbeanstalk CheckDNSAvailability',
				'osis ValidatePipeline',
				'elasticbeanstalk ValidateConfigurationSettings',
			].sort(),
		);
	});

	test('a verb counts only as a whole word: GetItem reads, GenerateDataKey and Checkout... do not', () => {
		expect(['GetItem', 'HeadObject', 'TransactGetItems', 'CheckDNSAvailability'].filter(isReadOnlyCommand)).toHaveLength(4);
		expect(['GenerateDataKey', 'CheckoutLicense', 'Headline', 'Listen'].filter(isReadOnlyCommand)).toEqual([]);
	});

	test('as steps: reads are read-only; writes, PartiQL and KMS cryptography mutate unless marked readOnly', () => {
		const step = (service: string, command: string, extra = ''): string =>
			`  - id: ${command.toLowerCase()}\n    title: ${command}\n${extra}    aws: {service: ${service}, command: ${command}}\n`;
		const yaml = `version: 1\nname: sides\ntitle: Sides\nsteps:\n${[
			step('dynamodb', 'TransactGetItems'),
			step('dynamodb-document', 'BatchGet'),
			step('s3', 'HeadObject'),
			step('elasticbeanstalk', 'DescribeEnvironments'),
			step('dynamodb', 'BatchWriteItem'),
			step('dynamodb', 'TransactWriteItems'),
			step('dynamodb', 'ExecuteStatement'),
			step('dynamodb', 'BatchExecuteStatement'),
			step('kms', 'Decrypt'),
			step('elasticbeanstalk', 'UpdateEnvironment'),
			step('kms', 'Verify', '    readOnly: true\n'),
		].join('')}`;
		const loaded = loadRunbookText(yaml, 'sides.yaml');
		if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
		const sides = Object.fromEntries(loaded.loaded.runbook.steps.map(candidate => [candidate.title, isMutatingStep(candidate) ? 'mutating' : 'read-only']));
		expect(sides).toEqual({
			TransactGetItems: 'read-only',
			BatchGet: 'read-only',
			HeadObject: 'read-only',
			DescribeEnvironments: 'read-only',
			BatchWriteItem: 'mutating',
			TransactWriteItems: 'mutating',
			ExecuteStatement: 'mutating',
			BatchExecuteStatement: 'mutating',
			Decrypt: 'mutating',
			UpdateEnvironment: 'mutating',
			Verify: 'read-only',
		});
	});
});
