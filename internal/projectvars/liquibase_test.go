package projectvars

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

func TestReadLiquibaseProperties(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]string
		changeLog string
		line      int
	}{
		{"parameters", "changeLogFile=db/master.xml\nparameter.etl_role=arn:aws:iam::123456789012:role/A\nurl=jdbc:x\n",
			map[string]string{"etl_role": "arn:aws:iam::123456789012:role/A @l.p:2"}, "db/master.xml", 1},
		{"first definition wins", "parameter.a=1\nparameter.a=2\n", map[string]string{"a": "1 @l.p:1"}, "", 0},
		{"kebab case and colon", "changelog-file: c.yaml\nparameter.b : x\\\n  y\n", map[string]string{"b": "xy @l.p:2"}, "c.yaml", 1},
		{"command form, empty name ignored", "liquibase.command.changelogFile=c.json\nparameter.=x\n", map[string]string{}, "c.json", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls, err := ReadLiquibaseProperties("l.p", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := texts(ls.Params); !maps.Equal(got, tt.want) {
				t.Errorf("values %q, want %q", got, tt.want)
			}
			if ls.ChangeLog != tt.changeLog || ls.ChangeLogLine != tt.line {
				t.Errorf("changelog %q at %d, want %q at %d", ls.ChangeLog, ls.ChangeLogLine, tt.changeLog, tt.line)
			}
		})
	}
	if _, err := ReadLiquibaseProperties("l.p", "\nparameter.a=\\u12\n"); err == nil || err.Error() != `l.p:2: malformed \uXXXX escape: want four hexadecimal digits` {
		t.Errorf("error %v", err)
	}
}

func TestFinderReadsLiquibaseProperties(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for name, text := range map[string]string{
		".git/HEAD": "", "liquibase.properties": "parameter.r=A\n", "db/x.sql": "",
	} {
		p := filepath.Join(dir, name)
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := NewFinder(Options{})
	p, err := f.For("db/x.sql")
	if err != nil {
		t.Fatal(err)
	}
	if v := p.Values["r"]; v.Text != "A" || v.Origin != "liquibase.properties:1" {
		t.Errorf("value %+v", v)
	}
	if sources, _ := f.Read(); len(sources) != 1 || sources[0] != "values from liquibase.properties" {
		t.Errorf("sources %v", sources)
	}
	if got := Nearest(filepath.Join(dir, "db"), LiquibaseProperties); got != filepath.Join(dir, LiquibaseProperties) {
		t.Errorf("Nearest = %q", got)
	}
}

// FuzzReadLiquibaseProperties: the reader never panics, and a value it
// reads names its line.
func FuzzReadLiquibaseProperties(f *testing.F) {
	f.Add("changeLogFile=a.xml\nparameter.a=b\n")
	f.Add("parameter.a\\\n=\\u0041\\\n")
	f.Add("! c\nparameter.a:b c\r\nchangelog-file c\n")
	f.Fuzz(func(t *testing.T, src string) {
		ls, err := ReadLiquibaseProperties("l.p", src)
		if err != nil {
			return
		}
		for name, v := range ls.Params.Values() {
			if name == "" || len(v.Origin) < len("l.p:1") {
				t.Fatalf("value %q %+v", name, v)
			}
		}
	})
}
