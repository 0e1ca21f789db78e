#!/usr/bin/env python3
"""Seed a moto_server with the S3 world of collect_moto_s3_test.go.

usage: moto-world-s3.py ENDPOINT

Account A (123456789012, moto's default) has the cluster "etl" in
us-east-1 with two associated roles: LoaderRole (its identity policy
reads and writes every bucket) and NoS3Role (no S3 permission at all).
A owns team-data (us-east-1; its bucket policy lets NoS3Role read) and
west-data (us-west-2, no policy). Account B (222222222222, reached by
assuming B's PreflightRead role: moto maps an assumed role's credentials
to that role's account) owns partner-data (us-east-1), whose policy lets
only B's own principals read, partner-open (no policy, ObjectOwnership
BucketOwnerEnforced: ACLs disabled) and partner-legacy (no policy,
ObjectWriter: ACLs enabled). A's Lambda function f_udf has a function
policy that lets the Redshift service principal invoke it, not LoaderRole
(whose identity policy does not allow lambda:InvokeFunction either).
No account has staging-bucket, which the SQL names: S3 (and moto) answer
NoSuchBucket for it, which collect records as s3-nobucket-staging-bucket.json.
moto 5.2.1 writes an AWS principal of add-permission as a bare string
("Principal": "arn:aws:iam::...:role/R"), which AWS writes as {"AWS": ...}
and IAM's grammar refuses, so only a service principal is modelled here;
a function policy that allows a role is covered by testdata/world/ops.
Prints the world's ARNs as JSON on stdout.
"""
import io
import json
import sys
import zipfile

from motoworld import A, B, REGION, doc, client


def role(iam, account, name, inline):
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=doc([
        {"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"}]))
    for pname, pdoc in inline.items():
        iam.put_role_policy(RoleName=name, PolicyName=pname, PolicyDocument=pdoc)
    return f"arn:aws:iam::{account}:role/{name}"


def bucket(s3, name, region, policy=None):
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    if policy:
        s3.put_bucket_policy(Bucket=name, Policy=policy)


def main():
    endpoint = sys.argv[1]
    iam_a = client("iam", endpoint)
    loader = role(iam_a, A, "LoaderRole", {"s3": doc([
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "s3:PutObject"], "Resource": "arn:aws:s3:::*"}])})
    no_s3 = role(iam_a, A, "NoS3Role", {"describe": doc([
        {"Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*"}])})

    s3_a = client("s3", endpoint)
    bucket(s3_a, "team-data", "us-east-1", doc([
        {"Sid": "TeamReads", "Effect": "Allow", "Principal": {"AWS": no_s3}, "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::team-data", "arn:aws:s3:::team-data/*"]}]))
    bucket(client("s3", endpoint, region="us-west-2"), "west-data", "us-west-2")

    read_b = f"arn:aws:iam::{B}:role/PreflightRead"
    creds = client("sts", endpoint).assume_role(RoleArn=read_b, RoleSessionName="seed")["Credentials"]
    bucket(client("s3", endpoint, creds), "partner-data", "us-east-1", doc([
        {"Sid": "OnlyPartnerJobs", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{B}:root"},
         "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::partner-data", "arn:aws:s3:::partner-data/*"]}]))

    s3_b = client("s3", endpoint, creds)
    for name, ownership in (("partner-open", "BucketOwnerEnforced"), ("partner-legacy", "ObjectWriter")):
        bucket(s3_b, name, "us-east-1")
        s3_b.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": ownership}]})

    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("f.py", "def handler(event, context):\n    return event\n")
    lam = client("lambda", endpoint)
    lam.create_function(FunctionName="f_udf", Runtime="python3.12", Role=loader, Handler="f.handler",
                        Code={"ZipFile": code.getvalue()})
    lam.add_permission(FunctionName="f_udf", StatementId="RedshiftUDF", Action="lambda:InvokeFunction",
                       Principal="redshift.amazonaws.com")

    client("redshift", endpoint).create_cluster(
        ClusterIdentifier="etl", NodeType="ra3.xlplus", MasterUsername="admin", MasterUserPassword="Passw0rd-not-secret",
        ClusterType="single-node", IamRoles=[loader, no_s3])
    json.dump({"A": A, "B": B, "loader": loader, "no_s3": no_s3, "read_b": read_b, "cluster": "etl"}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
