#!/usr/bin/env python3
"""Add an AWS Organization to the world of scripts/moto-world.py (run that first).

usage: moto-world-orgs.py ENDPOINT

Account A (123456789012, the caller) creates the organization and is its
management account. One member account M is created (moto picks its id)
and moved into OU "prod". Service control policies: FullAWSAccess stays on
every level; "MemberGuard" (on prod) denies sts:AssumeRole on roles named
Guarded; "NoPartnerReads" (on M) denies s3:GetObject on partner-bucket;
"DenyEverything" is attached to A itself, which SCPs do not restrict.
Resource control policy "OwnCallersOnly" (on M) denies sts:AssumeRole on
M's role Locked to principals of other accounts. M's roles, created as M
(moto gives an assumed role's credentials the role's account):
PreflightRead (trusts A), MemberLoad (trusts A's RedshiftLoad; may read
S3 and assume any role), Guarded (trusts MemberLoad), Locked (trusts A's
RedshiftLoad). A's RedshiftLoad gets permission to assume MemberLoad and
Locked. Prints {"member": M, "read_m": ..., "ou": ...} as JSON.
"""
import json
import sys

from motoworld import A, REGION, doc, client


def main():
    endpoint = sys.argv[1]
    org = client("organizations", endpoint)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    for t in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
        try:
            org.enable_policy_type(RootId=root, PolicyType=t)
        except org.exceptions.PolicyTypeAlreadyEnabledException:
            pass
    ou = org.create_organizational_unit(ParentId=root, Name="prod")["OrganizationalUnit"]["Id"]
    m = org.create_account(Email="data@example.com", AccountName="data")["CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=m, SourceParentId=root, DestinationParentId=ou)

    def scp(name, statements, target, ptype="SERVICE_CONTROL_POLICY"):
        pid = org.create_policy(Name=name, Description=name, Type=ptype, Content=doc(statements))["Policy"]["PolicySummary"]["Id"]
        org.attach_policy(PolicyId=pid, TargetId=target)

    scp("MemberGuard", [{"Sid": "NoGuardedRoles", "Effect": "Deny", "Action": "sts:AssumeRole",
                         "Resource": "arn:aws:iam::*:role/Guarded"}], ou)
    scp("NoPartnerReads", [{"Sid": "PartnerBucket", "Effect": "Deny", "Action": "s3:GetObject",
                            "Resource": "arn:aws:s3:::partner-bucket/*"}], m)
    scp("DenyEverything", [{"Sid": "Nothing", "Effect": "Deny", "Action": "*", "Resource": "*"}], A)
    scp("OwnCallersOnly", [{"Sid": "LockedToOwnAccount", "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
                            "Resource": f"arn:aws:iam::{m}:role/Locked",
                            "Condition": {"StringNotEquals": {"aws:PrincipalAccount": m}}}], m, "RESOURCE_CONTROL_POLICY")

    read_m = f"arn:aws:iam::{m}:role/PreflightRead"
    creds = client("sts", endpoint).assume_role(RoleArn=read_m, RoleSessionName="seed")["Credentials"]
    iam_m = client("iam", endpoint, creds)
    load = f"arn:aws:iam::{A}:role/RedshiftLoad"

    def role(name, principal, inline=None):
        iam_m.create_role(RoleName=name, AssumeRolePolicyDocument=doc([
            {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]))
        if inline:
            iam_m.put_role_policy(RoleName=name, PolicyName="Work", PolicyDocument=doc(inline))

    role("PreflightRead", f"arn:aws:iam::{A}:root")
    role("MemberLoad", load, [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "sts:AssumeRole"], "Resource": "*"}])
    role("Guarded", f"arn:aws:iam::{m}:role/MemberLoad", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])
    role("Locked", load, [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])
    client("iam", endpoint).put_role_policy(RoleName="RedshiftLoad", PolicyName="AssumeMember", PolicyDocument=doc([
        {"Effect": "Allow", "Action": "sts:AssumeRole",
         "Resource": [f"arn:aws:iam::{m}:role/MemberLoad", f"arn:aws:iam::{m}:role/Locked"]}]))
    json.dump({"member": m, "read_m": read_m, "ou": ou, "root": root}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
