package chain

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// judgeInput describes the hop being judged, for messages.
type judgeInput struct {
	from     string          // the caller as users read it: "Redshift" or a role name
	fromRole *inventory.Role // nil for the first hop
	to       *inventory.Role // nil when the role is not in the data
	toARN    string
	region   string // the cluster's region, for the first hop
	world    World
	// connect: a hop of the connect path (connect.go): no sts:ExternalId
	// from Redshift; service and user starts name their principal here.
	connect bool
	service string // the start service principal of a connect path, e.g. ec2.amazonaws.com
	fromARN string // the caller's ARN when fromRole is nil: a connect path's start user, or a role not in the data
}

func (in judgeInput) toName() string {
	if in.to != nil {
		return in.to.Name
	}
	return display(in.toARN)
}

// judge turns the evaluator's answer into hop issues (iam-semantics.md §9).
func (h *Hop) judge(auth iam.Authorization, in judgeInput) {
	if in.toARN == "" && in.to != nil {
		in.toARN = in.to.ARN
	}
	h.Deciding = Decides(auth.Deciding)
	if in.to == nil { // the trust policy is unknown: judge only the caller's side
		h.judgeCallerSide(auth, in)
		return
	}
	switch auth.Decision {
	case iam.ExplicitDeny:
		h.explicitDeny(auth, in)
	case iam.ImplicitDeny:
		h.implicitDeny(auth, in)
	case iam.Unknown:
		h.unknown(auth, in)
	case iam.Allowed:
		if auth.Via == iam.GrantWildcard {
			h.add(Issue{Reason: ReasonTrustWildcardPrincipal, Verdict: VerdictOK,
				Message:    fmt.Sprintf("%s's trust policy lets any principal assume it (Principal \"*\"); this hop works only through that", in.toName()),
				Help:       "name the role or account that may assume it instead of \"*\"",
				Statements: refsOf(auth.Resource, iam.Allow)})
		}
	}
}

// judgeCallerSide: the assumed role is not in the data, but the caller's own
// policies may still certainly refuse the hop.
func (h *Hop) judgeCallerSide(auth iam.Authorization, in judgeInput) {
	switch {
	case auth.Identity != nil && auth.Identity.Deny == iam.True:
		h.add(denyIssue(ReasonExplicitDeny, auth.Identity, in, "a Deny in %s stops %s from assuming %s"))
	case auth.Boundary != nil && auth.Boundary.Deny == iam.True:
		h.add(withExplicit(denyIssue(ReasonBoundaryDeny, auth.Boundary, in, "the permissions boundary %s of %s denies assuming %s")))
	case auth.CrossAccount == iam.True && auth.Identity != nil && auth.Identity.Allow == iam.False:
		h.add(assumePermissionIssue(in))
	}
}

func withExplicit(i Issue) Issue { i.explicit = true; return i }

func (h *Hop) explicitDeny(auth iam.Authorization, in judgeInput) {
	switch {
	case auth.Resource != nil && auth.Resource.Deny == iam.True:
		h.add(denyIssue(ReasonExplicitDeny, auth.Resource, in, "a Deny in %s stops %s from assuming %s"))
	case auth.Identity != nil && auth.Identity.Deny == iam.True:
		h.add(denyIssue(ReasonExplicitDeny, auth.Identity, in, "a Deny in %s stops %s from assuming %s"))
	case auth.Boundary != nil && auth.Boundary.Deny == iam.True:
		h.add(withExplicit(denyIssue(ReasonBoundaryDeny, auth.Boundary, in, "the permissions boundary %s of %s denies assuming %s")))
	}
}

// denyIssue names the first certainly applying Deny.
func denyIssue(reason Reason, r *iam.Result, in judgeInput, format string) Issue {
	refs := refsOf(r, iam.Deny)
	where := "a policy"
	if len(refs) > 0 {
		where = refs[0].String()
	}
	return Issue{Reason: reason, Verdict: VerdictFail, Statements: refs,
		Message: fmt.Sprintf(format, where, in.from, in.toName())}
}

