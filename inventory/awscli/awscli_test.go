package awscli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const allowDoc = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}`

// Every error of the AWS shapes, with its exact message. Files are named
// as a user would pass them; the content is in memory.
func TestShapeErrors(t *testing.T) {
	policyV := func(versions string) string {
		return `{"Policies":[{"Arn":"arn:aws:iam::123456789012:policy/P","DefaultVersionId":"v2","PolicyVersionList":[` + versions + `]}]}`
	}
	doc := func(effect string) string {
		return `{"Statement":{"Effect":"` + effect + `","Action":"s3:*","Resource":"*"}}`
	}
	WantErrors(t, []ErrorCase{
		{"RoleDetailList not an array", []string{"iam/prod.json", `{"RoleDetailList":{"Arn":"x"}}`},
			`iam/prod.json: RoleDetailList: want an array, got object`},
		{"role without Arn", []string{"iam/prod.json", GAADWith(RoleOK, RoleOK, RoleOK, `{"RoleName":"B","AssumeRolePolicyDocument":`+TrustOK+`}`)},
			`iam/prod.json: RoleDetailList[3]: missing Arn`},
		{"role Arn not a role", []string{"iam/prod.json", GAADWith(`{"Arn":"arn:aws:iam::123456789012:user/A","AssumeRolePolicyDocument":` + TrustOK + `}`)},
			`iam/prod.json: RoleDetailList[0].Arn: want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got "arn:aws:iam::123456789012:user/A"`},
		{"RoleName mismatch", []string{"iam/prod.json", GAADWith(strings.Replace(RoleOK, `"RoleName":"A"`, `"RoleName":"B"`, 1))},
			`iam/prod.json: RoleDetailList[0].RoleName: RoleName "B" does not match Arn "arn:aws:iam::123456789012:role/A"`},
		{"Path mismatch", []string{"iam/prod.json", GAADWith(strings.Replace(RoleOK, `"Path":"/"`, `"Path":"/x/"`, 1))},
			`iam/prod.json: RoleDetailList[0].Path: Path "/x/" does not match Arn "arn:aws:iam::123456789012:role/A"`},
		{"no trust policy", []string{"iam/prod.json", GAADWith(`{"Arn":"arn:aws:iam::123456789012:role/A"}`)},
			`iam/prod.json: RoleDetailList[0]: missing AssumeRolePolicyDocument`},
		{"document of the wrong kind", []string{"iam/prod.json", GAADWith(`{"Arn":"arn:aws:iam::123456789012:role/A","AssumeRolePolicyDocument":null}`)},
			`iam/prod.json: RoleDetailList[0].AssumeRolePolicyDocument: want a policy document (an object, a JSON string or a URL-encoded string), got null`},
		{"inline without name", []string{"iam/prod.json", GAADWith(strings.Replace(RoleOK, `{"RoleName"`, `{"RolePolicyList":[{"PolicyDocument":`+TrustOK+`}],"RoleName"`, 1))},
			`iam/prod.json: RoleDetailList[0].RolePolicyList[0]: missing PolicyName`},
		{"attached policy ARN", []string{"iam/prod.json", GAADWith(strings.Replace(RoleOK, `{"RoleName"`, `{"AttachedManagedPolicies":[{"PolicyName":"P","PolicyArn":"P"}],"RoleName"`, 1))},
			`iam/prod.json: RoleDetailList[0].AttachedManagedPolicies[0].PolicyArn: want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got "P"`},
		{"tag without key", []string{"iam/prod.json", GAADWith(strings.Replace(RoleOK, `{"RoleName"`, `{"Tags":[{"Value":"v"}],"RoleName"`, 1))},
			`iam/prod.json: RoleDetailList[0].Tags[0]: missing Key`},
		{"no default version", []string{"iam/p.json", strings.Replace(policyV(`{"VersionId":"v1","IsDefaultVersion":false,"Document":`+doc("Allow")+`},{"VersionId":"v2","Document":`+doc("Allow")+`}`), `"DefaultVersionId":"v2",`, "", 1)},
			`iam/p.json: Policies[0].PolicyVersionList: none of 2 policy versions is marked default, and there is no DefaultVersionId`},
		{"DefaultVersionId names a version marked not default", []string{"iam/p.json", policyV(`{"VersionId":"v2","IsDefaultVersion":false,"Document":` + doc("Allow") + `}`)},
			`iam/p.json: Policies[0].DefaultVersionId: is "v2" but PolicyVersionList says that version is not the default`},
		{"two default versions", []string{"iam/p.json", policyV(`{"VersionId":"v1","IsDefaultVersion":true,"Document":` + doc("Allow") + `},{"VersionId":"v2","IsDefaultVersion":true,"Document":` + doc("Allow") + `}`)},
			`iam/p.json: Policies[0].PolicyVersionList: versions "v1" and "v2" are both marked default`},
		{"DefaultVersionId disagrees", []string{"iam/p.json", policyV(`{"VersionId":"v1","IsDefaultVersion":true,"Document":` + doc("Allow") + `}`)},
			`iam/p.json: Policies[0].DefaultVersionId: is "v2" but PolicyVersionList marks "v1" as the default version`},
		{"list-policies output", []string{"iam/p.json", `{"Policies":[{"PolicyName":"P","Arn":"arn:aws:iam::123456789012:policy/P","DefaultVersionId":"v1"}]}`},
			`iam/p.json: Policies[0]: missing PolicyVersionList (aws iam list-policies output holds no policy documents: export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies)`},
		{"unknown ApplyStatus", []string{"c.json", ClusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"in-sync"},{"IamRoleArn":"arn:aws:iam::123456789012:role/B","ApplyStatus":"pending"}`)},
			`c.json: Clusters[0].IamRoles[1].ApplyStatus: want "in-sync", "adding" or "removing", got "pending"`},
		{"missing ApplyStatus", []string{"c.json", ClusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A"}`)},
			`c.json: Clusters[0].IamRoles[0]: missing ApplyStatus`},
		{"cluster without identifier", []string{"c.json", `{"Clusters":[{"IamRoles":[]}]}`},
			`c.json: Clusters[0]: missing ClusterIdentifier`},
		{"bad namespace ARN", []string{"c.json", `{"Clusters":[{"ClusterIdentifier":"c","ClusterNamespaceArn":"arn:aws:redshift:us-east-1:123456789012:cluster:c"}]}`},
			`c.json: Clusters[0].ClusterNamespaceArn: want arn:PARTITION:redshift:REGION:ACCOUNT:namespace:ID, got "arn:aws:redshift:us-east-1:123456789012:cluster:c"`},
		{"roles of several accounts", []string{"c.json", `{"Clusters":[{"ClusterIdentifier":"c","IamRoles":[{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"in-sync"},{"IamRoleArn":"arn:aws:iam::210987654321:role/B","ApplyStatus":"in-sync"}]}]}`},
			`c.json: Clusters[0]: the associated roles are in several accounts (123456789012, 210987654321) and no namespace ARN gives the cluster's own; a role can only be associated with a cluster of its account`},
		{"bad serverless role entry", []string{"ns.json", `{"namespace":{"namespaceName":"n","iamRoles":["IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/A)","IamRole(applyStatus=pending, iamRoleArn=arn:aws:iam::123456789012:role/B)"]}}`},
			`ns.json: namespace.iamRoles[1]: applyStatus: want "in-sync", "adding" or "removing", got "pending"`},
		{"workgroupId not a string", []string{"wg.json", `{"workgroups":[{"workgroupName":"wg","namespaceName":"n","workgroupId":7}]}`},
			`wg.json: workgroups[0].workgroupId: want a string, got number`},
		{"workgroupId not an id", []string{"wg.json", `{"workgroup":{"workgroupName":"wg","namespaceName":"n","workgroupId":"wg/1"}}`},
			`wg.json: workgroup.workgroupId: want the workgroup's id (a UUID such as 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d), got "wg/1"`},
		{"empty workgroupId", []string{"wg.json", `{"workgroup":{"workgroupName":"wg","namespaceName":"n","workgroupId":""}}`},
			`wg.json: workgroup.workgroupId: want the workgroup's id (a UUID such as 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d), got ""`},
		{"workgroupId differs between files", []string{"ns.json", `{"namespace":{"namespaceName":"n"}}`,
			"a.json", `{"workgroup":{"workgroupName":"wg","namespaceName":"n","workgroupId":"1a2b"}}`,
			"b.json", `{"workgroup":{"workgroupName":"wg","namespaceName":"n","workgroupId":"3c4d"}}`},
			`b.json: workgroup: conflicting definitions of serverless workgroup wg: the description differs from the one at a.json: workgroup`},
		{"workgroup without its namespace", []string{"wg.json", `{"workgroup":{"workgroupName":"wg","namespaceName":"n"}}`},
			`wg.json: workgroup: workgroup "wg" uses namespace "n", which is not in the cluster data: add aws redshift-serverless get-namespace output for it`},
		{"long values are cut", []string{"c.json", ClusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"` + strings.Repeat("x", 200) + `"}`)},
			`c.json: Clusters[0].IamRoles[0].ApplyStatus: want "in-sync", "adding" or "removing", got "` + strings.Repeat("x", 80) + `…"`},
	})
}

// reencode rewrites every policy document of an authorization-details
// export with enc (a JSON string, or URL-encoded text).
func reencode(t *testing.T, path string, enc func(doc []byte) string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		t.Fatal(err)
	}
	conv := func(m map[string]any, key string) {
		doc, err := json.Marshal(m[key])
		if err != nil {
			t.Fatal(err)
		}
		m[key] = enc(doc)
	}
	for _, r := range top["RoleDetailList"].([]any) {
		role := r.(map[string]any)
		conv(role, "AssumeRolePolicyDocument")
		for _, p := range role["RolePolicyList"].([]any) {
			conv(p.(map[string]any), "PolicyDocument")
		}
	}
	for _, p := range top["Policies"].([]any) {
		for _, v := range p.(map[string]any)["PolicyVersionList"].([]any) {
			conv(v.(map[string]any), "Document")
		}
	}
	out, err := json.MarshalIndent(top, "", "    ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// urlEncode percent-encodes everything but unreserved characters, as the
// IAM API does.
func urlEncode(doc []byte) string {
	var b strings.Builder
	for _, c := range doc {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}

// The same export with documents as JSON objects (CLI), JSON strings
// (Terraform style) and URL-encoded strings (API, SDK) gives the same
// inventory, and loading all three together is accepted as duplicates.
func TestThreeEncodingsSameInventory(t *testing.T) {
	src := Fixture("aws-iam-get-account-authorization-details.json")
	dir := t.TempDir()
	asString := WriteFile(t, dir, "string.json", reencode(t, src, func(doc []byte) string { return string(doc) }))
	asURL := WriteFile(t, dir, "url.json", reencode(t, src, urlEncode))
	if data, _ := os.ReadFile(asURL); !strings.Contains(string(data), `"AssumeRolePolicyDocument": "%7B%22Statement%22`) {
		t.Fatalf("URL encoding not applied:\n%.400s", data)
	}
	want := Dump(t, MustLoad(t, []string{src}, nil), false)
	for _, path := range []string{asString, asURL} {
		if got := Dump(t, MustLoad(t, []string{path}, nil), false); got != want {
			t.Errorf("%s: inventory differs from the CLI form's:\n%s", filepath.Base(path), LineDiff(want, got))
		}
	}
	all := MustLoad(t, []string{src, asString, asURL}, nil)
	if got := Dump(t, all, false); got != want {
		t.Errorf("merged inventory differs:\n%s", LineDiff(want, got))
	}
	// The first definition is the one kept.
	if r := all.Role("arn:aws:iam::123456789012:role/RedshiftS3ReadRole"); r.Source.File != src {
		t.Errorf("kept the definition from %s, want the first file", r.Source.File)
	}
}

// A '+' in a URL-encoded document stays a '+' (url.PathUnescape).
func TestURLEncodedPlusStays(t *testing.T) {
	doc := `%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Resource%22%3A%22arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fa+b%22%7D%7D`
	inv, err := LoadMem("plus.json", `{"RoleDetailList":[{"Arn":"arn:aws:iam::123456789012:role/a+b","AssumeRolePolicyDocument":{"Statement":{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}},
		"RolePolicyList":[{"PolicyName":"p","PolicyDocument":"`+doc+`"}]}]}`)
	if err != nil {
		t.Fatal(err)
	}
	r := inv.Role("arn:aws:iam::123456789012:role/a+b")
	if got := r.Inline[0].Document.Statements[0].Resource[0]; got != "arn:aws:iam::123456789012:role/a+b" {
		t.Errorf("resource %q, want the '+' kept", got)
	}
}

// The get-namespace fixture mixes both key orders and a bare ARN.
func TestGetNamespaceFixture(t *testing.T) {
	inv := MustLoad(t, nil, []string{Fixture("aws-redshift-serverless-get-namespace.json")})
	c, err := inv.SelectCluster("")
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.Association{
		{RoleARN: "arn:aws:iam::123456789012:role/RedshiftClusterRole", Status: "in-sync"},
		{RoleARN: "arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole", Status: "in-sync"},
		{RoleARN: "arn:aws:iam::123456789012:role/RedshiftUnloadRole", Status: "in-sync"},
	}
	if len(c.Roles) != len(want) {
		t.Fatalf("roles %+v", c.Roles)
	}
	for i := range want {
		if c.Roles[i] != want[i] {
			t.Errorf("role %d: %+v, want %+v", i, c.Roles[i], want[i])
		}
	}
	if !c.WorkgroupUnknown || c.ID != "analytics-serverless" || c.DBUserARNKnown() {
		t.Errorf("no workgroup in the data: ID %q, WorkgroupUnknown %v, DBUserARNKnown %v", c.ID, c.WorkgroupUnknown, c.DBUserARNKnown())
	}
	with := MustLoad(t, nil, []string{Fixture("aws-redshift-serverless-get-namespace.json"), Extra("get-workgroup.json")})
	c, _ = with.SelectCluster("analytics-wg")
	if c == nil || c.WorkgroupUnknown || c.DBUserARN("u") != "arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-wg/u" {
		t.Errorf("with the workgroup: %+v", c)
	}
}

func TestUserGroupLoadErrors(t *testing.T) {
	user := func(members string) string {
		return `{"UserDetailList":[{"UserName":"u","Path":"/","Arn":"arn:aws:iam::123456789012:user/u"` + members + `}]}`
	}
	group := func(members string) string {
		return `{"GroupDetailList":[{"GroupName":"g","Path":"/","Arn":"arn:aws:iam::123456789012:group/g"` + members + `}]}`
	}
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"UserDetailList not an array", []string{"iam/p.json", `{"UserDetailList":{}}`},
			`iam/p.json: UserDetailList: want an array, got object`},
		{"user missing Arn", []string{"iam/p.json", `{"UserDetailList":[{"UserName":"u"}]}`},
			`iam/p.json: UserDetailList[0]: missing Arn`},
		{"user ARN is a role's", []string{"iam/p.json", `{"UserDetailList":[{"Arn":"arn:aws:iam::123456789012:role/u"}]}`},
			`iam/p.json: UserDetailList[0].Arn: want a user ARN arn:PARTITION:iam::ACCOUNT:user/[PATH/]NAME, got "arn:aws:iam::123456789012:role/u"`},
		{"UserName mismatch", []string{"iam/p.json", `{"UserDetailList":[{"UserName":"v","Arn":"arn:aws:iam::123456789012:user/u"}]}`},
			`iam/p.json: UserDetailList[0].UserName: UserName "v" does not match Arn "arn:aws:iam::123456789012:user/u"`},
		{"GroupList entry not a string", []string{"iam/p.json", user(`,"GroupList":[{}]`)},
			`iam/p.json: UserDetailList[0].GroupList[0]: want a string, got object`},
		{"GroupList twice", []string{"iam/p.json", user(`,"GroupList":["g","g"]`)},
			`iam/p.json: UserDetailList[0].GroupList[1]: group "g" given twice`},
		{"user inline without a name", []string{"iam/p.json", user(`,"UserPolicyList":[{"PolicyDocument":{}}]`)},
			`iam/p.json: UserDetailList[0].UserPolicyList[0]: missing PolicyName`},
		{"user boundary ARN", []string{"iam/p.json", user(`,"PermissionsBoundary":{"PermissionsBoundaryArn":"x"}`)},
			`iam/p.json: UserDetailList[0].PermissionsBoundary.PermissionsBoundaryArn: want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got "x"`},
		{"group ARN", []string{"iam/p.json", `{"GroupDetailList":[{"Arn":"arn:aws:iam::123456789012:user/g"}]}`},
			`iam/p.json: GroupDetailList[0].Arn: want a group ARN arn:PARTITION:iam::ACCOUNT:group/[PATH/]NAME, got "arn:aws:iam::123456789012:user/g"`},
		{"group attached twice", []string{"iam/p.json", group(`,"AttachedManagedPolicies":[{"PolicyArn":"arn:aws:iam::aws:policy/P"},{"PolicyArn":"arn:aws:iam::aws:policy/P"}]`)},
			`iam/p.json: GroupDetailList[0].AttachedManagedPolicies[1].PolicyArn: policy "arn:aws:iam::aws:policy/P" attached twice`},
		{"user conflict: inline policy", []string{"iam/a.json", user(`,"UserPolicyList":[{"PolicyName":"P","PolicyDocument":` + allowDoc + `}],"AttachedManagedPolicies":[],"GroupList":[]`),
			"iam/b.json", user(`,"UserPolicyList":[{"PolicyName":"P","PolicyDocument":{"Statement":[]}}],"AttachedManagedPolicies":[],"GroupList":[]`)},
			`iam/b.json: UserDetailList[0].UserPolicyList[0].PolicyDocument: conflicting definitions of user arn:aws:iam::123456789012:user/u: ` +
				`inline policy "P" differs from the one at iam/a.json: UserDetailList[0].UserPolicyList[0].PolicyDocument`},
		{"user conflict: groups", []string{"iam/a.json", user(`,"GroupList":["g"],"UserPolicyList":[],"AttachedManagedPolicies":[]`),
			"iam/b.json", user(`,"GroupList":[],"UserPolicyList":[],"AttachedManagedPolicies":[]`)},
			`iam/b.json: UserDetailList[0].GroupList: conflicting definitions of user arn:aws:iam::123456789012:user/u: ` +
				`the list of groups differs from the one at iam/a.json: UserDetailList[0].GroupList`},
		{"group conflict: path", []string{"iam/a.json", group(``), "iam/b.json", `{"GroupDetailList":[{"Arn":"arn:aws:iam::123456789012:group/x/g"}]}`},
			`iam/b.json: GroupDetailList[0].Arn: conflicting definitions of group g of account 123456789012: ` +
				`the ARN differs from the one at iam/a.json: GroupDetailList[0].Arn`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadMem(tc.files...)
			if err == nil {
				t.Fatalf("no error, want %s", tc.want)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", got, tc.want)
			}
		})
	}
}
