package chain

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Organizations guardrails: service control policies (SCPs) limit what
// the IAM users and roles of member accounts may do, resource control
// policies (RCPs) what may be done to the resources of member accounts.
// Neither grants anything; each can only refuse. They are checked only
// when Organizations data was given (inventory.Organization): without it
// the tool says nothing about them, as before. The AWS sentences that
// decide each rule are quoted in docs/sources/organizations.md; the
// deciding ones are repeated where they are applied.

// serviceLinkedPath is the path of every service-linked role
// (IAM User Guide, "Using service-linked roles": the roles are created
// under /aws-service-role/).
const serviceLinkedPath = "/aws-service-role/"

// rcpServices are the service prefixes RCPs apply to. AWS Control Tower
// Controls Reference, "Controls implemented with resource control
// policies (RCPs)": "Individual RCP controls apply to specific resources
// associated with the following AWS services: Amazon S3, AWS Security
// Token Service (STS), AWS Key Management Service KMS), Amazon Simple
// Queue Service (SQS), AWS Secrets Manager". The Organizations page
// ("List of AWS services that support RCPs") may list more; an action of
// another service is not checked against RCPs, which for the actions
// this tool checks (s3, sts, kms, lambda, glue, redshift...) leaves out
// only services the lists do not name.
var rcpServices = map[string]bool{"s3": true, "sts": true, "kms": true, "sqs": true, "secretsmanager": true}

// OrgGuard is one guardrail check of a request: nil when the guardrail
// does not apply or lets the request through.
type orgGuard struct {
	kind   string // "SCP" or "RCP"
	reason Reason // ReasonSCPDeny or ReasonRCPDeny
	ptype  string
	mode   func(iam.Request, iam.NamedPolicy) iam.Result
}

var (
	scpGuard = orgGuard{kind: "SCP", reason: ReasonSCPDeny, ptype: inventory.SCPType,
		mode: func(r iam.Request, p iam.NamedPolicy) iam.Result { return iam.EvaluateIdentity(r, p) }}
	rcpGuard = orgGuard{kind: "RCP", reason: ReasonRCPDeny, ptype: inventory.RCPType,
		mode: func(r iam.Request, p iam.NamedPolicy) iam.Result { return iam.EvaluateResource(r, p) }}
)

// SCPIssue checks the SCPs that apply to the principal for req; nil when
// they let it through or do not apply. who names the principal in messages.
//
// AWS Organizations User Guide, "Delegated administrator for AWS
// Organizations": "security features like Organizations service control
// policies (SCPs) do not restrict users or roles in the management
// account." Service-linked roles: "SCPs do not affect any service-linked
// role" (Organizations User Guide, "Service control policies (SCPs)",
// tasks and entities not restricted by SCPs). Service principals have no
// account in the organization: SCPs "affect only IAM users and roles that
// are managed by accounts that are part of the organization".
func SCPIssue(inv *inventory.Inventory, p Principal, req iam.Request, who string) *Issue {
	o := inv.Organization()
	if o == nil || p.Caller.Type == iam.ServicePrincipal || p.Caller.Account == "" {
		return nil
	}
	if p.Role != nil && strings.HasPrefix(p.Role.Path, serviceLinkedPath) {
		return nil
	}
	return scpGuard.check(o, p.Caller.Account, req, fmt.Sprintf("%s may %s on %s", who, req.Action, shownResource(req)), "the SCPs that apply to "+who)
}

