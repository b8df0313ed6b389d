import {importPackage} from '../import-package.js';

/** The AWS SDK v3 packages, each imported only when a step first calls its service. */
export const serviceLoaders: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
	dynamodb: () => importPackage('@aws-sdk/client-dynamodb'),
	'dynamodb-document': () => importPackage('@aws-sdk/lib-dynamodb'),
	backup: () => importPackage('@aws-sdk/client-backup'),
	osis: () => importPackage('@aws-sdk/client-osis'),
	opensearch: () => importPackage('@aws-sdk/client-opensearch'),
	rds: () => importPackage('@aws-sdk/client-rds'),
	sts: () => importPackage('@aws-sdk/client-sts'),
	kms: () => importPackage('@aws-sdk/client-kms'),
	s3: () => importPackage('@aws-sdk/client-s3'),
	elasticbeanstalk: () => importPackage('@aws-sdk/client-elastic-beanstalk'),
};

/** Which services have been loaded in this process (tests assert what a run did not load). */
export const loadedServices = new Set<string>();
