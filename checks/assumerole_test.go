package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

func TestRunOrder(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"versions compare numerically part by part",
			[]string{"db/V10__ten.sql", "db/V2__two.sql", "db/V1.1__one_one.sql", "db/V1__one.sql", "db/V1_2__one_two.sql", "db/V1.10__one_ten.sql"},
			[]string{"db/V1__one.sql", "db/V1.1__one_one.sql", "db/V1_2__one_two.sql", "db/V1.10__one_ten.sql", "db/V2__two.sql", "db/V10__ten.sql"}},
		{"leading zeros and trailing zero parts",
			[]string{"V002__b.sql", "V1.0.1__a.sql", "V1__x.sql", "V0010__c.sql"},
			[]string{"V1__x.sql", "V1.0.1__a.sql", "V002__b.sql", "V0010__c.sql"}},
		{"repeatable after versioned, by description; undo left out",
			[]string{"R__views.sql", "U2__undo.sql", "V2__b.sql", "R__a_grants.sql", "V1__a.sql"},
			[]string{"V1__a.sql", "V2__b.sql", "R__a_grants.sql", "R__views.sql"}},
		{"directories do not change the version order",
			[]string{"b/V1__x.sql", "a/V2__y.sql"},
			[]string{"b/V1__x.sql", "a/V2__y.sql"}},
		{"non-Flyway names by path",
			[]string{"migrations/002_grants.sql", "migrations/010_load.sql", "migrations/001_init.sql", "a.sql"},
			[]string{"a.sql", "migrations/001_init.sql", "migrations/002_grants.sql", "migrations/010_load.sql"}},
		{"non-Flyway names after Flyway ones; lower-case v is not Flyway",
			[]string{"seed.sql", "v1__x.sql", "V3__z.sql", "<stdin>"},
			[]string{"V3__z.sql", "<stdin>", "seed.sql", "v1__x.sql"}},
		{"equal versions keep path order",
			[]string{"b/V1__x.sql", "a/V1.0__y.sql"},
			[]string{"a/V1.0__y.sql", "b/V1__x.sql"}},
		{"huge versions do not overflow",
			[]string{"V99999999999999999999999__b.sql", "V100000000000000000000000__c.sql", "V9__a.sql"},
			[]string{"V9__a.sql", "V99999999999999999999999__b.sql", "V100000000000000000000000__c.sql"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, i := range RunOrder(tc.files) {
				got = append(got, tc.files[i])
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

// grantsOf parses GRANT/REVOKE statements.
func grantsOf(t *testing.T, sql string) []sqlparse.Grant {
	t.Helper()
	res := sqlparse.Parse(sqlparse.NewFile("g.sql", []byte(sql)), sqlparse.Options{})
	if len(res.Diagnostics) > 0 {
		t.Fatalf("%s: %+v", sql, res.Diagnostics)
	}
	return res.Grants
}

const (
	arnA    = "arn:aws:iam::123456789012:role/A"
	arnB    = "arn:aws:iam::210987654321:role/B"
	chainAB = arnA + "," + arnB
)

func TestGrantTracker(t *testing.T) {
	user := &AssumeRoleConfig{User: "etl_user", Groups: []string{"Loaders"}, Roles: []string{"etl_role"}}
	chain := func(c string) RoleTarget { return RoleTarget{Chain: c} }
	def := RoleTarget{Default: true}
	type check struct {
		who    *AssumeRoleConfig
		target RoleTarget
		cmd    redshift.AssumeRoleCommand
		want   bool
	}
	for _, tc := range []struct {
		name       string
		restricted bool
		sql        string
		checks     []check
	}{
		{"unrestricted: every role, every command", false, "", []check{
			{user, chain(arnA), "COPY", true}, {user, def, "CREATE MODEL", true}, {user, chain(chainAB), "UNLOAD", true},
		}},
		{"revoke from PUBLIC restricts", false, "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;", []check{
			{user, chain(arnA), "COPY", false}, {user, def, "UNLOAD", false},
		}},
		{"revoke from PUBLIC for one command restricts that command", false, "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR COPY;", []check{
			{user, chain(arnA), "COPY", false}, {user, chain(arnA), "UNLOAD", true},
		}},
		{"revoking one chain from PUBLIC keeps the others", false, "REVOKE ASSUMEROLE ON '" + arnA + "' FROM PUBLIC FOR ALL;", []check{
			{user, chain(arnA), "COPY", false}, {user, chain(arnB), "COPY", true}, {user, def, "COPY", true},
		}},
		{"config restricts", true, "", []check{{user, chain(arnA), "COPY", false}}},
		{"superuser bypasses", true, "", []check{{&AssumeRoleConfig{User: "admin", Superuser: true}, chain(arnA), "COPY", true}}},
		{"grant to the user for one command", true, "GRANT ASSUMEROLE ON '" + arnA + "' TO etl_user FOR COPY;", []check{
			{user, chain(arnA), "COPY", true}, {user, chain(arnA), "UNLOAD", false}, {user, chain(arnB), "COPY", false},
			{&AssumeRoleConfig{User: "other"}, chain(arnA), "COPY", false},
		}},
		{"user names fold unless quoted", true, "GRANT ASSUMEROLE ON '" + arnA + "' TO ETL_USER, \"Quoted\" FOR COPY;", []check{
			{&AssumeRoleConfig{User: "ETL_User"}, chain(arnA), "COPY", true},
			{&AssumeRoleConfig{User: "Quoted"}, chain(arnA), "COPY", true},
			{&AssumeRoleConfig{User: "quoted"}, chain(arnA), "COPY", false},
		}},
		{"grant to a group of the user", true, "GRANT ASSUMEROLE ON '" + arnA + "' TO GROUP loaders FOR UNLOAD;", []check{
			{user, chain(arnA), "UNLOAD", true}, {&AssumeRoleConfig{User: "x"}, chain(arnA), "UNLOAD", false},
		}},
		{"grant to a role of the user", true, "GRANT ASSUMEROLE ON '" + arnA + "' TO ROLE etl_role FOR EXTERNAL FUNCTION;", []check{
			{user, chain(arnA), "EXTERNAL FUNCTION", true}, {&AssumeRoleConfig{User: "etl_role"}, chain(arnA), "EXTERNAL FUNCTION", false},
		}},
		{"grant to PUBLIC", true, "GRANT ASSUMEROLE ON '" + arnA + "' TO PUBLIC FOR CREATE MODEL;", []check{
			{user, chain(arnA), "CREATE MODEL", true}, {&AssumeRoleConfig{User: "anyone"}, chain(arnA), "CREATE MODEL", true},
		}},
		{"a chain grant is used whole", true, "GRANT ASSUMEROLE ON '" + chainAB + "' TO etl_user FOR ALL;", []check{
			{user, chain(chainAB), "COPY", true}, {user, chain(arnA), "COPY", false}, {user, chain(arnB), "COPY", false},
			{user, chain(arnB + "," + arnA), "COPY", false},
		}},
		{"several chains in ON", true, "GRANT ASSUMEROLE ON '" + arnA + "', '" + arnB + "' TO etl_user FOR COPY;", []check{
			{user, chain(arnA), "COPY", true}, {user, chain(arnB), "COPY", true}, {user, chain(chainAB), "COPY", false},
		}},
		{"FOR ALL covers every command", true, "GRANT ASSUMEROLE ON '" + arnA + "' TO etl_user FOR ALL;", []check{
			{user, chain(arnA), "COPY", true}, {user, chain(arnA), "UNLOAD", true},
			{user, chain(arnA), "EXTERNAL FUNCTION", true}, {user, chain(arnA), "CREATE MODEL", true},
		}},
		{"ON ALL covers every chain and default", true, "GRANT ASSUMEROLE ON ALL TO etl_user FOR UNLOAD;", []check{
			{user, chain(arnA), "UNLOAD", true}, {user, chain(chainAB), "UNLOAD", true}, {user, def, "UNLOAD", true},
			{user, def, "COPY", false},
		}},
		{"ON default covers default only", true, "GRANT ASSUMEROLE ON default TO etl_user FOR COPY;", []check{
			{user, def, "COPY", true}, {user, chain(arnA), "COPY", false}, {user, chain("default"), "COPY", false},
		}},
		{"revoke after grant", true, "GRANT ASSUMEROLE ON '" + arnA + "' TO etl_user FOR ALL;\nREVOKE ASSUMEROLE ON '" + arnA + "' FROM etl_user FOR UNLOAD;", []check{
			{user, chain(arnA), "COPY", true}, {user, chain(arnA), "UNLOAD", false},
		}},
		{"revoke one chain from an ON ALL grant", true, "GRANT ASSUMEROLE ON ALL TO etl_user FOR COPY;\nREVOKE ASSUMEROLE ON '" + arnA + "' FROM etl_user FOR COPY;", []check{
			{user, chain(arnA), "COPY", false}, {user, chain(arnB), "COPY", true},
		}},
		{"ON ALL granted again covers the revoked chain", true, "GRANT ASSUMEROLE ON ALL TO etl_user FOR COPY;\nREVOKE ASSUMEROLE ON '" + arnA + "' FROM etl_user FOR COPY;\nGRANT ASSUMEROLE ON ALL TO etl_user FOR COPY;", []check{
			{user, chain(arnA), "COPY", true},
		}},
		{"revoke ON ALL drops chain grants", true, "GRANT ASSUMEROLE ON '" + arnA + "' TO etl_user FOR COPY;\nREVOKE ASSUMEROLE ON ALL FROM etl_user FOR ALL;", []check{
			{user, chain(arnA), "COPY", false},
		}},
		{"grant before the revoke from PUBLIC survives it", false, "GRANT ASSUMEROLE ON '" + arnA + "' TO etl_user FOR COPY;\nREVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;", []check{
			{user, chain(arnA), "COPY", true}, {user, chain(arnB), "COPY", false},
		}},
		{"grant ON ALL to PUBLIC lifts the restriction", true, "GRANT ASSUMEROLE ON ALL TO PUBLIC FOR ALL;", []check{
			{user, chain(arnA), "COPY", true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := NewGrantTracker(tc.restricted)
			before := tr.State()
			for i, g := range grantsOf(t, tc.sql) {
				tr.Apply(&g, &GrantSite{Span: sqlparse.Span{Start: i}})
			}
			st := tr.State()
			for _, c := range tc.checks {
				if got := st.Allows(c.who, c.target, c.cmd); got != c.want {
					t.Errorf("%s on %s for %s: allowed %v, want %v", c.who.User, c.target, c.cmd, got, c.want)
				}
			}
			// States handed out never change.
			if fresh := NewGrantTracker(tc.restricted).State(); fmt.Sprint(before.Allows(user, chain(arnA), "COPY")) != fmt.Sprint(fresh.Allows(user, chain(arnA), "COPY")) {
				t.Error("Apply changed a state handed out before")
			}
		})
	}
}

// TestReplayGrants: files replay in run order, and each statement sees the
// state before it.
func TestReplayGrants(t *testing.T) {
	mk := func(name, sql string) *sqlparse.Result {
		return sqlparse.Parse(sqlparse.NewFile(name, []byte(sql)), sqlparse.Options{})
	}
	load := mk("db/V3__load.sql", "COPY t FROM 's3://b/p' IAM_ROLE '"+arnA+"';\nREVOKE ASSUMEROLE ON '"+arnA+"' FROM etl_user FOR COPY;\nCOPY t FROM 's3://b/p' IAM_ROLE '"+arnA+"';")
	files := []*sqlparse.Result{
		load,
		mk("db/V10__late.sql", "GRANT ASSUMEROLE ON ALL TO etl_user FOR ALL;"),
		mk("db/V1__init.sql", "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;"),
		mk("db/V2__grant.sql", "SELECT 1;\nGRANT ASSUMEROLE ON '"+arnA+"' TO etl_user FOR COPY;\nSELECT 2;"),
		mk("db/U2__undo.sql", "GRANT ASSUMEROLE ON ALL TO PUBLIC FOR ALL;"),
	}
	user := AssumeRoleConfig{User: "etl_user"}
	if ReplayGrants(files, AssumeRoleConfig{}) != nil || ReplayGrants(files, AssumeRoleConfig{User: "u", Superuser: true}) != nil {
		t.Error("a replay without a user to check, or for a superuser")
	}
	r := ReplayGrants(files, user)
	allowed := func(f *sqlparse.Result, stmt int) string {
		st, ok := r.Before(f.File, stmt)
		if !ok {
			return "not in run"
		}
		return fmt.Sprint(st.Allows(&user, RoleTarget{Chain: arnA}, "COPY"))
	}
	for _, tc := range []struct {
		f    *sqlparse.Result
		stmt int
		want string
	}{
		{files[2], 0, "true"},  // V1 before its revoke
		{files[3], 0, "false"}, // V2 before its grant: V1 ran
		{files[3], 1, "false"},
		{files[3], 2, "true"},
		{load, 0, "true"}, // V3 after V2's grant
		{load, 1, "true"},
		{load, 2, "false"}, // after its own revoke
		{files[1], 0, "false"},
		{files[4], 0, "not in run"},
	} {
		if got := allowed(tc.f, tc.stmt); got != tc.want {
			t.Errorf("%s statement %d: %s, want %s", tc.f.File.Name, tc.stmt, got, tc.want)
		}
	}
	st, _ := r.Before(load.File, 2)
	if restricted, site := st.Restricted("COPY"); !restricted || site.String() != "db/V1__init.sql:1" {
		t.Errorf("restricted %v at %s, want db/V1__init.sql:1", restricted, site)
	}
}
