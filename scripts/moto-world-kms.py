#!/usr/bin/env python3
"""Seed a moto_server with the KMS world of collect_moto_kms_test.go.

usage: moto-world-kms.py ENDPOINT

Account A (123456789012, moto's default) has the cluster "etl" in
us-east-1 with three associated roles: KeyUser (S3 reads and writes, and
kms:GenerateDataKey / kms:Decrypt on every key), NoKmsRole (S3 only) and
Blocked (like KeyUser). Key "etl" has a key policy that enables IAM
policies (A's root) and denies Blocked kms:GenerateDataKey and kms:Decrypt
(not kms:*: moto 5.2.1 applies a key policy Deny to every caller, whatever
its Principal, so a Deny of kms:* would refuse the collector's DescribeKey). Bucket
sealed-data's default encryption is SSE-KMS with that key; bucket
managed-data's is SSE-KMS without a key (the account's aws/s3 key).
Prints the world's ARNs as JSON on stdout.
"""
import json
import sys

from motoworld import A, REGION, doc, client


def role(iam, name, statements):
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=doc([
        {"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"}]))
    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=doc(statements))
    return f"arn:aws:iam::{A}:role/{name}"


def main():
    endpoint = sys.argv[1]
    iam = client("iam", endpoint)
    s3_rw = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "s3:PutObject"], "Resource": "arn:aws:s3:::*"}
    kms_use = {"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*"}
    user = role(iam, "KeyUser", [s3_rw, kms_use])
    no_kms = role(iam, "NoKmsRole", [s3_rw])
    blocked = role(iam, "Blocked", [s3_rw, kms_use])

    kms = client("kms", endpoint)
    key = kms.create_key(Description="etl", Policy=doc([
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoBlocked", "Effect": "Deny", "Principal": {"AWS": blocked},
         "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*"}]))["KeyMetadata"]
    kms.create_alias(AliasName="alias/etl", TargetKeyId=key["KeyId"])

    s3 = client("s3", endpoint)
    s3.create_bucket(Bucket="sealed-data")
    s3.put_bucket_encryption(Bucket="sealed-data", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key["Arn"]}}]})
    s3.create_bucket(Bucket="managed-data")
    s3.put_bucket_encryption(Bucket="managed-data", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})

    client("redshift", endpoint).create_cluster(
        ClusterIdentifier="etl", NodeType="ra3.xlplus", MasterUsername="admin", MasterUserPassword="Passw0rd-not-secret",
        ClusterType="single-node", IamRoles=[user, no_kms, blocked])
    json.dump({"key_id": key["KeyId"], "key_arn": key["Arn"], "user": user, "no_kms": no_kms, "blocked": blocked},
              sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
