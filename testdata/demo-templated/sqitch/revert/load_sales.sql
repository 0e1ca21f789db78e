-- Revert tickit_sales:load_sales
TRUNCATE sales;
