# A stand-in for the terraform configuration the bundled runbook restore-dynamodb-table brings the
# restored table into service with (its inputs resourceAddress and pipelineAddress name these two
# resources). terraform_data is built into terraform: no provider to download, no AWS calls. Used by
# test/aws/moto-restore-runbook.test.ts.

variable "default_role" {
  type = string
}

variable "container_version" {
  type    = string
  default = "unset"
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
    role              = var.default_role
  }
}
