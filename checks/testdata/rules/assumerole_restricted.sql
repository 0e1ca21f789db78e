-- The configuration says the revoke ran before these migrations.
-- db-user ETL_User
-- assumerole-restricted

COPY t FROM 's3://b/p' IAM_ROLE default; -- want assumerole-not-granted "^ETL_User has no ASSUMEROLE grant on the default role for COPY \(the configuration says ASSUMEROLE was revoked from PUBLIC\)$"

-- Unquoted names fold to lower case; ON ALL covers default.
grant assumerole on all to Etl_User for copy;
COPY t FROM 's3://b/p' IAM_ROLE default;
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE default; -- want assumerole-not-granted "for UNLOAD"

-- A quoted name keeps its case: another user.
GRANT ASSUMEROLE ON ALL TO "OTHER" FOR UNLOAD;
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE default; -- want assumerole-not-granted "for UNLOAD"

-- preflight-ignore assumerole-not-granted -- granted out of band
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE 'arn:aws:iam::123456789012:role/X';
