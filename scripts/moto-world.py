#!/usr/bin/env python3
"""Seed a moto_server with the world the collect tests read.

usage: moto-world.py ENDPOINT [--roles N]

Two accounts: A (123456789012, moto's default, whose credentials any key
gives) and B (222222222222, reached by assuming B's PreflightRead role: moto
maps an assumed role's credentials to that role's account). A has a
provisioned cluster "etl" in us-east-1 with two associated roles. With
--roles N, account A also gets N filler roles (the performance run).
Prints the world's ARNs as JSON on stdout.
"""
import json
import sys

from motoworld import A, B, REGION, doc, client


def trust(principal, extra=None):
    st = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if extra:
        st.update(extra)
    return doc([st])


def role(iam, account, name, trust_doc, inline=None, managed=(), path="/"):
    iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=trust_doc)
    for pname, pdoc in (inline or {}).items():
        iam.put_role_policy(RoleName=name, PolicyName=pname, PolicyDocument=pdoc)
    for arn in managed:
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    return f"arn:aws:iam::{account}:role{path}{name}"


def main():
    endpoint = sys.argv[1]
    filler = int(sys.argv[sys.argv.index("--roles") + 1]) if "--roles" in sys.argv else 0
    iam_a = client("iam", endpoint)
    redshift_trust = trust({"Service": "redshift.amazonaws.com"})

    s3_read = iam_a.create_policy(PolicyName="S3ReadStaging", PolicyDocument=doc([
        {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::staging-bucket", "arn:aws:s3:::staging-bucket/*"]}]))["Policy"]["Arn"]
    # a second default version: only the default one counts
    iam_a.create_policy_version(PolicyArn=s3_read, SetAsDefault=True, PolicyDocument=doc([
        {"Sid": "ReadV2", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::staging-bucket", "arn:aws:s3:::staging-bucket/*"]}]))

    load = role(iam_a, A, "RedshiftLoad", redshift_trust, managed=[s3_read], inline={
        "AssumeCross": doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                             "Resource": [f"arn:aws:iam::{B}:role/CrossLoad", f"arn:aws:iam::{B}:role/CrossNoTrust"]}])})
    no_trust = role(iam_a, A, "NoTrust", trust({"Service": "ec2.amazonaws.com"}), managed=[s3_read])
    unassociated = role(iam_a, A, "Unassociated", redshift_trust, managed=[s3_read], path="/etl/")
    role(iam_a, A, "PreflightCollector", trust({"AWS": f"arn:aws:iam::{A}:root"}))
    for i in range(filler):
        role(iam_a, A, f"filler-{i:05d}", redshift_trust, inline={
            "p": doc([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::filler-{i}/*"}])})

    # Account B, as B's own role: moto gives these credentials account B.
    sts = client("sts", endpoint)
    read_b = f"arn:aws:iam::{B}:role/PreflightRead"
    creds = sts.assume_role(RoleArn=read_b, RoleSessionName="seed")["Credentials"]
    iam_b = client("iam", endpoint, creds)
    role(iam_b, B, "PreflightRead", trust({"AWS": f"arn:aws:iam::{A}:root"}),
         managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"] if False else ())
    cross = role(iam_b, B, "CrossLoad", trust({"AWS": load}), inline={
        "Read": doc([{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                      "Resource": ["arn:aws:s3:::partner-bucket", "arn:aws:s3:::partner-bucket/*"]}])})
    cross_no = role(iam_b, B, "CrossNoTrust", trust({"AWS": f"arn:aws:iam::{B}:root"}))

    rs = client("redshift", endpoint)
    rs.create_cluster(ClusterIdentifier="etl", NodeType="ra3.xlplus", MasterUsername="admin",
                      MasterUserPassword="Passw0rd-not-secret", ClusterType="single-node",
                      IamRoles=[load, no_trust])
    json.dump({"A": A, "B": B, "load": load, "no_trust": no_trust, "unassociated": unassociated,
               "cross": cross, "cross_no_trust": cross_no, "read_b": read_b, "cluster": "etl"}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
