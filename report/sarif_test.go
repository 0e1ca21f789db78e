package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The fixture's secrets: nothing of them beyond Mask's first and last four
// characters may reach any output.
const (
	fixtureAccessKey = "AKIAZQ7XK3W9PLMN4RTB"
	fixtureSecretKey = "q8Vt3LmZr9XwYb2Nc5Hs7Jk1Pd4Fg6Ta0Ue8RiOy"
)

// fixtureSQL has several findings of every severity: whitespace in a chain
// after emoji outside the BMP (code points differ from UTF-16 units), literal
// keys, deprecated CREDENTIALS, a chain broken across lines, a placeholder
// (made info by the configuration) and the same line twice.
const fixtureSQL = "-- load 🚀\n" +
	"/* 🚀🚀 */ COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B';\n" +
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" + fixtureAccessKey + "' SECRET_ACCESS_KEY '" + fixtureSecretKey + "';\n" +
	"UNLOAD ('select 1') TO 's3://b/u' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/Loader';\n" +
	"COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A,\n" +
	"arn:aws:iam::123456789012:role/B';\n" +
	"COPY t FROM 's3://b/p' IAM_ROLE '${loader_role}';\n" +
	"COPY t FROM 's3://b/p' FORMAT CSV;\n" +
	"COPY t FROM 's3://b/p' FORMAT CSV;\n"

type fixtureFile struct{ name, src string }

var fixtureFiles = []fixtureFile{
	{"migrations/V1__load.sql", fixtureSQL},
	{"migrations/with space.sql", "COPY t FROM 's3://b/p' IAM_ROLE 'default';\n"},
	{"migrations/V2,a:b%c.sql", "UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE ' arn:aws:iam::123456789012:role/U';\n"},
	{"migrations/clean.sql", "COPY t FROM 's3://b/p' IAM_ROLE default;\n"},
}

var testTool = Tool{Name: "redshift-preflight", Version: "0.1.0"}

// runPipeline checks files as the check command does.
func runPipeline(t *testing.T, files []fixtureFile) *checks.Results {
	t.Helper()
	opts := checks.RunOptions{Rules: checks.RuleOptions{MaxChain: 10,
		Severity: map[checks.RuleID]checks.Severity{checks.UnresolvedPlaceholder: checks.Info}}}
	for _, f := range files {
		opts.Sources = append(opts.Sources, checks.Source{Name: f.name, Reader: strings.NewReader(f.src)})
	}
	res, err := checks.Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func fixtureResults(t *testing.T) *checks.Results {
	t.Helper()
	res := runPipeline(t, fixtureFiles)
	var e, w, i int
	for _, fr := range res.Files {
		for _, f := range fr.Findings {
			switch f.Severity {
			case checks.Error:
				e++
			case checks.Warning:
				w++
			case checks.Info:
				i++
			}
		}
	}
	if e < 3 || w < 1 || i < 1 {
		t.Fatalf("fixture must have errors, warnings and infos; got %d, %d, %d", e, w, i)
	}
	return res
}

func emptyResults(t *testing.T) *checks.Results {
	t.Helper()
	res := runPipeline(t, []fixtureFile{{"migrations/clean.sql", "COPY t FROM 's3://b/p' IAM_ROLE default;\n"}})
	if n := res.Summary.Errors + res.Summary.Warnings + res.Summary.Infos; n != 0 {
		t.Fatalf("clean fixture has %d findings", n)
	}
	return res
}

func sarifOutput(t *testing.T, res *checks.Results) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writeSARIF(&buf, testTool, res, testBase); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testBase is the repository the report tests pretend to run at the root of.
var testBase = Base{Root: filepath.FromSlash("/work/repo"), WorkDir: filepath.FromSlash("/work/repo")}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./report -update and review the diff)\n--- got\n%s", path, got)
	}
}

// compiledSARIFSchema is the official SARIF 2.1.0 schema (draft-04), compiled once;
// draft-04 format keywords (uri, date-time) are asserted.
var compiledSARIFSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
})

