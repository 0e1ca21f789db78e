package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// privilegeWorld loads testdata/privilege: a get-account-authorization-details
// export and describe-clusters output of one account.
func privilegeWorld(t *testing.T) *chain.World {
	t.Helper()
	dir := filepath.Join("testdata", "privilege")
	inv, err := load.Load([]string{filepath.Join(dir, "iam.json")}, []string{filepath.Join(dir, "describe-clusters.json")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := inv.SelectCluster("")
	if err != nil {
		t.Fatal(err)
	}
	return &chain.World{Inventory: inv, Cluster: c, DBUser: "etl_user"}
}

func checkPrivilege(t *testing.T, name string, src []byte, cfg *Config) *FileResult {
	t.Helper()
	if cfg == nil {
		cfg = &Config{Rules: RuleOptions{MaxChain: 10}}
	}
	if cfg.World == nil {
		cfg.World = privilegeWorld(t)
	}
	res := CheckFile(sqlparse.Parse(sqlparse.NewFile(name, src), sqlparse.Options{}), cfg)
	res.Findings = privilegeAndHopFindings(res.Findings)
	return res
}

// privilegeAndHopFindings keeps the findings of these rules and of the hop
// rules, so that rules about other matters (what the last role may do on
// the statement's target, say) do not need wants in these tests.
func privilegeAndHopFindings(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if r := Lookup(f.Rule); r.Advisory || r.Run != nil && r.Reason != chain.NoReason && r.ID != PermissionMissing {
			out = append(out, f)
		}
	}
	return out
}

// TestPrivilegeRules runs testdata/privilege/privilege.sql, whose want
// comments list every finding, positive and negative cases alike.
func TestPrivilegeRules(t *testing.T) {
	path := filepath.Join("testdata", "privilege", "privilege.sql")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := checkPrivilege(t, path, src, nil)
	matchWants(t, res, parseWants(t, res.File))
}

// TestPrivilegeFindingDetails pins the position, notes and help of each rule.
func TestPrivilegeFindingDetails(t *testing.T) {
	const chainAny = "arn:aws:iam::123456789012:role/ChainAnyRole"
	const target = "arn:aws:iam::123456789012:role/TargetRole"
	sql := "COPY t FROM 's3://b' IAM_ROLE '" + chainAny + "," + target + "';\n"
	res := checkPrivilege(t, "x.sql", []byte(sql), nil)
	src := filepath.Join("testdata", "privilege", "iam.json")
	want := []struct {
		rule                RuleID
		element, note, help string
		sev                 Severity
	}{
		{AssumeRoleAny, chainAny,
			`granted by inline policy Chaining of role/ChainAnyRole "AssumeAnything" (` + src + `:167: RoleDetailList[3].RolePolicyList[0].PolicyDocument)`,
			`e.g. "` + target + `"`, Warning},
		{TrustNoExternalID, chainAny,
			`allowed by trust policy of role/ChainAnyRole Statement[0] (` + src + `:151: RoleDetailList[3].AssumeRolePolicyDocument)`,
			`"Condition": {"StringEquals": {"sts:ExternalId": ["arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-cluster/etl_user"]}}`, Info},
		{BroadIdentityPolicy, target,
			`granted by inline policy Load of role/TargetRole Statement[0] (` + src + `:299: RoleDetailList[5].RolePolicyList[0].PolicyDocument)`,
			"grant only the actions", Warning},
	}
	if len(res.Findings) != len(want) {
		for _, f := range res.Findings {
			t.Logf("%s: %s %v", f.Rule, f.Message, f.Notes)
		}
		t.Fatalf("got %d findings, want %d", len(res.Findings), len(want))
	}
	for _, w := range want {
		var f *Finding
		for i := range res.Findings {
			if res.Findings[i].Rule == w.rule {
				f = &res.Findings[i]
			}
		}
		if f == nil {
			t.Errorf("no %s finding", w.rule)
			continue
		}
		if got := sql[f.Span.Start:f.Span.End]; got != w.element {
			t.Errorf("%s points at %q, want %q", w.rule, got, w.element)
		}
		if len(f.Notes) != 1 || f.Notes[0] != w.note {
			t.Errorf("%s notes = %q, want [%q]", w.rule, f.Notes, w.note)
		}
		if !strings.Contains(f.Help, w.help) {
			t.Errorf("%s help = %q, want it to contain %q", w.rule, f.Help, w.help)
		}
		if f.Severity != w.sev || f.Reference != 0 {
			t.Errorf("%s: severity %v reference %d", w.rule, f.Severity, f.Reference)
		}
	}
	if v := res.References[0].Verdict; v != VerdictOK {
		t.Errorf("advisories changed the verdict to %s", v)
	}
}

// TestPrivilegeConfig: the rules obey --disable and --severity, and say
// nothing without IAM data.
func TestPrivilegeConfig(t *testing.T) {
	sql := []byte("COPY t FROM 's3://b' IAM_ROLE 'arn:aws:iam::123456789012:role/AdminRole';\n")
	res := checkPrivilege(t, "x.sql", sql, &Config{Rules: RuleOptions{MaxChain: 10,
		Disable:  []RuleID{AssumeRoleAny},
		Severity: map[RuleID]Severity{TrustNoExternalID: Error}}})
	got := map[RuleID]Severity{}
	for _, f := range res.Findings {
		got[f.Rule] = f.Severity
	}
	if len(got) != 2 || got[BroadIdentityPolicy] != Warning || got[TrustNoExternalID] != Error {
		t.Errorf("findings %v, want broad-identity-policy warning and trust-no-external-id error", got)
	}
	if res.References[0].Verdict != VerdictOK {
		t.Errorf("verdict %s, want ok: advisories never decide a verdict", res.References[0].Verdict)
	}

	noData := CheckFile(sqlparse.Parse(sqlparse.NewFile("x.sql", sql), sqlparse.Options{}), &Config{Rules: RuleOptions{MaxChain: 10}})
	if len(noData.Findings) != 0 {
		t.Errorf("without IAM data: %d findings", len(noData.Findings))
	}
}
