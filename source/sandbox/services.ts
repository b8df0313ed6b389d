import {awsSandboxService} from './aws-sandbox-service.js';
import type {SandboxService} from './service.js';

/** What `belay sandbox` starts, in order. Add a service (another stand-in) here. */
export const sandboxServices: readonly SandboxService[] = [awsSandboxService];