func validateSARIF(doc []byte) error {
	sch, err := compiledSARIFSchema()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func mustValidate(t *testing.T, doc []byte) {
	t.Helper()
	if err := validateSARIF(doc); err != nil {
		t.Fatalf("SARIF fails the 2.1.0 schema: %v", err)
	}
}

// The parts of a SARIF log the tests look at.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				SemanticVersion string `json:"semanticVersion"`
				InformationURI  string `json:"informationUri"`
				Rules           []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					Help struct {
						Text     string `json:"text"`
						Markdown string `json:"markdown"`
					} `json:"help"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Tags            []string `json:"tags"`
						ProblemSeverity string   `json:"problem.severity"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region sarifRegion `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
		ColumnKind string `json:"columnKind"`
	} `json:"runs"`
}

func decodeSARIF(t *testing.T, out []byte) *sarifDoc {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("want one run, got %d", len(doc.Runs))
	}
	return &doc
}

func TestSARIFGolden(t *testing.T) {
	out := sarifOutput(t, fixtureResults(t))
	mustValidate(t, out)
	golden(t, "sarif.golden", out)
	if again := sarifOutput(t, fixtureResults(t)); !bytes.Equal(out, again) {
		t.Error("SARIF output is not deterministic")
	}
}

func TestSARIFEmpty(t *testing.T) {
	out := sarifOutput(t, emptyResults(t))
	mustValidate(t, out)
	golden(t, "sarif-empty.golden", out)

	var raw struct {
		Runs []map[string]json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	if got := string(raw.Runs[0]["results"]); got != "[]" {
		t.Errorf("results = %s, want []", got)
	}
	doc := decodeSARIF(t, out)
	if got, want := len(doc.Runs[0].Tool.Driver.Rules), len(checks.Rules()); got != want {
		t.Errorf("%d rules listed without findings, want the whole catalogue (%d)", got, want)
	}
}

func TestSARIFStructure(t *testing.T) {
	res := fixtureResults(t)
	out := sarifOutput(t, res)
	doc := decodeSARIF(t, out)
	run := doc.Runs[0]
	if doc.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || doc.Version != "2.1.0" {
		t.Errorf("$schema %q, version %q", doc.Schema, doc.Version)
	}
	d := run.Tool.Driver
	if d.Name != "redshift-preflight" || d.SemanticVersion != "0.1.0" ||
		d.InformationURI != "https://github.com/redshift-preflight/redshift-preflight" {
		t.Errorf("driver = %q %q %q", d.Name, d.SemanticVersion, d.InformationURI)
	}
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("invocations = %+v", run.Invocations)
	}

	// One result per finding, in the order of the results.
	var findings []checks.Finding
	for _, fr := range res.Files {
		findings = append(findings, fr.Findings...)
	}
	if len(run.Results) != len(findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(findings))
	}
	levels := map[checks.Severity]string{checks.Error: "error", checks.Warning: "warning", checks.Info: "note"}
	seenLevel := map[string]bool{}
	for i, r := range run.Results {
		f := findings[i]
		if r.RuleID != string(f.Rule) || r.Level != levels[f.Severity] {
			t.Errorf("result %d: %s/%s, want %s/%s", i, r.RuleID, r.Level, f.Rule, levels[f.Severity])
		}
		seenLevel[r.Level] = true
		if r.RuleIndex == nil || d.Rules[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex does not point at %s", i, r.RuleID)
		}
		if !strings.HasPrefix(r.Message.Text, f.Message) {
			t.Errorf("result %d: message %q does not start with the finding's %q", i, r.Message.Text, f.Message)
		}
		if f.Help != "" && !strings.Contains(r.Message.Text, " Help: "+f.Help) {
			t.Errorf("result %d: message %q lacks the help", i, r.Message.Text)
		}
		if f.Help == "" && strings.Contains(r.Message.Text, "Help:") {
			t.Errorf("result %d: message %q has a help it should not have", i, r.Message.Text)
		}
		if len(r.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(r.Locations))
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: uriBaseId %q", i, loc.ArtifactLocation.URIBaseID)
		}
		reg := loc.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine ||
			(reg.EndLine == reg.StartLine && reg.EndColumn <= reg.StartColumn) {
			t.Errorf("result %d: region %+v is empty or backwards", i, reg)
		}
		start := f.File.Position(f.Span.Start)
		if reg.StartLine != start.Line || reg.StartColumn != start.Column {
			t.Errorf("result %d: region starts at %d:%d, finding at %d:%d", i, reg.StartLine, reg.StartColumn, start.Line, start.Column)
		}
	}
	for _, l := range []string{"error", "warning", "note"} {
		if !seenLevel[l] {
			t.Errorf("no result with level %s", l)
		}
	}
}

// TestSARIFColumnsAreCodePoints: two emoji outside the BMP before the finding
// count as two columns, not four UTF-16 units.
func TestSARIFColumnsAreCodePoints(t *testing.T) {
	doc := decodeSARIF(t, sarifOutput(t, fixtureResults(t)))
	line := strings.Split(fixtureSQL, "\n")[1]
	prefix := line[:strings.Index(line, ", arn")+1] // the space is the finding
	wantCol := utf8.RuneCountInString(prefix) + 1
	if utf16Col := len(utf16.Encode([]rune(prefix))) + 1; utf16Col == wantCol {
		t.Fatal("fixture does not tell code points from UTF-16 units")
	}
	for _, r := range doc.Runs[0].Results {
		reg := r.Locations[0].PhysicalLocation.Region
		if r.RuleID == "chain-whitespace" && reg.StartLine == 2 {
			if reg.StartColumn != wantCol || reg.EndColumn != wantCol+1 || reg.EndLine != 2 {
				t.Errorf("region %+v, want line 2 columns %d-%d", reg, wantCol, wantCol+1)
			}
			return
		}
	}
	t.Fatal("no chain-whitespace result on line 2")
}

func TestSARIFURIs(t *testing.T) {
	doc := decodeSARIF(t, sarifOutput(t, fixtureResults(t)))
	uris := map[string]bool{}
	for _, r := range doc.Runs[0].Results {
		uris[r.Locations[0].PhysicalLocation.ArtifactLocation.URI] = true
	}
	for _, want := range []string{"migrations/V1__load.sql", "migrations/with%20space.sql", "migrations/V2,a%3Ab%25c.sql"} {
		if !uris[want] {
			t.Errorf("no result with uri %q; have %v", want, uris)
		}
	}
}

func TestArtifactLocation(t *testing.T) {
	wd := filepath.FromSlash("/work/repo")
	for _, tc := range []struct{ name, uri, base string }{
		{"migrations/V1.sql", "migrations/V1.sql", "%SRCROOT%"},
		{"./migrations//V1.sql", "migrations/V1.sql", "%SRCROOT%"},
		{"with space.sql", "with%20space.sql", "%SRCROOT%"},
		{"v1:init.sql", "v1%3Ainit.sql", "%SRCROOT%"}, // not a scheme
		{"a#b?c%d.sql", "a%23b%3Fc%25d.sql", "%SRCROOT%"},
		{"dir/ü.sql", "dir/%C3%BC.sql", "%SRCROOT%"},
		{"<stdin>", "%3Cstdin%3E", "%SRCROOT%"},
		{"/work/repo/migrations/V 1.sql", "migrations/V%201.sql", "%SRCROOT%"},
		{"/work/other/V1.sql", "file:///work/other/V1.sql", ""},
		{"/work/repo", "file:///work/repo", ""},
		{"/work/repository/x.sql", "file:///work/repository/x.sql", ""},
	} {
		got := artifactLocation(filepath.FromSlash(tc.name), Base{Root: wd, WorkDir: wd})
		if got.URI != tc.uri || got.URIBaseID != tc.base {
			t.Errorf("artifactLocation(%q) = %q %q, want %q %q", tc.name, got.URI, got.URIBaseID, tc.uri, tc.base)
		}
	}
	if got := artifactLocation("/abs/x.sql", Base{}); got.URI != "file:///abs/x.sql" || got.URIBaseID != "" {
		t.Errorf("without a working directory: %+v", got)
	}
}

// TestPublicPrintersUseTheRepositoryRoot runs the public printers in a
// subdirectory of a repository (a fake .git, a directory or a worktree's
// file): absolute names and names relative to the working directory both
// come out relative to the root, and SARIF says where the root was.
func TestPublicPrintersUseTheRepositoryRoot(t *testing.T) {
	for _, gitIsFile := range []bool{false, true} {
		root := t.TempDir()
		if gitIsFile {
			writeTestFile(t, filepath.Join(root, ".git"), "gitdir: /elsewhere/.git/worktrees/x\n")
		} else if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		work := filepath.Join(root, "db")
		if err := os.Mkdir(work, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Chdir(work)
		res := runPipeline(t, []fixtureFile{
			{filepath.Join(work, "abs dir", "V1.sql"), "COPY t FROM 's3://b/p' FORMAT CSV;\n"},
			{filepath.Join("migrations", "V2.sql"), "COPY t FROM 's3://b/p' FORMAT CSV;\n"},
		})
		var sarif, github bytes.Buffer
		if err := SARIF(&sarif, testTool, res); err != nil {
			t.Fatal(err)
		}
		if err := GitHub(&github, res); err != nil {
			t.Fatal(err)
		}
		mustValidate(t, sarif.Bytes())
		doc := decodeSARIF(t, sarif.Bytes())
		var uris []string
		for _, r := range doc.Runs[0].Results {
			loc := r.Locations[0].PhysicalLocation.ArtifactLocation
			if loc.URIBaseID != "%SRCROOT%" {
				t.Errorf("%s: uriBaseId %q", loc.URI, loc.URIBaseID)
			}
			uris = append(uris, loc.URI)
		}
		if want := []string{"db/abs%20dir/V1.sql", "db/migrations/V2.sql"}; !slices.Equal(uris, want) {
			t.Errorf(".git file %v: uris %q, want %q", gitIsFile, uris, want)
		}
		if want := `"uri": "file://` + filepath.ToSlash(root) + `/"`; !strings.Contains(sarif.String(), want) {
			t.Errorf("no originalUriBaseIds %s in\n%s", want, sarif.String())
		}
		for _, want := range []string{"file=db/abs dir/V1.sql,", "file=db/migrations/V2.sql,"} {
			if !strings.Contains(github.String(), want) {
				t.Errorf("github output lacks %q:\n%s", want, github.String())
			}
		}
	}
}

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindBase(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(filepath.Join(deep, "c"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := FindBase(deep); got != (Base{Root: deep, WorkDir: deep}) && !strings.HasPrefix(root, got.Root) {
		t.Errorf("without .git: %+v", got) // (unless the temporary directory is itself in a repository)
	}
	if err := os.Mkdir(filepath.Join(root, "a", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, want := FindBase(filepath.Join(deep, "c")), (Base{Root: filepath.Join(root, "a"), WorkDir: filepath.Join(deep, "c")}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestBaseRel(t *testing.T) {
	b := Base{Root: filepath.FromSlash("/work/repo"), WorkDir: filepath.FromSlash("/work/repo/db")}
	for _, tc := range []struct {
		name, want string
		ok         bool
	}{
		{"migrations/V1.sql", "db/migrations/V1.sql", true},
		{"./migrations//V1.sql", "db/migrations/V1.sql", true},
		{"../V0.sql", "V0.sql", true},
		{"../../other/V1.sql", "", false},
		{"/work/repo/x.sql", "x.sql", true},
		{"/work/repository/x.sql", "", false},
		{"/work/repo", "", false},
	} {
		got, ok := b.rel(filepath.FromSlash(tc.name))
		if got != tc.want || ok != tc.ok {
			t.Errorf("rel(%q) = %q %v, want %q %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	if got := artifactLocation("../../other/V 1.sql", b); got.URI != "file:///work/other/V%201.sql" || got.URIBaseID != "" {
		t.Errorf("outside the root: %+v", got)
	}
}

// TestSARIFNoSecrets: neither key appears, nor any five characters of it
// (Mask shows at most the first and last four).
func TestSARIFNoSecrets(t *testing.T) {
	assertNoSecrets(t, "SARIF", sarifOutput(t, fixtureResults(t)))
	if !bytes.Contains(sarifOutput(t, fixtureResults(t)), []byte(checks.Mask(fixtureSecretKey))) {
		t.Error("the masked secret key should be shown")
	}
}

func assertNoSecrets(t *testing.T, what string, out []byte) {
	t.Helper()
	for _, secret := range []string{fixtureAccessKey, fixtureSecretKey} {
		for i := 0; i+5 <= len(secret); i++ {
			if part := secret[i : i+5]; bytes.Contains(out, []byte(part)) {
				t.Errorf("%s output holds %q of a secret", what, part)
			}
		}
	}
}

// TestSARIFFingerprints: stable, secret-free (the same line with another key
// hashes the same), and identical lines are told apart by the occurrence.
func TestSARIFFingerprints(t *testing.T) {
	fingerprints := func(files []fixtureFile) map[string][]string {
		doc := decodeSARIF(t, sarifOutput(t, runPipeline(t, files)))
		out := map[string][]string{}
		for _, r := range doc.Runs[0].Results {
			key := r.RuleID + "@" + r.Locations[0].PhysicalLocation.ArtifactLocation.URI
			out[key] = append(out[key], r.PartialFingerprints["primaryLocationLineHash"])
		}
		return out
	}
	a := fingerprints(fixtureFiles)
	otherKeys := strings.NewReplacer(fixtureAccessKey, "AKIAAAAAAAAAAAAAAAAA", fixtureSecretKey, strings.Repeat("x", len(fixtureSecretKey)))
	b := fingerprints([]fixtureFile{{fixtureFiles[0].name, otherKeys.Replace(fixtureFiles[0].src)}})
	key := "hardcoded-secret@migrations/V1__load.sql"
	if len(a[key]) != 2 || strings.Join(a[key], " ") != strings.Join(b[key], " ") {
		t.Errorf("secret fingerprints depend on the secret: %v vs %v", a[key], b[key])
	}
	if a[key][0] != a[key][1][:len(a[key][1])-1]+"1" || !strings.HasSuffix(a[key][1], ":2") {
		t.Errorf("two findings of one rule on one line: %v, want the same hash with :1 and :2", a[key])
	}
	missing := a["missing-authorization@migrations/V1__load.sql"]
	if len(missing) != 2 || !strings.HasSuffix(missing[0], ":1") || !strings.HasSuffix(missing[1], ":2") ||
		strings.TrimSuffix(missing[0], ":1") != strings.TrimSuffix(missing[1], ":2") {
		t.Errorf("identical lines: %v, want one hash with :1 and :2", missing)
	}
	for k, fps := range a {
		for _, fp := range fps {
			hash, n, ok := strings.Cut(fp, ":")
			if !ok || len(hash) != 16 || n == "" || strings.Trim(hash, "0123456789abcdef") != "" {
				t.Errorf("%s: fingerprint %q is not <16 hex>:<n>", k, fp)
			}
		}
	}
}

// TestSARIFCatalogue: the driver lists checks.Rules() exactly, in order.
func TestSARIFCatalogue(t *testing.T) {
	doc := decodeSARIF(t, sarifOutput(t, emptyResults(t)))
	got := doc.Runs[0].Tool.Driver.Rules
	rules := checks.Rules()
	if len(got) != len(rules) {
		t.Fatalf("driver lists %d rules, catalogue has %d", len(got), len(rules))
	}
	levels := map[checks.Severity]string{checks.Error: "error", checks.Warning: "warning", checks.Info: "note"}
	problems := map[checks.Severity]string{checks.Error: "error", checks.Warning: "warning", checks.Info: "recommendation"}
	for i, r := range rules {
		g := got[i]
		if g.ID != string(r.ID) || g.ShortDescription.Text != r.Title || g.Help.Text != r.Doc ||
			g.DefaultConfiguration.Level != levels[r.Severity] || g.Properties.ProblemSeverity != problems[r.Severity] {
			t.Errorf("rule %d: %+v does not match the catalogue's %s", i, g, r.ID)
		}
		if g.Name != pascalCase(string(r.ID)) || strings.ContainsAny(g.Name, "- ") {
			t.Errorf("rule %s: name %q", r.ID, g.Name)
		}
		first := strings.Join(strings.Fields(strings.SplitN(r.Doc, "\n\n", 2)[0]), " ")
		if g.FullDescription.Text != first {
			t.Errorf("rule %s: fullDescription %q, want the first paragraph %q", r.ID, g.FullDescription.Text, first)
		}
		if g.Help.Markdown == "" || strings.Join(g.Properties.Tags, ",") != "security,iam,redshift" {
			t.Errorf("rule %s: markdown or tags missing", r.ID)
		}
	}
}

func TestPascalCase(t *testing.T) {
	for in, want := range map[string]string{
		"syntax-error": "SyntaxError", "chain-too-long": "ChainTooLong", "invalid-role-arn": "InvalidRoleArn",
		"x": "X", "a-b2-c": "AB2C",
	} {
		if got := pascalCase(in); got != want {
			t.Errorf("pascalCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDocMarkdown(t *testing.T) {
	doc := "Reports <partition> and aws_iam_role, so 'it\\'s' *stays*;\n" +
		"a [link](x) | `tick` ~strike~ & ${var}.\n\n" +
		"- not a list, 1. not one either\n\n" +
		"Bad:   IAM_ROLE 'a, b'\n" +
		"Good:  IAM_ROLE '```'"
	want := "Reports \\<partition\\> and aws\\_iam\\_role, so 'it\\\\'s' \\*stays\\*; " +
		"a \\[link\\](x) \\| \\`tick\\` \\~strike\\~ \\& \\${var}.\n\n" +
		"\\- not a list, 1. not one either\n\n" +
		"````\nBad:   IAM_ROLE 'a, b'\nGood:  IAM_ROLE '```'\n````"
	if got := docMarkdown(doc); got != want {
		t.Errorf("docMarkdown:\n%s\nwant:\n%s", got, want)
	}
	if got := escapeMarkdown("10. ten"); got != `10\. ten` {
		t.Errorf("ordered-list start: %q", got)
	}
	if got := firstParagraph("one\ntwo  \n\nthree"); got != "one two" {
		t.Errorf("firstParagraph = %q", got)
	}
}