func (h *Hop) implicitDeny(auth iam.Authorization, in judgeInput) {
	switch auth.Lacking {
	case iam.ResourcePolicy:
		h.add(trustIssue(auth, in))
	case iam.IdentityPolicy:
		h.add(assumePermissionIssue(in))
	case iam.PermissionsBoundary:
		boundary := "of " + in.from
		if in.fromRole != nil {
			boundary = in.fromRole.Boundary
		}
		h.add(Issue{Reason: ReasonBoundaryDeny, Verdict: VerdictFail,
			Message: fmt.Sprintf("the permissions boundary of %s does not allow sts:AssumeRole on %s", in.from, in.toName()),
			Help:    "allow sts:AssumeRole on this role in the boundary policy " + boundary})
	default:
		h.add(trustIssue(auth, in))
	}
}

func assumePermissionIssue(in judgeInput) Issue {
	return Issue{Reason: ReasonAssumePermission, Verdict: VerdictFail,
		Message: fmt.Sprintf("%s's permissions do not allow sts:AssumeRole on %s, which AWS requires for this hop", in.from, in.toName()),
		Help:    fmt.Sprintf("add a statement allowing sts:AssumeRole on %s to a policy of %s", in.toARN, in.from)}
}

// trustIssue explains why the trust policy lets the caller in nowhere:
// only the external id failed, only other regions are trusted, or nothing
// names the caller at all.
func trustIssue(auth iam.Authorization, in judgeInput) Issue {
	if refs, ok := onlyExternalIDFailed(auth.Resource); ok && !in.connect {
		msg := fmt.Sprintf("%s's trust policy does not accept this database user's external id", in.toName())
		help := "add the external id Redshift passes, " + ExternalIDPattern(in.world.Cluster, in.world.DBUser) + ", to the sts:ExternalId condition"
		if c := in.world.Cluster; c != nil && in.world.DBUser != "" && c.ExternalIDKnown() {
			help = fmt.Sprintf("Redshift passes sts:ExternalId %s; add it to the condition", c.ExternalID(in.world.DBUser))
		}
		return Issue{Reason: ReasonTrustExternalID, Verdict: VerdictFail, Message: msg, Help: help, Statements: refs}
	}
	if issue, ok := rejectedShapeIssue(auth, in); ok {
		return issue
	}
	switch {
	case in.service != "":
		return Issue{Reason: ReasonTrustMissing, Verdict: VerdictFail,
			Message: fmt.Sprintf("%s's trust policy does not let the service %s assume it", in.toName(), in.service),
			Help:    fmt.Sprintf(`add {"Effect": "Allow", "Principal": {"Service": "%s"}, "Action": "sts:AssumeRole"} to its trust policy`, in.service)}
	case in.fromARN != "":
		return Issue{Reason: ReasonTrustMissing, Verdict: VerdictFail,
			Message: fmt.Sprintf("%s's trust policy does not let %s assume it", in.toName(), in.from),
			Help:    fmt.Sprintf(`add {"Effect": "Allow", "Principal": {"AWS": "%s"}, "Action": "sts:AssumeRole"} to its trust policy`, in.fromARN)}
	}
	if in.fromRole == nil {
		if regions := otherRegions(in.to.Trust.Document, in.region); len(regions) > 0 {
			return Issue{Reason: ReasonTrustRegion, Verdict: VerdictFail,
				Message: fmt.Sprintf("%s trusts Redshift only in %s, and the cluster is in %s", in.toName(), strings.Join(regions, ", "), in.region),
				Help:    fmt.Sprintf("trust redshift.%s.amazonaws.com (or redshift.amazonaws.com)", in.region)}
		}
		if c := in.world.Cluster; c != nil && c.Serverless { // see serverlessPrincipals
			return Issue{Reason: ReasonTrustMissing, Verdict: VerdictFail,
				Message: fmt.Sprintf("%s's trust policy lets neither %s nor %s assume it", in.toName(), RedshiftService, RedshiftServerlessService),
				Help:    `add {"Effect": "Allow", "Principal": {"Service": ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"]}, "Action": "sts:AssumeRole"} to its trust policy`}
		}
		return Issue{Reason: ReasonTrustMissing, Verdict: VerdictFail,
			Message: fmt.Sprintf("%s's trust policy does not let Redshift (%s) assume it", in.toName(), RedshiftService),
			Help:    `add {"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"} to its trust policy`}
	}
	return Issue{Reason: ReasonTrustMissing, Verdict: VerdictFail,
		Message: fmt.Sprintf("%s's trust policy does not let %s assume it", in.toName(), in.from),
		Help:    fmt.Sprintf(`add {"Effect": "Allow", "Principal": {"AWS": "%s"}, "Action": "sts:AssumeRole"} to its trust policy`, in.fromRole.ARN)}
}

