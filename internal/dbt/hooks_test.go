package dbt

import (
	"errors"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
)

// TestModelHooks: the view keeps each hook's SQL at its offsets, decoded,
// with ';' on its quotes, and the model's own SQL; the rest of config() is blank.
func TestModelHooks(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"string", `{{ config(materialized='table', post_hook="UNLOAD ('x') TO 's3://b/' IAM_ROLE 'r'") }}` + "\nselect 1",
			`                                          ;UNLOAD ('x') TO 's3://b/' IAM_ROLE 'r';    ` + "\nselect 1"},
		{"list, escapes and Jinja inside", "{{- config(\n  pre_hook=['grant x', \"UNLOAD ('a') TO 's3://b/' IAM_ROLE '{{ var(\\\"r\\\") }}'\"],\n) -}}\nselect 1",
			"           \n            ;grant x;  ;UNLOAD ('a') TO 's3://b/' IAM_ROLE '{{ var( \"r\" ) }}';  \n     \nselect 1"},
		{"dict with sql", `{{ config(pre_hook={"sql": "vacuum", "transaction": False}) }}`,
			`                           ;vacuum;                           `},
		{"a macro call is skipped", `{{ config(post_hook=grant_select(this), pre_hook='analyze') }}`,
			`                                                 ;analyze;    `},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := ModelHooks([]byte(tc.src))
			if err != nil || v == nil {
				t.Fatalf("%v %v", v, err)
			}
			if got := string(v.SQL); got != tc.want {
				t.Errorf("view\n got %q\nwant %q", got, tc.want)
			}
		})
	}
	for _, src := range []string{"select 1", "{{ config(materialized='view') }} select 1", "{{ config(post_hook='x' }}", "{{ ref('a') }}"} {
		if v, err := ModelHooks([]byte(src)); v != nil || err != nil {
			t.Errorf("%q: %v %v", src, v, err)
		}
	}
}

func TestProjectHooks(t *testing.T) {
	src := "name: p\non-run-start:\n  - \"UNLOAD ('a') TO 's3://b/' IAM_ROLE '{{ var(\\\"r\\\") }}'\"\non-run-end: 'grant ''x'' to y'\nmodels:\n  p:\n    staging:\n      +post-hook:\n        - |\n          vacuum t\n        - sql: analyze\n          transaction: false\n"
	v, err := ProjectHooks("dbt_project.yml")([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "       \n             \n    ;UNLOAD ('a') TO 's3://b/' IAM_ROLE '{{ var( \"r\" ) }}';\n            ;grant  'x'  to y;\n       \n    \n            \n                 \n           \n          vacuum t\n;              analyze\n;                           \n"
	if got := string(v.SQL); got != want {
		t.Errorf("view\n got %q\nwant %q", got, want)
	}
	_, err = ProjectHooks("dbt_project.yml")([]byte("name: p\non-run-end: [\n"))
	var ie *projectvars.InputError
	if !errors.As(err, &ie) || ie.Line != 3 {
		t.Errorf("malformed: %v", err)
	}
}

func FuzzModelHooks(f *testing.F) {
	f.Add(`{{ config(post_hook=["a", 'b\'c', {"sql": "d"}], x=f(1, [2])) }} select 1`)
	f.Add("{{ config(pre_hook=\"x\\\"y\\\"\") }}")
	f.Fuzz(func(t *testing.T, src string) {
		v, err := ModelHooks([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if v != nil && (len(v.SQL) != len(src) || strings.Count(string(v.SQL), "\n") != strings.Count(src, "\n")) {
			t.Fatalf("view of %d bytes, %d lines, for %d bytes", len(v.SQL), strings.Count(string(v.SQL), "\n"), len(src))
		}
	})
}

func FuzzProjectHooks(f *testing.F) {
	f.Add("on-run-start: [\"a\\u00e9\\\"b\\\"\\x41\", 'c''d', e]\nmodels: {p: {+pre-hook: {sql: |\n  x\n}}}\n")
	f.Add("on-run-end: >\n  a\n  b\n\n  c\n")
	f.Fuzz(func(t *testing.T, src string) {
		v, err := ProjectHooks("dbt_project.yml")([]byte(src))
		if err != nil {
			var ie *projectvars.InputError
			if !errors.As(err, &ie) || ie.Line < 1 {
				t.Fatalf("%v", err)
			}
			return
		}
		if len(v.SQL) != len(src) || strings.Count(string(v.SQL), "\n") != strings.Count(src, "\n") {
			t.Fatalf("view of %d bytes for %d", len(v.SQL), len(src))
		}
	})
}
