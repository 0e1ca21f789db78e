-- Without a database user nothing is checked.
REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Any';
