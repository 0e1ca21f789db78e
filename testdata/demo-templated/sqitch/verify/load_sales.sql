-- Verify tickit_sales:load_sales
SELECT 1;
