-- Key material in SQL is reported, masked; placeholders are not secrets.

COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; -- want hardcoded-secret "access key id in SQL \(AKIA\*{12}MPLE\)" hardcoded-secret "secret access key in SQL \(wJal\*+EKEY\)"

COPY t FROM 's3://b/p' ACCESS_KEY_ID '${aws_key}' SECRET_ACCESS_KEY '${aws_secret}'; -- want unresolved-placeholder "aws_key" unresolved-placeholder "aws_secret"

COPY t FROM 's3://b/p' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' SESSION_TOKEN 'FwoGZXIvYXdzEBQaDexample'; -- want hardcoded-secret "access key id" hardcoded-secret "secret access key" hardcoded-secret "session token in SQL \(FwoG\*+mple\)"

-- The legacy string form holds the same secrets.
COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; -- want hardcoded-secret "access key id" hardcoded-secret "secret access key" deprecated-credentials-syntax "deprecated"

UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE default ENCRYPTED MASTER_SYMMETRIC_KEY 'EXAMPLEMASTERKEYtkbjk/OpCwtYSx/M4/t7DMCDIK722'; -- want hardcoded-secret "master symmetric key"

-- A short value is masked entirely.
COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIA1' SECRET_ACCESS_KEY 'x'; -- want hardcoded-secret "\(\*{5}\)" hardcoded-secret "\(\*{4}\)"
