package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestExplainAgreesWithCheck runs every reference of the demo and of the
// check scenarios through Run and again through Explain, built from the
// same chain, statement kind and target, and asserts the same verdict,
// reason, hops, operation and findings. References explain cannot
// rebuild (options that change the operation, placeholders, several
// clauses in one statement, ignore directives) are skipped; enough must remain to prove
// something.
func TestExplainAgreesWithCheck(t *testing.T) {
	compared := 0
	demo, _ := filepath.Abs("../testdata/demo")
	compared += agree(t, "demo", demo, []string{"--iam", "iam", "--cluster", "cluster", "--db-user", "etl_user", "migrations"})
	paths, _ := filepath.Glob("../testdata/scenarios/*.txtar")
	for _, path := range paths {
		dir, args, ok := scenarioRun(t, path)
		if ok {
			compared += agree(t, filepath.Base(path), dir, args)
		}
	}
	if compared < 25 {
		t.Errorf("only %d references compared: the test proves too little", compared)
	}
	t.Logf("%d references compared", compared)
}

// scenarioRun extracts a check scenario without configuration, variables
// or rule selection into a directory and returns its arguments.
func scenarioRun(t *testing.T, path string) (dir string, args []string, ok bool) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(ar.Comment), "\n")
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		if strings.HasPrefix(l, "$ redshift-preflight ") {
			line = l
		}
	}
	fields := strings.Fields(strings.TrimPrefix(line, "$ redshift-preflight "))
	if len(fields) == 0 || fields[0] != "check" {
		return "", nil, false
	}
	testdata, _ := filepath.Abs("../testdata")
	dir = t.TempDir()
	for _, f := range ar.Files {
		if f.Name == ".redshift-preflight.toml" || strings.HasSuffix(f.Name, ".toml") {
			return "", nil, false
		}
		if strings.Contains(string(f.Data), directiveIgnore) {
			return "", nil, false // explain's one statement has no ignore comments
		}
		target := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range fields[1:] {
		args = append(args, strings.ReplaceAll(a, "$TESTDATA", testdata))
	}
	return dir, args, true
}

// agree runs check in dir with args and compares every reference it can
// rebuild with explain; it returns how many it compared.
func agree(t *testing.T, name, dir string, args []string) int {
	t.Helper()
	opts, ok := runOptionsOf(dir, args)
	if !ok {
		return 0
	}
	res, err := Run(opts)
	if err != nil {
		return 0 // an input error: nothing to compare
	}
	compared := 0
	// The results keep only the lines the report shows (compact): the
	// statements are parsed again from the files.
	paths := map[string]string{}
	for _, s := range opts.Sources {
		paths[s.Name] = s.Path
	}
	var parsed []*sqlparse.Result
	for _, fr := range res.Files {
		src, err := os.ReadFile(paths[fr.File.Name])
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, sqlparse.Parse(sqlparse.NewFile(fr.File.Name, src), sqlparse.Options{}))
	}
	if opts.AssumeRole.User != "" && holdsGrants(parsed) {
		return 0 // explain sees one statement: the grants of other migrations are not its to replay
	}
	for k, fr := range res.Files {
		parsed := parsed[k]
		for _, ref := range fr.References {
			chainText, st, ok := explainable(parsed, fr.File, ref)
			if !ok {
				continue
			}
			ex, err := Explain(ExplainOptions{Chain: chainText, Statement: st.Kind.String(), Target: targetOf(st, ref),
				Rules: opts.Rules, Data: opts.Data, AssumeRole: opts.AssumeRole})
			if err != nil {
				t.Errorf("%s: %s:%d: explain %q: %v", name, fr.File.Name, fr.File.Position(ref.Keyword.Start).Line, chainText, err)
				continue
			}
			where := fmt.Sprintf("%s: %s:%d", name, fr.File.Name, fr.File.Position(ref.Keyword.Start).Line)
			if got, want := summarize(ex.Reference, ex.Findings, -1), summarize(ref, fr.Findings, ref.ID); got != want {
				t.Errorf("%s: explain and check disagree\nexplain: %s\ncheck:   %s", where, got, want)
			}
			compared++
		}
	}
	return compared
}

// runOptionsOf reads the flags the scenarios use; false for flags that
// explain cannot share (variables, rule selection, configuration).
func runOptionsOf(dir string, args []string) (RunOptions, bool) {
	opts := RunOptions{Rules: RuleOptions{MaxChain: 10}}
	var paths []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			i++
			if i < len(args) {
				return args[i]
			}
			return ""
		}
		switch a {
		case "--iam":
			opts.Data.IAM = append(opts.Data.IAM, inDir(dir, next()))
		case "--cluster":
			opts.Data.Cluster = append(opts.Data.Cluster, inDir(dir, next()))
		case "--cluster-id":
			opts.Data.ClusterID = next()
		case "--db-user":
			opts.Data.DBUser = next()
		case "--max-chain":
			opts.Rules.MaxChain, _ = strconv.Atoi(next())
		case "--format", "--output", "--fail-on":
			next()
		default:
			if strings.HasPrefix(a, "-") || strings.ContainsAny(a, "*?") {
				return opts, false
			}
			paths = append(paths, inDir(dir, a))
		}
	}
	opts.AssumeRole.User = opts.Data.DBUser
	for _, p := range paths {
		files, err := sqlFiles(p)
		if err != nil {
			return opts, false
		}
		for _, f := range files {
			opts.Sources = append(opts.Sources, Source{Name: f, Path: f})
		}
	}
	return opts, len(opts.Sources) > 0
}

