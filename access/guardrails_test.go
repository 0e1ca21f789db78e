package access_test

import (
	"testing"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// The organization: management 111111111111; 123456789012 under OU
// ou-ab12-prod0001, whose SCP denies s3:DeleteObject; an RCP on that
// account denies s3:PutObject on bucket archive to everyone.
const guardOrg = `{"OrganizationsFormat":1,
"Organization":{"Id":"o-abcdefghij","MasterAccountId":"111111111111"},
"Roots":[{"Id":"r-ab12"}],"Accounts":[{"Id":"111111111111"},{"Id":"123456789012"}],
"OrganizationParents":[{"ChildId":"123456789012","Parents":[{"Id":"ou-ab12-prod0001"}]},{"ChildId":"ou-ab12-prod0001","Parents":[{"Id":"r-ab12"}]},
 {"ChildId":"111111111111","Parents":[{"Id":"r-ab12"}]}],
"OrganizationPolicyTypes":["SERVICE_CONTROL_POLICY","RESOURCE_CONTROL_POLICY"],
"OrganizationPolicies":[
 {"Policy":{"PolicySummary":{"Id":"p-FullAWSAccess","Name":"FullAWSAccess","Type":"SERVICE_CONTROL_POLICY"},
  "Content":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"},
  "Targets":[{"TargetId":"r-ab12"},{"TargetId":"ou-ab12-prod0001"},{"TargetId":"123456789012"},{"TargetId":"111111111111"}]},
 {"Policy":{"PolicySummary":{"Id":"p-nodelete01","Name":"NoDeletes","Type":"SERVICE_CONTROL_POLICY"},
  "Content":"{\"Statement\":[{\"Sid\":\"Keep\",\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}]}"},
  "Targets":[{"TargetId":"ou-ab12-prod0001"}]},
 {"Policy":{"PolicySummary":{"Id":"p-RCPFullAWSAccess","Name":"RCPFullAWSAccess","Type":"RESOURCE_CONTROL_POLICY"},
  "Content":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}"},
  "Targets":[{"TargetId":"r-ab12"},{"TargetId":"ou-ab12-prod0001"},{"TargetId":"123456789012"},{"TargetId":"111111111111"}]},
 {"Policy":{"PolicySummary":{"Id":"p-archive001","Name":"ArchiveReadOnly","Type":"RESOURCE_CONTROL_POLICY"},
  "Content":"{\"Statement\":[{\"Sid\":\"NoWrites\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::archive/*\"}]}"},
  "Targets":[{"TargetId":"123456789012"}]}]}`

const guardIAM = `{"RoleDetailList":[{"RoleName":"Unload","Path":"/","Arn":"arn:aws:iam::123456789012:role/Unload",
"AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}]},
"RolePolicyList":[{"PolicyName":"all","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}],
"AttachedManagedPolicies":[]}],"Policies":[]}`

// TestGuardrails: what a guardrail does to a check the role's own
// policies decided. The resource account comes from the request.
func TestGuardrails(t *testing.T) {
	files := map[string]string{"org.json": guardOrg, "iam.json": guardIAM}
	inv, err := load.Files([]string{"iam.json", "org.json"}, func(n string) ([]byte, error) { return []byte(files[n]), nil })
	if err != nil {
		t.Fatal(err)
	}
	who, err := chain.RoleSession(inv, "arn:aws:iam::123456789012:role/Unload")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  access.Request
		want string
	}{
		{"SCP Deny replaces an ok", access.Request{Action: "s3:DeleteObject", Resource: "arn:aws:s3:::data/k", ResourceAccount: "123456789012"}, "fail/SCPDeny"},
		{"RCP Deny on a bucket of a known owner", access.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::archive/out/", Prefix: true, ResourceAccount: "123456789012"}, "fail/RCPDeny"},
		{"RCP: the owner only assumed (SPEC §9)", access.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::archive/out/", Prefix: true,
			ResourceAccount: "123456789012", AccountAssumed: true}, "unknown/PolicyUnknown"},
		// the management account's resources: no RCP; cross-account without a bucket policy, the role's own refusal stands
		{"RCP: a bucket of the management account", access.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::archive/out/", Prefix: true, ResourceAccount: "111111111111"}, "fail/PermissionMissing"},
		{"nothing denies", access.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::archive/out/", Prefix: true, ResourceAccount: "123456789012"}, "ok/NoReason"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.FailReason, tc.req.Purpose = chain.ReasonPermissionMissing, "UNLOAD"
			c := access.Evaluate(inv, who, tc.req)
			if got := string(c.Verdict) + "/" + c.Reason.String(); got != tc.want {
				t.Errorf("got %s, want %s: %s", got, tc.want, c.Message)
			}
		})
	}
	// a refusal by the role's own policies stays what it is
	deny := access.Request{Action: "s3:DeleteObject", Resource: "arn:aws:s3:::data/k", ResourceAccount: "123456789012",
		FailReason: chain.ReasonPermissionMissing, Purpose: "UNLOAD",
		ResourcePolicy: &iam.NamedPolicy{Label: "bucket policy of data", Document: mustPolicy(t, `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`)}}
	if c := access.Evaluate(inv, who, deny); c.Reason != chain.ReasonPermissionMissing {
		t.Errorf("own refusal replaced: %s %s", c.Verdict, c.Reason)
	}
}

func mustPolicy(t *testing.T, s string) *iam.Policy {
	t.Helper()
	p, err := iam.DecodePolicyString(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
