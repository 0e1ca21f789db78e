-- Chain syntax: whitespace, empty elements, length, default, ARN shape.
-- max-chain 3

COPY venue FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B';

COPY venue FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::210987654321:role/B'; -- want chain-whitespace "must not contain whitespace"

COPY venue FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A,	arn:aws:iam::210987654321:role/B'; -- want chain-whitespace "tab"

COPY venue FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A,,arn:aws:iam::210987654321:role/B'; -- want chain-empty-element "."

COPY venue FROM 's3://b/p' IAM_ROLE ''; -- want chain-empty-element "empty"

COPY venue FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B,arn:aws:iam::123456789012:role/C,arn:aws:iam::123456789012:role/D'; -- want chain-too-long "4 roles, at most 3"

UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE 'default,arn:aws:iam::210987654321:role/B'; -- want default-in-chain "default"

UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE 'DEFAULT'; -- want default-quoted "default"

UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE default;

COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::0123456789012:role/Loader'; -- want invalid-role-arn "13"

COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:user/johndoe'; -- want invalid-role-arn "user"

COPY t FROM 's3://b/p' IAM_ROLE 'Loader'; -- want invalid-role-arn "."

COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws-cn:iam::123456789012:role/service-role/Loader';

CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'db' IAM_ROLE 'SESSION'; -- want session-identity "federated identity"
ALTER EXTERNAL SCHEMA spectrum IAM_ROLE 'SESSION'; -- want session-identity "federated identity"
CREATE DATABASE d IAM_ROLE 'SESSION'; -- want session-identity "federated identity"
SHOW DATABASES FROM DATA CATALOG IAM_ROLE 'SESSION'; -- want session-identity "federated identity"
CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'db' IAM_ROLE 'arn:aws:iam::123456789012:role/A' CATALOG_ROLE 'SESSION'; -- want session-identity "CATALOG_ROLE 'SESSION'"
CREATE EXTERNAL SCHEMA pg FROM POSTGRES DATABASE 'db' SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s' IAM_ROLE 'SESSION'; -- want invalid-role-arn "only allowed"

COPY t FROM 's3://b/p' IAM_ROLE 'SESSION'; -- want invalid-role-arn "SESSION"

-- A role value on a later line, with comments in between.
COPY t FROM 's3://b/p'
  IAM_ROLE /* the loader */ -- chained into the data account
  'arn:aws:iam::123456789012:role/A,arn:aws:iam::12345678901:role/B'; -- want invalid-role-arn "11"

-- A space inside a role name is reported once, as whitespace.
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/My Role'; -- want chain-whitespace "."
