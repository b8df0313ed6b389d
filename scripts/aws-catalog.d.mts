import type {ServiceInfo} from '../source/aws/catalog.js';

/** The catalog of the installed AWS SDK clients, as `npm run catalog` writes it to source/aws/catalog.json. */
export function buildCatalog(root?: string): Promise<Record<string, ServiceInfo>>;
