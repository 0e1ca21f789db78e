"""What the moto-world*.py seed scripts share: the two accounts, the region,
policy documents and boto3 clients against the moto_server endpoint."""
import json

import boto3

A, B = "123456789012", "222222222222"
REGION = "us-east-1"


def doc(statements):
    """A policy document of these statements."""
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def client(service, endpoint, creds=None, region=REGION):
    """A boto3 client at endpoint: moto's default account, or the account of
    the assumed role whose credentials creds are (moto maps them to it)."""
    kw = dict(endpoint_url=endpoint, region_name=region)
    if creds:
        kw.update(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                  aws_session_token=creds["SessionToken"])
    else:
        kw.update(aws_access_key_id="testing", aws_secret_access_key="testing")
    return boto3.client(service, **kw)
