package inventory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A minimal valid role, to build error cases around.
const (
	trustOK = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	roleOK  = `{"RoleName":"A","Path":"/","Arn":"arn:aws:iam::123456789012:role/A","AssumeRolePolicyDocument":` + trustOK + `}`
)

func gaadWith(roles ...string) string {
	return `{"RoleDetailList":[` + strings.Join(roles, ",") + `],"Policies":[]}`
}

func clusterWith(roles string) string {
	return `{"Clusters":[{"ClusterIdentifier":"c1","ClusterNamespaceArn":"arn:aws:redshift:us-east-1:123456789012:namespace:x","IamRoles":[` + roles + `]}]}`
}

// Every load error, with its exact message. Files are named as a user
// would pass them; the content is in memory.
func TestLoadErrors(t *testing.T) {
	policyV := func(versions string) string {
		return `{"Policies":[{"Arn":"arn:aws:iam::123456789012:policy/P","DefaultVersionId":"v2","PolicyVersionList":[` + versions + `]}]}`
	}
	doc := func(effect string) string {
		return `{"Statement":{"Effect":"` + effect + `","Action":"s3:*","Resource":"*"}}`
	}
	tests := []struct {
		name  string
		files []string // name, content, name, content...
		want  string
	}{
		{"syntax error", []string{"iam/prod.json", "{\n  \"RoleDetailList\": [\n    {\"Arn\": \"x\" \"Path\": \"/\"}\n  ]\n}"},
			`iam/prod.json: RoleDetailList[0]: invalid JSON at line 3, column 17: unexpected '"', want ',' or '}' after an object member`},
		{"truncated", []string{"iam/prod.json", gaadWith(roleOK)[:150]},
			`iam/prod.json: RoleDetailList[0].AssumeRolePolicyDocument.Statement: invalid JSON at line 1, column 151: unexpected end of file (is the file truncated?)`},
		{"bad escape", []string{"iam/prod.json", `{"RoleDetailList":[{"Arn":"a\qb"}]}`},
			`iam/prod.json: RoleDetailList[0].Arn: invalid JSON at line 1, column 29: invalid escape in a string`},
		{"control character", []string{"iam/prod.json", "{\"RoleDetailList\":[{\"Arn\":\"a\tb\"}]}"},
			`iam/prod.json: RoleDetailList[0].Arn: invalid JSON at line 1, column 29: control character in a string (it must be escaped)`},
		{"bad number", []string{"c.json", `{"Clusters":[{"Port":01}]}`},
			`c.json: Clusters[0]: invalid JSON at line 1, column 23: unexpected '1', want ',' or '}' after an object member`},
		{"trailing comma", []string{"c.json", `{"Clusters":[],}`},
			`c.json: invalid JSON at line 1, column 16: unexpected '}', want a string (an object key)`},
		{"trailing data", []string{"c.json", `{"Clusters":[]} {"Clusters":[]}`},
			`c.json: invalid JSON at line 1, column 17: unexpected '{', want the end of the file after the JSON value`},
		{"empty file", []string{"iam/empty.json", " \n"}, `iam/empty.json: empty file`},
		{"UTF-16", []string{"iam/ps.json", "\xff\xfe{\x00"}, `iam/ps.json: the file is UTF-16 encoded (as PowerShell's > writes it); save it as UTF-8`},
		{"UTF-8 BOM is fine", []string{"iam/bom.json", "\xef\xbb\xbf" + gaadWith(roleOK), "x.json", `{}`},
			`x.json: not a recognised AWS export: expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, or terraform show -json (a state or a saved plan) (the file holds an empty object)`},
		{"unknown shape", []string{"x.json", `{"Items":[1],"Count":1}`},
			`x.json: not a recognised AWS export: expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, or terraform show -json (a state or a saved plan) (top-level keys: "Count", "Items")`},
		{"top-level array", []string{"x.json", `[{"Arn":"a"}]`},
			`x.json: not a recognised AWS export: the top level is an array, want an object; expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, or terraform show -json (a state or a saved plan)`},
		{"ambiguous", []string{"x.json", `{"Role":` + roleOK + `,"Clusters":[]}`},
			`x.json: ambiguous export: the top-level keys are those of aws iam get-role and aws redshift describe-clusters output; give each export its own file`},
		{"truncated export", []string{"iam/page1.json", `{"RoleDetailList":[` + roleOK + `],"IsTruncated":true,"Marker":"AAAA"}`},
			`iam/page1.json: IsTruncated: the export is incomplete (IsTruncated is true, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
		{"max-items export", []string{"iam/page1.json", `{"RoleDetailList":[` + roleOK + `],"NextToken":"eyJNYXJrZXIiOiBudWxsfQ=="}`},
			`iam/page1.json: NextToken: the export is incomplete (NextToken is set, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
		{"describe-clusters page", []string{"c.json", `{"Clusters":[],"Marker":"m"}`},
			`c.json: Marker: the export is incomplete (Marker is set, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
		{"RoleDetailList not an array", []string{"iam/prod.json", `{"RoleDetailList":{"Arn":"x"}}`},
			`iam/prod.json: RoleDetailList: want an array, got object`},
		{"role without Arn", []string{"iam/prod.json", gaadWith(roleOK, roleOK, roleOK, `{"RoleName":"B","AssumeRolePolicyDocument":`+trustOK+`}`)},
			`iam/prod.json: RoleDetailList[3]: missing Arn`},
		{"role Arn not a role", []string{"iam/prod.json", gaadWith(`{"Arn":"arn:aws:iam::123456789012:user/A","AssumeRolePolicyDocument":` + trustOK + `}`)},
			`iam/prod.json: RoleDetailList[0].Arn: want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got "arn:aws:iam::123456789012:user/A"`},
		{"RoleName mismatch", []string{"iam/prod.json", gaadWith(strings.Replace(roleOK, `"RoleName":"A"`, `"RoleName":"B"`, 1))},
			`iam/prod.json: RoleDetailList[0].RoleName: RoleName "B" does not match Arn "arn:aws:iam::123456789012:role/A"`},
		{"Path mismatch", []string{"iam/prod.json", gaadWith(strings.Replace(roleOK, `"Path":"/"`, `"Path":"/x/"`, 1))},
			`iam/prod.json: RoleDetailList[0].Path: Path "/x/" does not match Arn "arn:aws:iam::123456789012:role/A"`},
		{"no trust policy", []string{"iam/prod.json", gaadWith(`{"Arn":"arn:aws:iam::123456789012:role/A"}`)},
			`iam/prod.json: RoleDetailList[0]: missing AssumeRolePolicyDocument`},
		{"document of the wrong kind", []string{"iam/prod.json", gaadWith(`{"Arn":"arn:aws:iam::123456789012:role/A","AssumeRolePolicyDocument":null}`)},
			`iam/prod.json: RoleDetailList[0].AssumeRolePolicyDocument: want a policy document (an object, a JSON string or a URL-encoded string), got null`},
		{"inline without name", []string{"iam/prod.json", gaadWith(strings.Replace(roleOK, `{"RoleName"`, `{"RolePolicyList":[{"PolicyDocument":`+trustOK+`}],"RoleName"`, 1))},
			`iam/prod.json: RoleDetailList[0].RolePolicyList[0]: missing PolicyName`},
		{"attached policy ARN", []string{"iam/prod.json", gaadWith(strings.Replace(roleOK, `{"RoleName"`, `{"AttachedManagedPolicies":[{"PolicyName":"P","PolicyArn":"P"}],"RoleName"`, 1))},
			`iam/prod.json: RoleDetailList[0].AttachedManagedPolicies[0].PolicyArn: want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got "P"`},
		{"tag without key", []string{"iam/prod.json", gaadWith(strings.Replace(roleOK, `{"RoleName"`, `{"Tags":[{"Value":"v"}],"RoleName"`, 1))},
			`iam/prod.json: RoleDetailList[0].Tags[0]: missing Key`},
		{"no default version", []string{"iam/p.json", policyV(`{"VersionId":"v1","IsDefaultVersion":false,"Document":` + doc("Allow") + `}`)},
			`iam/p.json: Policies[0].PolicyVersionList: none of 1 policy versions is marked default`},
		{"two default versions", []string{"iam/p.json", policyV(`{"VersionId":"v1","IsDefaultVersion":true,"Document":` + doc("Allow") + `},{"VersionId":"v2","IsDefaultVersion":true,"Document":` + doc("Allow") + `}`)},
			`iam/p.json: Policies[0].PolicyVersionList: versions "v1" and "v2" are both marked default`},
		{"DefaultVersionId disagrees", []string{"iam/p.json", policyV(`{"VersionId":"v1","IsDefaultVersion":true,"Document":` + doc("Allow") + `}`)},
			`iam/p.json: Policies[0].DefaultVersionId: is "v2" but PolicyVersionList marks "v1" as the default version`},
		{"list-policies output", []string{"iam/p.json", `{"Policies":[{"PolicyName":"P","Arn":"arn:aws:iam::123456789012:policy/P","DefaultVersionId":"v1"}]}`},
			`iam/p.json: Policies[0]: missing PolicyVersionList (aws iam list-policies output holds no policy documents: export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies)`},
		{"unknown ApplyStatus", []string{"c.json", clusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"in-sync"},{"IamRoleArn":"arn:aws:iam::123456789012:role/B","ApplyStatus":"pending"}`)},
			`c.json: Clusters[0].IamRoles[1].ApplyStatus: want "in-sync", "adding" or "removing", got "pending"`},
		{"missing ApplyStatus", []string{"c.json", clusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A"}`)},
			`c.json: Clusters[0].IamRoles[0]: missing ApplyStatus`},
		{"cluster without identifier", []string{"c.json", `{"Clusters":[{"IamRoles":[]}]}`},
			`c.json: Clusters[0]: missing ClusterIdentifier`},
		{"bad namespace ARN", []string{"c.json", `{"Clusters":[{"ClusterIdentifier":"c","ClusterNamespaceArn":"arn:aws:redshift:us-east-1:123456789012:cluster:c"}]}`},
			`c.json: Clusters[0].ClusterNamespaceArn: want arn:PARTITION:redshift:REGION:ACCOUNT:namespace:ID, got "arn:aws:redshift:us-east-1:123456789012:cluster:c"`},
		{"roles of several accounts", []string{"c.json", `{"Clusters":[{"ClusterIdentifier":"c","IamRoles":[{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"in-sync"},{"IamRoleArn":"arn:aws:iam::210987654321:role/B","ApplyStatus":"in-sync"}]}]}`},
			`c.json: Clusters[0]: the associated roles are in several accounts (123456789012, 210987654321) and no namespace ARN gives the cluster's own; a role can only be associated with a cluster of its account`},
		{"bad serverless role entry", []string{"ns.json", `{"namespace":{"namespaceName":"n","iamRoles":["IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/A)","IamRole(applyStatus=pending, iamRoleArn=arn:aws:iam::123456789012:role/B)"]}}`},
			`ns.json: namespace.iamRoles[1]: applyStatus: want "in-sync", "adding" or "removing", got "pending"`},
		{"workgroup without its namespace", []string{"wg.json", `{"workgroup":{"workgroupName":"wg","namespaceName":"n"}}`},
			`wg.json: workgroup: workgroup "wg" uses namespace "n", which is not in the cluster data: add aws redshift-serverless get-namespace output for it`},
		{"get-role-policy", []string{"iam/p.json", mustRead(t, fixture("aws-iam-get-role-policy.json"))},
			`iam/p.json: aws iam get-role-policy output is not supported: export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
		{"list-attached-role-policies", []string{"iam/p.json", mustRead(t, fixture("aws-iam-list-attached-role-policies.json"))},
			`iam/p.json: aws iam list-attached-role-policies output (policy ARNs only) is not supported: export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
		{"list-role-policies", []string{"iam/p.json", mustRead(t, fixture("aws-iam-list-role-policies.json"))},
			`iam/p.json: aws iam list-role-policies output (policy names only) is not supported: export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
		{"get-policy-version", []string{"iam/p.json", `{"PolicyVersion":{"Document":` + doc("Allow") + `,"VersionId":"v1","IsDefaultVersion":true}}`},
			`iam/p.json: aws iam get-policy-version output is not supported (it does not name its policy): export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
		{"get-caller-identity", []string{"x.json", mustRead(t, fixture("aws-sts-get-caller-identity.json"))},
			`x.json: aws sts get-caller-identity output holds no IAM or cluster data`},
		{"long values are cut", []string{"c.json", clusterWith(`{"IamRoleArn":"arn:aws:iam::123456789012:role/A","ApplyStatus":"` + strings.Repeat("x", 200) + `"}`)},
			`c.json: Clusters[0].IamRoles[0].ApplyStatus: want "in-sync", "adding" or "removing", got "` + strings.Repeat("x", 80) + `…"`},
		{"deep nesting", []string{"x.json", `{"Clusters":` + strings.Repeat("[", 20000)},
			`x.json: Clusters` + strings.Repeat("[0]", 9999) + `: invalid JSON at line 1, column 10012: nesting deeper than 10000 levels`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadMem(tt.files...)
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			asLoadError(t, err)
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

// Documents are decoded on first use: Decode and DecodeAll report a
// document that iam.DecodePolicy rejects with the full JSON path; the
// accessor leaves that document nil (unknown), never empty.
func TestDecodeErrors(t *testing.T) {
	role := func(name, trust string) string {
		return `{"Arn":"arn:aws:iam::123456789012:role/` + name + `","AssumeRolePolicyDocument":` + trust + `}`
	}
	bad := role("D", strings.Replace(trustOK, `"Effect":"Allow"`, `"Effect":"allow"`, 1))
	inv, err := loadMem("iam/prod.json", gaadWith(roleOK, role("B", trustOK), role("C", trustOK), bad))
	if err != nil {
		t.Fatal(err)
	}
	const want = `iam/prod.json: RoleDetailList[3].AssumeRolePolicyDocument.Statement[0].Effect: want "Allow" or "Deny", got "allow"`
	if err := inv.Decode("arn:aws:iam::123456789012:role/A"); err != nil {
		t.Errorf("Decode of a good role: %v", err)
	}
	for name, err := range map[string]error{
		"Decode":    inv.Decode("arn:aws:iam::123456789012:role/A", "arn:aws:iam::123456789012:role/D", "arn:aws:iam::123456789012:role/none"),
		"DecodeAll": inv.DecodeAll(),
	} {
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", name, err, want)
		}
		asLoadError(t, err)
	}
	if r := inv.Role("arn:aws:iam::123456789012:role/D"); r.Trust.Document != nil {
		t.Error("undecodable trust policy is not nil")
	}

	// Managed policy documents, including URL-encoded ones.
	inv, err = loadMem("iam/p.json", `{"Policies":[{"Arn":"arn:aws:iam::123456789012:policy/P","PolicyVersionList":[`+
		`{"VersionId":"v1","IsDefaultVersion":true,"Document":"%7B%22Statement%22%3A%5B%5D%2C%22Bogus%22%3A1%7D"}]}]}`)
	if err != nil {
		t.Fatal(err)
	}
	const wantP = `iam/p.json: Policies[0].PolicyVersionList[0].Document.Bogus: unknown element (want one of Version, Id, Statement)`
	if err := inv.DecodeAll(); err == nil || err.Error() != wantP {
		t.Errorf("DecodeAll: %v, want %s", err, wantP)
	}
}

func TestConflicts(t *testing.T) {
	gaad := fixture("aws-iam-get-account-authorization-details.json")
	dir := t.TempDir()
	changed := func(name, old, new string) string {
		data := mustRead(t, gaad)
		if !strings.Contains(data, old) {
			t.Fatalf("%q not in %s", old, gaad)
		}
		return writeFile(t, dir, name, []byte(strings.Replace(data, old, new, 1)))
	}
	trust := changed("trust.json", "analytics-cluster/etl_user", "analytics-cluster/other_user")
	inline := changed("inline.json", "redshift-udf-*", "redshift-udf-v2-*")
	version := changed("version.json", `"s3:GetBucketLocation",
                                    "s3:ListBucket"`, `"s3:ListBucket"`)
	reordered := changed("reordered.json", `"s3:GetObject",
                                    "s3:GetBucketLocation",`, `"s3:GetBucketLocation",
                                    "s3:GetObject",`)
	tests := []struct {
		name          string
		iam, clusters []string
		want          string
	}{
		{"trust policy", []string{gaad, trust}, nil,
			trust + `: RoleDetailList[1].AssumeRolePolicyDocument: conflicting definitions of role arn:aws:iam::123456789012:role/RedshiftS3ReadRole: ` +
				`the trust policy differs from the one at ` + gaad + `: RoleDetailList[1].AssumeRolePolicyDocument`},
		{"inline policy", []string{gaad, inline}, nil,
			inline + `: RoleDetailList[0].RolePolicyList[1].PolicyDocument: conflicting definitions of role arn:aws:iam::123456789012:role/RedshiftClusterRole: ` +
				`inline policy "InvokeUdfLambdas" differs from the one at ` + gaad + `: RoleDetailList[0].RolePolicyList[1].PolicyDocument`},
		{"managed policy version", []string{gaad, version}, nil,
			version + `: Policies[0].PolicyVersionList[0].Document: conflicting definitions of managed policy arn:aws:iam::123456789012:policy/RedshiftS3ReadPolicy: ` +
				`version "v1" differs from the one at ` + gaad + `: Policies[0].PolicyVersionList[0].Document`},
		{"attached policies (urlencoded fixture adds one)", []string{gaad, fixture("aws-iam-get-account-authorization-details.urlencoded.json")}, nil,
			fixture("aws-iam-get-account-authorization-details.urlencoded.json") + `: RoleDetailList[2].AttachedManagedPolicies: conflicting definitions of role arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole: ` +
				`the list of attached managed policies differs from the one at ` + gaad + `: RoleDetailList[2].AttachedManagedPolicies`},
		{"get-role trust differs", []string{trust, fixture("aws-iam-get-role.json")}, nil,
			fixture("aws-iam-get-role.json") + `: Role.AssumeRolePolicyDocument: conflicting definitions of role arn:aws:iam::123456789012:role/RedshiftS3ReadRole: ` +
				`the trust policy differs from the one at ` + trust + `: RoleDetailList[1].AssumeRolePolicyDocument`},
		{"cluster", nil, []string{fixture("aws-redshift-describe-clusters.json"), fixture("aws-redshift-describe-clusters.moto.json")},
			fixture("aws-redshift-describe-clusters.moto.json") + `: Clusters[0]: conflicting definitions of cluster analytics-cluster: the description differs from the one at ` +
				fixture("aws-redshift-describe-clusters.json") + `: Clusters[0]`},
		{"namespace", nil, []string{fixture("aws-redshift-serverless-get-namespace.json"), fixture("aws-redshift-serverless-list-namespaces.json")},
			fixture("aws-redshift-serverless-list-namespaces.json") + `: namespaces[0]: conflicting definitions of serverless namespace analytics-serverless: the description differs from the one at ` +
				fixture("aws-redshift-serverless-get-namespace.json") + `: namespace`},
		// Same content, other order of list elements: accepted.
		{"reordered actions are the same", []string{gaad, reordered}, nil, ""},
		// Identical definitions: accepted.
		{"identical files", []string{gaad, writeFile(t, dir, "copy.json", []byte(mustRead(t, gaad)))},
			[]string{fixture("aws-redshift-describe-clusters.json"), writeFile(t, dir, "c.json", []byte(mustRead(t, fixture("aws-redshift-describe-clusters.json"))))}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.iam, tt.clusters)
			got := ""
			if err != nil {
				asLoadError(t, err)
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPathErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, empty, "readme.txt", []byte("x"))
	tests := []struct {
		name string
		path string
		want string
	}{
		{"missing", filepath.Join(dir, "nope.json"), filepath.Join(dir, "nope.json") + ": cannot read: no such file or directory"},
		{"no json in directory", empty, empty + ": no *.json files in this directory"},
		{"empty file", writeFile(t, dir, "e.json", nil), filepath.Join(dir, "e.json") + ": empty file"},
	}
	if os.Geteuid() != 0 { // root reads anything
		locked := writeFile(t, dir, "locked.json", []byte("{}"))
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ name, path, want string }{"unreadable", locked, locked + ": cannot read: permission denied"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load([]string{tt.path}, nil)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %s", err, tt.want)
			}
			asLoadError(t, err)
		})
	}
}

func TestServerlessAccountConflict(t *testing.T) {
	_, err := loadMem("ns.json", `{"namespaces":[{"namespaceName":"n","iamRoles":["arn:aws:iam::123456789012:role/A","arn:aws:iam::210987654321:role/B"]}]}`)
	const want = `ns.json: namespaces[0]: the associated roles are in several accounts (123456789012, 210987654321) and no namespace ARN gives the cluster's own; a role can only be associated with a cluster of its account`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}
