--liquibase formatted sql

--changeset data-eng:backfill endDelimiter:/
COPY sales FROM 's3://example-export-bucket/backfill/sales/'
IAM_ROLE '${backfill_role}'
FORMAT AS PARQUET
/
--rollback TRUNCATE sales;