// onlyExternalIDFailed: some Allow names the caller and fails on nothing but
// sts:ExternalId.
func onlyExternalIDFailed(r *iam.Result) ([]iam.StatementRef, bool) {
	if r == nil {
		return nil, false
	}
	var refs []iam.StatementRef
	for _, c := range r.Candidates {
		if c.Effect != iam.Allow || c.Scope != iam.True || c.Condition != iam.False {
			continue
		}
		if len(c.FailedKeys) != 1 || !strings.EqualFold(c.FailedKeys[0], "sts:ExternalId") {
			return nil, false
		}
		refs = append(refs, c.Ref)
	}
	return refs, len(refs) > 0
}

// otherRegions lists the regions of regional Redshift principals a trust
// policy allows, when it allows Redshift in no other way and not in region.
func otherRegions(doc *iam.Policy, region string) []string {
	if doc == nil || region == "" {
		return nil
	}
	var regions []string
	for _, st := range doc.Statements {
		if st.Effect != iam.Allow || st.Principal == nil {
			continue
		}
		for _, svc := range st.Principal.Service {
			if svc == RedshiftService {
				return nil
			}
			if r, ok := iam.RegionalServiceRegion(svc, RedshiftService); ok {
				if r == region {
					return nil
				}
				regions = append(regions, r)
			}
		}
	}
	return regions
}

// unknown: the data cannot decide; say which piece is missing.
func (h *Hop) unknown(auth iam.Authorization, in judgeInput) {
	if labels := auth.UnknownPolicies(); len(labels) > 0 {
		h.add(Issue{Reason: ReasonPolicyUnknown, Verdict: VerdictUnknown,
			Message: fmt.Sprintf("%s is not in the IAM data, so whether %s may assume %s cannot be decided", strings.Join(labels, ", "), in.from, in.toName()),
			Help:    "export the policy with get-account-authorization-details (include AWSManagedPolicy in --filter)"})
	}
	keys := auth.UnknownKeys()
	if len(keys) == 0 && len(auth.UnknownPolicies()) > 0 {
		return
	}
	issue := Issue{Reason: ReasonConditionUnverifiable, Verdict: VerdictUnknown, Keys: keys,
		Statements: RefsOfAll(auth.Deciding)}
	switch {
	case containsFold(keys, "sts:ExternalId") && in.world.DBUser == "" && !in.connect:
		issue.Message = fmt.Sprintf("%s's trust policy restricts sts:ExternalId to certain database users, and no database user was given", in.toName())
		issue.Help = "pass --db-user (the user that runs the SQL) to check it"
	case containsFold(keys, "sts:ExternalId") && !in.connect && (in.world.Cluster == nil || !in.world.Cluster.ExternalIDKnown()):
		issue.Message = fmt.Sprintf("%s's trust policy restricts sts:ExternalId, and the external id Redshift passes for %s cannot be formed: %s",
			in.toName(), in.world.DBUser, externalIDGap(in.world.Cluster))
		issue.Help = "Redshift passes " + ExternalIDPattern(in.world.Cluster, in.world.DBUser)
	case len(keys) > 0:
		issue.Message = fmt.Sprintf("whether %s may assume %s depends on %s, which cannot be known offline", in.from, in.toName(), strings.Join(keys, ", "))
	default:
		issue.Message = fmt.Sprintf("whether %s may assume %s cannot be decided from the data (a principal or region is not known)", in.from, in.toName())
	}
	h.add(issue)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func refsOf(r *iam.Result, effect iam.Effect) []iam.StatementRef {
	if r == nil {
		return nil
	}
	var refs []iam.StatementRef
	for _, s := range r.Deciding {
		if s.Effect == effect {
			refs = append(refs, s.Ref)
		}
	}
	return refs
}

// RefsOfAll names the statements of evaluator results.
func RefsOfAll(ss []iam.StatementResult) []iam.StatementRef {
	refs := make([]iam.StatementRef, len(ss))
	for i, s := range ss {
		refs[i] = s.Ref
	}
	return refs
}

// Decides turns evaluator results into the statements that decided, with their effect.
func Decides(ss []iam.StatementResult) []Decide {
	out := make([]Decide, len(ss))
	for i, s := range ss {
		out[i] = Decide{Ref: s.Ref, Effect: s.Effect}
	}
	return out
}