// RCPIssue checks the RCPs of the resource's account for req; nil when
// they let it through or do not apply. account is the resource's account,
// "" when the data does not know it.
//
// Organizations User Guide, "Resource control policies (RCPs)": "RCPs
// don't affect resources in the management account. They only affect
// resources in member accounts within your organization." RCPs apply to
// the services of rcpServices only. Service-linked roles are among the
// entities RCPs do not restrict (same page, "Resources and entities not
// restricted by RCPs").
func RCPIssue(inv *inventory.Inventory, p Principal, req iam.Request, account, who string) *Issue {
	o := inv.Organization()
	service, _, _ := strings.Cut(req.Action, ":")
	// RCP syntax: "The effect of Allow is only supported for the
	// RCPFullAWSAccess policy", which AWS attaches to every level: only a
	// Deny can refuse, so without one nothing is to be checked.
	if o == nil || !rcpServices[strings.ToLower(service)] || (o.PolicyTypesListed[inventory.RCPType] && !o.HasDeny(inventory.RCPType)) {
		return nil
	}
	if p.Role != nil && strings.HasPrefix(p.Role.Path, serviceLinkedPath) {
		return nil
	}
	what := fmt.Sprintf("%s may %s on %s", who, req.Action, shownResource(req))
	req.Context = withOrgID(req.Context, o, p.Caller.Account)
	if account == "" {
		// Whichever account owns it, only an RCP with a Deny that may
		// apply to the request can refuse it.
		if o.PolicyTypesListed[inventory.RCPType] && !anyDenyMayApply(o, req) {
			return nil
		}
		return &Issue{Reason: ReasonPolicyUnknown, Verdict: VerdictUnknown,
			Message: fmt.Sprintf("the data does not say which account owns %s, so whether an RCP of the organization refuses %s's %s there cannot be checked",
				shownResource(req), who, req.Action),
			Help: "the owner's account decides which RCPs apply: give the data that names it (for a bucket, aws s3api list-buckets of the account that owns it)"}
	}
	return rcpGuard.check(o, account, req, what, "the RCPs of account "+account)
}

// withOrgID sets aws:PrincipalOrgID, which RCPs use to tell the
// organization's principals from others, when the data places the
// caller's account in the organization.
func withOrgID(ctx *iam.Context, o *inventory.Organization, account string) *iam.Context {
	if o.ID == "" || account == "" || o.Member(account) != iam.True {
		return ctx
	}
	if ctx == nil {
		ctx = iam.NewContext()
	} else {
		ctx = ctx.Clone()
	}
	return ctx.Set("aws:PrincipalOrgID", o.ID)
}

func shownResource(req iam.Request) string {
	if req.ResourcePrefix {
		return req.Resource + "*"
	}
	return req.Resource
}

// check evaluates the guardrail's policies on the account's path.
//
// AWS Organizations User Guide, "SCP evaluation": "For a permission to be
// allowed for a specific account, there must be an explicit Allow
// statement at every level from the root through each OU in the direct
// path to the account (including the target account itself)." and "If
// there is no Allow statement for that permission at any level (root,
// Production OU, or Account B), the access is denied." A Deny at any
// level refuses. DetachPolicy API reference: "Every root, OU, and account
// must have at least one SCP attached." — a level without one in the data
// means the data is incomplete, so the check is unknown.
func (g orgGuard) check(o *inventory.Organization, account string, req iam.Request, what, whose string) *Issue {
	unknown := func(msg, help string) *Issue {
		return &Issue{Reason: ReasonPolicyUnknown, Verdict: VerdictUnknown, Message: msg, Help: help}
	}
	switch {
	case o.ManagementAccount == "":
		return unknown(fmt.Sprintf("the Organizations data does not name the management account, which %ss do not restrict, so whether %s cannot be checked", g.kind, what),
			"add aws organizations describe-organization output")
	case account == o.ManagementAccount:
		return nil
	}
	member := o.Member(account)
	switch {
	case member == iam.False:
		return nil // not in this organization: its policies do not reach the account
	case !o.PolicyTypesListed[g.ptype]:
		// a policy missing from the data could deny: never a guess
		return unknown(fmt.Sprintf("the organization's %ss are not all in the data, so whether %s cannot be checked", g.kind, what),
			"give organizations.json as collect writes it (OrganizationPolicyTypes lists the policy types it holds whole)")
	case !o.HasPolicies(g.ptype):
		return nil // listed whole and none: the policy type is not enabled
	}
	path, ok := o.Path(account)
	if !ok {
		return unknown(fmt.Sprintf("the OU path of account %s is not in the Organizations data, so %s are not known and whether %s cannot be checked", account, whose, what),
			"add the account's list-parents answers to organizations.json (collect writes them)")
	}
	deny, allow := iam.False, iam.True
	var denies, maybes []iam.StatementRef
	blocked := ""
	for _, target := range path {
		pols := o.Attached(g.ptype, target)
		if len(pols) == 0 {
			return unknown(fmt.Sprintf("no %s attached to %s is in the Organizations data (AWS keeps at least one at every level), so whether %s cannot be checked", g.kind, inventory.TargetName(target), what),
				"collect the organization's policies again: the data is incomplete")
		}
		named := make([]iam.NamedPolicy, len(pols))
		for i, p := range pols {
			named[i] = p.Policy
		}
		r := g.evaluate(req, named)
		deny, allow = deny.Or(r.Deny), allow.And(r.Allow)
		for _, sr := range r.Candidates {
			switch {
			case sr.Effect == iam.Deny && sr.Applies == iam.True:
				denies = append(denies, sr.Ref)
			case sr.Applies == iam.Maybe:
				maybes = append(maybes, sr.Ref)
			}
		}
		if r.Allow == iam.False && blocked == "" {
			blocked = target
		}
	}
	switch {
	case deny == iam.True:
		return &Issue{Reason: g.reason, Verdict: VerdictFail, Statements: denies,
			Message: fmt.Sprintf("a Deny in %s stops %s: %s", denies[0], strings.Replace(what, " may ", " from doing ", 1), g.kind+"s refuse whatever identity and resource policies allow"),
			Help:    fmt.Sprintf("ask the organization's administrators for an exception in %s (attached to %s)", denies[0].Policy, inventory.TargetName(attachedAt(o, g.ptype, path, denies[0].Policy)))}
	case allow == iam.False:
		return &Issue{Reason: g.reason, Verdict: VerdictFail,
			Message: fmt.Sprintf("no %s attached to %s allows %s, so %s is refused: every level from the root to the account must allow it", g.kind, inventory.TargetName(blocked), req.Action, strings.Replace(what, " may ", " doing ", 1)),
			Help:    fmt.Sprintf("an %s attached to %s must allow %s (FullAWSAccess, or a statement naming it)", g.kind, inventory.TargetName(blocked), req.Action)}
	case deny == iam.False && allow == iam.True:
		return nil
	}
	return &Issue{Reason: ReasonConditionUnverifiable, Verdict: VerdictUnknown, Statements: maybes,
		Message: fmt.Sprintf("whether %s depends on %s that cannot be decided offline", what, refList(maybes, whose))}
}

