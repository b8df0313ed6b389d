import {describe, expect, test} from 'vitest';
import {awsCatalog} from '../../source/aws/catalog.js';
import {conform} from '../../source/aws/conform.js';
import {inputShapeOf} from '../../source/aws/input-shape.js';
import {serviceLoaders} from '../../source/aws/loaders.js';
import type {Shape} from '../../source/aws/shape.js';

/**
 * Input shapes come from the installed SDK: the static schemas the newer clients export, the
 * catalog's shapes for osis 3.332.0 (no schemas), and for the document client the DynamoDB
 * command it wraps with its marshalled places left open.
 */

const load = async (service: string): Promise<Record<string, unknown>> => serviceLoaders[service]!();

const members = (shape: Shape): string[] => (shape.kind === 'structure' ? [...shape.members.keys()] : []);
const member = (shape: Shape, name: string): Shape => {
	if (shape.kind !== 'structure') throw new Error(`not a structure: ${shape.kind}`);
	const found = shape.members.get(name);
	if (!found) throw new Error(`no member ${name}`);
	return found;
};

describe('input shapes from the installed SDK', () => {
	test('rds RestoreDBInstanceFromDBSnapshot: VpcSecurityGroupIds is a list of strings, Tags a list of Key/Value', async () => {
		const shape = inputShapeOf('rds', 'RestoreDBInstanceFromDBSnapshot', await load('rds'))!.shape;
		expect(members(shape)).toEqual(expect.arrayContaining(['DBInstanceIdentifier', 'DBSnapshotIdentifier', 'VpcSecurityGroupIds', 'Tags', 'AllocatedStorage']));
		expect(member(shape, 'DBInstanceIdentifier')).toEqual({kind: 'string'});
		expect(member(shape, 'AllocatedStorage')).toEqual({kind: 'number'});
		const groups = member(shape, 'VpcSecurityGroupIds');
		expect(groups.kind === 'list' && groups.member).toEqual({kind: 'string'});
		const tags = member(shape, 'Tags');
		expect(tags.kind === 'list' && members(tags.member)).toEqual(['Key', 'Value']);
	});

	test('dynamodb BatchWriteItem: a map of lists of write requests, items as AttributeValue unions', async () => {
		const shape = inputShapeOf('dynamodb', 'BatchWriteItem', await load('dynamodb'))!.shape;
		const fitted = conform({RequestItems: {Lpas: {PutRequest: {Item: {id: {S: 'a'}, n: {N: 1}}}}}}, shape);
		expect(fitted.ok && fitted.value).toEqual({RequestItems: {Lpas: [{PutRequest: {Item: {id: {S: 'a'}, n: {N: '1'}}}}]}});
		const wrong = conform({RequestItems: {Lpas: [{PutRequest: {Item: {id: {S: 'a', N: '1'}}}}]}}, shape);
		expect(wrong.ok ? [] : wrong.problems).toEqual(['RequestItems.Lpas[0].PutRequest.Item.id: takes exactly one of its members, got S and N']);
	});

	test('dynamodb-document BatchWrite: the BatchWriteItem shape, with plain values under Item', async () => {
		const found = inputShapeOf('dynamodb-document', 'BatchWrite', await load('dynamodb-document'), await load('dynamodb'))!;
		expect(found.native).toBeDefined();
		const fitted = conform({RequestItems: {Lpas: {PutRequest: {Item: {id: 'a', n: 1}}}}}, found.shape, found.native);
		expect(fitted.ok && fitted.value).toEqual({RequestItems: {Lpas: [{PutRequest: {Item: {id: 'a', n: 1}}}]}});
	});

	test('osis CreatePipeline (a client without schemas): from the catalog', async () => {
		const shape = inputShapeOf('osis', 'CreatePipeline', await load('osis'))!.shape;
		const fitted = conform({PipelineName: 'p', MinUnits: 1, MaxUnits: 2, PipelineConfigurationBody: 'x', VpcOptions: {SubnetIds: 'subnet-1'}}, shape);
		expect(fitted.ok && fitted.value).toMatchObject({VpcOptions: {SubnetIds: ['subnet-1']}});
		const wrong = conform({PipelineName: 'p', MinUnits: '1'}, shape);
		expect(wrong.ok ? [] : wrong.problems).toEqual([
			"MinUnits: expected a number (write it without quotes, or convert it with $number()), got a string ('1')",
		]);
	});

	test('every command of every supported service has an input shape, so every call is checked', async () => {
		const missing: string[] = [];
		for (const [service, info] of Object.entries(awsCatalog)) {
			const module = await load(service);
			const base = service === 'dynamodb-document' ? await load('dynamodb') : undefined;
			for (const command of Object.keys(info.commands)) {
				if (!inputShapeOf(service, command, module, base)) missing.push(`${service} ${command}`);
			}
		}
		expect(missing).toEqual([]);
	}, 60_000);
});
