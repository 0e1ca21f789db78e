package checks

import (
	"fmt"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestRejectedStatementsFailEveryReference: a statement Redshift refuses
// (conflicting clauses, a clause without a usable value, a quote that
// never closes) runs none of its clauses, so none of its references is ok
// and no chain of it is walked, even where the role itself would work.
// 'SESSION' is no role: no hop, verdict unknown with data.
func TestRejectedStatementsFailEveryReference(t *testing.T) {
	inv, err := load.Load([]string{"../testdata/world/iam"}, []string{"../testdata/world/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := inv.SelectCluster("")
	const role = "'arn:aws:iam::123456789012:role/RedshiftClusterRole'"
	src := "COPY t FROM 's3://b/p' IAM_ROLE " + role + ";\n" +
		"COPY t FROM 's3://b/p' IAM_ROLE " + role + " ACCESS_KEY_ID '${k}' SECRET_ACCESS_KEY '${s}';\n" +
		"COPY t FROM 's3://b/p' IAM_ROLE " + role + " MASTER_SYMMETRIC_KEY ENCRYPTED;\n" +
		"CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'db' IAM_ROLE 'SESSION' CATALOG_ROLE 'SESSION';\n" +
		"COPY t FROM 's3://b/p' IAM_ROLE " + role + " FORMAT CSV DELIMITER 'x\n"
	for _, world := range []*chain.World{nil, {Inventory: inv, Cluster: cl, DBUser: "etl_user"}} {
		res := CheckFile(sqlparse.Parse(sqlparse.NewFile("x.sql", []byte(src)), sqlparse.Options{}), &Config{Rules: RuleOptions{MaxChain: 10}, World: world})
		var got []string
		for _, r := range res.References {
			got = append(got, fmt.Sprintf("%d %s %s %s hops=%d", res.File.Position(r.Keyword.Start).Line, r.Clause, r.Verdict, r.Reason, len(r.Hops)))
		}
		first, session := "IAM_ROLE unchecked  hops=1", "unchecked  hops=0"
		if world != nil {
			first, session = "IAM_ROLE ok  hops=1", "unknown session-identity hops=0"
		}
		want := []string{
			"1 " + first,
			"2 IAM_ROLE fail conflicting-authorization hops=0",
			"2 ACCESS_KEY_ID fail conflicting-authorization hops=0",
			"2 SECRET_ACCESS_KEY fail conflicting-authorization hops=0",
			"3 IAM_ROLE fail syntax-error hops=0",
			"3 MASTER_SYMMETRIC_KEY fail syntax-error hops=0",
			"4 IAM_ROLE " + session,
			"4 CATALOG_ROLE " + session,
			"5 IAM_ROLE fail syntax-error hops=0",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("world %v:\n got %q\nwant %q", world != nil, got, want)
		}
	}
}
