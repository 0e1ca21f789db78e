package access

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// guardrails applies the Organizations policies to a checked request
// (chain.SCPIssue, chain.RCPIssue): the SCPs of the principal's account
// and the RCPs of the resource's account. A guardrail refuses whatever the
// other policies allow, so its fail replaces an ok or an unknown; its
// unknown only replaces an ok. A fail found by the principal's own
// policies stays: that one must be fixed in any case.
func (c *Check) guardrails(inv *inventory.Inventory, who chain.Principal, req *Request) {
	if inv == nil || inv.Organization() == nil {
		return
	}
	ctx := who.Context()
	if req.Known != nil {
		req.Known(ctx)
	}
	ireq := iam.Request{Caller: who.Caller, Action: req.Action, Resource: req.Resource, ResourcePrefix: req.Prefix, Context: ctx}
	account := req.ResourceAccount
	if req.AccountAssumed {
		account = ""
	}
	if account == "" {
		a, _ := inventory.SplitARN(req.Resource)
		account = a.Account
	}
	for _, issue := range []*chain.Issue{chain.SCPIssue(inv, who, ireq, who.Name()), chain.RCPIssue(inv, who, ireq, account, who.Name())} {
		if issue == nil || c.Verdict == chain.VerdictFail || (issue.Verdict == chain.VerdictUnknown && c.Verdict != chain.VerdictOK) {
			continue
		}
		c.Verdict, c.Reason, c.Message, c.Help = issue.Verdict, issue.Reason, issue.Message, issue.Help
		c.Statements, c.Keys, c.Lead, c.Tail, c.Grant, c.Grantee = issue.Statements, nil, "", "", "", ""
		c.frame()
	}
}

// frame sets Lead and Tail when the message names the request once, so
// that the checks one guardrail decides alike share one finding (Group).
func (c *Check) frame() {
	t := c.target()
	if i := strings.Index(c.Message, t); i >= 0 && strings.Count(c.Message, t) == 1 {
		c.Lead, c.Tail = c.Message[:i], c.Message[i+len(t):]
	}
}
