package inventory

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
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// dump renders everything an Inventory holds, deterministically, for
// golden comparisons. With files false, file names are left out so that
// the same data from different files compares equal.
func dump(t testing.TB, inv *Inventory, files bool) string {
	t.Helper()
	if err := inv.DecodeAll(); err != nil {
		t.Fatalf("DecodeAll: %v", err)
	}
	src := func(s Source) string {
		if !files {
			return s.Path
		}
		return s.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "supplied accounts: %s\n", strings.Join(inv.Accounts(), ", "))
	var listed []string
	for a := range inv.listed {
		listed = append(listed, a)
	}
	sort.Strings(listed)
	fmt.Fprintf(&b, "listed accounts: %s\n", strings.Join(listed, ", "))
	arns := make([]string, 0, len(inv.roles))
	for arn := range inv.roles {
		arns = append(arns, arn)
	}
	sort.Strings(arns)
	for _, arn := range arns {
		r := inv.Role(arn)
		fmt.Fprintf(&b, "\nrole %s\n  account=%s path=%s name=%s id=%s policies-known=%v\n  source %s\n",
			r.ARN, r.Account, r.Path, r.Name, r.ID, r.PoliciesKnown, src(r.Source))
		if len(r.Tags) > 0 {
			fmt.Fprintf(&b, "  tags %s\n", tags(r.Tags))
		}
		fmt.Fprintf(&b, "  trust %q\n    %s\n", r.Trust.Label, docText(r.Trust.Document))
		for _, p := range r.Inline {
			fmt.Fprintf(&b, "  inline %q\n    %s\n", p.Label, docText(p.Document))
		}
		for _, p := range inv.IdentityPolicies(r)[len(r.Inline):] {
			fmt.Fprintf(&b, "  identity %q\n    %s\n", p.Label, docText(p.Document))
		}
		if bp := inv.BoundaryPolicy(r); bp != nil {
			fmt.Fprintf(&b, "  boundary %q\n    %s\n", bp.Label, docText(bp.Document))
		}
	}
	parns := make([]string, 0, len(inv.policies))
	for arn := range inv.policies {
		parns = append(parns, arn)
	}
	sort.Strings(parns)
	for _, arn := range parns {
		p := inv.Policy(arn)
		fmt.Fprintf(&b, "\npolicy %s name=%s default=%s source %s\n    %s\n", p.ARN, p.Name, p.VersionID, src(p.Source), docText(p.Document))
	}
	for _, c := range inv.Clusters {
		fmt.Fprintf(&b, "\ncluster %s serverless=%v partition=%s account=%s region=%s\n  namespace=%s default=%s source %s\n",
			c.ID, c.Serverless, c.Partition, c.Account, c.Region, c.Namespace, c.Default, src(c.Source))
		if len(c.Tags) > 0 {
			fmt.Fprintf(&b, "  tags %s\n", tags(c.Tags))
		}
		for _, a := range c.Roles {
			fmt.Fprintf(&b, "  role %s %s\n", a.RoleARN, a.Status)
		}
		for _, g := range c.Gaps() {
			fmt.Fprintf(&b, "  unknown %s\n", g)
		}
		if c.DBUserARNKnown() {
			fmt.Fprintf(&b, "  dbuser %s\n", c.DBUserARN("etl_user"))
		}
	}
	inv.Origin("") // registers the labels of role documents
	labels := make([]string, 0, len(inv.origins))
	for l := range inv.origins {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	b.WriteString("\norigins\n")
	for _, l := range labels {
		o := inv.origins[l]
		fmt.Fprintf(&b, "  %q: kind=%s role=%s name=%s absent=%v at %s\n", l, o.Kind, o.Role, o.Name, o.Absent, src(o.Source))
	}
	return b.String()
}

func tags(m map[string]string) string {
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

func docText(p *iam.Policy) string {
	if p == nil {
		return "<absent>"
	}
	b, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// golden compares got with testdata/golden/NAME.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
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
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff shows the first differing lines.
func lineDiff(want, got string) string {
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

const formats = "testdata/formats/"

func fixture(name string) string { return formats + name }

func mustLoad(t testing.TB, iamPaths, clusterPaths []string) *Inventory {
	t.Helper()
	inv, err := Load(iamPaths, clusterPaths)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return inv
}

// loadMem loads in-memory files named as given, in order.
func loadMem(files ...string) (*Inventory, error) {
	names := make([]string, 0, len(files)/2)
	data := map[string]string{}
	for i := 0; i+1 < len(files); i += 2 {
		names = append(names, files[i])
		data[files[i]] = files[i+1]
	}
	return loadFiles(names, func(name string) (string, error) { return data[name], nil })
}

func asLoadError(t *testing.T, err error) *LoadError {
	t.Helper()
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T) is not a *LoadError", err, err)
	}
	return le
}
