package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestNearMissesAreBounded: a denial among many grants on chains that share
// its role examines at most nearMissScan of them, shows three and says
// there are more.
func TestNearMissesAreBounded(t *testing.T) {
	var b strings.Builder
	for i := range 3 * nearMissScan {
		fmt.Fprintf(&b, "GRANT ASSUMEROLE ON '%s,arn:aws:iam::123456789012:role/X%d' TO etl_user FOR COPY;\n", arnA, i)
	}
	tr := NewGrantTracker(true)
	for i, g := range grantsOf(t, b.String()) {
		tr.Apply(&g, &GrantSite{File: sqlparse.NewFile("g.sql", nil), Span: sqlparse.Span{Start: i}})
	}
	user := &AssumeRoleConfig{User: "etl_user"}
	_, notes := tr.State().denial(user, RoleTarget{Chain: arnA}, "COPY")
	if len(notes) != 5 || notes[4] != "and more grants on other chains" || !strings.Contains(notes[1], "does not cover this chain") {
		t.Errorf("notes %q", notes)
	}
}

// TestGrantReplayKeepsTheUsersGrantees: a replay for one user keeps the
// grants of its candidates only, so GRANT ... ON n chains TO n grantees
// keeps n entries per command, not n².
func TestGrantReplayKeepsTheUsersGrantees(t *testing.T) {
	const n = 200
	chains, grantees := make([]string, n), make([]string, n)
	for i := range n {
		chains[i], grantees[i] = fmt.Sprintf("'arn:aws:iam::123456789012:role/R%d'", i), fmt.Sprintf("u%d", i)
	}
	res := sqlparse.Parse(sqlparse.NewFile("g.sql", []byte("GRANT ASSUMEROLE ON "+strings.Join(chains, ",")+" TO "+strings.Join(grantees, ",")+" FOR COPY;")), sqlparse.Options{})
	r := ReplayGrants([]*sqlparse.Result{res}, AssumeRoleConfig{User: "u7"})
	st, _ := r.Before(res.File, 1)
	if got := len(st.log.grants.changes); got != n+len(redshift.AssumeRoleCommands) {
		t.Errorf("%d keys kept, want %d", got, n+len(redshift.AssumeRoleCommands))
	}
	if !st.Allows(&AssumeRoleConfig{User: "u7"}, RoleTarget{Chain: "arn:aws:iam::123456789012:role/R9"}, "COPY") {
		t.Error("u7 lost its grant")
	}
}
