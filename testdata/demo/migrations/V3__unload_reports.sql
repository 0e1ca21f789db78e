-- Monthly report for finance. The query is a string: its quotes use
-- Redshift's backslash escapes.
UNLOAD ('select venuename, sum(pricepaid) from sales join venue using (venueid) where venuestate = \'NV\' group by 1')
TO 's3://example-export-bucket/reports/nv_sales_'
IAM_ROLE 'arn:aws:iam::0123456789012:role/service-role/RedshiftSpectrumRole'
PARQUET;
