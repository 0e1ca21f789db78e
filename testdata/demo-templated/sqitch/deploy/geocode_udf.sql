-- Deploy tickit_sales:geocode_udf
CREATE OR REPLACE EXTERNAL FUNCTION fn_geocode(varchar)
RETURNS varchar
STABLE
LAMBDA 'geocode-venue'
IAM_ROLE :'udf_role';
