-- Verify tickit_sales:restrict_assumerole
SELECT 1;
