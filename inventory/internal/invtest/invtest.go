package invtest

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// Testdata is inventory/testdata as seen from the test's package
// directory: inventory itself or a package below it.
var Testdata = func() string {
	if _, err := os.Stat("testdata/formats"); err == nil {
		return "testdata/"
	}
	return "../testdata/"
}()

// Fixture is a file of inventory/testdata/formats.
func Fixture(name string) string { return Testdata + "formats/" + name }

// TF is a file of inventory/testdata/terraform.
func TF(name string) string { return Testdata + "terraform/" + name }

// Extra is a file of inventory/testdata/extra.
func Extra(name string) string { return Testdata + "extra/" + name }

// A minimal valid role, to build error cases around.
const (
	TrustOK = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	RoleOK  = `{"RoleName":"A","Path":"/","Arn":"arn:aws:iam::123456789012:role/A","AssumeRolePolicyDocument":` + TrustOK + `}`
)

// GAADWith is an authorization-details export of these roles.
func GAADWith(roles ...string) string {
	return `{"RoleDetailList":[` + strings.Join(roles, ",") + `],"Policies":[]}`
}

// ClusterWith is a describe-clusters export of one cluster with these IamRoles.
func ClusterWith(roles string) string {
	return `{"Clusters":[{"ClusterIdentifier":"c1","ClusterNamespaceArn":"arn:aws:redshift:us-east-1:123456789012:namespace:x","IamRoles":[` + roles + `]}]}`
}

// MustLoad loads files or fails the test.
func MustLoad(t testing.TB, iamPaths, clusterPaths []string) *inventory.Inventory {
	t.Helper()
	inv, err := load.Load(iamPaths, clusterPaths)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return inv
}

// LoadMem loads in-memory files named as given, in order: name, content,
// name, content...
func LoadMem(files ...string) (*inventory.Inventory, error) {
	names := make([]string, 0, len(files)/2)
	data := map[string]string{}
	for i := 0; i+1 < len(files); i += 2 {
		names = append(names, files[i])
		data[files[i]] = files[i+1]
	}
	return load.Files(names, func(name string) ([]byte, error) { return []byte(data[name]), nil })
}

// AsLoadError fails the test unless err is an *inventory.LoadError.
func AsLoadError(t *testing.T, err error) *inventory.LoadError {
	t.Helper()
	var le *inventory.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T) is not a *LoadError", err, err)
	}
	return le
}

// WantErrors loads each case's files and checks the exact error.
func WantErrors(t *testing.T, cases []ErrorCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := LoadMem(tt.Files...)
			if err == nil {
				t.Fatalf("no error, want %s", tt.Want)
			}
			AsLoadError(t, err)
			if err.Error() != tt.Want {
				t.Errorf("error\n got %s\nwant %s", err, tt.Want)
			}
		})
	}
}

// ErrorCase is files (name, content, name, content...) and the error
// loading them must give. It is an unnamed struct type, so that tables of
// cases need no keys.
type ErrorCase = struct {
	Name  string
	Files []string
	Want  string
}

// MustRead reads a file or fails the test.
func MustRead(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// WriteFile writes dir/name, making its directory.
func WriteFile(t testing.TB, dir, name string, data []byte) string {
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

// Dump renders everything an Inventory holds, deterministically, for
// golden comparisons. With files false, file names are left out so that
// the same data from different files compares equal.
func Dump(t testing.TB, inv *inventory.Inventory, files bool) string {
	t.Helper()
	if err := inv.DecodeAll(); err != nil {
		t.Fatalf("DecodeAll: %v", err)
	}
	src := func(s inventory.Source) string {
		if !files {
			return s.Path
		}
		return strings.TrimPrefix(s.File, "../") + ": " + s.Path
	}
	var b strings.Builder
	fmt.Fprintf(&b, "supplied accounts: %s\n", strings.Join(inv.Accounts(), ", "))
	fmt.Fprintf(&b, "listed accounts: %s\n", strings.Join(inv.ListedAccounts(), ", "))
	for _, r := range inv.Roles() {
		dumpRole(&b, inv, r, src)
	}
	for _, p := range inv.Policies() {
		fmt.Fprintf(&b, "\npolicy %s name=%s default=%s source %s\n    %s\n", p.ARN, p.Name, p.VersionID, src(p.Source), DocText(p.Document))
	}
	for _, c := range inv.Clusters {
		dumpCluster(&b, c, src)
	}
	b.WriteString("\norigins\n")
	for _, l := range inv.Labels() {
		o, _ := inv.Origin(l)
		fmt.Fprintf(&b, "  %q: kind=%s role=%s name=%s absent=%v at %s\n", l, o.Kind, o.Role, o.Name, o.Absent, src(o.Source))
	}
	return b.String()
}

func dumpRole(b *strings.Builder, inv *inventory.Inventory, r *inventory.Role, src func(inventory.Source) string) {
	fmt.Fprintf(b, "\nrole %s\n  account=%s path=%s name=%s id=%s policies-known=%v\n  source %s\n",
		r.ARN, r.Account, r.Path, r.Name, r.ID, r.PoliciesKnown, src(r.Source))
	if len(r.Tags) > 0 {
		fmt.Fprintf(b, "  tags %s\n", Tags(r.Tags))
	}
	fmt.Fprintf(b, "  trust %q\n    %s\n", r.Trust.Label, DocText(r.Trust.Document))
	for _, p := range r.Inline {
		fmt.Fprintf(b, "  inline %q\n    %s\n", p.Label, DocText(p.Document))
	}
	for _, p := range inv.IdentityPolicies(r)[len(r.Inline):] {
		fmt.Fprintf(b, "  identity %q\n    %s\n", p.Label, DocText(p.Document))
	}
	if bp := inv.BoundaryPolicy(r); bp != nil {
		fmt.Fprintf(b, "  boundary %q\n    %s\n", bp.Label, DocText(bp.Document))
	}
}

func dumpCluster(b *strings.Builder, c *inventory.Cluster, src func(inventory.Source) string) {
	fmt.Fprintf(b, "\ncluster %s serverless=%v partition=%s account=%s region=%s\n  namespace=%s default=%s source %s\n",
		c.ID, c.Serverless, c.Partition, c.Account, c.Region, c.Namespace, c.Default, src(c.Source))
	if len(c.Tags) > 0 {
		fmt.Fprintf(b, "  tags %s\n", Tags(c.Tags))
	}
	for _, a := range c.Roles {
		fmt.Fprintf(b, "  role %s %s\n", a.RoleARN, a.Status)
	}
	for _, g := range c.Gaps() {
		fmt.Fprintf(b, "  unknown %s\n", g)
	}
	if c.DBUserARNKnown() && !c.Serverless {
		fmt.Fprintf(b, "  dbuser %s\n", c.DBUserARN("etl_user"))
	}
	if c.ExternalIDKnown() {
		fmt.Fprintf(b, "  external id %s\n", c.ExternalID("etl_user"))
	} else {
		fmt.Fprintf(b, "  external id unknown: %s\n", c.ExternalIDGap())
	}
}

// Tags renders tags sorted by key.
func Tags(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = k + "=" + m[k]
	}
	return strings.Join(keys, " ")
}

// DocText renders a decoded document, "<absent>" for nil.
func DocText(p *iam.Policy) string {
	if p == nil {
		return "<absent>"
	}
	b, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Golden compares got with testdata/golden/NAME.golden of the test's
// package (rewritten with -update).
func Golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", path, LineDiff(string(want), got))
	}
}

// LineDiff shows the first differing lines.
func LineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, a, b)
		}
	}
	return ""
}
