-- Verify tickit_sales:grant_etl
SELECT 1;
