import {awsServices} from '../aws/catalog.js';
import type {Report} from '../kinds/definition.js';
import {didYouMean} from './suggest.js';
import type {Environment} from './types.js';

/**
 * An environment's `endpoints:` names services as runbooks do (`dynamodb`, `osis`, `s3`...): an
 * unknown name would leave that service's calls going to AWS during a rehearsal.
 */
export function checkEndpoints(environment: Environment, report: Report): void {
	for (const service of Object.keys(environment.endpoints)) {
		if (awsServices.includes(service)) continue;
		report(
			['environments', environment.name, 'endpoints', service],
			`unknown AWS service '${service}' in endpoints${didYouMean(service, awsServices)}; belay's services are ${awsServices.join(', ')}`,
			true,
		);
	}
}
