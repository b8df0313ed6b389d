import {dynamodbService} from './dynamodb-service.js';
import type {SandboxService} from './service.js';

/** What `belay sandbox` starts, in order. Add a service (moto, a stand-in) here. */
export const sandboxServices: readonly SandboxService[] = [dynamodbService];
