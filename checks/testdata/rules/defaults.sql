-- IAM_ROLE default where Redshift refuses it.

COPY t FROM 's3://b/p' IAM_ROLE default JOB CREATE load_t AUTO ON; -- want default-not-allowed "JOB CREATE"

COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' JOB CREATE load_t AUTO ON;

CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'db' IAM_ROLE default CATALOG_ROLE default; -- want default-not-allowed "CATALOG_ROLE"
