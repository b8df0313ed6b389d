/**
 * The terraform stand-in project for rehearsing restore-dynamodb-table: the configuration the
 * runbook brings the restored table into service with, made of terraform_data resources (no
 * provider to download), whose provisioners do with boto3 what the AWS provider would (point-in-time
 * recovery, the stream, the backup selection). Written by the sandbox's seed and by the tests.
 * Needs terraform and Python's boto3.
 */
import {execFile} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';

/** The runbook's inputs for this project's terraform addresses. */
export const restoreProjectInputs = {resourceAddress: 'terraform_data.lpas_table', pipelineAddress: 'terraform_data.lpas_stream[0]'} as const;

const mainTf = `# A stand-in, written by belay's sandbox, for the terraform configuration the bundled runbook
# restore-dynamodb-table brings the restored table into service with (give the runbook the inputs
# resourceAddress=terraform_data.lpas_table and pipelineAddress=terraform_data.lpas_stream[0]).
# terraform_data is built into terraform: no provider to download. What the AWS provider would change
# (the table's settings, the backup selection) is done by local-exec provisioners with Python's
# boto3 (stand-in-aws.py), against the endpoints the run's environment names.

variable "default_role" {
  type = string
}

variable "container_version" {
  type    = string
  default = "unset"
}

# The image tag under another name, for a project that calls it so (the runbook's imageTagVariable).
variable "app_version" {
  type    = string
  default = "unset"
}

# false: the table's settings leave point-in-time recovery off (a broken configuration).
variable "point_in_time_recovery" {
  type    = bool
  default = true
}

variable "dynamodb" {
  type = object({ table_name = string })
}

# Stands in for aws_dynamodb_table.lpas_table: its input is the table's name, as terraform would
# name the table (the workspace is the environment).
resource "terraform_data" "lpas_table" {
  input = "\${terraform.workspace}-\${var.dynamodb.table_name}"
}

# Stands in for aws_osis_pipeline.lpas_stream[0], which reads the table's stream.
resource "terraform_data" "lpas_stream" {
  count = 1
  input = {
    table             = terraform_data.lpas_table.output
    container_version = var.container_version
    app_version       = var.app_version
    role              = var.default_role
  }
}

# Stands in for what the AWS provider would apply whenever the table changes: its settings in
# aws_dynamodb_table (point_in_time_recovery, stream_enabled), and aws_backup_selection (the backup
# plan protects the table).
resource "terraform_data" "lpas_table_aws" {
  triggers_replace = terraform_data.lpas_table.output
  provisioner "local-exec" {
    interpreter = ["python3", "\${path.module}/stand-in-aws.py"]
    command     = self.triggers_replace
    environment = { PITR = tostring(var.point_in_time_recovery), PLAN = "\${terraform.workspace}-main-backup-plan", SELECTION = "lpas-table" }
  }
}
`;

const standInAws = `"""What the AWS provider would do for the terraform stand-in project (main.tf), called by its
local-exec provisioners with boto3, against whatever AWS_ENDPOINT_URL (moto) and
AWS_ENDPOINT_URL_BACKUP (belay's AWS Backup stand-in) name, as the run's caller.

  stand-in-aws.py TABLE
    - TABLE's point-in-time recovery (unless PITR=false) and its stream on;
    - the backup plan PLAN's selection SELECTION protects TABLE (only).
"""
import os
import sys

# The first apply only records the state: what this would do, the seed has done (and boto3 takes a while to load).
if os.environ.get("STAND_IN_AWS_SKIP") == "1":
    sys.exit(0)

import boto3

# The SDKs' AWS_REGION (which belay sets for shell steps); boto3 reads only AWS_DEFAULT_REGION.
REGION = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")


def client(service: str):
    return boto3.client(service, region_name=REGION)


def table_settings(table: str) -> None:
    dynamodb = client("dynamodb")
    if os.environ.get("PITR", "true") == "true":
        dynamodb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    described = dynamodb.describe_table(TableName=table)["Table"]
    if not described.get("StreamSpecification", {}).get("StreamEnabled"):
        dynamodb.update_table(TableName=table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})


def backup_selection(table: str) -> None:
    backup = client("backup")
    arn = client("dynamodb").describe_table(TableName=table)["Table"]["TableArn"]
    plans = backup.list_backup_plans()["BackupPlansList"]
    plan = next(plan["BackupPlanId"] for plan in plans if plan["BackupPlanName"] == os.environ["PLAN"])
    for selection in backup.list_backup_selections(BackupPlanId=plan)["BackupSelectionsList"]:
        if selection["SelectionName"] == os.environ["SELECTION"]:
            backup.delete_backup_selection(BackupPlanId=plan, SelectionId=selection["SelectionId"])
    role = arn.split(":")[4]
    backup.create_backup_selection(
        BackupPlanId=plan,
        BackupSelection={"SelectionName": os.environ["SELECTION"], "IamRoleArn": f"arn:aws:iam::{role}:role/aws-backup-role", "Resources": [arn]},
    )


table_settings(sys.argv[1])
backup_selection(sys.argv[1])
`;

/** Writes the project into `dir` (made when missing), with the table name terraform starts from. */
export function writeRestoreTerraformProject(dir: string, tableName = 'Lpas'): void {
	mkdirSync(dir, {recursive: true});
	writeFileSync(join(dir, 'main.tf'), mainTf, 'utf8');
	writeFileSync(join(dir, 'stand-in-aws.py'), standInAws, 'utf8');
	writeFileSync(join(dir, 'terraform.tfvars.json'), `${JSON.stringify({dynamodb: {table_name: tableName}}, null, 2)}\n`, 'utf8');
}

/**
 * Runs terraform in `dir`, quietly; throws with its output when it fails. Not synchronously: the
 * provisioners call the AWS Backup stand-in, which may be served by this very process.
 */
export async function terraform(dir: string, env: Readonly<Record<string, string>>, ...args: string[]): Promise<string> {
	try {
		const {stdout} = await promisify(execFile)('terraform', args, {cwd: dir, env: {...process.env, ...env}, encoding: 'utf8'});
		return stdout;
	} catch (error) {
		const {stdout = '', stderr = ''} = error as {stdout?: string; stderr?: string};
		throw new Error(`terraform ${args.join(' ')} failed in ${dir}:\n${stderr || stdout || (error as Error).message}`);
	}
}

/**
 * Writes the project into `dir` and applies it in the workspace `workspace` (the runbook's
 * environment), as an environment is before a restore. The provisioners are skipped in this first
 * apply: the table's settings and its backup selection are the caller's to make (with the SDK).
 * Terraform's checkpoint calls are off.
 */
export async function applyRestoreTerraformProject(dir: string, workspace: string, env: Readonly<Record<string, string>>): Promise<void> {
	writeRestoreTerraformProject(dir);
	const quiet = {CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...env};
	await terraform(dir, quiet, 'init', '-input=false');
	await terraform(dir, quiet, 'workspace', 'new', workspace);
	await terraform(dir, {...quiet, STAND_IN_AWS_SKIP: '1'}, 'apply', '-input=false', '-auto-approve');
}
