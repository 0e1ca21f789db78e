-- Invisible characters: white space to the tool, part of a name to Redshift.
-- Bidirectional controls outside comments: a Trojan Source warning at each.

-- A zero width space before a statement: the statement is still checked, and fails.
​COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; -- want syntax-error "invisible character \\u200b \(zero width space\)" syntax-error "ACCESS_KEY_ID is in a statement Redshift does not read as written: the invisible character at line 5, column 1" syntax-error "SECRET_ACCESS_KEY is in a statement" hardcoded-secret "access key id" hardcoded-secret "secret access key"

-- A byte order mark in the middle of a file, and a no-break space between clauses.
SELECT 1;﻿COPY t FROM 's3://b/p' IAM_ROLE default; -- want syntax-error "\\ufeff \(byte order mark\).*\(and 1 more up to the end of this statement\)" syntax-error "IAM_ROLE is in a statement Redshift does not read as written: the invisible character at line 8, column 10"

-- In a string and in code; none in a comment ‮.
COPY t FROM 's3://b/‮p' IAM_ROLE default; -- want bidi-control "bidirectional control character \\u202e \(right-to-left override\)"
COPY t⁦ FROM 's3://b/p' IAM_ROLE default; -- want bidi-control "\\u2066 \(left-to-right isolate\)" syntax-error "\\u2066 \(left-to-right isolate\) in SQL" syntax-error "IAM_ROLE is in a statement Redshift does not read"

-- Inside a quoted value a no-break space is text (chain-whitespace says so), not a syntax error.
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'; -- want chain-whitespace "whitespace"
