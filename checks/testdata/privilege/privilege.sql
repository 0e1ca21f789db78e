-- Least-privilege advisories over the roles of walked chains (iam.json, describe-clusters.json; db user etl_user), per reference: a run reports each once (mergeAdvisories).
COPY t FROM 's3://b/admin' IAM_ROLE 'arn:aws:iam::123456789012:role/AdminRole'; -- want broad-identity-policy "AdminRole's identity policy allows \"\*\" on every resource" assume-role-any "AdminRole may assume any role" trust-no-external-id "AdminRole trusts the Redshift service for every database user; restrict it"
COPY t FROM 's3://b/redshift-all' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftAllRole'; -- want broad-identity-policy "allows \"redshift:\*\" on every resource"
COPY t FROM 's3://b/not-action' IAM_ROLE 'arn:aws:iam::123456789012:role/NotActionRole'; -- want broad-identity-policy "allows every action except \"iam:\*\", \"organizations:\*\"" assume-role-any "NotActionRole may assume any role"
COPY t FROM 's3://b/chain-any' IAM_ROLE 'arn:aws:iam::123456789012:role/ChainAnyRole,arn:aws:iam::123456789012:role/TargetRole'; -- want assume-role-any "ChainAnyRole" trust-no-external-id "ChainAnyRole" broad-identity-policy "TargetRole's identity policy allows \"Redshift:\*\""
COPY t FROM 's3://b/scoped' IAM_ROLE 'arn:aws:iam::123456789012:role/ScopedRole,arn:aws:iam::123456789012:role/TargetRole'; -- want broad-identity-policy "TargetRole"
COPY t FROM 's3://b/twice' IAM_ROLE 'arn:aws:iam::123456789012:role/AdminRole,arn:aws:iam::123456789012:role/AdminRole'; -- want broad-identity-policy "AdminRole" assume-role-any "AdminRole" trust-missing "AdminRole's trust policy" trust-no-external-id "AdminRole"
COPY t FROM 's3://b/default' IAM_ROLE default; -- want broad-identity-policy "AdminRole" assume-role-any "AdminRole" trust-no-external-id "AdminRole"
COPY t FROM 's3://b/scoped-only' IAM_ROLE 'arn:aws:iam::123456789012:role/ScopedRole';
COPY t FROM 's3://b/unknown' IAM_ROLE 'arn:aws:iam::123456789012:role/ScopedRole,arn:aws:iam::999999999999:role/Elsewhere'; -- want role-unknown "account 999999999999" assume-permission-missing "ScopedRole"
COPY t FROM 's3://b/deny' IAM_ROLE 'arn:aws:iam::123456789012:role/DenyRedshiftRole'; -- want explicit-deny "a Deny"
COPY t FROM 's3://b/west' IAM_ROLE 'arn:aws:iam::123456789012:role/WestOnlyRole'; -- want trust-region "us-west-2"
COPY t FROM 's3://b/denied-chain' IAM_ROLE 'arn:aws:iam::123456789012:role/DeniedChainRole';
COPY t FROM 's3://b/bounded-chain' IAM_ROLE 'arn:aws:iam::123456789012:role/BoundedChainRole';
COPY t FROM 's3://b/bounded-chain-on' IAM_ROLE 'arn:aws:iam::123456789012:role/BoundedChainRole,arn:aws:iam::123456789012:role/TargetRole'; -- want broad-identity-policy "TargetRole"
