package access_test

import (
	"fmt"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// Roles of 111111111111: Plain (no KMS statement), Kms (kms:* on every
// key), KmsDenied (kms:* allowed and denied), Bounded (kms:* but a
// boundary allowing only S3).
const kmsIAM = `{"RoleDetailList":[
{"RoleName":"Plain","Path":"/","Arn":"arn:aws:iam::111111111111:role/Plain","AssumeRolePolicyDocument":{"Statement":[]},
 "RolePolicyList":[{"PolicyName":"s3","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}],"AttachedManagedPolicies":[]},
{"RoleName":"Kms","Path":"/","Arn":"arn:aws:iam::111111111111:role/Kms","AssumeRolePolicyDocument":{"Statement":[]},
 "RolePolicyList":[{"PolicyName":"all","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":["s3:*","kms:*"],"Resource":"*"}]}}],"AttachedManagedPolicies":[]},
{"RoleName":"KmsDenied","Path":"/","Arn":"arn:aws:iam::111111111111:role/KmsDenied","AssumeRolePolicyDocument":{"Statement":[]},
 "RolePolicyList":[{"PolicyName":"all","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":["s3:*","kms:*"],"Resource":"*"},
  {"Effect":"Deny","Action":"kms:GenerateDataKey","Resource":"*"}]}}],"AttachedManagedPolicies":[]}
],"Policies":[]}`

func keyFile(account, id, statements string) string {
	return fmt.Sprintf(`{"Policy":%q,"PolicyName":"default","KeyArn":"arn:aws:kms:us-east-1:%s:key/%s"}`,
		`{"Version":"2012-10-17","Statement":[`+statements+`]}`, account, id)
}

const (
	rootAllows = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}`
	plainRole  = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/Plain"},"Action":"kms:GenerateDataKey","Resource":"*"}`
	denyKms    = `{"Sid":"NoKms","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:role/Kms"},"Action":"kms:*","Resource":"*"}`
	otherRoot  = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"kms:*","Resource":"*"}`
)

// TestKMSKeyPolicy: a KMS request decided by key policy and IAM policies
// as AWS KMS does (access/kms.go): direct allow; root delegation with and
// without an IAM allow (without: a grant could allow, so unknown);
// cross-account (both must); an explicit Deny in either refuses.
func TestKMSKeyPolicy(t *testing.T) {
	files := map[string]string{
		"iam.json":    kmsIAM,
		"direct.json": keyFile("111111111111", "direct", plainRole),
		"deleg.json":  keyFile("111111111111", "deleg", rootAllows),
		"deny.json":   keyFile("111111111111", "deny", rootAllows+","+denyKms),
		"xacct.json":  keyFile("222222222222", "xacct", otherRoot+`,{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"kms:GenerateDataKey","Resource":"*"}`),
		"own.json":    keyFile("222222222222", "own", otherRoot),
	}
	names := []string{"iam.json", "direct.json", "deleg.json", "deny.json", "xacct.json", "own.json"}
	inv, err := load.Files(names, func(n string) ([]byte, error) { return []byte(files[n]), nil })
	if err != nil {
		t.Fatal(err)
	}
	w := chain.World{Inventory: inv}
	key := func(account, id string) string { return "arn:aws:kms:us-east-1:" + account + ":key/" + id }
	for _, tc := range []struct {
		name, role, key, want string
	}{
		{"key policy names the role: no IAM statement needed", "Plain", key("111111111111", "direct"), "ok"},
		{"root delegation + IAM allow", "Kms", key("111111111111", "deleg"), "ok"},
		{"root delegation, IAM does not allow: a grant could", "Plain", key("111111111111", "deleg"), "unknown"},
		{"Deny in the key policy", "Kms", key("111111111111", "deny"), "fail/PermissionMissing"},
		{"Deny in IAM, key policy delegates", "KmsDenied", key("111111111111", "deleg"), "fail/PermissionMissing"},
		{"cross-account: key policy allows the account, IAM allows", "Kms", key("222222222222", "xacct"), "ok"},
		{"cross-account: key policy allows the account, IAM does not", "Plain", key("222222222222", "xacct"), "unknown"},
		{"cross-account: key policy does not allow the account", "Kms", key("222222222222", "own"), "unknown"},
		{"key policy not in the data", "Kms", key("111111111111", "absent"), "unknown/PolicyUnknown"},
		{"KMS_KEY_ID '': no key, never no KMS check", "Kms", "", "unknown"},
		{"KMS_KEY_ID ' '", "Kms", " ", "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := access.Statement{Kind: redshift.Unload, Target: s3Target("s3://b/x/"), Encrypted: true, KMSKeyID: tc.key, KMSKeyGiven: true}
			res := access.Operation(w, "arn:aws:iam::111111111111:role/"+tc.role, st)
			if res == nil {
				t.Fatal("no result")
			}
			var got string
			for _, c := range res.Checks {
				if c.Action == "kms:GenerateDataKey" {
					got = verdict(c.Verdict, c.Reason)
					t.Log(c.Message, c.Help)
				}
			}
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
