-- Missing and conflicting authorization.

COPY t FROM 's3://b/p' FORMAT AS PARQUET; -- want missing-authorization "COPY needs authorization"

UNLOAD ('select 1') TO 's3://b/u'; -- want missing-authorization "UNLOAD needs"

CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'db'; -- want missing-authorization "CREATE EXTERNAL SCHEMA"

-- These need no AWS authorization.
CREATE EXTERNAL SCHEMA shared FROM REDSHIFT DATABASE 'producer' SCHEMA 'public';
CREATE OR REPLACE LIBRARY f_urlparse LANGUAGE plpythonu FROM 'https://example.com/urlparse3-1.0.3.zip';
CREATE DATABASE analytics;
CREATE DATABASE db3 FROM INTEGRATION 'integration_id' DATABASE 'source_db';
CREATE DATABASE db10 FROM DATASHARE my_datashare OF NAMESPACE 'my_namespace_guid';
SHOW DATABASES FROM DATA CATALOG ACCOUNT '123456789012';
COPY t FROM STDIN;

CREATE EXTERNAL FUNCTION exfunc_sum(int, int) RETURNS int STABLE LAMBDA 'lambda_sum'; -- want missing-authorization "CREATE EXTERNAL FUNCTION"

CREATE MODEL customer_churn FROM (SELECT state, churn FROM customer_activity) TARGET churn FUNCTION predict_churn SETTINGS (S3_BUCKET 'your-bucket'); -- want missing-authorization "CREATE MODEL"

COPY t FROM 's3://b/p' ACCESS_KEY_ID '${key}'; -- want missing-authorization "without SECRET_ACCESS_KEY" unresolved-placeholder "key"

COPY t FROM 's3://b/p' IAM_ROLE default CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A'; -- want conflicting-authorization "IAM_ROLE cannot be combined with CREDENTIALS" conflicting-authorization "CREDENTIALS cannot be combined with IAM_ROLE" deprecated-credentials-syntax "."

COPY t FROM 's3://b/p' IAM_ROLE default IAM_ROLE default; -- want conflicting-authorization "given twice" conflicting-authorization "given twice"

COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A' MASTER_SYMMETRIC_KEY '${mk}'; -- want conflicting-authorization "CREDENTIALS cannot be combined with MASTER_SYMMETRIC_KEY" conflicting-authorization "MASTER_SYMMETRIC_KEY cannot be combined with CREDENTIALS" deprecated-credentials-syntax "." unresolved-placeholder "mk"

COPY t FROM 's3://b/p' IAM_ROLE default ACCESS_KEY_ID '${k}' SECRET_ACCESS_KEY '${s}'; -- want conflicting-authorization "IAM_ROLE cannot be combined with ACCESS_KEY_ID" conflicting-authorization "ACCESS_KEY_ID cannot be combined with IAM_ROLE" conflicting-authorization "SECRET_ACCESS_KEY cannot be combined with IAM_ROLE" unresolved-placeholder "k" unresolved-placeholder "s"

-- CREATE DATABASE has a role only FROM ARN and in its IAM_ROLE form.
CREATE DATABASE db26 FROM INTEGRATION 'integration_id' IAM_ROLE 'arn:aws:iam::123456789012:role/A'; -- want syntax-error "FROM INTEGRATION takes no IAM_ROLE"
CREATE DATABASE db28 FROM DATASHARE my_datashare OF NAMESPACE 'hello' IAM_ROLE 'SESSION'; -- want syntax-error "FROM DATASHARE takes no IAM_ROLE"
CREATE DATABASE db9 IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole';
CREATE DATABASE db27 FROM ARN 'arn:aws:glue:us-east-1:123456789012:database/x' WITH NO DATA CATALOG SCHEMA IAM_ROLE default;
SHOW DATABASES FROM DATA CATALOG IAM_ROLE 'arn:aws:iam::123456789012:role/A';
