# A stand-in for the terraform configuration the bundled runbook restore-dynamodb-table brings the
# restored table into service with (its inputs resourceAddress and pipelineAddress name these two
# resources). terraform_data is built into terraform: no provider to download. What the AWS provider
# would change (the table's settings, the backup selection) is done by local-exec provisioners with
# boto3 (stand-in-aws.py), against the endpoints the run's environment names. Used by
# test/aws/moto-restore-runbook.test.ts.

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

variable "backup_plan_name" {
  type    = string
  default = "development-main-backup-plan"
}

variable "dynamodb" {
  type = object({ table_name = string })
}

# Stands in for aws_dynamodb_table.lpas_table: its input is the table's name, as terraform would
# name the table (the workspace is the environment).
resource "terraform_data" "lpas_table" {
  input = "${terraform.workspace}-${var.dynamodb.table_name}"
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
    interpreter = ["python3", "${path.module}/stand-in-aws.py"]
    command     = self.triggers_replace
    environment = { PITR = tostring(var.point_in_time_recovery), PLAN = var.backup_plan_name, SELECTION = "lpas-table" }
  }
}
