package projectvars

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func texts(s Source) map[string]string {
	m := map[string]string{}
	for k, v := range s.Values() {
		m[k] = v.Text + " @" + v.Origin
	}
	return m
}

func TestReadFlywayConf(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]string
		prefix    string
	}{
		{"plain", "flyway.placeholders.etl_role=arn:aws:iam::123456789012:role/A\n",
			map[string]string{"etl_role": "arn:aws:iam::123456789012:role/A @f.conf:1"}, "${"},
		{"separators and comments", "# c\n! c\nflyway.placeholders.a : x\nflyway.placeholders.b   y\nflyway.url=jdbc:x\n",
			map[string]string{"a": "x @f.conf:3", "b": "y @f.conf:4"}, "${"},
		{"continuation", "flyway.placeholders.r=arn:aws:iam::123456789012:\\\n    role/A\n",
			map[string]string{"r": "arn:aws:iam::123456789012:role/A @f.conf:1"}, "${"},
		{"escapes", "flyway.placeholders.a\\ b=\\u0041\\t\\\\\n",
			map[string]string{"a b": "A\t\\ @f.conf:1"}, "${"},
		{"even backslashes do not continue", "flyway.placeholders.a=x\\\\\nflyway.placeholders.b=y\n",
			map[string]string{"a": "x\\ @f.conf:1", "b": "y @f.conf:2"}, "${"},
		{"crlf and delimiters", "flyway.placeholderPrefix=#[\r\nflyway.placeholderSuffix=]\r\nflyway.placeholders.a=1\r\n",
			map[string]string{"a": "1 @f.conf:3"}, "#["},
		{"later wins", "flyway.placeholders.a=1\nflyway.placeholders.a=2\n", map[string]string{"a": "2 @f.conf:2"}, "${"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ReadFlywayConf("f.conf", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := texts(s); !maps.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if p, _ := s.Delimiters(); p != tt.prefix {
				t.Errorf("prefix %q, want %q", p, tt.prefix)
			}
		})
	}
}

func TestReadFlywayConfErrors(t *testing.T) {
	for src, want := range map[string]string{
		"\n\nflyway.placeholders.a=\\u12\n": `f.conf:3: malformed \uXXXX escape`,
		"flyway.placeholders.=x\n":          "f.conf:1: a placeholder needs a name",
	} {
		_, err := ReadFlywayConf("f.conf", src)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: error %v, want %s", src, err, want)
		}
	}
}

const tomlSrc = `[flyway]
environment = "dev"
user = "etl_user"

[flyway.placeholders]
etl_role = "arn:aws:iam::123456789012:role/Base"
other = "o"

[environments.dev.flyway.placeholders]
etl_role = "arn:aws:iam::123456789012:role/Dev"

[environments.prod.flyway]
placeholders = { etl_role = "arn:aws:iam::123456789012:role/Prod", n = 3 }
`

func TestReadFlywayTOML(t *testing.T) {
	tests := []struct {
		env, wantEnv, name string
		want               map[string]string
	}{
		{"", "dev", "f.toml (environment dev)", map[string]string{
			"etl_role": "arn:aws:iam::123456789012:role/Dev @f.toml:10", "other": "o @f.toml:7"}},
		{"prod", "prod", "f.toml (environment prod)", map[string]string{
			"etl_role": "arn:aws:iam::123456789012:role/Prod @f.toml:13", "n": "3 @f.toml:13", "other": "o @f.toml:7"}},
	}
	for _, tt := range tests {
		s, env, err := ReadFlywayTOML("f.toml", tomlSrc, tt.env)
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(s); env != tt.wantEnv || s.Name() != tt.name || !maps.Equal(got, tt.want) {
			t.Errorf("%q: got %s %q %q, want %s %q %q", tt.env, env, s.Name(), got, tt.wantEnv, tt.name, tt.want)
		}
	}
}

