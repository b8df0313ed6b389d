// The AWS services belay supports: runbook name → npm package and client class. The document
// client wraps `base`'s client: it shares its service id, endpoint and input shapes.
export const services = {
	dynamodb: {package: 'client-dynamodb', client: 'DynamoDBClient'},
	'dynamodb-document': {package: 'lib-dynamodb', client: 'DynamoDBDocumentClient', document: true, base: 'dynamodb'},
	backup: {package: 'client-backup', client: 'BackupClient'},
	osis: {package: 'client-osis', client: 'OSISClient'},
	opensearch: {package: 'client-opensearch', client: 'OpenSearchClient'},
	rds: {package: 'client-rds', client: 'RDSClient'},
	sts: {package: 'client-sts', client: 'STSClient'},
	kms: {package: 'client-kms', client: 'KMSClient'},
	s3: {package: 'client-s3', client: 'S3Client'},
	elasticbeanstalk: {package: 'client-elastic-beanstalk', client: 'ElasticBeanstalkClient'},
};
