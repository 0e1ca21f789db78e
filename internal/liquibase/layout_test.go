package liquibase

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
)

// project writes files below a temporary directory holding .git and
// changes into it.
func project(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

func names(ins []config.Input) string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Name)
	}
	return strings.Join(out, " ")
}

func TestArrangeOrderAndDedupe(t *testing.T) {
	project(t, map[string]string{
		"liquibase.properties": "changeLogFile=db/master.xml\nparameter.r=from-properties\n",
		"db/master.xml": `<databaseChangeLog>
  <include file="db/a/sub.yaml"/>
  <changeSet id="1" author="a"><sqlFile path="load.sql" relativeToChangelogFile="true" endDelimiter="/"/></changeSet>
  <includeAll path="all" relativeToChangelogFile="true"/>
</databaseChangeLog>`,
		"db/a/sub.yaml": "databaseChangeLog:\n- property: {name: r, value: x}\n",
		"db/load.sql":   "COPY a\n/\n",
		"db/all/2.sql":  "--liquibase formatted sql\n--changeset a:2\nCOPY b\n",
		"db/all/1.xml":  "<databaseChangeLog/>",
		"db/all/n.xml":  "<project/>",
		"other.sql":     "COPY c;\n",
	})
	ins, err := config.Expand([]string{"."}, nil, New(nil, files.Limits{}, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := "db/master.xml db/a/sub.yaml db/load.sql db/all/1.xml db/all/2.sql other.sql"
	if got := names(ins); got != want {
		t.Fatalf("inputs %s\nwant %s", got, want)
	}
	for _, in := range ins[:5] {
		if in.Prepare == nil {
			t.Errorf("%s has no view", in.Name)
		}
	}
	src, _ := os.ReadFile("db/load.sql")
	v, err := ins[2].Prepare(src)
	if err != nil || string(v.SQL) != "COPY a\n;\n" || v.Values["r"].Text != "x" || v.Values["r"].Origin != "db/a/sub.yaml:2" {
		t.Errorf("sqlFile view %q %v %v", v.SQL, v.Values, err)
	}
	// A file named alone still gets its changelog's settings.
	ins, err = config.Expand([]string{"db/load.sql"}, nil, New(nil, files.Limits{}, nil))
	if err != nil || names(ins) != "db/load.sql" || ins[0].Prepare == nil {
		t.Fatalf("single file: %s %v", names(ins), err)
	}
}

func TestArrangeProblems(t *testing.T) {
	master := `<databaseChangeLog>
  <include file="missing.xml" relativeToChangelogFile="true"/>
  <include file="../../outside.xml" relativeToChangelogFile="true"/>
  <include file="b.xml" relativeToChangelogFile="true"/>
</databaseChangeLog>`
	b := "<databaseChangeLog>\n  <include file=\"db/a.xml\"/>\n</databaseChangeLog>"
	project(t, map[string]string{"db/a.xml": master, "db/b.xml": b})
	ins, err := config.Expand([]string{"db"}, nil, New(nil, files.Limits{}, nil))
	if err != nil {
		t.Fatal(err)
	}
	if names(ins) != "db/a.xml db/b.xml" {
		t.Fatalf("inputs %s", names(ins))
	}
	type prob struct{ at, msg string }
	check := func(in config.Input, src string, want []prob) {
		v, err := in.Prepare([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Problems) != len(want) {
			t.Fatalf("%s: problems %+v", in.Name, v.Problems)
		}
		for i, p := range v.Problems {
			if src[p.Start:p.End] != want[i].at || !strings.HasPrefix(p.Message, want[i].msg) {
				t.Errorf("%s: problem at %q: %s, want %+v", in.Name, src[p.Start:p.End], p.Message, want[i])
			}
		}
	}
	check(ins[0], master, []prob{
		{"missing.xml", "include missing.xml does not exist (looked for db/missing.xml)"},
		{"../../outside.xml", "include ../../outside.xml is outside the repository"},
	})
	check(ins[1], b, []prob{{"db/a.xml", "include cycle: db/b.xml includes db/a.xml"}})
}

func TestArrangeErrors(t *testing.T) {
	project(t, map[string]string{"liquibase.properties": "changelog-file: nope.xml\n", "a.sql": "COPY a;"})
	_, err := config.Expand([]string{"a.sql"}, nil, New(nil, files.Limits{}, nil))
	if err == nil || err.Error() != "liquibase.properties:1: the changelog nope.xml does not exist" {
		t.Errorf("error %v", err)
	}
	project(t, map[string]string{"c.xml": "<databaseChangeLog>\n<changeSet>\n"})
	_, err = config.Expand([]string{"."}, nil, New(nil, files.Limits{}, nil))
	if err == nil || !strings.HasPrefix(err.Error(), "c.xml:3: not a valid XML changelog") {
		t.Errorf("error %v", err)
	}
}

// TestArrangeExpandsPaths: ${NAME} in a path is expanded as Liquibase
// does (--var, liquibase.properties, properties read so far); one with no
// value is not followed and says so.
func TestArrangeExpandsPaths(t *testing.T) {
	master := `<databaseChangeLog>
  <property name="dir" value="changes"/>
  <include file="${dir}/a.sql" relativeToChangelogFile="true"/>
  <include file="${base}/b.sql" relativeToChangelogFile="true"/>
  <include file="${nope}/c.sql"/>
</databaseChangeLog>`
	project(t, map[string]string{"db/master.xml": master, "db/changes/a.sql": "COPY a;", "db/x/b.sql": "COPY b;",
		"liquibase.properties": "parameter.base=y\n"})
	ins, err := config.Expand([]string{"db/master.xml"}, nil, New(nil, files.Limits{}, map[string]string{"base": "x"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := names(ins); got != "db/master.xml db/changes/a.sql db/x/b.sql" {
		t.Errorf("inputs %s", got)
	}
	v, err := ins[0].Prepare([]byte(master))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Problems) != 1 || v.Problems[0].Message != "include ${nope}/c.sql is not followed: ${nope} has no value" ||
		master[v.Problems[0].Start:v.Problems[0].End] != "${nope}/c.sql" {
		t.Errorf("problems %+v", v.Problems)
	}
}
