-- Verify tickit_sales:geocode_udf
SELECT 1;
