-- Deploy tickit_sales:restrict_assumerole
REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;
