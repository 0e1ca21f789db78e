-- Deploy tickit_sales:grant_etl
GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/RedshiftClusterRole' TO etl_user FOR COPY;
