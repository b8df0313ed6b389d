/** Runbooks the screen tests share, as an operator would write them. */

/** Two environments, one protected; pairing optional; inputs with a pattern and a secret. */
export const restoreTable = `version: 1
name: restore-table
title: Restore a DynamoDB table
pairing: optional
environments:
  staging:
    account: "111111111111"
    region: eu-west-1
    description: the rehearsal account
  production:
    account: "222222222222"
    region: eu-west-2
    protected: true
inputs:
  ticket:
    prompt: Change ticket
    description: The change this restore belongs to
    pattern: '^CHG[0-9]+$'
  apiKey:
    prompt: Smoke test key
    secret: true
    pattern: '^key-[a-z0-9]+$'
steps:
  - id: snapshot
    title: Note the snapshot
    manual: Write the snapshot ARN into the ticket.
  - id: copy
    title: Copy the table
    shell: echo copy
  - id: check
    title: Check the copy
    shell: echo check
  - id: switch
    title: Switch the app over
    shell: echo switch
`;

/** No environments, no inputs. */
export const tidyLogs = `version: 1
name: tidy-logs
title: Tidy the log bucket
pairing: none
steps:
  - id: list
    title: List old logs
    shell: echo list
  - id: delete
    title: Delete them
    shell: echo delete
`;

/** Not a runbook: its step has no kind. */
export const broken = `version: 1
name: broken
title: Broken
steps:
  - id: nothing
    title: Does nothing
`;
