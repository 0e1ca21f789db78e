-- Nightly partner load: the cluster role assumes the partner's read role.
COPY venue
FROM 's3://partner-exports/tickit/venue_pipe_'
IAM_ROLE '${cluster_role},${partner_role}'
DELIMITER '|'
REGION 'us-west-2';

-- Spectrum over the partner's lake, through the environment's lake role.
CREATE EXTERNAL SCHEMA IF NOT EXISTS partner_lake
FROM DATA CATALOG
DATABASE 'partner_lake'
IAM_ROLE '${lake_role},${partner_role}';
