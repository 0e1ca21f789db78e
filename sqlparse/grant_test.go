package sqlparse_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// at is the span of the n-th (0-based) occurrence of text in src.
func at(src, text string, n int) sp {
	off := 0
	for ; n > 0; n-- {
		off += strings.Index(src[off:], text) + len(text)
	}
	start := off + strings.Index(src[off:], text)
	return sp{start, start + len(text), text}
}

type grantee struct {
	kind sqlparse.GranteeKind
	name string
	at   sp
}

type grant struct {
	revoke   bool
	kw       sp
	target   sp // Grant.Span
	all, def bool
	chain    string
	roles    []string
	unres    bool
	grantees []grantee
	commands []string
}

const (
	grantChainsSrc = `GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B', 'arn:aws:iam::123456789012:role/C' TO etl, "Mixed""Q", ROLE loader, GROUP etl_group, PUBLIC FOR COPY, EXTERNAL FUNCTION;`
	revokeAllSrc   = "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;"
	defaultSrc     = "-- models\ngrant assumerole on default to ETL for create model, unload, copy, COPY"
	placeholderSrc = "GRANT ASSUMEROLE ON '${loader_role}' TO ${user} FOR UNLOAD;"
	unresolvedSrc  = "REVOKE ASSUMEROLE ON ${other} FROM u FOR COPY;"
	joinedSrc      = "GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A,'\n  'arn:aws:iam::123456789012:role/B' TO u FOR ALL;"
	secondStmtSrc  = "COPY t FROM 's3://b/p' IAM_ROLE default;\nREVOKE ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A' FROM GROUP g FOR COPY;"
)

var grantCases = []struct {
	name   string
	src    string
	vars   sqlparse.Vars
	stmt   int // statement index of every grant
	grants []grant
}{
	{name: "two chains, every kind of grantee", src: grantChainsSrc, grants: []grant{
		{
			kw: at(grantChainsSrc, "GRANT", 0), target: at(grantChainsSrc, "'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B'", 0),
			chain: "arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B",
			roles: []string{"arn:aws:iam::123456789012:role/A", "arn:aws:iam::210987654321:role/B"},
		},
		{kw: at(grantChainsSrc, "GRANT", 0), target: at(grantChainsSrc, "'arn:aws:iam::123456789012:role/C'", 0),
			chain: "arn:aws:iam::123456789012:role/C", roles: []string{"arn:aws:iam::123456789012:role/C"}},
	}},
	{name: "revoke on all from public", src: revokeAllSrc, grants: []grant{{
		revoke: true, kw: at(revokeAllSrc, "REVOKE", 0), target: at(revokeAllSrc, "ALL", 0), all: true,
		grantees: []grantee{{sqlparse.GranteePublic, "", at(revokeAllSrc, "PUBLIC", 0)}}, commands: []string{"ALL"},
	}}},
	{name: "default, lower case, no semicolon, repeated command", src: defaultSrc, grants: []grant{{
		kw: at(defaultSrc, "grant", 0), target: at(defaultSrc, "default", 0), def: true,
		grantees: []grantee{{sqlparse.GranteeUser, "etl", at(defaultSrc, "ETL", 0)}},
		commands: []string{"CREATE MODEL", "UNLOAD", "COPY"},
	}}},
	{name: "placeholders substituted", src: placeholderSrc, vars: sqlparse.Vars{"loader_role": "arn:aws:iam::123456789012:role/Loader", "user": "ETL_User"}, grants: []grant{{
		kw: at(placeholderSrc, "GRANT", 0), target: at(placeholderSrc, "'${loader_role}'", 0),
		chain: "arn:aws:iam::123456789012:role/Loader", roles: []string{"arn:aws:iam::123456789012:role/Loader"},
		grantees: []grantee{{sqlparse.GranteeUser, "etl_user", at(placeholderSrc, "${user}", 0)}}, commands: []string{"UNLOAD"},
	}}},
	{name: "unresolved placeholder chain", src: unresolvedSrc, grants: []grant{{
		revoke: true, kw: at(unresolvedSrc, "REVOKE", 0), target: at(unresolvedSrc, "${other}", 0),
		chain: "${other}", roles: []string{"${other}"}, unres: true,
		grantees: []grantee{{sqlparse.GranteeUser, "u", at(unresolvedSrc, "u ", 0)}}, commands: []string{"COPY"},
	}}},
	{name: "chain split across lines", src: joinedSrc, grants: []grant{{
		kw: at(joinedSrc, "GRANT", 0), target: sp{20, 92, joinedSrc[20:92]},
		chain:    "arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B",
		roles:    []string{"arn:aws:iam::123456789012:role/A", "arn:aws:iam::123456789012:role/B"},
		grantees: []grantee{{sqlparse.GranteeUser, "u", at(joinedSrc, "u ", 0)}}, commands: []string{"ALL"},
	}}},
	{name: "second statement, group", src: secondStmtSrc, stmt: 1, grants: []grant{{
		revoke: true, kw: at(secondStmtSrc, "REVOKE", 0), target: at(secondStmtSrc, "'arn:aws:iam::123456789012:role/A'", 0),
		chain: "arn:aws:iam::123456789012:role/A", roles: []string{"arn:aws:iam::123456789012:role/A"},
		grantees: []grantee{{sqlparse.GranteeGroup, "g", at(secondStmtSrc, "GROUP g", 0)}}, commands: []string{"COPY"},
	}}},
}

