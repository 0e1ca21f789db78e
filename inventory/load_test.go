package inventory

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Golden dumps of every supported format, alone and combined.
func TestLoadGolden(t *testing.T) {
	tests := []struct {
		name          string
		iam, clusters []string
	}{
		{"cli-gaad+describe-clusters",
			[]string{fixture("aws-iam-get-account-authorization-details.json")},
			[]string{fixture("aws-redshift-describe-clusters.json")}},
		{"urlencoded-gaad+moto-describe-clusters",
			[]string{fixture("aws-iam-get-account-authorization-details.urlencoded.json")},
			[]string{fixture("aws-redshift-describe-clusters.moto.json")}},
		{"get-role+list-namespaces",
			[]string{fixture("aws-iam-get-role.json")},
			[]string{fixture("aws-redshift-serverless-list-namespaces.json")}},
		{"get-namespace+get-workgroup",
			[]string{fixture("aws-iam-get-account-authorization-details.json")},
			[]string{fixture("aws-redshift-serverless-get-namespace.json"), "testdata/extra/get-workgroup.json"}},
		{"two-accounts",
			[]string{fixture("aws-iam-get-account-authorization-details.json"), "testdata/extra/account-b.json"},
			[]string{fixture("aws-redshift-describe-clusters.json")}},
		{"list-namespaces+list-workgroups",
			nil,
			[]string{fixture("aws-redshift-serverless-list-namespaces.json"), "testdata/extra/list-workgroups.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, dump(t, mustLoad(t, tt.iam, tt.clusters), true))
		})
	}
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

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The same export with documents as JSON objects (CLI), JSON strings
// (Terraform style) and URL-encoded strings (API, SDK) gives the same
// inventory, and loading all three together is accepted as duplicates.
func TestThreeEncodingsSameInventory(t *testing.T) {
	src := fixture("aws-iam-get-account-authorization-details.json")
	dir := t.TempDir()
	asString := writeFile(t, dir, "string.json", reencode(t, src, func(doc []byte) string { return string(doc) }))
	asURL := writeFile(t, dir, "url.json", reencode(t, src, urlEncode))
	if data, _ := os.ReadFile(asURL); !strings.Contains(string(data), `"AssumeRolePolicyDocument": "%7B%22Statement%22`) {
		t.Fatalf("URL encoding not applied:\n%.400s", data)
	}
	want := dump(t, mustLoad(t, []string{src}, nil), false)
	for _, path := range []string{asString, asURL} {
		if got := dump(t, mustLoad(t, []string{path}, nil), false); got != want {
			t.Errorf("%s: inventory differs from the CLI form's:\n%s", filepath.Base(path), lineDiff(want, got))
		}
	}
	all := mustLoad(t, []string{src, asString, asURL}, nil)
	if got := dump(t, all, false); got != want {
		t.Errorf("merged inventory differs:\n%s", lineDiff(want, got))
	}
	// The first definition is the one kept.
	if r := all.Role("arn:aws:iam::123456789012:role/RedshiftS3ReadRole"); r.Source.File != src {
		t.Errorf("kept the definition from %s, want the first file", r.Source.File)
	}
}

// A '+' in a URL-encoded document stays a '+' (url.PathUnescape).
func TestURLEncodedPlusStays(t *testing.T) {
	doc := `%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Resource%22%3A%22arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fa+b%22%7D%7D`
	inv, err := loadMem("plus.json", `{"RoleDetailList":[{"Arn":"arn:aws:iam::123456789012:role/a+b","AssumeRolePolicyDocument":{"Statement":{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}},
		"RolePolicyList":[{"PolicyName":"p","PolicyDocument":"`+doc+`"}]}]}`)
	if err != nil {
		t.Fatal(err)
	}
	r := inv.Role("arn:aws:iam::123456789012:role/a+b")
	if got := r.Inline[0].Document.Statements[0].Resource[0]; got != "arn:aws:iam::123456789012:role/a+b" {
		t.Errorf("resource %q, want the '+' kept", got)
	}
}

func TestServerlessIamRoleEntries(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/RedshiftClusterRole"
	tests := []struct {
		in, arn, status, err string
	}{
		{"IamRole(applyStatus=in-sync, iamRoleArn=" + arn + ")", arn, "in-sync", ""},
		{"IamRole(iamRoleArn=" + arn + ", applyStatus=adding)", arn, "adding", ""},
		{"IamRole(applyStatus=removing,iamRoleArn=" + arn + ")", arn, "removing", ""},
		{" IamRole( iamRoleArn=" + arn + " ,  applyStatus=in-sync ) ", arn, "in-sync", ""},
		{arn, arn, "in-sync", ""},
		// Role names may hold ',' and '=' (and even "applyStatus=").
		{"IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/p/a,b=c)", "arn:aws:iam::123456789012:role/p/a,b=c", "in-sync", ""},
		{"IamRole(iamRoleArn=arn:aws:iam::123456789012:role/x,applyStatus=y, applyStatus=adding)", "arn:aws:iam::123456789012:role/x,applyStatus=y", "adding", ""},
		{"IamRole(applyStatus=pending, iamRoleArn=" + arn + ")", "", "", `applyStatus: want "in-sync", "adding" or "removing", got "pending"`},
		{"IamRole(iamRoleArn=" + arn + ")", "", "", `want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got "IamRole(iamRoleArn=arn:aws:iam::123456789012:role/RedshiftClusterRole)"`},
		{"IamRole(applyStatus=in-sync, iamRoleArn=" + arn, "", "", `want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got "IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/RedshiftC…"`},
		{"RedshiftClusterRole", "", "", `want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got "RedshiftClusterRole"`},
		{"arn:aws:iam::123456789012:user/bob", "", "", `want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got "arn:aws:iam::123456789012:user/bob"`},
		{"IamRole(applyStatus=in-sync, iamRoleArn=RedshiftClusterRole)", "", "", `want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got "RedshiftClusterRole"`},
	}
	for _, tt := range tests {
		a, err := parseIamRoleEntry(tt.in)
		switch {
		case tt.err != "":
			if err == nil || err.Error() != ": "+tt.err {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tt.in, err)
		case a.RoleARN != tt.arn || a.Status != tt.status:
			t.Errorf("%q: got %+v, want %s %s", tt.in, a, tt.arn, tt.status)
		}
	}
}

// The get-namespace fixture mixes both key orders and a bare ARN.
func TestGetNamespaceFixture(t *testing.T) {
	inv := mustLoad(t, nil, []string{fixture("aws-redshift-serverless-get-namespace.json")})
	c, err := inv.SelectCluster("")
	if err != nil {
		t.Fatal(err)
	}
	want := []Association{
		{"arn:aws:iam::123456789012:role/RedshiftClusterRole", "in-sync"},
		{"arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole", "in-sync"},
		{"arn:aws:iam::123456789012:role/RedshiftUnloadRole", "in-sync"},
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
	with := mustLoad(t, nil, []string{fixture("aws-redshift-serverless-get-namespace.json"), "testdata/extra/get-workgroup.json"})
	c, _ = with.SelectCluster("analytics-wg")
	if c == nil || c.WorkgroupUnknown || c.DBUserARN("u") != "arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-wg/u" {
		t.Errorf("with the workgroup: %+v", c)
	}
}

func TestSelectCluster(t *testing.T) {
	one := mustLoad(t, nil, []string{fixture("aws-redshift-describe-clusters.json")})
	several := mustLoad(t, nil, []string{fixture("aws-redshift-describe-clusters.json"), fixture("aws-redshift-serverless-list-namespaces.json")})
	none := mustLoad(t, []string{fixture("aws-iam-get-role.json")}, nil)
	dir := t.TempDir()
	other := strings.ReplaceAll(mustRead(t, fixture("aws-redshift-describe-clusters.json")), "123456789012", "210987654321")
	twoAccounts := mustLoad(t, nil, []string{fixture("aws-redshift-describe-clusters.json"), writeFile(t, dir, "b.json", []byte(other))})
	tests := []struct {
		name string
		inv  *Inventory
		id   string
		want string // cluster ID, or error text
	}{
		{"only one", one, "", "analytics-cluster"},
		{"by id", several, "sandbox", "sandbox"},
		{"by id, provisioned", several, "analytics-cluster", "analytics-cluster"},
		{"several, no id", several, "", "the cluster data holds several clusters (analytics-cluster, analytics-serverless, sandbox); choose one with --cluster-id"},
		{"unknown id", several, "prod", "--cluster-id prod: no such cluster or workgroup in the cluster data (have: analytics-cluster, analytics-serverless, sandbox)"},
		{"same id in two accounts", twoAccounts, "analytics-cluster", "--cluster-id analytics-cluster: several clusters or workgroups have this name (" +
			"testdata/formats/aws-redshift-describe-clusters.json: Clusters[0]; " + dir + "/b.json: Clusters[0]); give the data of one account and region only"},
		{"no cluster data", none, "", "<nil>"},
	}
	for _, tt := range tests {
		c, err := tt.inv.SelectCluster(tt.id)
		got := "<nil>"
		switch {
		case err != nil:
			got = err.Error()
		case c != nil:
			got = c.ID
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestTwoAccounts(t *testing.T) {
	inv := mustLoad(t, []string{fixture("aws-iam-get-account-authorization-details.json"), "testdata/extra/account-b.json"}, nil)
	if got := strings.Join(inv.Accounts(), ","); got != "123456789012,210987654321" {
		t.Errorf("accounts %s", got)
	}
	if inv.Supplied("aws") {
		t.Error(`an attached AWS-managed policy makes account "aws" supplied`)
	}
	a := inv.Role("arn:aws:iam::123456789012:role/RedshiftClusterRole")
	b := inv.Role("arn:aws:iam::210987654321:role/RedshiftClusterRole")
	if a.Trust.Label != "trust policy of role/RedshiftClusterRole in account 123456789012" ||
		b.Trust.Label != "trust policy of role/RedshiftClusterRole in account 210987654321" {
		t.Errorf("labels of same-named roles do not name their accounts: %q, %q", a.Trust.Label, b.Trust.Label)
	}
	// Labels of roles whose name is unique stay short.
	if r := inv.Role("arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole"); r.Trust.Label != "trust policy of role/service-role/RedshiftSpectrumRole" {
		t.Errorf("label %q", r.Trust.Label)
	}
	for _, label := range []string{b.Trust.Label, b.Inline[0].Label} {
		if _, ok := inv.Origin(label); !ok {
			t.Errorf("label %q has no origin", label)
		}
	}
}

// An attached AWS-managed policy absent from Policies[] gives a nil
// Document (unknown) with a registered origin; the default version of a
// versioned policy is the one used.
func TestAbsentPolicyAndDefaultVersion(t *testing.T) {
	inv := mustLoad(t, []string{"testdata/extra/account-b.json"}, nil)
	r := inv.Role("arn:aws:iam::210987654321:role/RedshiftClusterRole")
	ids := inv.IdentityPolicies(r)
	if len(ids) != 3 {
		t.Fatalf("identity policies %+v", ids)
	}
	versioned, absent := ids[1], ids[2]
	if versioned.Label != "managed policy arn:aws:iam::210987654321:policy/Versioned" || versioned.Document == nil ||
		versioned.Document.Statements[0].Sid != "OnlyGet" {
		t.Errorf("Versioned: %+v (want default version v2)", versioned)
	}
	if p := inv.Policy("arn:aws:iam::210987654321:policy/Versioned"); p.VersionID != "v2" {
		t.Errorf("VersionID %q", p.VersionID)
	}
	if absent.Label != "managed policy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" || absent.Document != nil {
		t.Errorf("absent policy: %+v", absent)
	}
	o, ok := inv.Origin(absent.Label)
	want := PolicyOrigin{Kind: KindManaged, Name: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
		Source: Source{"testdata/extra/account-b.json", "RoleDetailList[0].AttachedManagedPolicies[1]"}, Absent: true}
	if !ok || o != want {
		t.Errorf("origin %+v, want %+v", o, want)
	}
	bp := inv.BoundaryPolicy(r)
	if bp == nil || bp.Label != "permissions boundary arn:aws:iam::210987654321:policy/boundaries/DataBoundary" || bp.Document == nil {
		t.Errorf("boundary %+v", bp)
	}
	if o, ok := inv.Origin(bp.Label); !ok || o.Kind != KindBoundary || o.Source.Path != "Policies[1].PolicyVersionList[0].Document" {
		t.Errorf("boundary origin %+v", o)
	}
}

// get-role output gives the trust policy only: the role's permission
// policies are unknown, and its account is supplied but not listed. A full
// export of the same role, in either order, replaces it.
func TestGetRoleMerge(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/RedshiftS3ReadRole"
	gaad, getRole := fixture("aws-iam-get-account-authorization-details.json"), fixture("aws-iam-get-role.json")
	inv := mustLoad(t, []string{getRole}, nil)
	r := inv.Role(arn)
	ids := inv.IdentityPolicies(r)
	if r.PoliciesKnown || len(ids) != 1 || ids[0].Document != nil {
		t.Fatalf("get-role: PoliciesKnown %v, identity %+v", r.PoliciesKnown, ids)
	}
	if o, ok := inv.Origin(ids[0].Label); !ok || o.Kind != KindUnknown || o.Role != arn || !o.Absent {
		t.Errorf("origin of %q: %+v", ids[0].Label, o)
	}
	if !inv.Supplied("123456789012") || inv.ListsAllRoles("123456789012") {
		t.Errorf("Supplied %v ListsAllRoles %v", inv.Supplied("123456789012"), inv.ListsAllRoles("123456789012"))
	}
	for _, order := range [][]string{{gaad, getRole}, {getRole, gaad}} {
		inv := mustLoad(t, order, nil)
		r := inv.Role(arn)
		if !r.PoliciesKnown || r.Source.File != gaad || len(inv.IdentityPolicies(r)) != 1 || !inv.ListsAllRoles("123456789012") {
			t.Errorf("%v: kept %s, PoliciesKnown %v", order, r.Source, r.PoliciesKnown)
		}
	}
}

func TestDirectory(t *testing.T) {
	dir := t.TempDir()
	copyTo := func(name, to string) {
		writeFile(t, dir, to, []byte(mustRead(t, fixture(name))))
	}
	copyTo("aws-iam-get-account-authorization-details.json", "b/gaad.json")
	copyTo("aws-redshift-describe-clusters.json", "a/clusters.JSON")
	copyTo("aws-iam-get-role-policy.json", ".hidden/skipped.json")
	writeFile(t, dir, "notes.txt", []byte("not json"))
	inv := mustLoad(t, []string{dir}, nil)
	if len(inv.Clusters) != 1 || len(inv.roles) != 3 {
		t.Errorf("clusters %d roles %d", len(inv.Clusters), len(inv.roles))
	}
	// Lexical order: a/clusters.JSON is read before b/gaad.json.
	if c := inv.Clusters[0]; c.Source.File != filepath.Join(dir, "a/clusters.JSON") {
		t.Errorf("source %s", c.Source)
	}
}

// The accessors decode lazily from many goroutines at once.
func TestConcurrentAccess(t *testing.T) {
	inv := mustLoad(t, []string{fixture("aws-iam-get-account-authorization-details.json"), "testdata/extra/account-b.json"}, nil)
	arns := []string{
		"arn:aws:iam::123456789012:role/RedshiftClusterRole",
		"arn:aws:iam::123456789012:role/RedshiftS3ReadRole",
		"arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole",
		"arn:aws:iam::210987654321:role/RedshiftClusterRole",
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Go(func() {
			for i := range 50 {
				arn := arns[(g+i)%len(arns)]
				if i%7 == 0 {
					if err := inv.Decode(arn); err != nil {
						t.Error(err)
					}
				}
				r := inv.Role(arn)
				if r.Trust.Document == nil {
					t.Errorf("%s: trust not decoded", arn)
				}
				for _, p := range inv.IdentityPolicies(r) {
					_ = p.Document
				}
				_ = inv.BoundaryPolicy(r)
				_ = inv.RoleFold(strings.ToUpper(arn))
			}
		})
	}
	wg.Wait()
}

func TestCanonicalIgnoresOrder(t *testing.T) {
	a := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/x":["b","a"]}}}]}`
	b := `{"Statement":[{"Effect":"Deny","Action":["iam:*"],"Resource":["*"],"Condition":{"StringEquals":{"aws:PrincipalTag/x":["a","b","a"]}}},{"Resource":"*","Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"]}],"Version":"2012-10-17"}`
	c := strings.Replace(a, "s3:ListBucket", "s3:PutObject", 1)
	pa, pb, pc := mustDecode(t, a), mustDecode(t, b), mustDecode(t, c)
	if canonical(pa) != canonical(pb) {
		t.Errorf("reordered documents differ:\n%s\n%s", canonical(pa), canonical(pb))
	}
	if canonical(pa) == canonical(pc) {
		t.Error("different documents compare equal")
	}
}

func mustDecode(t *testing.T, doc string) *iam.Policy {
	t.Helper()
	p, err := iam.DecodePolicy([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A file given on the wrong side is read by its content.
func TestWrongSideAccepted(t *testing.T) {
	inv := mustLoad(t, []string{fixture("aws-redshift-describe-clusters.json")}, []string{fixture("aws-iam-get-account-authorization-details.json")})
	if len(inv.Clusters) != 1 || inv.Role("arn:aws:iam::123456789012:role/RedshiftClusterRole") == nil {
		t.Errorf("clusters %d, roles %d", len(inv.Clusters), len(inv.roles))
	}
}

// Account and region come from ARNs and endpoint addresses; when nothing
// gives them they stay empty and the cluster says so.
func TestClusterIdentity(t *testing.T) {
	const role = `{"IamRoleArn":"arn:aws-cn:iam::123456789012:role/A","ApplyStatus":"in-sync"}`
	tests := []struct {
		name, cluster              string
		partition, account, region string
		regionUnknown, dbUserKnown bool
	}{
		{"namespace ARN", `"ClusterNamespaceArn":"arn:aws:redshift:eu-west-1:210987654321:namespace:x","IamRoles":[` + role + `]`,
			"aws", "210987654321", "eu-west-1", false, true},
		{"role ARN and endpoint", `"Endpoint":{"Address":"c.abc.cn-north-1.redshift.amazonaws.com.cn","Port":5439},"IamRoles":[` + role + `]`,
			"aws-cn", "123456789012", "cn-north-1", false, true},
		{"default role only", `"DefaultIamRoleArn":"arn:aws:iam::123456789012:role/A"`,
			"aws", "123456789012", "", true, false},
		{"nothing", `"IamRoles":[]`, "", "", "", true, false},
		{"endpoint only", `"Endpoint":{"Address":"c.abc.us-gov-west-1.redshift.amazonaws.com"}`, "aws-us-gov", "", "us-gov-west-1", false, false},
	}
	for _, tt := range tests {
		inv, err := loadMem("c.json", `{"Clusters":[{"ClusterIdentifier":"c",`+tt.cluster+`}]}`)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		c := inv.Clusters[0]
		if c.Partition != tt.partition || c.Account != tt.account || c.Region != tt.region ||
			c.RegionUnknown != tt.regionUnknown || c.DBUserARNKnown() != tt.dbUserKnown {
			t.Errorf("%s: got %s %s %s regionUnknown=%v dbUserKnown=%v gaps %q", tt.name, c.Partition, c.Account, c.Region,
				c.RegionUnknown, c.DBUserARNKnown(), c.Gaps())
		}
		if (c.Region == "") != strings.Contains(strings.Join(c.Gaps(), ";"), "region") {
			t.Errorf("%s: gaps %q", tt.name, c.Gaps())
		}
	}
}
