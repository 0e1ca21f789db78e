package corpus

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path"
)

// IAMAccount is the account of the generated IAM export.
const IAMAccount = "123456789012"

var iamTeams = []string{"data", "analytics", "ml", "finance", "marketing", "platform", "security", "ingest"}

// IAMRoleARN is the ARN of the i-th role GenerateIAM writes.
func IAMRoleARN(i int) string {
	if i%5 == 0 {
		return fmt.Sprintf("arn:aws:iam::%s:role/service-role/%s-redshift-role-%04d", IAMAccount, iamTeams[i%len(iamTeams)], i)
	}
	return fmt.Sprintf("arn:aws:iam::%s:role/%s-redshift-role-%04d", IAMAccount, iamTeams[i%len(iamTeams)], i)
}

// GenerateIAM writes a realistic get-account-authorization-details export as
// the AWS CLI prints it (4-space indentation, documents as JSON objects):
// roles with trust policies, 1-3 inline and 1-2 attached policies, some
// boundaries and tags; managed policies with two versions each.
func GenerateIAM(roles, policies int) []byte {
	const account = IAMAccount
	rng := rand.New(rand.NewPCG(1, 2))
	teams := iamTeams
	actions := []string{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:PutObject", "glue:GetTable",
		"glue:GetDatabase", "glue:GetPartitions", "athena:StartQueryExecution", "kms:Decrypt", "lambda:InvokeFunction",
		"sagemaker:InvokeEndpoint", "kinesis:GetRecords", "secretsmanager:GetSecretValue", "dynamodb:Scan"}
	roleARN := IAMRoleARN
	policyARN := func(i int) string {
		return fmt.Sprintf("arn:aws:iam::%s:policy/%s/%s-access-%03d", account, teams[i%len(teams)], teams[i%len(teams)], i)
	}
	statement := func(sid string) map[string]any {
		n := 1 + rng.IntN(2)
		acts := make([]string, n)
		for i := range acts {
			acts[i] = actions[rng.IntN(len(actions))]
		}
		bucket := fmt.Sprintf("company-%s-bucket-%d", teams[rng.IntN(len(teams))], rng.IntN(1000))
		st := map[string]any{
			"Sid":      sid,
			"Effect":   "Allow",
			"Action":   acts,
			"Resource": []string{"arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"},
		}
		if rng.IntN(6) == 0 {
			st["Condition"] = map[string]any{"StringEquals": map[string]any{"aws:ResourceAccount": account, "s3:prefix": []string{"a/", "b/"}}}
		}
		return st
	}
	document := func(statements int, sid string) map[string]any {
		sts := make([]any, statements)
		for i := range sts {
			sts[i] = statement(fmt.Sprintf("%s%d", sid, i))
		}
		return map[string]any{"Version": "2012-10-17", "Statement": sts}
	}
	trust := func(i int) map[string]any {
		service := map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"}
		if i%3 != 0 {
			return map[string]any{"Version": "2012-10-17", "Statement": []any{service}}
		}
		chained := map[string]any{
			"Sid": "AllowChaining", "Effect": "Allow", "Action": "sts:AssumeRole",
			"Principal": map[string]any{"AWS": roleARN((i + 1) % roles)},
			"Condition": map[string]any{"StringEquals": map[string]any{
				"sts:ExternalId": fmt.Sprintf("arn:aws:redshift:us-east-1:%s:dbuser:cluster-%d/etl_user", account, i%10)}},
		}
		return map[string]any{"Version": "2012-10-17", "Statement": []any{service, chained}}
	}
	type named struct {
		PolicyName     string
		PolicyDocument any
	}
	type attached struct{ PolicyName, PolicyArn string }
	type tag struct{ Key, Value string }
	type role struct {
		Path                     string
		RoleName                 string
		RoleId                   string
		Arn                      string
		CreateDate               string
		AssumeRolePolicyDocument any
		InstanceProfileList      []any
		RolePolicyList           []named
		AttachedManagedPolicies  []attached
		PermissionsBoundary      map[string]string `json:",omitempty"`
		Tags                     []tag
		RoleLastUsed             map[string]string
	}
	type version struct {
		Document         any
		VersionId        string
		IsDefaultVersion bool
		CreateDate       string
	}
	type policy struct {
		PolicyName                    string
		PolicyId                      string
		Arn                           string
		Path                          string
		DefaultVersionId              string
		AttachmentCount               int
		PermissionsBoundaryUsageCount int
		IsAttachable                  bool
		Description                   string
		CreateDate, UpdateDate        string
		PolicyVersionList             []version
	}
	out := struct {
		UserDetailList  []any
		GroupDetailList []any
		RoleDetailList  []role
		Policies        []policy
	}{UserDetailList: []any{}, GroupDetailList: []any{}}
	for i := range roles {
		arn := roleARN(i)
		r := role{
			Path: "/", RoleName: path.Base(arn), RoleId: fmt.Sprintf("AROA%017d", i), Arn: arn,
			CreateDate: "2025-03-04T05:06:07+00:00", AssumeRolePolicyDocument: trust(i),
			InstanceProfileList: []any{}, RoleLastUsed: map[string]string{"LastUsedDate": "2026-01-02T03:04:05+00:00", "Region": "us-east-1"},
		}
		if i%5 == 0 {
			r.Path = "/service-role/"
		}
		inline := 1 // 1 to 3 inline policies: 60%, 30%, 10%
		switch x := rng.IntN(10); {
		case x >= 9:
			inline = 3
		case x >= 6:
			inline = 2
		}
		for k := range inline {
			r.RolePolicyList = append(r.RolePolicyList, named{fmt.Sprintf("inline-%d", k), document(1+rng.IntN(8)/7, "Inline")})
		}
		for k := range 1 + rng.IntN(2) {
			p := (i*7 + k*13) % policies
			r.AttachedManagedPolicies = append(r.AttachedManagedPolicies, attached{path.Base(policyARN(p)), policyARN(p)})
		}
		if i%10 == 0 {
			r.PermissionsBoundary = map[string]string{"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": policyARN(0)}
		}
		r.Tags = []tag{{"team", teams[i%len(teams)]}, {"cost-center", fmt.Sprint(1000 + i%50)}}
		out.RoleDetailList = append(out.RoleDetailList, r)
	}
	for i := range policies {
		arn := policyARN(i)
		out.Policies = append(out.Policies, policy{
			PolicyName: path.Base(arn), PolicyId: fmt.Sprintf("ANPA%017d", i), Arn: arn,
			Path: "/" + teams[i%len(teams)] + "/", DefaultVersionId: "v2", AttachmentCount: 10, IsAttachable: true,
			CreateDate: "2025-03-04T05:06:07+00:00", UpdateDate: "2025-06-04T05:06:07+00:00",
			PolicyVersionList: []version{
				{document(2+rng.IntN(2), "V2"), "v2", true, "2025-06-04T05:06:07+00:00"},
				{document(2+rng.IntN(2), "V1"), "v1", false, "2025-03-04T05:06:07+00:00"},
			},
		})
	}
	data, err := json.MarshalIndent(out, "", "    ")
	if err != nil {
		panic(err)
	}
	return data
}
