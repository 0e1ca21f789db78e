-- ASSUMEROLE grants, replayed statement by statement within this file.
-- db-user etl_user
-- db-groups loaders
-- db-roles etl_role
-- var loader_role=arn:aws:iam::123456789012:role/Loader

-- Before the revoke every user may use every role.
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Any';

REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;

COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Any'; -- want assumerole-not-granted "^etl_user has no ASSUMEROLE grant on this chain for COPY \(ASSUMEROLE was revoked from PUBLIC in .*assumerole.sql:10\)$"

-- A grant to the user, for COPY only.
GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/Loader' TO etl_user FOR COPY;
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader';
COPY t FROM 's3://b/p' IAM_ROLE '${loader_role}';
COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/Loader'; -- want deprecated-credentials-syntax "deprecated"
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader'; -- want assumerole-not-granted "for UNLOAD"
COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/Other'; -- want deprecated-credentials-syntax "deprecated" assumerole-not-granted "this chain for COPY"

-- A chain grant is used whole.
GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B' TO GROUP loaders FOR UNLOAD;
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B';
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE 'arn:aws:iam::123456789012:role/A'; -- want assumerole-not-granted "for UNLOAD"

-- Roles, PUBLIC, ALL commands, default.
GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/Fn' TO ROLE etl_role FOR EXTERNAL FUNCTION;
CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'f' IAM_ROLE 'arn:aws:iam::123456789012:role/Fn';
CREATE MODEL m FROM t TARGET c FUNCTION fm IAM_ROLE 'arn:aws:iam::123456789012:role/Fn' SETTINGS (S3_BUCKET 'b'); -- want assumerole-not-granted "for CREATE MODEL"
CREATE MODEL m FROM t TARGET c FUNCTION fm IAM_ROLE default SETTINGS (S3_BUCKET 'b'); -- want assumerole-not-granted "on the default role for CREATE MODEL"
GRANT ASSUMEROLE ON default TO PUBLIC FOR ALL;
CREATE MODEL m FROM t TARGET c FUNCTION fm IAM_ROLE default SETTINGS (S3_BUCKET 'b');

-- Revoking a chain from the user.
REVOKE ASSUMEROLE ON 'arn:aws:iam::123456789012:role/Loader' FROM etl_user FOR ALL;
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader'; -- want assumerole-not-granted "for COPY"

-- ON ALL to a group, then one chain revoked from it.
GRANT ASSUMEROLE ON ALL TO GROUP loaders FOR COPY;
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader';
REVOKE ASSUMEROLE ON 'arn:aws:iam::123456789012:role/Loader' FROM GROUP loaders FOR COPY;
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader'; -- want assumerole-not-granted "for COPY"
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Other';

-- Not governed, or not decidable.
CREATE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' IAM_ROLE 'arn:aws:iam::123456789012:role/Nope';
CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'd' IAM_ROLE 'arn:aws:iam::123456789012:role/Nope';
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE '${unknown_role}'; -- want unresolved-placeholder "unknown_role"
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::210987654321:role/B'; -- want chain-whitespace "."

-- A malformed grant grants nothing.
GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/Nope' TO etl_user; -- want syntax-error "needs FOR"
