package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/redshift-preflight/redshift-preflight"

// importRules are the arrows of the architecture (README, DESIGN.md): the
// packages of this module each package may import directly. A package
// not listed may import any of ours but main.
var importRules = map[string][]string{
	"":                               {"checks", "report", "internal/collect/job", "internal/config", "internal/files", "internal/projectvars", "internal/suggest", "redact", "internal/sqlview", "internal/liquibase", "internal/dbt", "internal/sqitch"}, // the command
	"internal/collect":               {"internal/collect/job", "internal/files", "redact"},
	"internal/collect/job":           {},                                                                // the request collect hands its companion program: no SDK
	"internal/collectcmd":            {"internal/collect", "internal/collect/job", "redact"},            // the companion's body
	"cmd/redshift-preflight-collect": {"internal/collect/job", "internal/collectcmd", "internal/files"}, // the live collector: AWS SDK, no checks
	"redshift":                       {},                                                                // the vocabulary leaf
	"redact":                         {},                                                                // the output boundary: masks secrets, escapes controls
	"iam":                            {},
	"sqlparse":                       {"redshift", "redact"},
	"internal/config":                {"internal/files", "internal/projectvars", "internal/suggest", "internal/sqlview"},
	"internal/sqlview":               {"internal/projectvars"},                                                          // same-offset SQL views of migration tools' files
	"internal/projectvars":           {"internal/files"},                                                                // values kept in migration tools' own files
	"internal/sqitch":                {"internal/config", "internal/files", "internal/projectvars"},                     // sqitch.plan's run order
	"internal/liquibase":             {"internal/config", "internal/files", "internal/projectvars", "internal/sqlview"}, // Liquibase changelogs and formatted SQL
	"internal/files":                 {},
	"internal/dbt":                   {"internal/config", "internal/files", "internal/projectvars", "internal/sqlview", "sqlparse"}, // dbt projects: skipped directories, hooks
	"internal/suggest":               {},                                                                                            // did you mean: the one edit-distance helper
	"inventory":                      {"iam"},
	"chain":                          {"iam", "inventory"},
	"access":                         {"chain", "iam", "inventory", "redshift"},
	"report":                         {"checks", "redact", "sqlparse"},
	"internal/corpus":                {},
	"internal/differential":          {}, // test files only: the differential test against iam-simulate
	"inventory/awscli":               {"iam", "inventory", "inventory/internal/jsonpull"},
	"inventory/terraform":            {"iam", "inventory", "inventory/internal/jsonpull"},
	"inventory/load":                 {"inventory", "inventory/awscli", "inventory/terraform", "inventory/internal/jsonpull", "internal/files"},
	"inventory/internal/jsonpull":    {"iam", "inventory"},
}

// TestCheckLinksNoSDK: the program check runs in links no AWS SDK package,
// whose initialisation would cost every pre-commit run about 3 ms (package
// job); collect's calls run in the companion program.
func TestCheckLinksNoSDK(t *testing.T) {
	deps := commandDeps(t)
	for _, dep := range deps {
		if strings.HasPrefix(dep, "github.com/aws/") {
			t.Errorf("redshift-preflight links %s; the AWS SDK belongs to redshift-preflight-collect only", dep)
		}
	}
	if !slices.Contains(deps, module+"/internal/collect/job") {
		t.Error("the command no longer imports internal/collect/job: is collect still handed to the companion?")
	}
}

// commandDeps lists every package the command links (go list's Deps).
func commandDeps(t *testing.T) []string {
	t.Helper()
	for _, p := range listPackages(t) {
		if p.ImportPath == module {
			return p.Deps
		}
	}
	t.Fatal("go list did not list the command")
	return nil
}

// leaves import nothing of ours, not even indirectly.
var leaves = []string{"redshift", "redact", "iam", "internal/files", "internal/suggest"}

type listedPackage struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// TestImportRules keeps the arrows: it reads every package's imports with
// go list and fails on an import the architecture does not allow.
func TestImportRules(t *testing.T) {
	pkgs := listPackages(t)
	for _, p := range pkgs {
		name := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, imp := range ours(p.Imports) {
			if imp == "" {
				t.Errorf("%s imports package main", p.ImportPath)
			}
			if allowed, ruled := importRules[name]; ruled && !slices.Contains(allowed, imp) {
				t.Errorf("%s imports %s; the architecture allows only %v", displayName(name), imp, allowed)
			}
		}
		if slices.Contains(leaves, name) && len(ours(p.Deps)) > 0 {
			t.Errorf("%s depends on %v; it must depend on no package of ours", name, ours(p.Deps))
		}
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
}

func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []listedPackage
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// ours keeps the module's packages of a list, relative to the module
// ("" for the command itself).
func ours(imports []string) []string {
	var out []string
	for _, imp := range imports {
		if imp == module || strings.HasPrefix(imp, module+"/") {
			out = append(out, strings.TrimPrefix(strings.TrimPrefix(imp, module), "/"))
		}
	}
	return out
}

func displayName(name string) string {
	if name == "" {
		return "main"
	}
	return name
}

// TestImportDiagram keeps the README's import diagram equal to the
// packages' imports; go test -run TestImportDiagram -update rewrites it.
func TestImportDiagram(t *testing.T) {
	const begin, end = "<!-- import-diagram: generated by go test -run TestImportDiagram -update -->\n", "<!-- end import-diagram -->"
	want := "```mermaid\n" + importDiagram(listPackages(t)) + "```\n"
	checkReadmeBlock(t, begin, end, want, "import diagram", "TestImportDiagram")
}

// importDiagram draws the module's packages and their direct imports as a
// Mermaid flowchart, the command on top; test-only packages are left out.
func importDiagram(pkgs []listedPackage) string {
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	id := func(name string) string {
		if name == "" {
			return "main"
		}
		return strings.ReplaceAll(name, "/", "_")
	}
	label := func(name string) string {
		if name == "" {
			return "main (cmd_*.go)"
		}
		return name
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].ImportPath < pkgs[j].ImportPath })
	for _, p := range pkgs {
		name := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		if name == "internal/corpus" || name == "internal/differential" || strings.HasSuffix(name, "/invtest") {
			continue // test helpers, test data generators and test-only packages
		}
		fmt.Fprintf(&b, "    %s[\"%s\"]\n", id(name), label(name))
		for _, imp := range ours(p.Imports) {
			fmt.Fprintf(&b, "    %s --> %s\n", id(name), id(imp))
		}
	}
	return b.String()
}

// startupBanned are packages the command must not link: the root pg_query
// package's generated types register pg_query.proto with protobuf-go, and
// initialising that registry cost every start of the command 3–10 ms
// (issue 13). pg_query's scanner is reached through its parser package, and
// its messages are decoded with protowire alone.
var startupBanned = []string{
	"github.com/pganalyze/pg_query_go/v5",
	"google.golang.org/protobuf/reflect/protoregistry",
	"google.golang.org/protobuf/proto",
}

// TestNoProtobufRegistry reads the command's dependencies with go list (Deps, as go list -deps gives them).
func TestNoProtobufRegistry(t *testing.T) {
	deps := commandDeps(t)
	if !slices.Contains(deps, "github.com/pganalyze/pg_query_go/v5/parser") || !slices.Contains(deps, "google.golang.org/protobuf/encoding/protowire") {
		t.Fatalf("go list -deps does not list pg_query's parser and protowire, which the command uses: %v", deps)
	}
	for _, p := range startupBanned {
		if slices.Contains(deps, p) {
			t.Errorf("the command depends on %s, which initialises protobuf-go's registry at start-up", p)
		}
	}
}
