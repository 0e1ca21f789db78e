{{ config(
    materialized='table',
    post_hook="UNLOAD ('select * from analytics.daily_sales') TO 's3://example-export-bucket/archive/' IAM_ROLE '{{ var('archive_role', 'arn:aws:iam::123456789012:role/RedshiftArchiveRole') }}' PARQUET"
) }}

select saletime::date as day, sum(pricepaid) as revenue
from {{ source('tickit', 'sales') }}
group by 1
