package checks

import (
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

func init() {
	register(&Rule{ID: "assumerole-not-granted", Severity: Error, Run: runAssumeRoleNotGranted,
		Title: "the database user has no ASSUMEROLE grant on the chain for the command",
		Doc: `Reports a COPY, UNLOAD, CREATE EXTERNAL FUNCTION or CREATE MODEL whose role
chain the database user may not use. By default every user may use every
role associated with the cluster; once a superuser runs

    REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;

a user needs GRANT ASSUMEROLE ON '<chain>' (or ON default, or ON ALL) TO the
user, a group it is in, a role it holds, or PUBLIC, FOR the command (or FOR
ALL). A grant on a chain covers exactly that chain: 'A,B' granted does not
allow 'A' alone. Redshift then refuses the statement: User <u> does not
have ASSUMEROLE permission on IAM role "<arn>" for COPY.

The GRANT and REVOKE ASSUMEROLE statements of all checked files are replayed
in run order (Flyway versions V1 < V1.1 < V2 < V10, then R__ repeatable
migrations, then other files by path; U__ undo migrations are skipped), so
each statement sees the grants of earlier files and earlier statements.
When the revoke ran before these migrations, say so in the configuration:
[assumerole] restricted = true. The user's groups and roles come from
[assumerole] groups and roles; superuser = true turns the check off.

Only checked with --db-user (or db_user): without it nothing is reported.
CREATE LIBRARY and CREATE EXTERNAL SCHEMA are not governed (the FOR list
cannot name them); a chain holding a placeholder without a value is not
checked.

Fix: GRANT ASSUMEROLE ON '<chain>' TO <user> FOR COPY; (as a superuser,
in an earlier migration).`})
}

func runAssumeRoleNotGranted(p *Pass) {
	cfg := &p.Config.AssumeRole
	if !cfg.checks() {
		return
	}
	replay := p.Config.Grants
	if replay == nil { // checked alone: the file's own grants are all there is
		replay = ReplayGrants([]*sqlparse.Result{p.Parsed}, *cfg)
	}
	for _, ri := range p.Refs {
		cmd := ri.Statement.Kind.Info().AssumeRole
		target, span, ok := assumeRoleTarget(ri)
		if cmd == "" || !ok {
			continue
		}
		state, inRun := replay.Before(p.File, ri.Ref.Statement)
		if !inRun || state.Allows(cfg, target, cmd) {
			continue
		}
		what := "this chain"
		if target.Default {
			what = "the default role"
		}
		reason, notes := state.denial(cfg, target, cmd)
		p.ReportNotes(ri.Index, span,
			fmt.Sprintf("%s has no ASSUMEROLE grant on %s for %s (%s)", cfg.User, what, cmd, reason),
			fmt.Sprintf("a superuser must run GRANT ASSUMEROLE ON %s TO %s FOR %s; before this statement", target, cfg.User, cmd),
			notes)
	}
}

// assumeRoleTarget is what a reference asks ASSUMEROLE for, and where its
// value is; ok is false when there is nothing decidable to check: no role,
// a chain Redshift rejects anyway, or a placeholder with no value.
func assumeRoleTarget(ri *RefInfo) (RoleTarget, sqlparse.Span, bool) {
	v := &ri.Ref.Value
	switch {
	case ri.Ref.Clause == redshift.IAMRole && v.Form == sqlparse.FormDefault:
		return RoleTarget{Default: true}, v.Span, true
	case !ri.HasRoles || len(ri.Problems) > 0 || v.Unresolved() || v.Form == sqlparse.FormTypographic:
		return RoleTarget{}, sqlparse.Span{}, false
	}
	start, end, _ := ri.Ref.RoleText()
	span := v.Span
	if ri.Ref.Clause == redshift.Credentials {
		span = v.SourceSpan(start, end)
	}
	return RoleTarget{Chain: v.Text[start:end]}, span, true
}
