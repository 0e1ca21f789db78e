package checks

import (
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Hop rules report what the chain walk found (iam-semantics.md §9). They
// run after the reference rules, on references whose syntax is sound.
func init() {
	hopRule := func(id string, sev Severity, title, doc string) *Rule {
		return &Rule{ID: id, Severity: sev, Title: title, Doc: doc, Run: runHopReason(id), Phase: PhaseHops}
	}
	register(
		hopRule(chain.ReasonNotAssociated, Error, "first role not associated with the cluster",
			`Reports a chain whose first role is not among the cluster's associated IAM
roles (describe-clusters IamRoles, or the serverless namespace's iamRoles).
Redshift can only assume roles associated with the cluster, and only roles of
the cluster's own account can be associated.

Fix: aws redshift modify-cluster-iam-roles --cluster-identifier CLUSTER --add-iam-roles ROLE_ARN`),
		hopRule(chain.ReasonAssociationRemoving, Error, "first role's association is being removed",
			`Reports a first role whose association has ApplyStatus "removing": by the
time the migration runs, the cluster will not be able to use it.`),
		hopRule(chain.ReasonAssociationPending, Warning, "first role's association is still being added",
			`Reports a first role whose association has ApplyStatus "adding": it may not
be usable yet. The hop's verdict is unknown until the association is in-sync.`),
		hopRule(chain.ReasonNoDefaultRole, Error, "IAM_ROLE default but the cluster has no default role",
			`Reports IAM_ROLE default on a cluster (or namespace) with no default IAM
role: Redshift has nothing to resolve it to and the statement fails.`),
		hopRule(chain.ReasonRoleNotFound, Error, "role's account is supplied but the role is not in it",
			`Reports a role ARN whose account is in the IAM data but which names no role
there. The lookup is exact and case-sensitive, as the ARN Redshift passes to
STS; a near match that differs only in case is suggested.`),
		hopRule(chain.ReasonRoleUnknown, Warning, "role's account is not in the supplied data",
			`Reports a role in an account whose IAM data was not given: the hop cannot be
checked and its verdict is unknown. Add that account's
get-account-authorization-details export with --iam.`),
		hopRule(chain.ReasonTrustMissing, Error, "no trust statement lets the previous principal assume the role",
			`Reports a role whose trust policy does not allow the previous principal to
call sts:AssumeRole: the Redshift service (redshift.amazonaws.com) for the
first role, the previous role (by its ARN or its account) for later ones.`),
		hopRule(chain.ReasonTrustRegion, Error, "trust names only regional Redshift principals of other regions",
			`Reports a first role that trusts Redshift only through regional service
principals (redshift.us-west-2.amazonaws.com) of regions other than the
cluster's.`),
		hopRule(chain.ReasonTrustExternalID, Error, "trust fails only on its sts:ExternalId condition for this db user",
			`Reports a trust policy whose only failing condition is sts:ExternalId:
Redshift passes the database user's ARN
(arn:aws:redshift:REGION:ACCOUNT:dbuser:CLUSTER/USER) as the external id, and
the policy admits other users only. Checked for the user given with
--db-user; without one the hop is unknown (condition-unverifiable). For
chained roles AWS documents the mechanism only by reference; the tool
assumes the same external id is passed on every hop.`),
		hopRule(chain.ReasonAssumePermission, Error, "previous role's identity policies do not allow sts:AssumeRole on the role",
			`Reports a hop whose caller's identity policies (inline, and the default
versions of attached managed policies) do not allow sts:AssumeRole on the
next role where AWS requires it: across accounts always, and in the same
account when the trust policy names the account rather than the role.`),
		hopRule(chain.ReasonExplicitDeny, Error, "an applicable Deny in identity or trust policy",
			`Reports a Deny statement that certainly applies to the hop, in the trust
policy of the role assumed or in the caller's identity policies (NotAction
and NotResource denies included). A Deny wins over every Allow.`),
		hopRule(chain.ReasonBoundaryDeny, Error, "previous role's permissions boundary does not allow the assumption",
			`Reports a caller whose permissions boundary denies, or does not allow,
sts:AssumeRole on the next role. A boundary limits what identity policies
can grant; a same-account trust that names the caller's session or "*" is
the only way around it.`),
		hopRule(chain.ReasonPolicyUnknown, Warning, "an attached policy's document is not in the data",
			`Reports a hop that depends on a managed policy whose document is missing
from the IAM data (typically an AWS-managed policy exported without
--filter AWSManagedPolicy). The hop's verdict is unknown.`),
		hopRule(chain.ReasonConditionUnverifiable, Warning, "the result depends on a condition key that cannot be known offline",
			`Reports a hop whose outcome depends on a condition the data cannot decide:
aws:SourceIp, aws:CurrentTime, aws:SourceArn and the like, or sts:ExternalId
when no --db-user is given. The hop's verdict is unknown.`),
		hopRule(chain.ReasonTrustWildcardPrincipal, Warning, "the hop works only because the trust policy allows \"*\"",
			`Reports a role that can be assumed only because its trust policy allows
any principal ("*" or {"AWS": "*"}). It works, but anyone who can reach STS
may try; name the role or account that needs it.`),
	)
}

// runHopReason reports every hop issue (or warning) with the rule's reason,
// on the chain element the hop assumes.
func runHopReason(reason string) func(*Pass) {
	return func(p *Pass) {
		for _, ri := range p.Refs {
			for i, hop := range ri.Hops {
				for _, issue := range append(append([]chain.Issue(nil), hop.Issues...), hop.Warnings...) {
					if issue.Reason == reason {
						p.ReportNotes(ri.Index, ri.hopSpan(i), issue.Message, issue.Help, p.statementNotes(issue))
					}
				}
			}
		}
	}
}

// hopSpan is where a hop's findings point: the element it assumes, or the
// whole value for IAM_ROLE default.
func (ri *RefInfo) hopSpan(i int) sqlparse.Span {
	if ri.Ref.Value.Form == sqlparse.FormDefault || i >= len(ri.Elements) {
		return ri.Ref.Value.Span
	}
	return ri.Source(ri.Elements[i].Span)
}

// statementNotes names the policy statements behind an issue, with the file
// they came from.
func (p *Pass) statementNotes(issue chain.Issue) []string {
	var notes []string
	for _, ref := range issue.Statements {
		note := "decided by " + ref.String()
		if p.Config.World != nil {
			if o, ok := p.Config.World.Inventory.Origin(ref.Policy); ok {
				note += fmt.Sprintf(" (%s)", o.Source)
			}
		}
		notes = append(notes, note)
	}
	return notes
}
