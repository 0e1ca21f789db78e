-- Placeholders: resolved ones are checked, unresolved ones reported.
-- var loader_role=arn:aws:iam::123456789012:role/Loader
-- var bad_chain=arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B
-- var acct=0123456789012

COPY t FROM 's3://b/p' IAM_ROLE '${loader_role}';

COPY t FROM 's3://b/p' IAM_ROLE '${LOADER_ROLE}';

COPY t FROM 's3://b/p' IAM_ROLE '${bad_chain}'; -- want chain-whitespace "."

COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::${acct}:role/Loader'; -- want invalid-role-arn "13"

COPY t FROM 's3://b/p' IAM_ROLE '{{ var("other_role") }}'; -- want unresolved-placeholder "other_role"

COPY t FROM 's3://b/p' IAM_ROLE '{{ env_var("DBT_COPY_ROLE") }},arn:aws:iam::123456789012:role/B'; -- want unresolved-placeholder "DBT_COPY_ROLE"

COPY t FROM 's3://b/p' IAM_ROLE :'copy_role'; -- want unresolved-placeholder "copy_role"

COPY t FROM 's3://b/p' IAM_ROLE ${loader_role}; -- want syntax-error "expands to a value IAM_ROLE cannot use"
