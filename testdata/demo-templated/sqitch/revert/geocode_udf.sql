-- Revert tickit_sales:geocode_udf
DROP FUNCTION fn_geocode(varchar);