func TestFindingRegionEmptySpan(t *testing.T) {
	f := sqlparse.NewFile("x.sql", []byte("ab🚀cd\nef"))
	at := strings.Index(string(f.Src), "c")
	start, end := findingRegion(f, sqlparse.Span{Start: at, End: at})
	if start != (sqlparse.Position{Line: 1, Column: 4}) || end != (sqlparse.Position{Line: 1, Column: 5}) {
		t.Errorf("empty span: %+v-%+v, want 1:4-1:5", start, end)
	}
	nl := strings.Index(string(f.Src), "\n")
	start, end = findingRegion(f, sqlparse.Span{Start: nl, End: nl + 1})
	if start != (sqlparse.Position{Line: 1, Column: 6}) || end != (sqlparse.Position{Line: 2, Column: 1}) {
		t.Errorf("line break: %+v-%+v, want 1:6-2:1", start, end)
	}
}

// TestSARIFSchemaControl proves the validation can fail: broken documents
// derived from a valid one are rejected.
func TestSARIFSchemaControl(t *testing.T) {
	out := sarifOutput(t, fixtureResults(t))
	mustValidate(t, out)
	for name, breakIt := range map[string]func(doc map[string]any){
		"startLine 0": func(doc map[string]any) {
			region(doc)["startLine"] = 0
		},
		"no version": func(doc map[string]any) { delete(doc, "version") },
		"bad level": func(doc map[string]any) {
			doc["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)["level"] = "fatal"
		},
		"null results": func(doc map[string]any) { doc["runs"].([]any)[0].(map[string]any)["results"] = nil },
	} {
		var doc map[string]any
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		breakIt(doc)
		broken, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateSARIF(broken); err == nil {
			t.Errorf("%s: the schema accepted a broken document", name)
		} else {
			t.Logf("%s: rejected: %v", name, err)
		}
	}
}

func region(doc map[string]any) map[string]any {
	r := doc["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
	loc := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
	return loc["region"].(map[string]any)
}

func TestSARIFExample(t *testing.T) {
	// The hand-written example that passes the SARIF Multitool's GitHub rules
	// must pass this validation too, or the schema set-up is wrong.
	example, err := os.ReadFile(filepath.Join("testdata", "sarif-minimal-github-code-scanning.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	mustValidate(t, example)
}
