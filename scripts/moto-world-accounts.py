#!/usr/bin/env python3
"""Seed a moto_server with the world of collect_moto_accounts_test.go.

usage: moto-world-accounts.py ENDPOINT

Account A (123456789012, moto's default) has the cluster "etl" in us-east-1
with LoaderA, and the bucket team-data (us-east-1) whose policy lets only
A's own principals read. Account B (222222222222, reached by assuming B's
PreflightRead role: moto maps an assumed role's credentials to that role's
account) has the cluster "etl-b" in us-east-1 with BLoader, created with
B's credentials, and the buckets b-data (us-east-1), b-west and paths-west
(us-west-2). Both loaders trust Redshift and may read and write every
bucket by their identity policies. The SQL runs on etl-b; team-data and
b-west are named only by the local manifests the test writes, paths-west
only as a JSONPaths file.
Prints the world's ARNs as JSON on stdout.
"""
import json
import sys

from motoworld import A, B, REGION, doc, client


def loader(iam, account, name):
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=doc([
        {"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"}]))
    iam.put_role_policy(RoleName=name, PolicyName="s3", PolicyDocument=doc([
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "s3:PutObject"], "Resource": "arn:aws:s3:::*"}]))
    return f"arn:aws:iam::{account}:role/{name}"


def bucket(endpoint, creds, name, region, policy=None):
    s3 = client("s3", endpoint, creds, region)
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    if policy:
        s3.put_bucket_policy(Bucket=name, Policy=policy)


def cluster(endpoint, creds, name, roles):
    client("redshift", endpoint, creds).create_cluster(
        ClusterIdentifier=name, NodeType="ra3.xlplus", MasterUsername="admin", MasterUserPassword="Passw0rd-not-secret",
        ClusterType="single-node", IamRoles=roles)


def main():
    endpoint = sys.argv[1]
    load_a = loader(client("iam", endpoint), A, "LoaderA")
    bucket(endpoint, None, "team-data", "us-east-1", doc([
        {"Sid": "OnlyTeam", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
         "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::team-data", "arn:aws:s3:::team-data/*"]}]))
    cluster(endpoint, None, "etl", [load_a])

    read_b = f"arn:aws:iam::{B}:role/PreflightRead"
    creds = client("sts", endpoint).assume_role(RoleArn=read_b, RoleSessionName="seed")["Credentials"]
    load_b = loader(client("iam", endpoint, creds), B, "BLoader")
    bucket(endpoint, creds, "b-data", "us-east-1")
    bucket(endpoint, creds, "b-west", "us-west-2")
    bucket(endpoint, creds, "paths-west", "us-west-2")
    cluster(endpoint, creds, "etl-b", [load_b])
    json.dump({"A": A, "B": B, "load_a": load_a, "load_b": load_b, "read_b": read_b, "cluster": "etl-b"}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
