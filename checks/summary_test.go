package checks

import (
	"fmt"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestSummaryOutcomes: every reference counts once, as ok, fail, unknown
// or not checked with its cause; a placeholder without a value is the
// cause whether or not data was given, and a failure wins over both.
func TestSummaryOutcomes(t *testing.T) {
	inv, err := load.Load([]string{"../testdata/world/iam"}, []string{"../testdata/world/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := inv.SelectCluster("")
	world := &chain.World{Inventory: inv, Cluster: cl, DBUser: "etl_user"}
	const (
		works   = "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftClusterRole';\n"
		reads   = "COPY t FROM 's3://partner-exports/load/venue_0000_part_00' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftClusterRole,arn:aws:iam::210987654321:role/PartnerS3ReadRole';\n"
		missing = "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Missing';\n"
		session = "CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'db' IAM_ROLE 'SESSION';\n"
		holder  = "COPY t FROM 's3://b/p' IAM_ROLE '${role}';\n"
		after   = "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftClusterRole,${next}';\n"
		broken  = "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, B';\n"
		keys    = "COPY t FROM 's3://b/p' ACCESS_KEY_ID '${k}' SECRET_ACCESS_KEY '${s}';\n"
	)
	for _, c := range []struct {
		name  string
		src   string
		world *chain.World
		want  string
	}{
		{"nothing", "SELECT 1;\n", nil, "ok=0 fail=0 unknown=0 not=map[]"},
		{"no data", works + missing, nil, "ok=0 fail=0 unknown=0 not=map[no_data:2]"},
		{"placeholders without data", holder + after + works, nil, "ok=0 fail=0 unknown=0 not=map[no_data:1 unresolved_placeholder:2]"},
		{"syntax fails without data", broken + holder, nil, "ok=0 fail=1 unknown=0 not=map[unresolved_placeholder:1]"},
		{"data", reads + missing + session, world, "ok=1 fail=1 unknown=1 not=map[]"},
		{"placeholders with data", holder + after, world, "ok=0 fail=0 unknown=0 not=map[unresolved_placeholder:2]"},
		{"key placeholders", keys, nil, "ok=0 fail=0 unknown=0 not=map[unresolved_placeholder:2]"},
		{"keys with data", "COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'x';\n", world,
			"ok=0 fail=2 unknown=0 not=map[]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fr := CheckFile(sqlparse.Parse(sqlparse.NewFile("x.sql", []byte(c.src)), sqlparse.Options{}),
				&Config{Rules: RuleOptions{MaxChain: 10}, World: c.world})
			s := collect([]*FileResult{fr}).Summary
			got := fmt.Sprintf("ok=%d fail=%d unknown=%d not=%v", s.OK, s.Fail, s.Unknown, s.NotChecked)
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			if n := s.OK + s.Fail + s.Unknown + s.NotCheckedRefs(); n != s.References {
				t.Errorf("outcomes add up to %d, want the %d references", n, s.References)
			}
		})
	}
}

// TestSummaryOperation: a working chain whose last role may not do the
// operation counts as fail; an operation the data cannot decide, unknown.
func TestSummaryOperation(t *testing.T) {
	var s Summary
	for _, r := range []*Reference{
		{Verdict: VerdictOK, Operation: &Operation{Verdict: VerdictOK}},
		{Verdict: VerdictOK, Operation: &Operation{Verdict: VerdictFail}},
		{Verdict: VerdictOK, Operation: &Operation{Verdict: VerdictUnknown}},
		{Verdict: VerdictFail, Operation: &Operation{Verdict: VerdictOK}},
		{Verdict: VerdictUnknown, Operation: &Operation{Verdict: VerdictFail}},
		{Verdict: VerdictOK},
	} {
		s.outcome(r)
	}
	if s.OK != 2 || s.Fail != 2 || s.Unknown != 2 {
		t.Errorf("ok=%d fail=%d unknown=%d, want 2 2 2", s.OK, s.Fail, s.Unknown)
	}
}

// TestSummaryUnchecked: dynamic SQL is not checked, though it is no
// reference.
func TestSummaryUnchecked(t *testing.T) {
	s := Summary{NotChecked: map[Cause]int{CausePlaceholder: 2, CauseNoData: 1}, DynamicSQL: 3}
	if got := s.NotCheckedRefs(); got != 3 {
		t.Errorf("NotCheckedRefs = %d, want 3", got)
	}
	if got := s.Unchecked(); got != 6 {
		t.Errorf("Unchecked = %d, want 6", got)
	}
	files := []*FileResult{{File: sqlparse.NewFile("a.sql", nil), DynamicSQL: 2}, {File: sqlparse.NewFile("b.sql", nil), DynamicSQL: 1}}
	if got := collect(files).Summary.DynamicSQL; got != 3 {
		t.Errorf("collect counts %d dynamic SQL statements, want 3", got)
	}
}
