/**
 * A service the sandbox serves (DynamoDB today; moto for the others and belay's stand-ins can be
 * added to `sandboxServices` in sandbox/services.ts). Each starts on this machine and says where.
 */
export type ServiceOptions = {
	/** Where to listen: 127.0.0.1. */
	readonly host: string;
	/** The port asked for (0: any free one); a service that needs none ignores it. */
	readonly port: number;
	/** Fill it with sample data (false: empty). */
	readonly sample: boolean;
	readonly region: string;
	readonly now: Date;
};

export type StartedService = {
	readonly name: string;
	/** Runbook service name (dynamodb, s3, ...) → URL on this machine. */
	readonly endpoints: Readonly<Record<string, string>>;
	/** Where it serves any other AWS service too (moto), if it does. */
	readonly otherServices?: string;
	/** Lines telling what it holds (its sample data). */
	readonly notes: readonly string[];
	stop(): Promise<void>;
};

export type SandboxService = {
	readonly name: string;
	/** Starts the service, or says why it is not started here (a program that is not installed). */
	start(options: ServiceOptions): Promise<StartedService | {readonly skipped: string}>;
};

/** A port that is taken, or another reason the sandbox cannot start: said once, exit code 2. */
export class SandboxStartFailed extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SandboxStartFailed';
	}
}
