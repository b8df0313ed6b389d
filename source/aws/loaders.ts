/**
 * The AWS SDK v3 packages, each imported only when a step first calls its service. Keeping these
 * as literal import() calls lets the bundler leave them out of the start-up path.
 */
export const serviceLoaders: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
	dynamodb: () => import('@aws-sdk/client-dynamodb'),
	'dynamodb-document': () => import('@aws-sdk/lib-dynamodb'),
	backup: () => import('@aws-sdk/client-backup'),
	osis: () => import('@aws-sdk/client-osis'),
	opensearch: () => import('@aws-sdk/client-opensearch'),
	rds: () => import('@aws-sdk/client-rds'),
	sts: () => import('@aws-sdk/client-sts'),
	kms: () => import('@aws-sdk/client-kms'),
	s3: () => import('@aws-sdk/client-s3'),
};

/** Which services have been loaded in this process (tests assert what a run did not load). */
export const loadedServices = new Set<string>();
