package awscli_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/iam"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const ambiguous = " (AWS does not document which one applies)"

// denyThenAllow is the statement that once made a false "ok": the second
// Effect won.
const denyThenAllow = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`

// roleWith is a role of authorization-details whose trust policy is trust
// and whose members end with extra.
func roleWith(trust, extra string) string {
	return `{"RoleName":"A","Path":"/","Arn":"arn:aws:iam::123456789012:role/A","AssumeRolePolicyDocument":` + trust + extra + `}`
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Two members of one name anywhere in an export are an input error that
// names the file and the object holding them; the tool never picks one.
// In a document given as an object the loader finds them; in one held in
// a JSON string or URL-encoded, decoding it does (see TestDuplicatesInEncodedDocuments).
func TestDuplicateMembers(t *testing.T) {
	policy := func(version string) string {
		return `{"Policies":[{"Arn":"arn:aws:iam::123456789012:policy/P","PolicyVersionList":[` + version + `]}]}`
	}
	WantErrors(t, []ErrorCase{
		{"role entry", []string{"iam/123.json", GAADWith(roleWith(TrustOK, `,"AssumeRolePolicyDocument":`+TrustOK))},
			`iam/123.json: RoleDetailList[0]: duplicate member "AssumeRolePolicyDocument"` + ambiguous},
		{"statement of a trust policy", []string{"iam/123.json", GAADWith(RoleOK, roleWith(denyThenAllow, ""))},
			`iam/123.json: RoleDetailList[1].AssumeRolePolicyDocument.Statement[0]: duplicate member "Effect"` + ambiguous},
		{"inline policy", []string{"iam/123.json", GAADWith(roleWith(TrustOK, `,"RolePolicyList":[{"PolicyName":"p","PolicyName":"q","PolicyDocument":{}}]`))},
			`iam/123.json: RoleDetailList[0].RolePolicyList[0]: duplicate member "PolicyName"` + ambiguous},
		{"tag", []string{"iam/123.json", GAADWith(roleWith(TrustOK, `,"Tags":[{"Key":"team","Value":"a","Value":"b"}]`))},
			`iam/123.json: RoleDetailList[0].Tags[0]: duplicate member "Value"` + ambiguous},
		{"policy version", []string{"iam/p.json", policy(`{"VersionId":"v1","IsDefaultVersion":false,"IsDefaultVersion":true,"Document":{}}`)},
			`iam/p.json: Policies[0].PolicyVersionList[0]: duplicate member "IsDefaultVersion"` + ambiguous},
		{"condition of a policy version", []string{"iam/p.json", policy(`{"VersionId":"v1","IsDefaultVersion":true,"Document":` +
			`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":"a","aws:username":"b"}}}}}`)},
			`iam/p.json: Policies[0].PolicyVersionList[0].Document.Statement.Condition.StringEquals: duplicate member "aws:username"` + ambiguous},
		{"get-role", []string{"iam/role.json", `{"Role":` + roleWith(TrustOK, `,"Arn":"arn:aws:iam::123456789012:role/B"`) + `}`},
			`iam/role.json: Role: duplicate member "Arn"` + ambiguous},
		{"describe-clusters association", []string{"c.json", ClusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"removing","ApplyStatus":"in-sync"}`)},
			`c.json: Clusters[0].IamRoles[0]: duplicate member "ApplyStatus"` + ambiguous},
		{"serverless namespace", []string{"ns.json", `{"namespace":{"namespaceName":"n","defaultIamRoleArn":"arn:aws:iam::123456789012:role/A","defaultIamRoleArn":"arn:aws:iam::123456789012:role/B"}}`},
			`ns.json: namespace: duplicate member "defaultIamRoleArn"` + ambiguous},
		{"bucket policy", []string{"b.json", `{"Policy":` + jsonString(`{"Statement":{"Effect":"Allow","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}}`) + `}`},
			`b.json: Policy.Statement: duplicate member "Effect"` + ambiguous},
	})
}

// In documents held in JSON strings or URL-encoded, duplicates appear once
// the document is decoded: Decode reports them with the path from the top
// of the file, and the document stays unknown (nil), never an Allow.
func TestDuplicatesInEncodedDocuments(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/A"
	const inline = "RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0]"
	folded := strings.Replace(denyThenAllow, `"Effect":"Allow"`, `"effect":"Allow"`, 1)
	tests := []struct {
		name, doc, want string
	}{
		{"JSON string", jsonString(denyThenAllow), inline + `: duplicate member "Effect"` + ambiguous},
		{"URL-encoded", jsonString(url.PathEscape(denyThenAllow)), inline + `: duplicate member "Effect"` + ambiguous},
		{"names that differ in case", jsonString(folded),
			inline + `: duplicate member "effect" (the same as "Effect" in IAM; AWS does not document which one applies)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := LoadMem("iam/123.json", GAADWith(roleWith(TrustOK, `,"RolePolicyList":[{"PolicyName":"p","PolicyDocument":`+tt.doc+`}]`)))
			if err != nil {
				t.Fatal(err)
			}
			want := "iam/123.json: " + tt.want
			if err := inv.Decode(role); err == nil || err.Error() != want {
				t.Errorf("Decode:\n got %v\nwant %s", err, want)
			}
			r := inv.Role(role)
			caller, err := iam.RoleSessionCaller(role, "s")
			if err != nil {
				t.Fatal(err)
			}
			req := iam.Request{Caller: caller, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/B"}
			if got := iam.EvaluateIdentity(req, inv.IdentityPolicies(r)...); got.Decision == iam.Allowed || r.Inline[0].Document != nil {
				t.Errorf("decision %v, document %+v: want no Allow from an ambiguous statement", got.Decision, r.Inline[0].Document)
			}
		})
	}
}
