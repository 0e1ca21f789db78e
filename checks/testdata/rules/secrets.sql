-- Key material in SQL is reported, masked; placeholders are not secrets.

COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; -- want hardcoded-secret "access key id in SQL \(AKIA\*{12}MPLE\)" hardcoded-secret "secret access key in SQL \(wJal\*+EKEY\)"

COPY t FROM 's3://b/p' ACCESS_KEY_ID '${aws_key}' SECRET_ACCESS_KEY '${aws_secret}'; -- want unresolved-placeholder "aws_key" unresolved-placeholder "aws_secret"

COPY t FROM 's3://b/p' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' SESSION_TOKEN 'FwoGZXIvYXdzEBQaDexample'; -- want hardcoded-secret "access key id" hardcoded-secret "secret access key" hardcoded-secret "session token in SQL \(FwoG\*+mple\)"

-- The legacy string form holds the same secrets.
COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; -- want hardcoded-secret "access key id" hardcoded-secret "secret access key" deprecated-credentials-syntax "deprecated"

UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE default ENCRYPTED MASTER_SYMMETRIC_KEY 'EXAMPLEMASTERKEYtkbjk/OpCwtYSx/M4/t7DMCDIK722'; -- want hardcoded-secret "master symmetric key"

-- A short value is masked entirely.
COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIA1' SECRET_ACCESS_KEY 'x'; -- want hardcoded-secret "\(\*{5}\)" hardcoded-secret "\(\*{4}\)"

-- CREDENTIALS keys are case-sensitive to Redshift, but their values are keys in any case.
COPY t FROM 's3://b/p' CREDENTIALS 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY;Token=FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN'; -- want hardcoded-secret "access key id in SQL \(AKIA\*{12}MPLE\)" hardcoded-secret "secret access key" hardcoded-secret "session token in SQL \(FwoG\*+OKEN\)" syntax-error "write aws_access_key_id, not AWS_ACCESS_KEY_ID" syntax-error "write token, not Token" missing-authorization "needs both aws_access_key_id and aws_secret_access_key" deprecated-credentials-syntax "deprecated"

-- A comma typo runs a key pair into the role chain: reported, and masked in the chain.
COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A,aws_access_key_id=AKIAIOSFODNN7EXAMPLE'; -- want hardcoded-secret "access key id in SQL \(AKIA\*{12}MPLE\)" invalid-role-arn "element holds an AWS key \(masked here\), not a role ARN" deprecated-credentials-syntax "deprecated"

-- Double quotes make a name, not a string; the key is still reported.
COPY t FROM 's3://b/p' ACCESS_KEY_ID "AKIAIOSFODNN7EXAMPLE" SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; -- want hardcoded-secret "access key id in SQL \(AKIA\*{12}MPLE\)" hardcoded-secret "secret access key" syntax-error "double quotes make a name"

-- A key pasted into a comment leaks to git all the same.
COPY t FROM 's3://b/p' IAM_ROLE default; -- old: SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' -- want hardcoded-secret "secret access key in a comment \(wJal\*+EKEY\)"

-- A key pasted as a role: no role, and the message does not quote it.
COPY t FROM 's3://b/p' IAM_ROLE AKIAIOSFODNN7EXAMPLE; -- want hardcoded-secret "access key id in SQL \(AKIA\*{12}MPLE\)" syntax-error "not AKIA\*{12}MPLE$"

-- An access key id where a CREDENTIALS key should be is not quoted back.
COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A;AKIAIOSFODNN7EXAMPLE=x'; -- want syntax-error "unknown CREDENTIALS key \"AKIA\*{12}MPLE\"" hardcoded-secret "access key id in SQL \(AKIA\*{12}MPLE\)" deprecated-credentials-syntax "deprecated"

-- A key pasted as a quoted role: one finding on the element, not a complaint about the masked text.
COPY t FROM 's3://b/p' IAM_ROLE 'AKIAIOSFODNN7EXAMPLE'; -- want hardcoded-secret "access key id in SQL \(AKIA\*{12}MPLE\)" invalid-role-arn "element holds an AWS key \(masked here\), not a role ARN"
