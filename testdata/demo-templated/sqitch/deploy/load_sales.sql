-- Deploy tickit_sales:load_sales, run by etl_user (psql -v loader_role=...)
COPY sales
FROM 's3://example-ingest-bucket/tickit/sales_tab.txt'
IAM_ROLE :'loader_role'
DELIMITER '\t' TIMEFORMAT 'MM/DD/YYYY HH:MI:SS';
