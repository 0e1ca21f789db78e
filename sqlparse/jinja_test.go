package sqlparse_test

import (
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestJinja: var() and env_var() defaults, env_var names apart from var
// names, and the names a template binds itself (macro arguments, {% set %})
// left opaque, with exact positions.
func TestJinja(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/"
	type want struct {
		text     string // the reference's Value.Text
		raw      string // its first placeholder
		start    int    // where that placeholder starts
		name     string
		resolved bool
		def      bool
		bound    string
	}
	tests := []struct {
		name, src string
		vars      sqlparse.Vars
		want      want
	}{
		{"var default used", `UNLOAD ('select 1') TO 's3://b/p' IAM_ROLE '{{ var("r", "arn:aws:iam::0123456789012:role/x") }}';`, nil,
			want{"arn:aws:iam::0123456789012:role/x", `{{ var("r", "arn:aws:iam::0123456789012:role/x") }}`, 44, "r", true, true, ""}},
		{"a value wins over the default", `UNLOAD ('select 1') TO 's3://b/p' IAM_ROLE '{{ var('r', 'x') }}';`, sqlparse.Vars{"r": arn + "V"},
			want{arn + "V", `{{ var('r', 'x') }}`, 44, "r", true, false, ""}},
		{"default= keyword and escapes", `COPY t FROM 's3://b/p' IAM_ROLE '{{- var('r', default='arn:aws:iam::123456789012:role/it\'s') -}}';`, nil,
			want{arn + "it's", `{{- var('r', default='arn:aws:iam::123456789012:role/it\'s') -}}`, 33, "r", true, true, ""}},
		{"default with a parenthesis", `COPY t FROM 's3://b/p' IAM_ROLE '{{ var("r", "a)b") }}';`, nil,
			want{"a)b", `{{ var("r", "a)b") }}`, 33, "r", true, true, ""}},
		{"an expression as default: name known, no value", `COPY t FROM 's3://b/p' IAM_ROLE '{{ var('r', target.name ~ 'x') }}';`, nil,
			want{`{{ var('r', target.name ~ 'x') }}`, `{{ var('r', target.name ~ 'x') }}`, 33, "r", false, false, ""}},
		{"env_var reads its own key", `COPY t FROM 's3://b/p' IAM_ROLE '{{ env_var('ROLE') }}';`, sqlparse.Vars{"ROLE": "dbt var", "env_var:ROLE": arn + "E"},
			want{arn + "E", `{{ env_var('ROLE') }}`, 33, "env_var:ROLE", true, false, ""}},
		{"var does not read the environment", `COPY t FROM 's3://b/p' IAM_ROLE '{{ var('ROLE') }}';`, sqlparse.Vars{"env_var:ROLE": arn + "E"},
			want{`{{ var('ROLE') }}`, `{{ var('ROLE') }}`, 33, "ROLE", false, false, ""}},
		{"env_var default", `COPY t FROM 's3://b/p' IAM_ROLE {{ env_var("ROLE", 'default') }};`, nil,
			want{"default", `{{ env_var("ROLE", 'default') }}`, 32, "env_var:ROLE", true, true, ""}},
		{"target.name", `COPY t FROM 's3://b/{{ target.name }}/' IAM_ROLE '` + arn + `{{target.name}}';`, sqlparse.Vars{"target.name": "prod"},
			want{arn + "prod", `{{target.name}}`, 81, "target.name", true, false, ""}},
		{"a filter is an expression", `COPY t FROM 's3://b/p' IAM_ROLE '{{ var('r') | trim }}';`, sqlparse.Vars{"r": arn + "V"},
			want{`{{ var('r') | trim }}`, `{{ var('r') | trim }}`, 33, "", false, false, ""}},
		{"macro argument", "{% macro unload_to(role, bucket='b') %}\nUNLOAD ('select 1') TO 's3://{{ bucket }}/p' IAM_ROLE '{{ role }}';\n{% endmacro %}", sqlparse.Vars{"role": arn + "V"},
			want{`{{ role }}`, `{{ role }}`, 95, "role", false, false, "an argument of macro unload_to"}},
		{"a var() inside a macro resolves", "{%- macro m(role) -%}\nCOPY t FROM 's3://b/p' IAM_ROLE '{{ var('role') }}';\n{%- endmacro %}", sqlparse.Vars{"role": arn + "V"},
			want{arn + "V", `{{ var('role') }}`, 55, "role", true, false, ""}},
		{"a name after the macro is no argument", "{% macro m(role) %}{% endmacro %}\nCOPY t FROM 's3://b/p' IAM_ROLE '{{ role }}';", sqlparse.Vars{"role": arn + "V"},
			want{arn + "V", `{{ role }}`, 67, "role", true, false, ""}},
		{"set in the template", "{% set role = 'x' %}\nCOPY t FROM 's3://b/p' IAM_ROLE '{{ role }}';", nil,
			want{`{{ role }}`, `{{ role }}`, 54, "role", false, false, "set in the template ({% set %} or {% for %})"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := sqlparse.Parse(sqlparse.NewFile("t.sql", []byte(tc.src)), sqlparse.Options{Vars: tc.vars})
			if len(res.References) != 1 {
				t.Fatalf("%d references, want 1", len(res.References))
			}
			v := res.References[0].Value
			if v.Text != tc.want.text {
				t.Errorf("text %q, want %q", v.Text, tc.want.text)
			}
			var ph sqlparse.Placeholder
			for _, p := range v.Placeholders {
				if p.Raw == tc.want.raw {
					ph = p
				}
			}
			got := want{v.Text, ph.Raw, ph.Span.Start, ph.Name, ph.Resolved, ph.Default, ph.Bound}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			if ph.Span.End-ph.Span.Start != len(ph.Raw) || tc.src[ph.Span.Start:ph.Span.End] != ph.Raw {
				t.Errorf("span %v does not hold %q", ph.Span, ph.Raw)
			}
			if ph.Resolved { // the whole value maps back onto the placeholder
				if s := v.SourceSpan(ph.Text[0], ph.Text[1]); s != ph.Span {
					t.Errorf("source span %v, want %v", s, ph.Span)
				}
			}
		})
	}
}

// TestDbtVarKey: a dbt project's variables (under DbtVarKey) answer
// var('x') only, after x itself (--var), and Placeholder.Key says which
// key the value was read under.
func TestDbtVarKey(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/"
	tests := []struct {
		name, expr string
		vars       sqlparse.Vars
		text, key  string
	}{
		{"project var", `{{ var('r') }}`, sqlparse.Vars{sqlparse.DbtVarKey("r"): arn + "P"}, arn + "P", "var:r"},
		{"--var wins", `{{ var('r', 'd') }}`, sqlparse.Vars{sqlparse.DbtVarKey("r"): arn + "P", "r": arn + "V"}, arn + "V", "r"},
		{"over the default", `{{ var('r', 'd') }}`, sqlparse.Vars{sqlparse.DbtVarKey("r"): arn + "P"}, arn + "P", "var:r"},
		{"not a bare name", `{{ r }}`, sqlparse.Vars{sqlparse.DbtVarKey("r"): arn + "P"}, `{{ r }}`, ""},
		{"not env_var", `{{ env_var('r') }}`, sqlparse.Vars{sqlparse.DbtVarKey("r"): arn + "P"}, `{{ env_var('r') }}`, ""},
		{"a default has no key", `{{ var('r', 'd') }}`, nil, "d", ""},
	}
	for _, tc := range tests {
		src := "COPY t FROM 's3://b/p' IAM_ROLE '" + tc.expr + "';"
		res := sqlparse.Parse(sqlparse.NewFile("t.sql", []byte(src)), sqlparse.Options{Vars: tc.vars})
		v := res.References[0].Value
		if v.Text != tc.text || v.Placeholders[0].Key != tc.key {
			t.Errorf("%s: text %q key %q, want %q %q", tc.name, v.Text, v.Placeholders[0].Key, tc.text, tc.key)
		}
	}
}

// TestJinjaBudget: a default counts against the file's substitution
// budget like any value: once a value has spent it, a default is refused.
func TestJinjaBudget(t *testing.T) {
	vars := sqlparse.Vars{"big": strings.Repeat("x", sqlparse.ExpansionFloor)}
	src := "COPY t FROM 's3://b/p' IAM_ROLE '{{ var('big') }}';\nCOPY t FROM 's3://b/p' IAM_ROLE '{{ var('r', 'x') }}';\n"
	res := sqlparse.Parse(sqlparse.NewFile("t.sql", []byte(src)), sqlparse.Options{Vars: vars})
	if len(res.References) != 2 {
		t.Fatalf("%d references", len(res.References))
	}
	if p := res.References[0].Value.Placeholders[0]; !p.Resolved {
		t.Errorf("the first value was not substituted: %+v", p)
	}
	if p := res.References[1].Value.Placeholders[0]; p.Resolved || !p.Refused {
		t.Errorf("the default was not refused: %+v", p)
	}
}

// FuzzJinja: a {{ }} placeholder never panics, a default is substituted
// only when nothing else supplies the name, and positions stay in the file.
func FuzzJinja(f *testing.F) {
	for _, s := range []string{`{{ var('r', 'x') }}`, `{{ env_var("R", default="y") }}`, `{{ var('r', 'a\'b') }}`, `{{ target.name }}`,
		`{{ var('r', 1) }}`, `{{ var('r',) }}`, `{{ role }}`, `{{ var('r') | x }}`, `{{ var("r", ")") }}`, `{{ var('r', -) }}`} {
		f.Add(s, "{% macro m(role, x=(1, ')')) %}")
	}
	f.Fuzz(func(t *testing.T, expr, macro string) {
		if strings.Contains(expr, "}}") && !strings.HasSuffix(expr, "}}") {
			return
		}
		src := macro + "\nCOPY t FROM 's3://b/p' IAM_ROLE '" + expr + "';\n{% endmacro %}"
		res := sqlparse.Parse(sqlparse.NewFile("t.sql", []byte(src)), sqlparse.Options{Vars: sqlparse.Vars{"R": "var"}})
		for _, r := range res.References {
			for _, p := range r.Value.Placeholders {
				if p.Span.Start < 0 || p.Span.End > len(src) || src[p.Span.Start:p.Span.End] != p.Raw {
					t.Fatalf("placeholder %q at %v", p.Raw, p.Span)
				}
				if p.Bound != "" && p.Resolved {
					t.Fatalf("bound placeholder %q resolved", p.Raw)
				}
				if strings.HasPrefix(p.Name, "env_var:") && p.Resolved && !p.Default {
					t.Fatalf("env_var %q resolved from a var", p.Raw)
				}
			}
		}
	})
}
