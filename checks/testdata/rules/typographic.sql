-- Smart quotes pasted from a document; the text between them is still checked.

CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'fn' IAM_ROLE ‘arn:aws:iam::123456789012:role/L’; -- want typographic-quotes "typographic"

CREATE LIBRARY lib LANGUAGE plpythonu FROM 's3://b/lib.zip' IAM_ROLE “arn:aws:iam::0123456789012:role/L”; -- want typographic-quotes "typographic" invalid-role-arn "13"
