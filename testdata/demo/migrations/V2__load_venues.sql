-- Venues come from the partner's bucket: the cluster role assumes the
-- partner's loader role (a chain across accounts).
COPY venue
FROM 's3://partner-exports/tickit/venue_pipe_'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftClusterRole, arn:aws:iam::210987654321:role/PartnerS3ReadRole'
DELIMITER '|'
REGION 'us-west-2';

-- Sales are in our own bucket, read with the cluster's default role.
COPY sales
FROM 's3://example-ingest-bucket/tickit/sales_tab.txt'
IAM_ROLE default
DELIMITER '\t' TIMEFORMAT 'MM/DD/YYYY HH:MI:SS';
