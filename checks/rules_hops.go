package checks

import (
	"slices"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Hop rules report what the chain walk found (iam-semantics.md §9); the
// operation rules what the last role may not do (SPEC §9). They run after
// the reference rules, on references whose syntax is sound.

// runHopIssues reports every hop issue (or warning) of the rule's reason,
// on the chain element the hop assumes.
func runHopIssues(p *Pass) {
	for _, ri := range p.Refs {
		for i, hop := range ri.Hops {
			for _, issue := range append(append([]chain.Issue(nil), hop.Issues...), hop.Warnings...) {
				if issue.Reason == p.rule.Reason {
					p.ReportNotes(ri.Index, ri.hopSpan(i), issue.Message, issue.Help, p.describe.notes("decided by", issue.Statements))
				}
			}
		}
	}
}

// runPermissionMissing reports the operation checks that fail, but for
// those an Organizations policy refuses (scp-deny, rcp-deny).
func runPermissionMissing(p *Pass) { p.reportOperationChecks(chain.VerdictFail, byOwnRule) }

// runPermissionUnknown reports the operation checks the data cannot decide.
func runPermissionUnknown(p *Pass) { p.reportOperationChecks(chain.VerdictUnknown, nil) }

// runGuardrailDeny reports, for scp-deny and rcp-deny, the hops and the
// operation checks that the rule's kind of Organizations policy refuses.
func runGuardrailDeny(p *Pass) {
	runHopIssues(p)
	p.reportOperationChecks(chain.VerdictFail, func(c access.Check) bool { return c.Reason == p.rule.Reason })
}

// byOwnRule: a failing operation check no other rule reports
// (bucket-not-found reports its statement once, whatever the role).
func byOwnRule(c access.Check) bool {
	return c.Reason != chain.ReasonSCPDeny && c.Reason != chain.ReasonRCPDeny && c.Reason != chain.ReasonBucketNotFound
}

// reportOperationChecks reports the operation checks of one verdict on the
// element the last hop assumes: one finding for the checks that share a
// cause (access.Group), listing their actions; the JSON output keeps every
// check in the reference's operation.
func (p *Pass) reportOperationChecks(v chain.Verdict, keep func(access.Check) bool) {
	for _, ri := range p.Refs {
		if ri.Operation == nil {
			continue
		}
		checks := ri.Operation.Checks
		if keep != nil {
			checks = slices.DeleteFunc(slices.Clone(checks), func(c access.Check) bool { return !keep(c) })
		}
		for _, g := range access.Group(checks, v) {
			message, help := access.Say(g)
			p.ReportNotes(ri.Index, ri.hopSpan(len(ri.Hops)-1), message, help, p.groupNotes(g))
		}
	}
}

// groupNotes name the statements behind a group of checks, each once.
func (p *Pass) groupNotes(g []access.Check) []string {
	var refs []iam.StatementRef
	for _, c := range g {
		for _, r := range c.Statements {
			if !slices.Contains(refs, r) {
				refs = append(refs, r)
			}
		}
	}
	return p.describe.notes("decided by", refs)
}
