package redshift

// TargetKind is what kind of thing a statement reads, writes or calls.
type TargetKind uint8

const (
	TargetS3 TargetKind = iota + 1
	TargetLambda
	TargetSageMaker
	TargetGlue
	TargetKinesis
	TargetKafka
	TargetSecret
	TargetDynamoDB
	TargetEMR
	TargetSSH
	TargetHTTPS
	TargetBedrock
	numTargets
)

// targetNames are the kinds as reports spell them (SPEC §7 "target").
var targetNames = [numTargets]string{
	TargetS3: "s3", TargetLambda: "lambda", TargetSageMaker: "sagemaker", TargetGlue: "glue",
	TargetKinesis: "kinesis", TargetKafka: "kafka", TargetSecret: "secret", TargetDynamoDB: "dynamodb",
	TargetEMR: "emr", TargetSSH: "ssh", TargetHTTPS: "https", TargetBedrock: "bedrock",
}

func (k TargetKind) String() string {
	if k == 0 || k >= numTargets {
		return "TargetKind(?)"
	}
	return targetNames[k]
}

// Target is what a statement reads, writes or calls, as the SQL names it.
type Target struct {
	Kind TargetKind
	URI  string // s3://bucket/prefix, a function name, a database name, an ARN, ...
}

// Source is the FROM variant of CREATE EXTERNAL SCHEMA, the service of an
// external function, or how CREATE DATABASE names its data; "" when the
// statement kind has no variants.
type Source string

const (
	SourceDataCatalog   Source = "DATA CATALOG" // the default of CREATE EXTERNAL SCHEMA
	SourceHiveMetastore Source = "HIVE METASTORE"
	SourcePostgres      Source = "POSTGRES"
	SourceMySQL         Source = "MYSQL"
	SourceKinesis       Source = "KINESIS"
	SourceMSK           Source = "MSK"
	SourceKafka         Source = "KAFKA"
	SourceRedshift      Source = "REDSHIFT"
	SourceLambda        Source = "LAMBDA"      // CREATE EXTERNAL FUNCTION ... LAMBDA
	SourceSageMaker     Source = "SAGEMAKER"   // CREATE EXTERNAL FUNCTION ... SAGEMAKER
	SourceARN           Source = "ARN"         // CREATE DATABASE ... FROM ARN
	SourceIntegration   Source = "INTEGRATION" // CREATE DATABASE ... FROM INTEGRATION (zero-ETL)
	SourceDatashare     Source = "DATASHARE"   // CREATE DATABASE ... FROM DATASHARE
)

// DatabaseSources are the FROM variants of CREATE DATABASE, as the word
// after FROM spells them.
var DatabaseSources = map[string]Source{"ARN": SourceARN, "INTEGRATION": SourceIntegration, "DATASHARE": SourceDatashare}

// SchemaSources are the FROM variants of CREATE EXTERNAL SCHEMA other than
// the default, as the word after FROM spells them (HIVE stands for HIVE
// METASTORE).
var SchemaSources = map[string]Source{
	"HIVE": SourceHiveMetastore, "POSTGRES": SourcePostgres, "MYSQL": SourceMySQL, "KINESIS": SourceKinesis,
	"MSK": SourceMSK, "REDSHIFT": SourceRedshift, "KAFKA": SourceKafka,
}
