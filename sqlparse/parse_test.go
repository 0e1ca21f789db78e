package sqlparse_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// sp is a span with the text it must cover: the test checks both, so a
// wrong offset shows up as readable text.
type sp struct {
	start, end int
	text       string
}

type ph struct {
	raw, name string
	resolved  bool
}

type ref struct {
	clause redshift.Clause
	kw     sp // the clause keyword (for NONE, the statement's first keyword)
	val    sp // Value.Span: the value as written, quotes included
	form   sqlparse.Form
	text   string // Value.Text
	target string // "kind uri", or "" for none
	ph     []ph   // Value.Placeholders
}

type stmt struct {
	kind      redshift.StatementKind
	source    redshift.Source
	needsAuth bool
}

type diag struct {
	at  sp
	msg string
}

// parseCases cover every statement form of SPEC §3.1 and every clause form.
// Each source holds one statement; stmt describes it.
var parseCases = []struct {
	name  string
	src   string
	vars  sqlparse.Vars
	stmt  stmt
	refs  []ref
	diags []diag
}{
	{
		name: "COPY from S3",
		src:  `COPY venue FROM 's3://mybucket/tickit/venue_pipe_' IAM_ROLE default DELIMITER '|';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{51, 59, `IAM_ROLE`}, sp{60, 67, `default`}, sqlparse.FormDefault, `default`, "s3 s3://mybucket/tickit/venue_pipe_", nil},
		},
	},
	{
		name: "COPY from EMR",
		src:  `COPY sales FROM 'emr://j-SAMPLE2B500FC/myoutput/part-*' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' DELIMITER '\t' LZOP;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{56, 64, `IAM_ROLE`}, sp{65, 104, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "emr emr://j-SAMPLE2B500FC/myoutput/part-*", nil},
		},
	},
	{
		name: "COPY from DynamoDB",
		src:  `COPY favoritemovies FROM 'dynamodb://Movies' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' READRATIO 50;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{45, 53, `IAM_ROLE`}, sp{54, 93, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "dynamodb dynamodb://Movies", nil},
		},
	},
	{
		name: "COPY over SSH with an S3 manifest",
		src:  `COPY sales FROM 's3://mybucket/ssh_manifest' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' DELIMITER '|' SSH;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{45, 53, `IAM_ROLE`}, sp{54, 93, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "ssh s3://mybucket/ssh_manifest", nil},
		},
	},
	{
		name: "COPY ... JOB CREATE",
		src:  `COPY public.t FROM 's3://mybucket/incoming/' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' JOB CREATE load_t AUTO ON;`,
		stmt: stmt{redshift.CopyJob, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{45, 53, `IAM_ROLE`}, sp{54, 93, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://mybucket/incoming/", nil},
		},
	},
	{
		name: "UNLOAD with backslash-escaped query",
		src:  `UNLOAD ('select * from venue where venuestate=\'NV\'') TO 's3://mybucket/unload/venue_' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' PARALLEL OFF;`,
		stmt: stmt{redshift.Unload, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{88, 96, `IAM_ROLE`}, sp{97, 136, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://mybucket/unload/venue_", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM DATA CATALOG",
		src:  `CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'spectrumdb' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader,arn:aws:iam::210987654321:role/Reader' CATALOG_ROLE 'arn:aws:iam::210987654321:role/Reader' CREATE EXTERNAL DATABASE IF NOT EXISTS;`,
		stmt: stmt{redshift.CreateExternalSchema, "DATA CATALOG", true},
		refs: []ref{
			{redshift.IAMRole, sp{72, 80, `IAM_ROLE`}, sp{81, 158, `'arn:aws:iam::123456789012:role/Loader,arn:aws:iam::210987654321:role/Reader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader,arn:aws:iam::210987654321:role/Reader`, "glue spectrumdb", nil},
			{redshift.CatalogRole, sp{159, 171, `CATALOG_ROLE`}, sp{172, 211, `'arn:aws:iam::210987654321:role/Reader'`}, sqlparse.FormQuoted, `arn:aws:iam::210987654321:role/Reader`, "glue spectrumdb", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM HIVE METASTORE",
		src:  `CREATE EXTERNAL SCHEMA hive_schema FROM HIVE METASTORE DATABASE 'hive_db' URI '172.10.10.10' PORT 99 IAM_ROLE default;`,
		stmt: stmt{redshift.CreateExternalSchema, "HIVE METASTORE", true},
		refs: []ref{
			{redshift.IAMRole, sp{101, 109, `IAM_ROLE`}, sp{110, 117, `default`}, sqlparse.FormDefault, `default`, "", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM POSTGRES",
		src:  `CREATE EXTERNAL SCHEMA apg FROM POSTGRES DATABASE 'db' SCHEMA 'public' URI 'host.example.com' PORT 5432 IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' SECRET_ARN 'arn:aws:secretsmanager:us-west-2:123456789012:secret:pg-AbCdEf';`,
		stmt: stmt{redshift.CreateExternalSchema, "POSTGRES", true},
		refs: []ref{
			{redshift.IAMRole, sp{104, 112, `IAM_ROLE`}, sp{113, 152, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "secret arn:aws:secretsmanager:us-west-2:123456789012:secret:pg-AbCdEf", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM MYSQL",
		src:  `CREATE EXTERNAL SCHEMA mysql FROM MYSQL DATABASE 'db' URI 'host' IAM_ROLE default SECRET_ARN 'arn:aws:secretsmanager:us-west-2:123456789012:secret:my';`,
		stmt: stmt{redshift.CreateExternalSchema, "MYSQL", true},
		refs: []ref{
			{redshift.IAMRole, sp{65, 73, `IAM_ROLE`}, sp{74, 81, `default`}, sqlparse.FormDefault, `default`, "secret arn:aws:secretsmanager:us-west-2:123456789012:secret:my", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM KINESIS",
		src:  `CREATE EXTERNAL SCHEMA kds FROM KINESIS IAM_ROLE 'arn:aws:iam::123456789012:role/Loader';`,
		stmt: stmt{redshift.CreateExternalSchema, "KINESIS", true},
		refs: []ref{
			{redshift.IAMRole, sp{40, 48, `IAM_ROLE`}, sp{49, 88, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM MSK",
		src:  `CREATE EXTERNAL SCHEMA msk FROM MSK IAM_ROLE default AUTHENTICATION iam CLUSTER_ARN 'arn:aws:kafka:us-east-1:123456789012:cluster/c/1';`,
		stmt: stmt{redshift.CreateExternalSchema, "MSK", true},
		refs: []ref{
			{redshift.IAMRole, sp{36, 44, `IAM_ROLE`}, sp{45, 52, `default`}, sqlparse.FormDefault, `default`, "kafka arn:aws:kafka:us-east-1:123456789012:cluster/c/1", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM KAFKA",
		src:  `CREATE EXTERNAL SCHEMA kafka FROM KAFKA IAM_ROLE default AUTHENTICATION iam URI 'b-1.example.com:9098';`,
		stmt: stmt{redshift.CreateExternalSchema, "KAFKA", false},
		refs: []ref{
			{redshift.IAMRole, sp{40, 48, `IAM_ROLE`}, sp{49, 56, `default`}, sqlparse.FormDefault, `default`, "kafka b-1.example.com:9098", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM KAFKA without a role needs none",
		src:  `CREATE EXTERNAL SCHEMA kafka FROM KAFKA AUTHENTICATION none URI 'b-1.example.com:9092';`,
		stmt: stmt{redshift.CreateExternalSchema, "KAFKA", false},
		refs: []ref{},
	},
	{
		name: "CREATE EXTERNAL SCHEMA FROM REDSHIFT takes no credentials",
		src:  `CREATE EXTERNAL SCHEMA rs FROM REDSHIFT DATABASE 'dev' SCHEMA 'public';`,
		stmt: stmt{redshift.CreateExternalSchema, "REDSHIFT", false},
		refs: []ref{},
	},
	{
		name: "CREATE EXTERNAL SCHEMA with no FROM is DATA CATALOG",
		src:  `CREATE EXTERNAL SCHEMA IF NOT EXISTS s DATABASE 'db' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader';`,
		stmt: stmt{redshift.CreateExternalSchema, "DATA CATALOG", true},
		refs: []ref{
			{redshift.IAMRole, sp{53, 61, `IAM_ROLE`}, sp{62, 101, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "glue db", nil},
		},
	},
	{
		name: "CREATE EXTERNAL SCHEMA without IAM_ROLE: NONE before CATALOG_ROLE",
		src:  `CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'db' CATALOG_ROLE 'SESSION';`,
		stmt: stmt{redshift.CreateExternalSchema, "DATA CATALOG", true},
		refs: []ref{
			{redshift.ClauseNone, sp{0, 6, `CREATE`}, sp{0, 0, ``}, sqlparse.FormMissing, ``, "glue db", nil},
			{redshift.CatalogRole, sp{57, 69, `CATALOG_ROLE`}, sp{70, 79, `'SESSION'`}, sqlparse.FormQuoted, `SESSION`, "glue db", nil},
		},
	},
	{
		name: "ALTER EXTERNAL SCHEMA",
		src:  `ALTER EXTERNAL SCHEMA s IAM_ROLE 'SESSION';`,
		stmt: stmt{redshift.AlterExternalSchema, "", false},
		refs: []ref{
			{redshift.IAMRole, sp{24, 32, `IAM_ROLE`}, sp{33, 42, `'SESSION'`}, sqlparse.FormQuoted, `SESSION`, "", nil},
		},
	},
	{
		name: "CREATE OR REPLACE EXTERNAL FUNCTION LAMBDA",
		src:  `CREATE OR REPLACE EXTERNAL FUNCTION exfunc_sum(INT, INT) RETURNS INT VOLATILE LAMBDA 'lambda_sum' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader';`,
		stmt: stmt{redshift.CreateExternalFunction, "LAMBDA", true},
		refs: []ref{
			{redshift.IAMRole, sp{98, 106, `IAM_ROLE`}, sp{107, 146, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "lambda lambda_sum", nil},
		},
	},
	{
		name: "CREATE EXTERNAL FUNCTION SAGEMAKER (no space before the name)",
		src:  `CREATE EXTERNAL FUNCTION predict(float) RETURNS varchar STABLE SAGEMAKER'my-endpoint' IAM_ROLE default;`,
		stmt: stmt{redshift.CreateExternalFunction, "SAGEMAKER", true},
		refs: []ref{
			{redshift.IAMRole, sp{86, 94, `IAM_ROLE`}, sp{95, 102, `default`}, sqlparse.FormDefault, `default`, "sagemaker my-endpoint", nil},
		},
	},
	{
		name: "CREATE MODEL (auto) with SETTINGS S3_BUCKET",
		src:  `CREATE MODEL churn FROM (SELECT state, iam_role FROM customers) TARGET churn FUNCTION predict_churn IAM_ROLE default SETTINGS (S3_BUCKET 'my-bucket', KMS_KEY_ID 'arn:aws:kms:us-east-1:123456789012:key/k');`,
		stmt: stmt{redshift.CreateModel, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{100, 108, `IAM_ROLE`}, sp{109, 116, `default`}, sqlparse.FormDefault, `default`, "s3 s3://my-bucket", nil},
		},
	},
	{
		name: "CREATE MODEL BYOM remote SAGEMAKER",
		src:  `CREATE MODEL remote_m FUNCTION remote_fn(int, varchar) RETURNS float SAGEMAKER 'endpoint-1' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader';`,
		stmt: stmt{redshift.CreateModel, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{92, 100, `IAM_ROLE`}, sp{101, 140, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "sagemaker endpoint-1", nil},
		},
	},
	{
		name: "CREATE MODEL without IAM_ROLE",
		src:  `CREATE MODEL m FROM t TARGET c FUNCTION f SETTINGS (S3_BUCKET 'b');`,
		stmt: stmt{redshift.CreateModel, "", true},
		refs: []ref{
			{redshift.ClauseNone, sp{0, 6, `CREATE`}, sp{0, 0, ``}, sqlparse.FormMissing, ``, "s3 s3://b", nil},
		},
	},
	{
		name: "CREATE EXTERNAL MODEL with SETTINGS MODEL_ID",
		src:  `CREATE EXTERNAL MODEL llm FUNCTION llm_fn IAM_ROLE default MODEL_TYPE BEDROCK SETTINGS (MODEL_ID 'anthropic.claude-v2:1', PROMPT 'Summarize');`,
		stmt: stmt{redshift.CreateExternalModel, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{42, 50, `IAM_ROLE`}, sp{51, 58, `default`}, sqlparse.FormDefault, `default`, "bedrock anthropic.claude-v2:1", nil},
		},
	},
	{
		name: "CREATE EXTERNAL MODEL with a bare MODEL_ID",
		src:  `CREATE EXTERNAL MODEL llm FUNCTION llm_fn IAM_ROLE default MODEL_TYPE BEDROCK SETTINGS (MODEL_ID anthropic.claude-v2:1, PROMPT 'Summarize');`,
		stmt: stmt{redshift.CreateExternalModel, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{42, 50, `IAM_ROLE`}, sp{51, 58, `default`}, sqlparse.FormDefault, `default`, "bedrock anthropic.claude-v2:1", nil},
		},
	},
	{
		name: "CREATE OR REPLACE LIBRARY from S3",
		src:  `CREATE OR REPLACE LIBRARY f_urlparse LANGUAGE plpythonu FROM 's3://mybucket/urlparse3-1.0.3.zip' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' REGION AS 'us-east-1';`,
		stmt: stmt{redshift.CreateLibrary, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{97, 105, `IAM_ROLE`}, sp{106, 145, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://mybucket/urlparse3-1.0.3.zip", nil},
		},
	},
	{
		name: "CREATE LIBRARY from https needs no authorization",
		src:  `CREATE LIBRARY lib LANGUAGE plpythonu FROM 'https://example.com/lib.zip';`,
		stmt: stmt{redshift.CreateLibrary, "", false},
		refs: []ref{},
	},
	{
		name: "CREATE LIBRARY from S3 without authorization",
		src:  `CREATE LIBRARY lib LANGUAGE plpythonu FROM 's3://mybucket/lib.zip';`,
		stmt: stmt{redshift.CreateLibrary, "", true},
		refs: []ref{
			{redshift.ClauseNone, sp{0, 6, `CREATE`}, sp{0, 0, ``}, sqlparse.FormMissing, ``, "s3 s3://mybucket/lib.zip", nil},
		},
	},
	{
		name: "CREATE DATABASE FROM ARN (IAM_ROLE right after SCHEMA)",
		src:  `CREATE DATABASE sampledb FROM ARN 'arn:aws:glue:us-east-1:123456789012:database/sampledb' WITH NO DATA CATALOG SCHEMA IAM_ROLE default;`,
		stmt: stmt{redshift.CreateDatabase, "ARN", false},
		refs: []ref{
			{redshift.IAMRole, sp{118, 126, `IAM_ROLE`}, sp{127, 134, `default`}, sqlparse.FormDefault, `default`, "glue arn:aws:glue:us-east-1:123456789012:database/sampledb", nil},
		},
	},
	{
		name: "COPY without authorization",
		src:  `COPY t FROM 's3://b/p' CSV;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.ClauseNone, sp{0, 4, `COPY`}, sp{0, 0, ``}, sqlparse.FormMissing, ``, "s3 s3://b/p", nil},
		},
	},
	{
		name: "UNLOAD with only MASTER_SYMMETRIC_KEY",
		src:  `UNLOAD ('select 1') TO 's3://b/u/' MASTER_SYMMETRIC_KEY 'c2VjcmV0a2V5' ENCRYPTED;`,
		stmt: stmt{redshift.Unload, "", true},
		refs: []ref{
			{redshift.ClauseNone, sp{0, 6, `UNLOAD`}, sp{0, 0, ``}, sqlparse.FormMissing, ``, "s3 s3://b/u/", nil},
			{redshift.MasterSymmetricKey, sp{35, 55, `MASTER_SYMMETRIC_KEY`}, sp{56, 70, `'c2VjcmV0a2V5'`}, sqlparse.FormQuoted, `c2VjcmV0a2V5`, "s3 s3://b/u/", nil},
		},
	},
	{
		name: "NONE sits on the first keyword, past comments and a Jinja expression",
		src:  `/* load */ {{ log('x') }} COPY t FROM 's3://b/p';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.ClauseNone, sp{26, 30, `COPY`}, sp{26, 26, ``}, sqlparse.FormMissing, ``, "s3 s3://b/p", nil},
		},
	},
	{
		name: "IAM_ROLE default in any case",
		src:  `copy t from 's3://b/p' iam_role DeFaUlT;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `iam_role`}, sp{32, 39, `DeFaUlT`}, sqlparse.FormDefault, `default`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "WITH CREDENTIALS AS",
		src:  `COPY t FROM 's3://b/p' WITH CREDENTIALS AS 'aws_iam_role=arn:aws:iam::123456789012:role/Loader';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.Credentials, sp{28, 39, `CREDENTIALS`}, sp{43, 95, `'aws_iam_role=arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `aws_iam_role=arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "CREDENTIALS with keys",
		src:  `COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.Credentials, sp{23, 34, `CREDENTIALS`}, sp{35, 138, `'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'`}, sqlparse.FormQuoted, `aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN",
		src:  `COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' SESSION_TOKEN 'FQoGZXIvYXdzEXAMPLE';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.AccessKeyID, sp{23, 36, `ACCESS_KEY_ID`}, sp{37, 59, `'AKIAIOSFODNN7EXAMPLE'`}, sqlparse.FormQuoted, `AKIAIOSFODNN7EXAMPLE`, "s3 s3://b/p", nil},
			{redshift.SecretAccessKey, sp{60, 77, `SECRET_ACCESS_KEY`}, sp{78, 120, `'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'`}, sqlparse.FormQuoted, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, "s3 s3://b/p", nil},
			{redshift.SessionToken, sp{121, 134, `SESSION_TOKEN`}, sp{135, 156, `'FQoGZXIvYXdzEXAMPLE'`}, sqlparse.FormQuoted, `FQoGZXIvYXdzEXAMPLE`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "MASTER_SYMMETRIC_KEY",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE default MASTER_SYMMETRIC_KEY 'EXAMPLEMASTERKEYtkbjk/OpCwtYSx/M4/t7DMCDIK722' ENCRYPTED;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 39, `default`}, sqlparse.FormDefault, `default`, "s3 s3://b/p", nil},
			{redshift.MasterSymmetricKey, sp{40, 60, `MASTER_SYMMETRIC_KEY`}, sp{61, 108, `'EXAMPLEMASTERKEYtkbjk/OpCwtYSx/M4/t7DMCDIK722'`}, sqlparse.FormQuoted, `EXAMPLEMASTERKEYtkbjk/OpCwtYSx/M4/t7DMCDIK722`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "value on a later line with comments in between",
		src:  "COPY t\nFROM 's3://b/p'\nIAM_ROLE -- the loader role\n  /* see ops runbook */\n  'arn:aws:iam::123456789012:role/Loader';",
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{77, 116, `'arn:aws:iam::123456789012:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "adjacent literals joined across a newline",
		src:  "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader,'\n  'arn:aws:iam::210987654321:role/Reader';",
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 114, "'arn:aws:iam::123456789012:role/Loader,'\n  'arn:aws:iam::210987654321:role/Reader'"}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader,arn:aws:iam::210987654321:role/Reader`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "literals are not joined across a block comment",
		src:  "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader,' /* x */\n  'r2';",
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 72, `'arn:aws:iam::123456789012:role/Loader,'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader,`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "literals on one line are not joined",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader,' 'r2';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 72, `'arn:aws:iam::123456789012:role/Loader,'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader,`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "dollar-quoted value",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE $$arn:aws:iam::123456789012:role/Loader$$;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 73, `$$arn:aws:iam::123456789012:role/Loader$$`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "E string value keeps its prefix in the span",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE E'arn:a\'b';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 43, `E'arn:a\'b'`}, sqlparse.FormQuoted, `arn:a'b`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "typographic quotes",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE ‘arn:aws:iam::123456789012:role/Loader’;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 75, `‘arn:aws:iam::123456789012:role/Loader’`}, sqlparse.FormTypographic, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", nil},
		},
	},
	{
		name: "IAM_ROLE without a value",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE;`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{23, 23, ``}, sqlparse.FormMissing, ``, "s3 s3://b/p", nil},
		},
		diags: []diag{
			{sp{23, 31, `IAM_ROLE`}, "IAM_ROLE needs a value: default or a quoted role ARN, and the statement ends after it"},
		},
	},
	{
		name: "IAM_ROLE without a value at the end of the file",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{23, 23, ``}, sqlparse.FormMissing, ``, "s3 s3://b/p", nil},
		},
		diags: []diag{
			{sp{23, 31, `IAM_ROLE`}, "IAM_ROLE needs a value: default or a quoted role ARN, and the statement ends after it"},
		},
	},
	{
		name: "IAM_ROLE with a quoted identifier",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE "arn:aws:iam::123456789012:role/Loader";`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{23, 23, ``}, sqlparse.FormMissing, ``, "s3 s3://b/p", nil},
		},
		diags: []diag{
			{sp{23, 31, `IAM_ROLE`}, `IAM_ROLE needs a value: default or a quoted role ARN, not "arn:aws:iam::123456789012:role/Loader"`},
		},
	},
	{
		name: "key clause with default",
		src:  `COPY t FROM 's3://b/p' ACCESS_KEY_ID default SECRET_ACCESS_KEY 'k';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.AccessKeyID, sp{23, 36, `ACCESS_KEY_ID`}, sp{37, 44, `default`}, sqlparse.FormDefault, `default`, "s3 s3://b/p", nil},
			{redshift.SecretAccessKey, sp{45, 62, `SECRET_ACCESS_KEY`}, sp{63, 66, `'k'`}, sqlparse.FormQuoted, `k`, "s3 s3://b/p", nil},
		},
		diags: []diag{
			{sp{37, 44, `default`}, "ACCESS_KEY_ID takes a quoted value, not default"},
		},
	},
	{
		name: "Flyway placeholder in a string, case-insensitive lookup",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE '${Loader_Role}';`,
		vars: sqlparse.Vars{"loader_role": "arn:aws:iam::123456789012:role/Loader"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 48, `'${Loader_Role}'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", []ph{{`${Loader_Role}`, "Loader_Role", true}}},
		},
	},
	{
		name: "Flyway placeholder in a string, unresolved",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE '${Loader_Role}';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 48, `'${Loader_Role}'`}, sqlparse.FormQuoted, `${Loader_Role}`, "s3 s3://b/p", []ph{{`${Loader_Role}`, "Loader_Role", false}}},
		},
	},
	{
		name: "Flyway placeholder inside an ARN",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::${account}:role/Loader';`,
		vars: sqlparse.Vars{"account": "123456789012"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 69, `'arn:aws:iam::${account}:role/Loader'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", []ph{{`${account}`, "account", true}}},
		},
	},
	{
		name: "Jinja var() in strings",
		src:  `COPY t FROM '{{ var("src") }}' IAM_ROLE '{{ var('copy_role') }}';`,
		vars: sqlparse.Vars{"copy_role": "arn:aws:iam::123456789012:role/Loader", "src": "s3://b/p"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{31, 39, `IAM_ROLE`}, sp{40, 64, `'{{ var('copy_role') }}'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", []ph{{`{{ var('copy_role') }}`, "copy_role", true}}},
		},
	},
	{
		name: "Jinja env_var() with quotes inside the string",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE '{{ env_var('COPY_ROLE', 'x') }}';`,
		vars: sqlparse.Vars{"env_var:COPY_ROLE": "arn:aws:iam::123456789012:role/Loader", "COPY_ROLE": "not an environment variable"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 65, `'{{ env_var('COPY_ROLE', 'x') }}'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", []ph{{`{{ env_var('COPY_ROLE', 'x') }}`, "env_var:COPY_ROLE", true}}},
		},
	},
	{
		name: "Jinja names are case-sensitive",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE '{{ var('Role') }}';`,
		vars: sqlparse.Vars{"role": "arn:aws:iam::123456789012:role/Loader"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 51, `'{{ var('Role') }}'`}, sqlparse.FormQuoted, `{{ var('Role') }}`, "s3 s3://b/p", []ph{{`{{ var('Role') }}`, "Role", false}}},
		},
	},
	{
		name: "psql :'name' resolved",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE :'copy_role';`,
		vars: sqlparse.Vars{"copy_role": "arn:aws:iam::123456789012:role/Loader"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 44, `:'copy_role'`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", []ph{{`:'copy_role'`, "copy_role", true}}},
		},
	},
	{
		name: "psql :'name' unresolved",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE :'copy_role';`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 44, `:'copy_role'`}, sqlparse.FormPlaceholder, `:'copy_role'`, "s3 s3://b/p", []ph{{`:'copy_role'`, "copy_role", false}}},
		},
	},
	{
		name: "unquoted ${x} expanding to default",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE ${role};`,
		vars: sqlparse.Vars{"role": " DEFAULT "},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 39, `${role}`}, sqlparse.FormDefault, `default`, "s3 s3://b/p", []ph{{`${role}`, "role", true}}},
		},
	},
	{
		name: "unquoted ${x} expanding to a quoted ARN",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE ${role};`,
		vars: sqlparse.Vars{"role": "'arn:aws:iam::123456789012:role/Loader'"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 39, `${role}`}, sqlparse.FormQuoted, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", []ph{{`${role}`, "role", true}}},
		},
	},
	{
		name: "unquoted ${x} expanding to a bare ARN",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE ${role};`,
		vars: sqlparse.Vars{"role": "arn:aws:iam::123456789012:role/Loader"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 39, `${role}`}, sqlparse.FormInvalid, `arn:aws:iam::123456789012:role/Loader`, "s3 s3://b/p", []ph{{`${role}`, "role", true}}},
		},
		diags: []diag{
			{sp{32, 39, `${role}`}, "placeholder ${role} expands to a value IAM_ROLE cannot use"},
		},
	},
	{
		name: "unquoted ${x} expanding to two literals",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE ${role};`,
		vars: sqlparse.Vars{"role": "'a' 'b'"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 39, `${role}`}, sqlparse.FormInvalid, `'a' 'b'`, "s3 s3://b/p", []ph{{`${role}`, "role", true}}},
		},
		diags: []diag{
			{sp{32, 39, `${role}`}, "placeholder ${role} expands to a value IAM_ROLE cannot use"},
		},
	},
	{
		name: "unquoted ${x} expanding to an escaped literal",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE ${role};`,
		vars: sqlparse.Vars{"role": "'a\\'b''c\\\\'"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 39, `${role}`}, sqlparse.FormQuoted, `a'b'c\`, "s3 s3://b/p", []ph{{`${role}`, "role", true}}},
		},
	},
	{
		name: "unquoted ${x} unresolved",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE ${role};`,
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 39, `${role}`}, sqlparse.FormPlaceholder, `${role}`, "s3 s3://b/p", []ph{{`${role}`, "role", false}}},
		},
	},
	{
		name: "unquoted Jinja expression expanding to default",
		src:  `COPY t FROM 's3://b/p' IAM_ROLE {{ var('role') }};`,
		vars: sqlparse.Vars{"role": "default"},
		stmt: stmt{redshift.Copy, "", true},
		refs: []ref{
			{redshift.IAMRole, sp{23, 31, `IAM_ROLE`}, sp{32, 49, `{{ var('role') }}`}, sqlparse.FormDefault, `default`, "s3 s3://b/p", []ph{{`{{ var('role') }}`, "role", true}}},
		},
	},
}

// Sources of single-case tests, kept here so the fuzz corpus can use them.
const (
	splitSrc = "\\set role 'x'\nCOPY a FROM 's3://b/a' IAM_ROLE :'role'\n\\g\n" +
		"SELECT 1 \\gx\n" +
		"{% if prod %}\nUNLOAD ('select '';''') TO 's3://b/u/' IAM_ROLE default;\n{% endif %}\n" +
		"COPY c FROM 's3://b/c' IAM_ROLE default"
	positionsSrc   = "-- schéma ✓\r\nCOPY t FROM 's3://bücket/p' IAM_ROLE\r\n  'arn:aws:iam::123456789012:role/Loader';\r\n"
	opaqueSrc      = "COPY t FROM 's3://b/p' IAM_ROLE '${a},arn:aws:iam::${acct}:role/X,{{ var(\"b\") }}';"
	scanErrorSrc   = "SELECT 1;\nCOPY \"tæble\" FROM 's3://b' IAM_ROLE default \"\";"
	gluedNumberSrc = "UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE default MAXFILESIZE 100MB ROWGROUPSIZE 128mb;"
	brokenSrc      = "COPY a FROM 's3://b/a' IAM_ROLE default;\nCOPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader;\n"
)

func parse(src string, vars sqlparse.Vars) *sqlparse.Result {
	return sqlparse.Parse(sqlparse.NewFile("test.sql", []byte(src)), sqlparse.Options{Vars: vars})
}

func checkSp(t *testing.T, what, src string, got sqlparse.Span, want sp) {
	t.Helper()
	if want.start < 0 || want.end > len(src) || want.start > want.end || src[want.start:want.end] != want.text {
		t.Fatalf("bad test: %s span [%d,%d) does not cover %q", what, want.start, want.end, want.text)
	}
	if got != (sqlparse.Span{Start: want.start, End: want.end}) {
		t.Errorf("%s: got [%d,%d) %q, want [%d,%d) %q", what, got.Start, got.End, clip(src, got), want.start, want.end, want.text)
	}
}

func clip(src string, s sqlparse.Span) string {
	if s.Start < 0 || s.End > len(src) || s.Start > s.End {
		return "<out of range>"
	}
	return src[s.Start:s.End]
}

func targetString(t *redshift.Target) string {
	if t == nil {
		return ""
	}
	return t.Kind.String() + " " + t.URI
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			res := parse(tc.src, tc.vars)
			if len(res.Statements) != 1 {
				t.Fatalf("%d statements, want 1", len(res.Statements))
			}
			st := res.Statements[0]
			if got := (stmt{st.Kind, st.Source, st.NeedsAuthorization}); got != tc.stmt {
				t.Errorf("statement: got %+v, want %+v", got, tc.stmt)
			}
			if len(res.References) != len(tc.refs) {
				t.Fatalf("%d references, want %d: %+v", len(res.References), len(tc.refs), res.References)
			}
			for i, want := range tc.refs {
				got := res.References[i]
				prefix := fmt.Sprintf("ref %d (%s)", i, want.clause)
				if got.Clause != want.clause || got.Statement != 0 {
					t.Errorf("%s: clause %s of statement %d", prefix, got.Clause, got.Statement)
				}
				checkSp(t, prefix+" keyword", tc.src, got.Keyword, want.kw)
				checkSp(t, prefix+" value", tc.src, got.Value.Span, want.val)
				if got.Value.Form != want.form {
					t.Errorf("%s: form %d, want %d", prefix, got.Value.Form, want.form)
				}
				if got.Value.Text != want.text {
					t.Errorf("%s: text %q, want %q", prefix, got.Value.Text, want.text)
				}
				if g := targetString(got.Target); g != want.target {
					t.Errorf("%s: target %q, want %q", prefix, g, want.target)
				}
				var phs []ph
				for _, p := range got.Value.Placeholders {
					phs = append(phs, ph{p.Raw, p.Name, p.Resolved})
					if clip(tc.src, p.Span) != p.Raw {
						t.Errorf("%s: placeholder span %v covers %q, not %q", prefix, p.Span, clip(tc.src, p.Span), p.Raw)
					}
				}
				if fmt.Sprint(phs) != fmt.Sprint(want.ph) {
					t.Errorf("%s: placeholders %+v, want %+v", prefix, phs, want.ph)
				}
				if unresolved := got.Value.Unresolved(); unresolved != hasUnresolved(want.ph) {
					t.Errorf("%s: Unresolved() = %v", prefix, unresolved)
				}
			}
			var diags []diag
			for _, d := range res.Diagnostics {
				diags = append(diags, diag{sp{d.Span.Start, d.Span.End, clip(tc.src, d.Span)}, d.Message})
				if d.Kind != sqlparse.DiagSyntax || d.Reference < 0 || d.Reference >= len(res.References) {
					t.Errorf("diagnostic %+v: want a syntax diagnostic tied to a reference", d)
				}
			}
			if fmt.Sprint(diags) != fmt.Sprint(tc.diags) {
				t.Errorf("diagnostics\n got %+v\nwant %+v", diags, tc.diags)
			}
		})
	}
}

func hasUnresolved(phs []ph) bool {
	for _, p := range phs {
		if !p.resolved {
			return true
		}
	}
	return false
}

// Clause words in comments, strings, grants, function names, column and
// table names are not references.
var notReferenceCases = []struct {
	name string
	src  string
	kind redshift.StatementKind // of the first statement
}{
	{"clause words in comments", "-- COPY t FROM 's3://b' IAM_ROLE default;\n/* UNLOAD ('x') TO 's3://b' CREDENTIALS 'aws_iam_role=arn'; */\nSELECT 1;", 0},
	{"clause words in a string", "SELECT 'COPY t FROM ''s3://b'' IAM_ROLE default';", 0},
	{"COMMENT ON text", "COMMENT ON TABLE t IS 'loaded with IAM_ROLE ''arn:aws:iam::123456789012:role/Loader''';", 0},
	{"GRANT ASSUMEROLE", "GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/Loader' TO loader FOR COPY;", 0},
	{"REVOKE ASSUMEROLE", "REVOKE ASSUMEROLE ON 'arn:aws:iam::123456789012:role/Loader' FROM loader FOR ALL;", 0},
	{"GRANT to an IAM_ROLE grantee", "GRANT USAGE ON SCHEMA s TO IAM_ROLE 'arn:aws:iam::123456789012:role/Analyst';", 0},
	{"default_iam_role()", "SELECT default_iam_role();", 0},
	{"iam_role column", "CREATE TABLE t (iam_role varchar(256), credentials_note varchar);", 0},
	{"COPY FROM STDIN", "COPY t FROM STDIN;", 0},
	{"COPY JOB RUN", "COPY JOB RUN load_t;", 0},
	{"COPY JOB DROP", "COPY JOB DROP load_t;", 0},
	{"COPY JOB LIST", "COPY JOB LIST;", 0},
	{"external table", "CREATE EXTERNAL TABLE s.t (a int) LOCATION 's3://b/t/';", 0},
	{"CREATE DATABASE without FROM ARN", "CREATE DATABASE analytics;", redshift.CreateDatabase},
	{"ALTER EXTERNAL SCHEMA without a role", "ALTER EXTERNAL SCHEMA s AUTHENTICATION none;", redshift.AlterExternalSchema},
	{"quoted identifier spelled like a clause", `CREATE EXTERNAL SCHEMA "iam_role" FROM KAFKA URI 'b:9092';`, redshift.CreateExternalSchema},
}

func TestNotReferences(t *testing.T) {
	for _, tc := range notReferenceCases {
		t.Run(tc.name, func(t *testing.T) {
			res := parse(tc.src, nil)
			if len(res.References) != 0 {
				t.Errorf("references %+v, want none", res.References)
			}
			if len(res.Diagnostics) != 0 {
				t.Errorf("diagnostics %+v, want none", res.Diagnostics)
			}
			if len(res.Statements) == 0 || res.Statements[0].Kind != tc.kind {
				t.Errorf("statements %+v, want the first of kind %q", res.Statements, tc.kind)
			}
		})
	}
}

// Values and identifiers that look like credentials but are not: exactly the
// listed clauses are references.
var realClauseCases = []struct {
	name    string
	src     string
	clauses string
}{
	{"table named iam_role", "COPY iam_role FROM 's3://b/p' IAM_ROLE default;", "IAM_ROLE@30"},
	{"iam_role in the column list", "COPY t (id, iam_role) FROM 's3://b/p' IAM_ROLE default;", "IAM_ROLE@38"},
	{"clause word in the UNLOAD query", "UNLOAD ('select iam_role from t where c = ''IAM_ROLE default''') TO 's3://b/u/' IAM_ROLE default;", "IAM_ROLE@80"},
	{"UNLOAD KMS_KEY_ID", "UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE default KMS_KEY_ID '1234abcd-12ab-34cd-56ef-1234567890ab' ENCRYPTED;", "IAM_ROLE@35"},
	{"SECRET_ARN", "CREATE EXTERNAL SCHEMA pg FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE default SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x';", "IAM_ROLE@61"},
	{"CLUSTER_ARN and AUTHENTICATION_ARN", "CREATE EXTERNAL SCHEMA k FROM KAFKA IAM_ROLE default AUTHENTICATION mtls AUTHENTICATION_ARN 'arn:aws:acm:us-east-1:123456789012:certificate/c' CLUSTER_ARN 'arn:aws:kafka:us-east-1:123456789012:cluster/c/1';", "IAM_ROLE@36"},
	{"CATALOG_ID", "CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'd' IAM_ROLE 'SESSION' CATALOG_ID '123456789012';", "IAM_ROLE@56"},
	{"clause in a comment next to a real one", "COPY t FROM 's3://b/p' -- IAM_ROLE 'arn:old'\nIAM_ROLE default;", "IAM_ROLE@45"},
	{"qualified name and function call", "COPY t FROM 's3://b/p' IAM_ROLE default TIMEFORMAT AS 'auto' -- x.iam_role\n;", "IAM_ROLE@23"},
	{"IF NOT EXISTS before a clause", "CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'd' CREATE EXTERNAL DATABASE IF NOT EXISTS IAM_ROLE default;", "IAM_ROLE@95"},
	{"clause in a COPY without authorization, in a comment", "COPY t FROM 's3://b/p' /* IAM_ROLE default */;", "NONE@0"},
}

func TestOnlyTheRealClause(t *testing.T) {
	for _, tc := range realClauseCases {
		t.Run(tc.name, func(t *testing.T) {
			res := parse(tc.src, nil)
			var got []string
			for _, r := range res.References {
				got = append(got, fmt.Sprintf("%s@%d", r.Clause, r.Keyword.Start))
			}
			if strings.Join(got, " ") != tc.clauses {
				t.Errorf("references %q, want %q", strings.Join(got, " "), tc.clauses)
			}
		})
	}
}

func TestSplitsStatements(t *testing.T) {
	src := splitSrc
	res := parse(src, sqlparse.Vars{"role": "arn:aws:iam::123456789012:role/R"})
	var kinds []string
	for _, st := range res.Statements {
		kinds = append(kinds, fmt.Sprintf("%s[%s]", st.Kind, clip(src, st.Keyword)))
	}
	if got, want := strings.Join(kinds, " "), "COPY[COPY] [SELECT] UNLOAD[UNLOAD] COPY[COPY]"; got != want {
		t.Errorf("statements %q, want %q", got, want)
	}
	if len(res.References) != 3 {
		t.Fatalf("references %+v, want 3", res.References)
	}
	if v := res.References[0].Value; v.Text != "x" || v.Form != sqlparse.FormQuoted { // the \set before it wins over --var, as in psql
		t.Errorf("psql :'role' value %+v", v)
	}
}

// Positions: columns count characters, lines survive CRLF.
func TestPositions(t *testing.T) {
	src := positionsSrc
	res := parse(src, nil)
	if len(res.References) != 1 {
		t.Fatalf("references %+v", res.References)
	}
	r := res.References[0]
	f := res.File
	for _, tc := range []struct {
		what string
		off  int
		want sqlparse.Position
	}{
		{"keyword", r.Keyword.Start, sqlparse.Position{Line: 2, Column: 29}},
		{"value", r.Value.Span.Start, sqlparse.Position{Line: 3, Column: 3}},
		{"first byte", 0, sqlparse.Position{Line: 1, Column: 1}},
		{"after ü (a two-byte character)", strings.Index(src, "cket"), sqlparse.Position{Line: 2, Column: 21}},
		{"the CR of line 1", strings.Index(src, "\r"), sqlparse.Position{Line: 1, Column: 12}},
		{"end of file", len(src), sqlparse.Position{Line: 4, Column: 1}},
		{"past the end is clamped", len(src) + 10, sqlparse.Position{Line: 4, Column: 1}},
		{"negative is clamped", -1, sqlparse.Position{Line: 1, Column: 1}},
	} {
		if got := f.Position(tc.off); got != tc.want {
			t.Errorf("%s (offset %d): %+v, want %+v", tc.what, tc.off, got, tc.want)
		}
	}
	if got := string(f.Line(2)); got != "COPY t FROM 's3://bücket/p' IAM_ROLE" {
		t.Errorf("Line(2) = %q", got)
	}
	if f.LineCount() != 4 || f.LineStart(3) != strings.Index(src, "  'arn") {
		t.Errorf("LineCount %d, LineStart(3) %d", f.LineCount(), f.LineStart(3))
	}
}

// A UTF-8 byte order mark is not text: the file parses as if it were absent
// and columns do not count it.
func TestUTF8BOM(t *testing.T) {
	body := "COPY t FROM 's3://b/p' IAM_ROLE default;"
	res := parse("\ufeff"+body, nil)
	if len(res.Diagnostics) != 0 {
		t.Fatalf("diagnostics %+v", res.Diagnostics)
	}
	if len(res.Statements) != 1 || res.Statements[0].Kind != redshift.Copy || res.Statements[0].Keyword != (sqlparse.Span{Start: 3, End: 7}) {
		t.Fatalf("statements %+v", res.Statements)
	}
	if len(res.References) != 1 || res.References[0].Value.Form != sqlparse.FormDefault {
		t.Fatalf("references %+v", res.References)
	}
	f := res.File
	if got := f.Position(res.Statements[0].Keyword.Start); got != (sqlparse.Position{Line: 1, Column: 1}) {
		t.Errorf("keyword position %+v, want 1:1", got)
	}
	if got := f.Position(res.References[0].Keyword.Start); got.Column != strings.Index(body, "IAM_ROLE")+1 {
		t.Errorf("IAM_ROLE position %+v", got)
	}
	if string(f.Line(1)) != body || f.LineStart(1) != 3 {
		t.Errorf("Line(1) = %q, LineStart(1) = %d: the mark is not part of the line", f.Line(1), f.LineStart(1))
	}
}

var encodingCases = []struct {
	name string
	src  string
	at   int
	msg  string
}{
	{"invalid UTF-8 byte", "COPY t FROM 's3://b/caf\xe9' IAM_ROLE default;", 23, "file is not valid UTF-8: byte 0xE9 cannot start or continue a character"},
	{"truncated sequence at the end", "SELECT 1; -- \xe2\x80", 13, "file is not valid UTF-8: byte 0xE2 cannot start or continue a character"},
	{"NUL byte", "SELECT 1;\x00SELECT 2;", 9, "file holds a NUL byte: it is binary, not SQL text"},
	{"NUL after an invalid byte", "\xffSELECT\x00", 0, "file is not valid UTF-8: byte 0xFF cannot start or continue a character"},
	{"UTF-16 LE BOM", "\xff\xfeC\x00O\x00", 0, "file is UTF-16 text, not UTF-8"},
	{"UTF-16 BE BOM", "\xfe\xff\x00C\x00O", 0, "file is UTF-16 text, not UTF-8"},
}

func TestEncoding(t *testing.T) {
	for _, tc := range encodingCases {
		t.Run(tc.name, func(t *testing.T) {
			res := parse(tc.src, nil)
			if len(res.Diagnostics) != 1 {
				t.Fatalf("diagnostics %+v, want one", res.Diagnostics)
			}
			d := res.Diagnostics[0]
			if d.Kind != sqlparse.DiagEncoding || d.Span.Start != tc.at || d.Message != tc.msg || d.Reference != -1 {
				t.Errorf("diagnostic %+v, want encoding at %d: %q", d, tc.at, tc.msg)
			}
			if d.Span.End > len(tc.src) || d.Span.End <= d.Span.Start {
				t.Errorf("span %v outside the file", d.Span)
			}
			if len(res.References) != 0 || len(res.Statements) != 0 {
				t.Errorf("a file that is not UTF-8 is not parsed: %+v %+v", res.Statements, res.References)
			}
		})
	}
}

// SourceSpan maps ranges of Value.Text back to the file.
var sourceSpanCases = []struct {
	name string
	src  string
	vars sqlparse.Vars
	text string // Value.Text, for orientation
	a, b int
	want sp
}{
	{"plain", `IAM_ROLE 'abc'`, nil, "abc", 1, 2, sp{11, 12, "b"}},
	{"backslash escape", `IAM_ROLE 'a\'b'`, nil, "a'b", 1, 2, sp{11, 13, `\'`}},
	{"escape inside a range", `IAM_ROLE 'a\'b'`, nil, "a'b", 0, 3, sp{10, 14, `a\'b`}},
	{"doubled quote", `IAM_ROLE 'a''b'`, nil, "a'b", 1, 3, sp{11, 14, "''b"}},
	{"escaped newline", `IAM_ROLE 'a\nb'`, nil, "a\nb", 1, 2, sp{11, 13, `\n`}},
	{"resolved placeholder widens to the placeholder", `IAM_ROLE 'arn:aws:iam::${acct}:role/X'`, sqlparse.Vars{"acct": "123456789012"}, "arn:aws:iam::123456789012:role/X", 15, 16, sp{23, 30, "${acct}"}},
	{"range across a placeholder", `IAM_ROLE 'arn:aws:iam::${acct}:role/X'`, sqlparse.Vars{"acct": "123456789012"}, "arn:aws:iam::123456789012:role/X", 12, 26, sp{22, 31, ":${acct}:"}},
	{"after a placeholder", `IAM_ROLE 'arn:aws:iam::${acct}:role/X'`, sqlparse.Vars{"acct": "123456789012"}, "arn:aws:iam::123456789012:role/X", 26, 30, sp{31, 35, "role"}},
	{"unresolved placeholder", `IAM_ROLE 'x,${r}'`, nil, "x,${r}", 2, 6, sp{12, 16, "${r}"}},
	{"Jinja comment inside the string renders as nothing", `IAM_ROLE 'a{# c #}b'`, nil, "ab", 1, 2, sp{18, 19, "b"}},
	{"joined literals", "IAM_ROLE 'a,'\n'b'", nil, "a,b", 1, 3, sp{11, 16, ",'\n'b"}},
	{"default", `IAM_ROLE default`, nil, "default", 0, 7, sp{9, 16, "default"}},
	{"empty range", `IAM_ROLE 'abc'`, nil, "abc", 2, 2, sp{12, 12, ""}},
	{"past the end: just before the closing quote", `IAM_ROLE 'abc'`, nil, "abc", 3, 5, sp{13, 13, ""}},
	{"empty string", `IAM_ROLE ''`, nil, "", 0, 0, sp{10, 10, ""}},
	{"dollar quote", `IAM_ROLE $q$ab$q$`, nil, "ab", 1, 2, sp{13, 14, "b"}},
	{"typographic", `IAM_ROLE ‘ab’`, nil, "ab", 0, 2, sp{12, 14, "ab"}},
	{"unquoted placeholder: every byte is the placeholder", `IAM_ROLE ${r}`, sqlparse.Vars{"r": "'arn:x'"}, "arn:x", 1, 2, sp{9, 13, "${r}"}},
}

func TestSourceSpan(t *testing.T) {
	for _, tc := range sourceSpanCases {
		t.Run(tc.name, func(t *testing.T) {
			src := "COPY t FROM 's3://b/p' " + tc.src
			res := parse(src, tc.vars)
			if len(res.References) != 1 {
				t.Fatalf("references %+v", res.References)
			}
			v := res.References[0].Value
			if v.Text != tc.text {
				t.Fatalf("text %q, want %q", v.Text, tc.text)
			}
			const base = len("COPY t FROM 's3://b/p' ")
			want := sp{tc.want.start + base, tc.want.end + base, tc.want.text}
			checkSp(t, fmt.Sprintf("SourceSpan(%d, %d)", tc.a, tc.b), src, v.SourceSpan(tc.a, tc.b), want)
		})
	}
}

// Flyway names match case-insensitively; when several supplied names differ
// only in case the choice must not depend on map order.
func TestFlywayLookupIsDeterministic(t *testing.T) {
	vars := sqlparse.Vars{"ROLE": "'arn:a'", "role": "'arn:b'", "Role_": "'arn:c'"}
	for i := 0; i < 20; i++ {
		res := parse("COPY t FROM 's3://b/p' IAM_ROLE ${rOLE};", vars)
		if v := res.References[0].Value; v.Text != "arn:a" {
			t.Fatalf("${rOLE} resolved to %q, want the value of ROLE", v.Text)
		}
	}
	res := parse("COPY t FROM 's3://b/p' IAM_ROLE :rOLE;", vars)
	if v := res.References[0].Value; v.Form != sqlparse.FormPlaceholder {
		t.Errorf("psql :rOLE resolved to %q: psql names are case-sensitive", v.Text)
	}
}

func TestOpaque(t *testing.T) {
	src := opaqueSrc
	res := parse(src, sqlparse.Vars{"acct": "123456789012"})
	v := res.References[0].Value
	if v.Text != `${a},arn:aws:iam::123456789012:role/X,{{ var("b") }}` {
		t.Fatalf("text %q", v.Text)
	}
	var got []string
	for _, r := range v.Opaque() {
		got = append(got, v.Text[r[0]:r[1]])
	}
	if strings.Join(got, " ") != `${a} {{ var("b") }}` {
		t.Errorf("opaque ranges cover %q", got)
	}
	if !v.Unresolved() || v.IsLiteral() {
		t.Errorf("Unresolved %v IsLiteral %v", v.Unresolved(), v.IsLiteral())
	}
}

// Secrets: the literal key material of key clauses and of CREDENTIALS
// strings, never role ARNs.
var secretCases = []struct {
	name string
	src  string
	want []string
}{
	{"key clauses", "COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalr/K7MDENG' SESSION_TOKEN 'FQoG\\'x';",
		[]string{"AKIAIOSFODNN7EXAMPLE", "wJalr/K7MDENG", `FQoG\'x`}},
	{"master symmetric key", "COPY t FROM 's3://b/p' IAM_ROLE default MASTER_SYMMETRIC_KEY 'EXAMPLEKEY=' ENCRYPTED;", []string{"EXAMPLEKEY="}},
	{"CREDENTIALS keys", "COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=AKIAX;aws_secret_access_key=s/e''c;token=TOK;master_symmetric_key=MSK';",
		[]string{"AKIAX", "s/e''c", "TOK", "MSK"}},
	{"CREDENTIALS role is not a secret", "COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/R';", nil},
	{"CREDENTIALS split over two literals", "COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=AK;'\n'aws_secret_access_key=SK';", []string{"AK", "SK"}},
	{"empty key", "COPY t FROM 's3://b/p' ACCESS_KEY_ID '' SECRET_ACCESS_KEY 'S';", []string{"S"}},
	{"unquoted placeholder is no secret", "COPY t FROM 's3://b/p' ACCESS_KEY_ID ${k} SECRET_ACCESS_KEY :s;", nil},
	{"CREDENTIALS keys in any case", "COPY t FROM 's3://b/p' CREDENTIALS 'AWS_ACCESS_KEY_ID=AK;Aws_Secret_Access_Key=S/K;Token=T;MASTER_SYMMETRIC_KEY=M';",
		[]string{"AK", "S/K", "T", "M"}},
	{"a comma typo runs key pairs into the role", "COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A,aws_access_key_id=AK,aws_secret_access_key=S/K';",
		[]string{"AK", "S/K"}},
	{"double-quoted keys: the name between the quotes", `COPY t FROM 's3://b/p' ACCESS_KEY_ID "AKIAIOSFODNN7EXAMPLE" SECRET_ACCESS_KEY "wJalr/K7MDENG";`,
		[]string{"AKIAIOSFODNN7EXAMPLE", "wJalr/K7MDENG"}},
	{"an unquoted key ends before ';'", "COPY t FROM 's3://b/p' ACCESS_KEY_ID AKIA1 SECRET_ACCESS_KEY wJalr/K7MDENG;", []string{"AKIA1", "wJalr/K7MDENG"}},
	{"key material in a comment", "COPY t FROM 's3://b/p' IAM_ROLE default; -- was: secret_access_key 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'",
		[]string{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}},
	{"key material a string swallowed", "COPY t FROM 's3://b/p' IAM_ROLE default DELIMITER '|\nACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE';",
		[]string{"AKIAIOSFODNN7EXAMPLE"}},
}

func TestSecrets(t *testing.T) {
	for _, tc := range secretCases {
		t.Run(tc.name, func(t *testing.T) {
			res := parse(tc.src, nil)
			var got []string
			for _, s := range res.Secrets {
				got = append(got, clip(tc.src, s))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("secrets cover %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseCredentials(t *testing.T) {
	text := "aws_access_key_id=AK;aws_secret_access_key=S=K;;token;"
	var got []string
	for _, p := range sqlparse.ParseCredentials(text) {
		got = append(got, fmt.Sprintf("%s=%s@%v%v", p.Key, p.Value, p.KeyText, p.ValueText))
		if text[p.KeyText[0]:p.KeyText[1]] != p.Key || text[p.ValueText[0]:p.ValueText[1]] != p.Value {
			t.Errorf("ranges of %+v do not match the text", p)
		}
	}
	want := "aws_access_key_id=AK@[0 17][18 20] aws_secret_access_key=S=K@[21 42][43 46] token=@[48 53][53 53]"
	if strings.Join(got, " ") != want {
		t.Errorf("pairs\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

var roleTextCases = []struct {
	src  string
	want string
	ok   bool
}{
	{"COPY t FROM 's3://b' IAM_ROLE 'a,b';", "a,b", true},
	{"COPY t FROM 's3://b' IAM_ROLE default;", "", false},
	{"COPY t FROM 's3://b' IAM_ROLE ${r};", "${r}", true},
	{"COPY t FROM 's3://b' CREDENTIALS 'aws_iam_role=arn:x;master_symmetric_key=k';", "arn:x", true},
	{"COPY t FROM 's3://b' CREDENTIALS 'aws_access_key_id=a;aws_secret_access_key=b';", "", false},
	{"COPY t FROM 's3://b' ACCESS_KEY_ID 'a' SECRET_ACCESS_KEY 'b';", "", false},
}

func TestRoleText(t *testing.T) {
	for _, tc := range roleTextCases {
		r := parse(tc.src, nil).References[0]
		a, b, ok := r.RoleText()
		if ok != tc.ok || r.Value.Text[a:b] != tc.want {
			t.Errorf("%s: RoleText = %q %v, want %q %v", tc.src, r.Value.Text[a:b], ok, tc.want, tc.ok)
		}
	}
}

// A statement that cannot be tokenized is reported, at the right character.
func TestScannerErrorIsPositioned(t *testing.T) {
	src := scanErrorSrc
	res := parse(src, nil)
	if len(res.Diagnostics) != 1 {
		t.Fatalf("diagnostics %+v", res.Diagnostics)
	}
	d := res.Diagnostics[0]
	if at := strings.LastIndex(src, `""`); d.Span.Start != at || d.Reference != -1 || d.Kind != sqlparse.DiagSyntax {
		t.Errorf("diagnostic %+v, want a syntax diagnostic at %d", d, at)
	}
}

// Redshift's 8.0-era lexer reads "100MB" as a number and a word; PostgreSQL
// 16's scanner rejects it. The statement's references must not be lost.
func TestNumberGluedToWord(t *testing.T) {
	src := gluedNumberSrc
	res := parse(src, nil)
	if len(res.Diagnostics) != 0 || len(res.References) != 1 || res.References[0].Clause != redshift.IAMRole {
		t.Errorf("diagnostics %+v references %+v", res.Diagnostics, res.References)
	}
}

// A statement cut off by an unterminated literal keeps the clauses before
// the literal, as Redshift would have read them; the clause whose value the
// literal opens has no value, positioned at its keyword (the lexer's
// diagnostic, and the checks, say why).
func TestBrokenStatementKeepsClausesBeforeTheCut(t *testing.T) {
	src := brokenSrc
	res := parse(src, nil)
	if len(res.Statements) != 2 || len(res.References) != 2 {
		t.Fatalf("statements %+v references %+v", res.Statements, res.References)
	}
	cut := strings.LastIndex(src, "'arn")
	if st := res.Statements[1]; st.Kind != redshift.Copy || st.Cut != (sqlparse.Span{Start: cut, End: cut + 1}) {
		t.Errorf("broken statement %+v, want COPY cut at %d", st, cut)
	}
	kw := strings.LastIndex(src, "IAM_ROLE")
	if r := res.References[1]; r.Keyword.Start != kw || r.Value.Form != sqlparse.FormMissing || r.Value.Span != (sqlparse.Span{Start: kw, End: kw}) {
		t.Errorf("reference %+v", r)
	}
	var msgs []string
	for _, d := range res.Diagnostics {
		msgs = append(msgs, fmt.Sprintf("%d-%d %d %s", d.Span.Start, d.Span.End, d.Reference, d.Message))
	}
	want := []string{fmt.Sprintf("%d-%d -1 unterminated quoted string", cut, cut+1)}
	if fmt.Sprint(msgs) != fmt.Sprint(want) {
		t.Errorf("diagnostics\n got %q\nwant %q", msgs, want)
	}
}
