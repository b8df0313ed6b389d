/**
 * One service of `belay sandbox`: something started on this machine that answers AWS calls, with
 * where it listens. `endpoints` is keyed by the runbook's service names (`dynamodb`, `backup`,
 * `osis` ...), the form an environment's `endpoints:` takes; `endpointVariables` (aws/endpoints.ts)
 * turns it into AWS_ENDPOINT_URL_* variables.
 */
export type SandboxService = {
	readonly name: string;
	readonly endpoints: Readonly<Record<string, string>>;
	/** Stops it and whatever it started; resolves once every process it started has exited. */
	stop(): Promise<void>;
};
