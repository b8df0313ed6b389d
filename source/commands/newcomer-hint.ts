/** What the home screen tells someone with no runs yet: how to rehearse without an AWS account. */
export const newcomerHint = "New here? Rehearse with no AWS account: 'belay sandbox' in another terminal, then run a runbook with --env sandbox.";
