-- External schema over the Glue catalog, pasted from a design document.
CREATE EXTERNAL SCHEMA IF NOT EXISTS spectrum
FROM DATA CATALOG
DATABASE 'tickit_lake'
IAM_ROLE ‘arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole’
CREATE EXTERNAL DATABASE IF NOT EXISTS;
