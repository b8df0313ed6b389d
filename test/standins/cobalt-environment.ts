/**
 * Cobalt's world for the RDS runbooks' tests: the sandbox's (source/sandbox/seed-cobalt.ts), under
 * names unique to the world, so test files share one moto.
 *
 *     const world = await makeCobaltWorld(motoUrl, eb);
 *     world.instance, world.snapshots, world.environment, world.address
 *     await makeCobaltWorld(motoUrl, eb, {bare: true})
 */
import {seedCobalt, type CobaltWorld} from '../../source/sandbox/seed-cobalt.js';
import {motoKeys, motoRegion, uniqueName} from '../helpers/moto.js';
import type {ElasticBeanstalkStandIn} from './elastic-beanstalk.js';

export {describeInstance, propertiesNamespace, settingsOf, type CobaltWorld, type InstanceSettings} from '../../source/sandbox/seed-cobalt.js';

/** Builds a world: an instance, its snapshots, and the app's environment pointing at it. */
export async function makeCobaltWorld(url: string, eb: ElasticBeanstalkStandIn, options: {readonly bare?: boolean} = {}): Promise<CobaltWorld> {
	const instance = uniqueName('cobalt-db');
	const application = uniqueName('cobalt');
	return await seedCobalt({motoUrl: url, elasticBeanstalk: eb.endpoint, region: motoRegion, credentials: motoKeys}, {instance, application, environment: `${application}-production`}, options);
}