func (g orgGuard) evaluate(req iam.Request, pols []iam.NamedPolicy) iam.Result {
	if g.ptype == inventory.SCPType {
		return iam.EvaluateIdentity(req, pols...)
	}
	// RCPs are resource policies: each is evaluated for the caller, and
	// they combine like the statements of one policy (a Deny wins, an
	// Allow of any of them counts).
	out := iam.Result{Deny: iam.False, Allow: iam.False}
	for _, p := range pols {
		r := g.mode(req, p)
		out.Deny, out.Allow = out.Deny.Or(r.Deny), out.Allow.Or(r.Allow)
		out.Candidates = append(out.Candidates, r.Candidates...)
	}
	return out
}

// attachedAt is the target on the path where the policy labelled label is
// attached, the nearest to the root.
func attachedAt(o *inventory.Organization, ptype string, path []string, label string) string {
	for _, t := range path {
		for _, p := range o.Attached(ptype, t) {
			if p.Policy.Label == label {
				return t
			}
		}
	}
	return path[len(path)-1]
}

func refList(refs []iam.StatementRef, fallback string) string {
	if len(refs) == 0 {
		return fallback
	}
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}

// guardrails adds the SCP issue of the caller's account and the RCP issue
// of the assumed role's account (sts:AssumeRole is an STS action on the
// role, a resource of its account) to a hop.
func (h *Hop) guardrails(inv *inventory.Inventory, p Principal, req iam.Request, who string) {
	if inv == nil {
		return
	}
	if i := SCPIssue(inv, p, req, who); i != nil {
		h.add(*i)
	}
	account := ""
	if a, probs := ParseRoleARN(req.Resource); len(probs) == 0 {
		account = a.Account
	}
	if i := RCPIssue(inv, p, req, account, who); i != nil {
		h.add(*i)
	}
}

// anyDenyMayApply: some RCP of the data, attached anywhere, has a Deny
// that applies or may apply to the request.
func anyDenyMayApply(o *inventory.Organization, req iam.Request) bool {
	for _, p := range o.Policies(inventory.RCPType) {
		if iam.EvaluateResource(req, p.Policy).Deny != iam.False {
			return true
		}
	}
	return false
}
