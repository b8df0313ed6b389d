"""What the AWS provider would do for the terraform stand-in project (main.tf), called by its
local-exec provisioners with boto3, against whatever AWS_ENDPOINT_URL (moto) and
AWS_ENDPOINT_URL_BACKUP (belay's AWS Backup stand-in) name, as the run's caller.

  stand-in-aws.py TABLE
    - TABLE's point-in-time recovery (unless PITR=false) and its stream on;
    - the backup plan PLAN's selection SELECTION protects TABLE (only).
"""
import os
import sys

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
