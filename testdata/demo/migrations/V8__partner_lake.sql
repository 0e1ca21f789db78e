-- Nightly partner load, run by etl_user: the cluster role assumes the
-- partner's read role (their trust policy names our cluster role and
-- etl_user's external id).
COPY venue
FROM 's3://partner-exports/tickit/venue_pipe_'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftClusterRole,arn:aws:iam::210987654321:role/PartnerS3ReadRole'
DELIMITER '|'
REGION 'us-west-2';

-- Spectrum over the partner's lake, through the Spectrum role this time.
CREATE EXTERNAL SCHEMA IF NOT EXISTS partner_lake
FROM DATA CATALOG
DATABASE 'partner_lake'
IAM_ROLE 'arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole,arn:aws:iam::210987654321:role/PartnerS3ReadRole';

-- The geocoding UDF's own role, created by the platform team last week.
CREATE OR REPLACE EXTERNAL FUNCTION fn_geocode_v2(varchar)
RETURNS varchar
STABLE
LAMBDA 'geocode-venue-v2'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLambdaRole';
