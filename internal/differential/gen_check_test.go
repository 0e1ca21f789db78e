package differential

import (
	"encoding/json"
	"testing"
)

// TestCasesAreStable: divergences.json names cases, so the generator must
// give the same cases, under unique names, on every run, with or without
// the oracle installed.
func TestCasesAreStable(t *testing.T) {
	a, b := generate(casesPerClass), generate(casesPerClass)
	if len(a) != len(b) {
		t.Fatalf("%d cases, then %d", len(a), len(b))
	}
	seen := map[string]bool{}
	for i := range a {
		if a[i].Name != b[i].Name || mustJSON(a[i].Oracle) != mustJSON(b[i].Oracle) || !sameFiles(a[i].Files, b[i].Files) {
			t.Fatalf("case %d differs between two runs: %s / %s", i, a[i].Name, b[i].Name)
		}
		if seen[a[i].Name] {
			t.Fatalf("two cases named %s", a[i].Name)
		}
		seen[a[i].Name] = true
		if len(a[i].Oracle.Worlds) == 0 || len(a[i].Oracle.Worlds) > 400 {
			t.Errorf("%s: %d worlds", a[i].Name, len(a[i].Oracle.Worlds))
		}
	}
}

func sameFiles(x, y map[string]string) bool {
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		if y[k] != v {
			return false
		}
	}
	return true
}

// TestOracleVerdict is the three-valued reading of the worlds.
func TestOracleVerdict(t *testing.T) {
	for _, tt := range []struct {
		results []string
		want    string
	}{
		{[]string{"Allowed", "Allowed"}, "ok"},
		{[]string{"ImplicitlyDenied", "ExplicitlyDenied"}, "fail"},
		{[]string{"Allowed", "ExplicitlyDenied"}, "unknown"},
		{[]string{"Allowed", `error: {"message":"policy.errors"}`}, "invalid"},
	} {
		if got := oracleVerdict(tt.results); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.results, got, tt.want)
		}
	}
}

// TestWorldsEnumerateOpenKeys: an open key a condition names gets its
// absence, its samples and the named value as worlds; a fixed key one value.
func TestWorldsEnumerateOpenKeys(t *testing.T) {
	b := newBuilder(nil, classChained, sessionKeys)
	b.used = []string{"aws:PrincipalOrgID"}
	b.named["aws:PrincipalOrgID"] = []string{"o-*"}
	ws := b.worlds(world{Principal: "p", Resource: "r", Account: acct}, []dimension{sessionDimension(true)})
	orgs := map[string]bool{}
	for _, w := range ws {
		if w.Context["aws:PrincipalArn"] != roleA {
			t.Fatalf("fixed key missing: %v", w.Context)
		}
		v, _ := json.Marshal(w.Context["aws:PrincipalOrgID"])
		orgs[string(v)] = true
	}
	for _, want := range []string{"null", `"o-abc123"`, `"o-*"`, `"o-x"`, `"zz-none"`} {
		if !orgs[want] {
			t.Errorf("no world with aws:PrincipalOrgID %s: %v", want, orgs)
		}
	}
	if len(ws) != 2*len(orgs) {
		t.Errorf("%d worlds, want the product 2 × %d", len(ws), len(orgs))
	}
}
