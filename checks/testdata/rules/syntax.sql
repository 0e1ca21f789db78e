-- Clauses without a usable value, and CREDENTIALS strings Redshift cannot read.

COPY t FROM 's3://b/p' IAM_ROLE FORMAT CSV; -- want syntax-error "IAM_ROLE needs a value"

COPY t FROM 's3://b/p' ACCESS_KEY_ID default SECRET_ACCESS_KEY 'x'; -- want syntax-error "takes a quoted value" hardcoded-secret "."

COPY t FROM 's3://b/p' CREDENTIALS 'AWS_IAM_ROLE=arn:aws:iam::123456789012:role/A'; -- want syntax-error "case-sensitive" syntax-error "neither" deprecated-credentials-syntax "."

COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'; -- want chain-whitespace "." deprecated-credentials-syntax "."

-- Backslash escapes: the UNLOAD query below is one string in Redshift.
UNLOAD ('select * from venue where venuestate=\'NV\'') TO 's3://b/u' IAM_ROLE default;

-- The default keyword is accepted in any case.
UNLOAD ('select 1') TO 's3://b/u' iam_role DeFaUlT;

-- A clause keyword without a usable value: the finding is at the keyword.
COPY t FROM 's3://b/p' IAM_ROLE 42; -- want syntax-error "IAM_ROLE needs a value: default or a quoted role ARN, not 42"
COPY t FROM 's3://b/p' CREDENTIALS; -- want syntax-error "CREDENTIALS needs a quoted value, and the statement ends after it" deprecated-credentials-syntax "."
SHOW DATABASES FROM DATA CATALOG IAM_ROLE SESSION; -- want syntax-error "not SESSION without quotes"
COPY t FROM 's3://b/p' ACCESS_KEY_ID AKIAIOSFODNN7EXAMPLE SECRET_ACCESS_KEY 'x'; -- want syntax-error "its value is not quoted" hardcoded-secret "access key id in SQL \(AKIA\*+MPLE\)" hardcoded-secret "secret access key"
