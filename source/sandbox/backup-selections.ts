/**
 * AWS Backup's backup selections (the resources a backup plan protects), which moto does not keep:
 * CreateBackupSelection, ListBackupSelections, GetBackupSelection and DeleteBackupSelection, in
 * memory, for the AWS Backup stand-in. The plans themselves are moto's (CreateBackupPlan,
 * ListBackupPlans): a selection names its plan by id and is not checked against moto.
 */
import {randomUUID} from 'node:crypto';

export type BackupSelection = {
	readonly SelectionId: string;
	readonly BackupPlanId: string;
	readonly CreationDate: number;
	readonly CreatorRequestId?: string;
	/** As CreateBackupSelection was given it: SelectionName, IamRoleArn, Resources, ListOfTags, NotResources, Conditions. */
	readonly BackupSelection: Readonly<Record<string, unknown>> & {readonly SelectionName: string; readonly IamRoleArn: string};
};

/** A failure AWS Backup would answer with: the HTTP status and the error type the SDK raises. */
export class BackupError extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		message: string,
	) {
		super(message);
	}
}

export type BackupSelections = {
	readonly all: readonly BackupSelection[];
	/** The answer to a selection route (`parts`: the path's segments), or undefined when the route is not one. */
	route(method: string, parts: readonly string[], body: Record<string, unknown>): unknown;
};

export function backupSelections(): BackupSelections {
	const all: BackupSelection[] = [];
	const find = (planId: string, selectionId: string): BackupSelection => {
		const found = all.find(selection => selection.BackupPlanId === planId && selection.SelectionId === selectionId);
		if (!found) throw new BackupError(404, 'ResourceNotFoundException', `no backup selection ${selectionId} in plan ${planId}`);
		return found;
	};

	function create(planId: string, body: Record<string, unknown>): unknown {
		const selection = (body['BackupSelection'] ?? {}) as Record<string, unknown>;
		if (typeof selection['SelectionName'] !== 'string' || typeof selection['IamRoleArn'] !== 'string') {
			throw new BackupError(400, 'InvalidParameterValueException', 'BackupSelection.SelectionName and BackupSelection.IamRoleArn are required');
		}
		const token = typeof body['CreatorRequestId'] === 'string' ? body['CreatorRequestId'] : undefined;
		const same = token ? all.find(existing => existing.BackupPlanId === planId && existing.CreatorRequestId === token) : undefined;
		const created: BackupSelection = same ?? {
			SelectionId: randomUUID(),
			BackupPlanId: planId,
			CreationDate: Date.now() / 1000,
			...(token ? {CreatorRequestId: token} : {}),
			BackupSelection: selection as BackupSelection['BackupSelection'],
		};
		if (!same) all.push(created);
		return {SelectionId: created.SelectionId, BackupPlanId: planId, CreationDate: created.CreationDate};
	}

	return {
		all,
		route(method, parts, body) {
			// /backup/plans/{planId}/selections[/{selectionId}]
			if (parts[0] !== 'backup' || parts[1] !== 'plans' || parts[3] !== 'selections' || parts.length > 5) return undefined;
			const planId = parts[2] ?? '';
			const selectionId = parts[4];
			if (selectionId === undefined && method === 'PUT') return create(planId, body);
			if (selectionId === undefined && method === 'GET') {
				return {
					BackupSelectionsList: all
						.filter(selection => selection.BackupPlanId === planId)
						.map(selection => ({
							SelectionId: selection.SelectionId,
							SelectionName: selection.BackupSelection.SelectionName,
							BackupPlanId: planId,
							CreationDate: selection.CreationDate,
							IamRoleArn: selection.BackupSelection.IamRoleArn,
							...(selection.CreatorRequestId ? {CreatorRequestId: selection.CreatorRequestId} : {}),
						})),
				};
			}
			if (selectionId !== undefined && method === 'GET') return find(planId, selectionId);
			if (selectionId !== undefined && method === 'DELETE') {
				all.splice(all.indexOf(find(planId, selectionId)), 1);
				return {};
			}
			return undefined;
		},
	};
}
