-- Revert tickit_sales:restrict_assumerole
GRANT ASSUMEROLE ON ALL TO PUBLIC FOR ALL;
