-- Missing and conflicting authorization.

COPY t FROM 's3://b/p' FORMAT AS PARQUET; -- want missing-authorization "COPY needs authorization"

UNLOAD ('select 1') TO 's3://b/u'; -- want missing-authorization "UNLOAD needs"

CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'db'; -- want missing-authorization "CREATE EXTERNAL SCHEMA"

-- These need no AWS authorization.
CREATE EXTERNAL SCHEMA shared FROM REDSHIFT DATABASE 'producer' SCHEMA 'public';
CREATE OR REPLACE LIBRARY f_urlparse LANGUAGE plpythonu FROM 'https://example.com/urlparse3-1.0.3.zip';
CREATE DATABASE analytics;
COPY t FROM STDIN;

CREATE EXTERNAL FUNCTION exfunc_sum(int, int) RETURNS int STABLE LAMBDA 'lambda_sum'; -- want missing-authorization "CREATE EXTERNAL FUNCTION"

CREATE MODEL customer_churn FROM (SELECT state, churn FROM customer_activity) TARGET churn FUNCTION predict_churn SETTINGS (S3_BUCKET 'your-bucket'); -- want missing-authorization "CREATE MODEL"

COPY t FROM 's3://b/p' ACCESS_KEY_ID '${key}'; -- want missing-authorization "without SECRET_ACCESS_KEY" unresolved-placeholder "key"

COPY t FROM 's3://b/p' IAM_ROLE default CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A'; -- want conflicting-authorization "CREDENTIALS cannot be combined with IAM_ROLE" deprecated-credentials-syntax "."

COPY t FROM 's3://b/p' IAM_ROLE default IAM_ROLE default; -- want conflicting-authorization "given twice"

COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A' MASTER_SYMMETRIC_KEY '${mk}'; -- want conflicting-authorization "MASTER_SYMMETRIC_KEY cannot be combined with CREDENTIALS" deprecated-credentials-syntax "." unresolved-placeholder "mk"

COPY t FROM 's3://b/p' IAM_ROLE default ACCESS_KEY_ID '${k}' SECRET_ACCESS_KEY '${s}'; -- want conflicting-authorization "ACCESS_KEY_ID cannot be combined with IAM_ROLE" conflicting-authorization "SECRET_ACCESS_KEY cannot be combined with IAM_ROLE" unresolved-placeholder "k" unresolved-placeholder "s"
