-- Redshift ML: predict customer churn.
CREATE MODEL customer_churn
FROM (SELECT venuestate, qtysold, pricepaid FROM sales JOIN venue USING (venueid))
TARGET qtysold
FUNCTION predict_qtysold
SETTINGS (S3_BUCKET 'example-ml-bucket');
