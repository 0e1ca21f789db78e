-- Revert tickit_sales:grant_etl
REVOKE ASSUMEROLE ON 'arn:aws:iam::123456789012:role/RedshiftClusterRole' FROM etl_user FOR COPY;
