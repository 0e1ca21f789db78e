package checks

import "github.com/redshift-preflight/redshift-preflight/chain"

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

// runPermissionMissing reports the operation checks that fail.
func runPermissionMissing(p *Pass) { p.reportOperationChecks(chain.VerdictFail) }

// runPermissionUnknown reports the operation checks the data cannot decide.
func runPermissionUnknown(p *Pass) { p.reportOperationChecks(chain.VerdictUnknown) }

// reportOperationChecks reports the operation checks of one verdict on the
// element the last hop assumes.
func (p *Pass) reportOperationChecks(v chain.Verdict) {
	for _, ri := range p.Refs {
		if ri.Operation == nil {
			continue
		}
		for _, c := range ri.Operation.Checks {
			if c.Verdict == v {
				p.ReportNotes(ri.Index, ri.hopSpan(len(ri.Hops)-1), c.Message, c.Help, p.describe.notes("decided by", c.Statements))
			}
		}
	}
}
