-- Ignore directives: next statement, trailing line, file-wide, unknown and unused.
-- preflight-ignore-file deprecated-credentials-syntax

-- preflight-ignore chain-whitespace -- the partner fixes their loader in V12
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B';

COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'; -- preflight-ignore chain-whitespace

/* preflight-ignore invalid-role-arn, chain-whitespace */ -- want unused-ignore "chain-whitespace silenced nothing"
COPY t FROM 's3://b/p'
  IAM_ROLE 'arn:aws:iam::0123456789012:role/A';

COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A';

-- preflight-ignore chain-whitespce -- want unused-ignore "unknown rule \"chain-whitespce\""
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'; -- want chain-whitespace "."

-- preflight-ignore missing-authorization -- want unused-ignore "missing-authorization silenced nothing"
COPY t FROM 's3://b/p' IAM_ROLE default;

-- preflight-ignore -- want unused-ignore "silenced nothing"
COPY t FROM 's3://b/p' IAM_ROLE default;

-- An ignore for another statement does not leak into this one.
COPY t FROM 's3://b/p'; -- want missing-authorization "."