func inDir(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

func sqlFiles(p string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".sql") {
			out = append(out, path)
		}
		return err
	})
	return out, err
}

// explainable returns the chain and statement of a reference that
// explain can rebuild exactly from its statement kind's example.
func explainable(parsed *sqlparse.Result, file *sqlparse.File, ref *Reference) (string, *sqlparse.Statement, bool) {
	var pr *sqlparse.Reference
	at := file.Position(ref.Keyword.Start) // the results' file keeps the reported lines only
	for i := range parsed.References {
		if parsed.File.Position(parsed.References[i].Keyword.Start) == at {
			pr = &parsed.References[i]
		}
	}
	if pr == nil || pr.Clause != redshift.IAMRole || len(pr.Value.Placeholders) > 0 {
		return "", nil, false
	}
	st := &parsed.Statements[pr.Statement]
	for _, other := range parsed.References {
		if other.Statement == pr.Statement && other.Keyword != pr.Keyword {
			return "", nil, false // conflicting or partner clauses
		}
	}
	if len(st.Options) > 0 || !exampleSource(st) || !exampleTarget(st.Kind, pr.Target) || !plainText(parsed, st) {
		return "", nil, false
	}
	switch pr.Value.Form {
	case sqlparse.FormDefault:
		return "default", st, true
	case sqlparse.FormQuoted:
		return pr.Value.Text, st, true
	}
	return "", nil, false
}

// plainText: the statement holds nothing explain's rebuilt statement
// lacks and that check reports apart from the reference: no invisible
// character (a syntax error of the statement), no bidirectional control
// and no stray secret (file-level findings of the file).
func plainText(parsed *sqlparse.Result, st *sqlparse.Statement) bool {
	if st.Invisible.Len() > 0 {
		return false
	}
	for _, b := range parsed.BidiControls {
		if st.Span.Contains(b.Span.Start) {
			return false
		}
	}
	for _, s := range parsed.StraySecrets {
		if st.Span.Contains(s.Span.Start) {
			return false
		}
	}
	return true
}

// exampleSource: the statement's variant is the one its example has.
func exampleSource(st *sqlparse.Statement) bool {
	switch st.Kind {
	case redshift.CreateExternalSchema:
		return st.Source == redshift.SourceDataCatalog
	case redshift.CreateExternalFunction:
		return st.Source == redshift.SourceLambda
	case redshift.CreateDatabase:
		return st.Source == redshift.SourceARN
	}
	return true
}

// exampleTarget: explain's --target can name this target.
func exampleTarget(k redshift.StatementKind, t *redshift.Target) bool {
	if t == nil {
		return true
	}
	switch t.Kind {
	case redshift.TargetSSH, redshift.TargetSageMaker:
		return false // COPY ... SSH and SageMaker variants are not the examples
	}
	return true
}

func targetOf(st *sqlparse.Statement, ref *Reference) string {
	if ref.Target == nil {
		return ""
	}
	return ref.Target.URI
}

// summarize spells what both commands must agree on: verdict, reason,
// hops, operation, and the findings of the reference (advisories, which
// check reports once per file, left out).
func summarize(r *Reference, findings []Finding, id int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s hops[", r.Verdict, r.Reason)
	for _, h := range r.Hops {
		fmt.Fprintf(&b, " %s/%s", h.Verdict, h.Reason)
	}
	b.WriteString(" ]")
	if op := r.Operation; op != nil {
		fmt.Fprintf(&b, " op %s/%s[", op.Verdict, op.Reason)
		for _, c := range op.Checks {
			fmt.Fprintf(&b, " %s %s %s", c.Action, c.Resource, c.Verdict)
		}
		b.WriteString(" ]")
	}
	var fs []string
	for _, f := range findings {
		if (id < 0 || f.Reference == id) && !Lookup(f.Rule).Advisory {
			fs = append(fs, fmt.Sprintf("%s %s %s", f.Rule, f.Severity, f.Message))
		}
	}
	sort.Strings(fs)
	fmt.Fprintf(&b, " findings[%s]", strings.Join(fs, "; "))
	return b.String()
}

func holdsGrants(files []*sqlparse.Result) bool {
	for _, f := range files {
		if len(f.Grants) > 0 {
			return true
		}
	}
	return false
}