func init() {
	// The grantees and commands of the first case are shared by both its grants.
	gs := []grantee{
		{sqlparse.GranteeUser, "etl", at(grantChainsSrc, "etl", 0)},
		{sqlparse.GranteeUser, `Mixed"Q`, at(grantChainsSrc, `"Mixed""Q"`, 0)},
		{sqlparse.GranteeRole, "loader", at(grantChainsSrc, "ROLE loader", 0)},
		{sqlparse.GranteeGroup, "etl_group", at(grantChainsSrc, "GROUP etl_group", 0)},
		{sqlparse.GranteePublic, "", at(grantChainsSrc, "PUBLIC", 0)},
	}
	for i := range grantCases[0].grants {
		grantCases[0].grants[i].grantees = gs
		grantCases[0].grants[i].commands = []string{"COPY", "EXTERNAL FUNCTION"}
	}
}

func TestGrants(t *testing.T) {
	for _, tc := range grantCases {
		t.Run(tc.name, func(t *testing.T) {
			res := parse(tc.src, tc.vars)
			if len(res.Diagnostics) != 0 {
				t.Fatalf("diagnostics %+v", res.Diagnostics)
			}
			if len(res.References) > 1 || (len(res.References) == 1 && res.References[0].Statement == tc.stmt) {
				t.Errorf("a grant became a reference: %+v", res.References)
			}
			if len(res.Grants) != len(tc.grants) {
				t.Fatalf("got %d grants %+v, want %d", len(res.Grants), res.Grants, len(tc.grants))
			}
			for i, w := range tc.grants {
				g := res.Grants[i]
				if g.Statement != tc.stmt || g.Revoke != w.revoke || g.All != w.all || g.Default != w.def ||
					g.Chain != w.chain || g.Unresolved != w.unres || strings.Join(g.Roles, "|") != strings.Join(w.roles, "|") ||
					fmt.Sprint(g.Commands) != fmt.Sprint(w.commands) {
					t.Errorf("grant %d: got %+v, want %+v", i, g, w)
				}
				checkSp(t, "keyword", tc.src, g.Keyword, w.kw)
				checkSp(t, "target", tc.src, g.Span, w.target)
				if len(g.Grantees) != len(w.grantees) {
					t.Fatalf("grant %d: grantees %+v, want %+v", i, g.Grantees, w.grantees)
				}
				for k, wg := range w.grantees {
					if g.Grantees[k].Kind != wg.kind || g.Grantees[k].Name != wg.name {
						t.Errorf("grant %d grantee %d: got %+v, want %+v", i, k, g.Grantees[k], wg)
					}
					want := wg.at
					if strings.HasSuffix(want.text, " ") { // "u ": a one-letter name, found with its space
						want = sp{want.start, want.end - 1, want.text[:len(want.text)-1]}
					}
					checkSp(t, "grantee", tc.src, g.Grantees[k].Span, want)
				}
			}
		})
	}
}

func TestMalformedGrants(t *testing.T) {
	for _, tc := range []struct{ src, at, msg string }{
		{"GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A' TO u;", ";", "needs FOR"},
		{"GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A' TO u", "", "needs FOR"},
		{"GRANT ASSUMEROLE 'arn:aws:iam::123456789012:role/A' TO u FOR COPY;", "'arn:aws:iam::123456789012:role/A'", "needs ON"},
		{"GRANT ASSUMEROLE ON t TO u FOR COPY;", "t", "quoted role chain"},
		{"GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A' FROM u FOR COPY;", "FROM", "needs TO"},
		{"REVOKE ASSUMEROLE ON ALL TO PUBLIC FOR ALL;", "TO", "needs FROM"},
		{"GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A' TO u FOR SELECT;", "SELECT", "FOR takes"},
		{"GRANT ASSUMEROLE ON ALL, 'arn:aws:iam::123456789012:role/A' TO u FOR COPY;", "ALL", "cannot be listed"},
		{"GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A' TO u FOR COPY WITH GRANT OPTION;", "WITH", "unexpected"},
		{"GRANT ASSUMEROLE ON ‘arn:aws:iam::123456789012:role/A’ TO u FOR COPY;", "‘arn:aws:iam::123456789012:role/A’", "typographic"},
		{"GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/A' TO , FOR COPY;", ",", "needs a user"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			res := parse(tc.src, nil)
			if len(res.Grants) != 0 || len(res.References) != 0 {
				t.Errorf("grants %+v, references %+v, want none", res.Grants, res.References)
			}
			if len(res.Diagnostics) != 1 {
				t.Fatalf("diagnostics %+v, want one", res.Diagnostics)
			}
			d := res.Diagnostics[0]
			want := sp{len(tc.src), len(tc.src), ""}
			if tc.at != "" {
				want = at(tc.src, tc.at, 0)
			}
			checkSp(t, "diagnostic", tc.src, d.Span, want)
			if d.Kind != sqlparse.DiagSyntax || d.Reference != -1 || !strings.Contains(d.Message, tc.msg) {
				t.Errorf("diagnostic %+v, want a syntax error containing %q", d, tc.msg)
			}
		})
	}
}

func TestNotGrants(t *testing.T) {
	for _, src := range []string{
		"GRANT USAGE ON SCHEMA s TO IAM_ROLE 'arn:aws:iam::123456789012:role/Analyst';",
		"GRANT SELECT ON t TO assumerole;",
		"-- GRANT ASSUMEROLE ON ALL TO PUBLIC FOR ALL;\nSELECT 1;",
		"CREATE PROCEDURE p() AS $$ REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL; $$ LANGUAGE plpgsql;",
	} {
		if res := parse(src, nil); len(res.Grants) != 0 || len(res.Diagnostics) != 0 {
			t.Errorf("%s: grants %+v, diagnostics %+v, want none", src, res.Grants, res.Diagnostics)
		}
	}
}
