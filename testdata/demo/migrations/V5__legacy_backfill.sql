-- One-off backfill from 2019, kept for the record.
COPY sales
FROM 's3://example-ingest-bucket/backfill/2019/'
ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE'
SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
GZIP DELIMITER '|';