func TestReadFlywayTOMLErrors(t *testing.T) {
	for src, want := range map[string]string{
		"[flyway]\nx = \n": "f.toml:2: not valid TOML",
		"[flyway]\nenvironment = \"qa\"\n[environments.dev]\n": `f.toml:2: environment "qa" has no [environments.qa] (it defines dev)`,
		"[flyway.placeholders]\na = [1]\n":                     "f.toml:2: flyway.placeholders.a must be a string",
		"[flyway]\nplaceholders = 1\n":                         "f.toml:2: flyway.placeholders must be a table of strings",
	} {
		_, _, err := ReadFlywayTOML("f.toml", src, "")
		var ie *InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: error %v, want %s", src, err, want)
		}
	}
}

func TestFlywayEnv(t *testing.T) {
	s := FlywayEnv([]string{"PATH=/bin", "FLYWAY_PLACEHOLDERS_ETL_ROLE=r", "FLYWAY_PLACEHOLDERS_=x", "FLYWAY_URL=u"})
	if got := texts(s); !maps.Equal(got, map[string]string{"etl_role": "r @environment variable FLYWAY_PLACEHOLDERS_ETL_ROLE"}) {
		t.Errorf("got %q", got)
	}
	if FlywayEnv([]string{"PATH=/bin"}) != nil {
		t.Error("no variables must be no source")
	}
}

// TestFinder: the nearest files above a checked file, up to the
// repository root; flyway.conf < flyway.toml < its environment <
// environment variables; built-ins decided offline.
func TestFinder(t *testing.T) {
	root := t.TempDir()
	write(t, root, "flyway.conf", "flyway.placeholders.outside=1\n") // above the repository: not read
	repo := filepath.Join(root, "repo")
	write(t, repo, ".git/HEAD", "")
	write(t, repo, "flyway.conf", "flyway.placeholders.a=conf\nflyway.placeholders.b=conf\nflyway.placeholders.c=conf\n")
	write(t, repo, "db/flyway.toml", "[flyway.placeholders]\nb = \"toml\"\nc = \"toml\"\n[environments.qa.flyway.placeholders]\nc = \"qa\"\n")
	write(t, repo, "db/sql/V1__a.sql", "")
	f := NewFinder(Options{FlywayEnvironment: "qa", Environ: []string{"FLYWAY_PLACEHOLDERS_D=env"}})
	p, err := f.For(filepath.Join(repo, "db/sql/V1__a.sql"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "conf", "b": "toml", "c": "qa", "d": "env",
		"flyway:filename": "V1__a.sql", "flyway:environment": "qa", "flyway:table": "flyway_schema_history"}
	got := map[string]string{}
	for k, v := range p.Values {
		got[k] = v.Text
	}
	if !maps.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	sources, _ := f.Read()
	if len(sources) != 3 || !strings.HasSuffix(sources[0], "flyway.toml (environment qa)") {
		t.Errorf("sources %q", sources)
	}
}

func write(t *testing.T, dir, name, src string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzReadFlywayConf(f *testing.F) {
	for _, s := range []string{"flyway.placeholders.a=b\n", "a\\\n  b=c\\u0041", "\\u", "!x\r\n#y\rflyway.placeholders.= \\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		s, err := ReadFlywayConf("f.conf", src)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for name, v := range s.Values() {
			if name == "" || !strings.HasPrefix(v.Origin, "f.conf:") {
				t.Fatalf("value %q %+v", name, v)
			}
		}
	})
}

func FuzzReadFlywayTOML(f *testing.F) {
	f.Add(tomlSrc, "")
	f.Add(tomlSrc, "prod")
	f.Add("[flyway]\nenvironment = 1\n", "")
	f.Add("[environments.x.flyway]\nplaceholders.a = \"b\"\n", "x")
	f.Fuzz(func(t *testing.T, src, env string) {
		s, _, err := ReadFlywayTOML("f.toml", src, env)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		for name := range s.Values() {
			if name == "" {
				t.Fatal("empty name")
			}
		}
	})
}
