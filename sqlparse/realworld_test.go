package sqlparse_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// realworld holds Redshift SQL written by others (AWS docs and samples, dbt
// packages, migrations); it is read in place, never copied.
const realworld = "../../shared/corpus/realworld"

// TestRealWorldAgreesWithTheVocabulary parses every real-world file and
// checks each reference against the table of package redshift: its clause
// is one of its statement kind's clauses and its target one of its kind's
// targets. The table says what the Developer Guide documents; SQL people
// actually run must not contradict it.
func TestRealWorldAgreesWithTheVocabulary(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(realworld, "*.sql"))
	if len(paths) == 0 {
		t.Skipf("no real-world corpus at %s (it lives beside the repository, not in it)", realworld)
	}
	refs := 0
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res := sqlparse.Parse(sqlparse.NewFile(filepath.Base(path), src), sqlparse.Options{})
		for _, r := range res.References {
			refs++
			st := res.Statements[r.Statement]
			row := st.Kind.Info()
			pos := res.File.Position(r.Keyword.Start)
			if r.Clause != redshift.ClauseNone && !slices.Contains(row.Clauses, r.Clause) {
				t.Errorf("%s:%d: %s in %s, whose clauses are %v", res.File.Name, pos.Line, r.Clause, st.Kind, row.Clauses)
			}
			if r.Target != nil && !slices.Contains(row.Targets, r.Target.Kind) {
				t.Errorf("%s:%d: a %s target in %s, whose targets are %v", res.File.Name, pos.Line, r.Target.Kind, st.Kind, row.Targets)
			}
		}
	}
	if refs < 50 {
		t.Errorf("only %d references in %d files: the corpus proves too little", refs, len(paths))
	}
	t.Logf("%d references in %d files", refs, len(paths))
}

// TestRealWorldProcedureBodies: the real procedures of the corpus read
// without a diagnostic now that their bodies are SQL, and the COPY an AWS
// sample builds in a variable and runs with EXECUTE is counted as dynamic
// SQL that may hold credentials.
func TestRealWorldProcedureBodies(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(realworld, "*.sql"))
	if len(paths) == 0 {
		t.Skipf("no real-world corpus at %s", realworld)
	}
	bodies := 0
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res := sqlparse.Parse(sqlparse.NewFile(filepath.Base(path), src), sqlparse.Options{})
		seen := map[sqlparse.Span]bool{}
		for _, st := range res.Statements {
			if st.Body.Len() == 0 || seen[st.Body] {
				continue
			}
			seen[st.Body] = true
			bodies++
			for _, d := range res.Diagnostics {
				if st.Body.Contains(d.Span.Start) {
					t.Errorf("%s:%d: %s, in a procedure body", res.File.Name, res.File.Position(d.Span.Start).Line, d.Message)
				}
			}
		}
		if filepath.Base(path) == "ara_R__1.19_sp_copy_data.sql" {
			if n := len(res.DynamicSQL); n != 2 || !res.DynamicSQL[1].Credentials {
				t.Errorf("%s: dynamic SQL %+v, want EXECUTE l_truncate and EXECUTE l_copy, the second with credentials", res.File.Name, res.DynamicSQL)
			}
		}
	}
	if bodies < 5 {
		t.Errorf("only %d procedure bodies read", bodies)
	}
}
