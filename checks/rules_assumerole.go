package checks

import (
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

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
