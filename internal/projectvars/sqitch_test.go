package projectvars

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
)

func TestSqitchVariables(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]string
		notes     int
	}{
		{"precedence core < deploy < engine",
			"[core]\n\tengine = redshift\n[core \"variables\"]\n\ta = core\n\tb = core\n\tc = core\n[deploy \"variables\"]\n\tb = deploy\n\tc = deploy\n[engine \"redshift.variables\"]\n\tc = engine\n[engine \"pg.variables\"]\n\ta = pg\n",
			map[string]string{"a": "core @s.conf:4", "b": "deploy @s.conf:8", "c": "engine @s.conf:11"}, 0},
		{"older [section.sub] headers, names ignore case",
			"[Core.Variables]\n\tEtl_Role = x\n[DEPLOY.variables]\nflag\n",
			map[string]string{"etl_role": "x @s.conf:2", "flag": "true @s.conf:4"}, 0},
		{"quotes, escapes, comments, continuation",
			"; comment\n[deploy \"variables\"]\n  a = \" spaced # not a comment \" # comment\n  b = x\\ty \\\"q\\\" ; c\n  c = one \\\n two\n  d =\n",
			map[string]string{"a": " spaced # not a comment  @s.conf:3", "b": "x\ty \"q\" @s.conf:4", "c": "one  two @s.conf:5", "d": " @s.conf:7"}, 0},
		{"target variables are not read",
			"[target \"prod.variables\"]\n\ta = p\n[target \"dev.variables\"]\n\ta = d\n", map[string]string{}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadSqitchConf("s.conf", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			s, notes := c.Variables()
			if got := texts(s); !maps.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if len(notes) != tt.notes {
				t.Errorf("notes %q", notes)
			}
		})
	}
}

func TestSqitchSetting(t *testing.T) {
	c, err := ReadSqitchConf("s.conf", "[core]\n\tengine = redshift\n\ttop_dir = db\n\tplan_file = a.plan\n[engine \"redshift\"]\n\tplan_file = r.plan\n")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"top_dir": "db", "plan_file": "r.plan", "deploy_dir": ""} {
		if got, _ := c.Setting(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
}

func TestReadSqitchConfErrors(t *testing.T) {
	for src, want := range map[string]string{
		"a = 1\n":                      "s.conf:1: a variable before any [section] header",
		"[core]\n\n[core\n":            "s.conf:3: malformed section header [core",
		"[core \"x]\n":                 `s.conf:1: malformed section header [core "x]`,
		"[c d]\n":                      `s.conf:1: malformed section header [c d]`,
		"[core]\nbad key = 1\n":        `s.conf:2: bad variable name "bad key"`,
		"[core]\na = \"x\n":            "s.conf:2: unterminated quoted value",
		"[core]\na = \\q\n":            `s.conf:2: unknown escape \q in a value`,
		"[core]\r\na = 1\r\nb = \"x\n": "s.conf:3: unterminated quoted value",
	} {
		_, err := ReadSqitchConf("s.conf", src)
		var ie *InputError
		if !errors.As(err, &ie) || err.Error() != want {
			t.Errorf("%q: error %v, want %s", src, err, want)
		}
	}
}

// FuzzReadSqitchConf: any file is read or rejected with its line, never a
// panic, and every value's origin is a line of the file.
func FuzzReadSqitchConf(f *testing.F) {
	f.Add("[core]\n\tengine = redshift\n[deploy \"variables\"]\n\ta = \"x # y\" ; z\n[engine \"redshift.variables\"]\nb = 1 \\\n 2\n")
	f.Add("[core.variables]\nflag\n[target \"t.variables\"]\nx=\\\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		c, err := ReadSqitchConf("s.conf", src)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		s, _ := c.Variables()
		n := strings.Count(src, "\n") + 1
		for name, v := range s.Values() {
			var line int
			if _, err := fmtSscanf(v.Origin, &line); err != nil || line < 1 || line > n {
				t.Fatalf("%s: origin %q outside the file's %d lines", name, v.Origin, n)
			}
		}
	})
}

func fmtSscanf(origin string, line *int) (int, error) {
	return fmt.Sscanf(strings.TrimPrefix(origin, "s.conf:"), "%d", line)
}
