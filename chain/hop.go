package chain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Verdict of one hop (SPEC §5).
type Verdict string

const (
	VerdictOK      Verdict = "ok"
	VerdictFail    Verdict = "fail"
	VerdictUnknown Verdict = "unknown"
)

// RedshiftService is the service principal Redshift assumes the first role as.
const RedshiftService = "redshift.amazonaws.com"

// RedshiftServerlessService is the other service principal AWS pages name
// for Redshift Serverless (see serverlessPrincipals).
const RedshiftServerlessService = "redshift-serverless.amazonaws.com"

// Issue is one problem (or, for warnings, one remark) found on a hop.
type Issue struct {
	Reason     Reason
	Verdict    Verdict // fail or unknown; ok for a warning
	Message    string  // a sentence a data engineer understands, lowercase start
	Help       string  // how to fix it, or ""
	Statements []iam.StatementRef
	Keys       []string // condition keys that could not be known
	explicit   bool     // boundary-deny by an explicit Deny (precedence)
}

// Hop is the verdict on one assumption of a chain.
type Hop struct {
	From     string // "redshift" or the previous role's ARN
	To       string // the role assumed; "" when IAM_ROLE default cannot be resolved
	Verdict  Verdict
	Reason   Reason   // the issue that decided a fail or unknown verdict
	Issues   []Issue  // every fail and unknown, most important first
	Warnings []Issue  // the hop works, but look at this
	Deciding []Decide // the policy statements that decided, for explanations
}

// Decide is a statement that decided a hop, with its effect.
type Decide struct {
	Ref    iam.StatementRef
	Effect iam.Effect
}

// World is what the hop walk evaluates against.
type World struct {
	Inventory *inventory.Inventory
	Cluster   *inventory.Cluster // nil when no cluster data was given
	DBUser    string             // "" when unknown
}

// Walk evaluates every hop of a chain as if the earlier hops succeeded.
// roles is the reference's role list; ["default"] means the cluster's
// default role. opaque[i] marks an element whose text is an unresolved
// template placeholder: hops into and out of it cannot be decided.
func Walk(w World, roles []string, opaque []bool) []Hop {
	if len(roles) == 1 && roles[0] == "default" {
		if w.Cluster == nil || w.Cluster.Default == "" || w.Cluster.DefaultUnknown {
			return []Hop{w.unresolvedDefault()}
		}
		roles = []string{w.Cluster.Default}
	}
	isOpaque := func(i int) bool { return i < len(opaque) && opaque[i] }
	hops := make([]Hop, 0, len(roles))
	for i, role := range roles {
		switch {
		case isOpaque(i) || (i > 0 && isOpaque(i-1)):
			hops = append(hops, placeholderHop(roles, i, isOpaque(i)))
		case i == 0:
			hops = append(hops, w.firstHop(role))
		default:
			hops = append(hops, w.nextHop(roles[i-1], role))
		}
	}
	return hops
}

// placeholderHop: a role given by a placeholder without a value cannot be
// looked up, and neither can what it may assume.
func placeholderHop(roles []string, i int, toOpaque bool) Hop {
	h := Hop{From: "redshift", To: roles[i]}
	if i > 0 {
		h.From = roles[i-1]
	}
	what := roles[i]
	if !toOpaque {
		what = roles[i-1]
	}
	h.add(Issue{Verdict: VerdictUnknown,
		Message: fmt.Sprintf("%s is a placeholder without a value, so this hop cannot be checked", what)})
	return h.decide()
}

func (w World) unresolvedDefault() Hop {
	h := Hop{From: "redshift"}
	switch {
	case w.Cluster == nil:
		h.add(Issue{Verdict: VerdictUnknown,
			Message: "IAM_ROLE default names the cluster's default role, and no cluster data was given",
			Help:    "pass describe-clusters output with --cluster"})
	case w.Cluster.DefaultUnknown:
		h.add(Issue{Verdict: VerdictUnknown,
			Message: fmt.Sprintf("the default IAM role of %s is not known yet (%s)", w.Cluster.ID, strings.Join(w.Cluster.Gaps(), "; "))})
	default:
		h.add(Issue{Reason: ReasonNoDefaultRole, Verdict: VerdictFail,
			Message: fmt.Sprintf("cluster %s has no default IAM role, so IAM_ROLE default fails", w.Cluster.ID),
			Help:    "name the role's ARN, or make one of the cluster's roles its default"})
	}
	return h.decide()
}

// firstHop: Redshift assumes R1, which must be associated with the cluster
// and trust the Redshift service (iam-semantics.md §9, hop 1).
func (w World) firstHop(roleARN string) Hop {
	h := Hop{From: "redshift", To: roleARN}
	if h.otherPartition(w, roleARN) {
		return h.decide()
	}
	role := h.lookup(w.Inventory, roleARN)
	if !h.notFound() {
		// A role that does not exist cannot be associated: its not-found
		// hint is the help, not the association command.
		h.checkAssociation(w.Cluster, roleARN)
	}
	if role != nil {
		region := ""
		if w.Cluster != nil {
			region = w.Cluster.Region
		}
		auth := w.serviceAssumes(RedshiftService, region, role)
		caller := iam.ServiceCaller(RedshiftService, region)
		h.guardrails(w.Inventory, Principal{Caller: caller},
			iam.Request{Caller: caller, Action: "sts:AssumeRole", Resource: role.ARN, Context: iam.PrincipalContext(caller)}, "Redshift")
		in := judgeInput{from: "Redshift", to: role, region: region, world: w}
		if w.Cluster != nil && w.Cluster.Serverless {
			// The regional forms of the second principal are documented
			// nowhere: evaluated without a region, a trust naming one is undecided.
			other := w.serviceAssumes(RedshiftServerlessService, "", role)
			if outcome(auth) != outcome(other) {
				h.serverlessPrincipals(auth, other, in)
				return h.decide()
			}
		}
		h.judge(auth, in)
	}
	return h.decide()
}

// serviceAssumes evaluates the trust of role for Redshift calling
// sts:AssumeRole as service, with the external id it passes.
func (w World) serviceAssumes(service, region string, role *inventory.Role) iam.Authorization {
	caller := iam.ServiceCaller(service, region)
	ctx := iam.PrincipalContext(caller)
	w.setExternalID(ctx)
	return iam.AuthorizeAssumeRole(caller, role.ARN, role.Trust, nil, nil, ctx)
}

// outcome reduces a decision to allowed, refused (either deny) or undecided.
func outcome(a iam.Authorization) iam.Decision {
	if a.Decision == iam.ExplicitDeny {
		return iam.ImplicitDeny
	}
	return a.Decision
}

// serverlessPrincipals: the trust policy lets Redshift in under one of the
// two service principals AWS pages name for Redshift Serverless and not
// under the other (or cannot decide for one), and the documentation does
// not decide which one Redshift Serverless assumes roles as, so the hop is
// unknown, never a hard fail or an ok. The pages:
//
// Redshift Management Guide, "Granting permissions to Amazon Redshift
// Serverless" (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-security-other-services.html):
// "When changing the trust relationship for the IAM role in the […], make
// sure that it contains redshift-serverless.amazonaws.com and
// redshift.amazonaws.com as principal service names."
//
// Redshift Management Guide, "Restricting access to IAM roles"
// (https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service-database-users.html,
// read at docs.amazonaws.cn), which gives the Serverless dbuser ARN format
// and then: "A new IAM role that allows Amazon Redshift to access other
// Amazon services on your behalf has a trust relationship as follows:
// { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow",
// "Principal": { "Service": "redshift.amazonaws.com" }, "Action":
// "sts:AssumeRole" } ] }" — redshift.amazonaws.com alone.
func (h *Hop) serverlessPrincipals(redshift, serverless iam.Authorization, in judgeInput) {
	for _, a := range []iam.Authorization{redshift, serverless} {
		if a.Decision == iam.Unknown {
			h.judge(a, in) // say what the undecided one depends on
		}
	}
	lets := map[iam.Decision]string{iam.Allowed: "lets in", iam.ImplicitDeny: "does not let in", iam.Unknown: "may or may not let in"}
	deciding := append(append([]iam.StatementResult(nil), redshift.Deciding...), serverless.Deciding...)
	h.Deciding = Decides(deciding)
	h.add(Issue{Reason: ReasonConditionUnverifiable, Verdict: VerdictUnknown, Statements: RefsOfAll(deciding),
		Message: fmt.Sprintf("%s's trust policy %s %s and %s %s, and AWS pages disagree on which of them Redshift Serverless assumes roles as "+
			"(Granting permissions to Amazon Redshift Serverless: both; Restricting access to IAM roles: redshift.amazonaws.com)",
			in.toName(), lets[outcome(redshift)], RedshiftService, lets[outcome(serverless)], RedshiftServerlessService),
		Help: fmt.Sprintf(`trust both: {"Effect": "Allow", "Principal": {"Service": ["%s", "%s"]}, "Action": "sts:AssumeRole"}`,
			RedshiftService, RedshiftServerlessService)})
}

// nextHop: a session of the previous role assumes the next (hop k ≥ 2).
func (w World) nextHop(prevARN, roleARN string) Hop { return w.roleHop(prevARN, roleARN, false) }

// roleHop is nextHop; connect hops (connect true) are made by the user's
// code, not by Redshift, so no sts:ExternalId is assumed and the messages
// do not speak of database users.
func (w World) roleHop(prevARN, roleARN string, connect bool) Hop {
	h := Hop{From: prevARN, To: roleARN}
	inv := w.Inventory
	role := h.lookup(inv, roleARN)
	prev, err := RoleSession(inv, prevARN)
	if err != nil {
		h.add(roleUnknownIssue(prevARN, roleARN))
		return h.decide()
	}
	ctx := prev.Context()
	if !connect {
		w.setExternalID(ctx)
		setRedshiftSessionKeys(ctx)
	}
	trust := iam.NamedPolicy{Label: "unknown trust policy of " + roleARN}
	if role != nil {
		trust = role.Trust
	}
	identity, boundary := prev.Policies(inv)
	auth := iam.AuthorizeAssumeRole(prev.Caller, roleARN, trust, identity, boundary, ctx)
	in := judgeInput{from: display(prevARN), fromRole: prev.Role, to: role, toARN: roleARN, world: w, connect: connect}
	h.guardrails(inv, prev, iam.Request{Caller: prev.Caller, Action: "sts:AssumeRole", Resource: roleARN, Context: ctx}, display(prevARN))
	if prev.Role == nil {
		in.fromARN = prevARN
		h.judgeUnknownCaller(auth, in)
		return h.decide()
	}
	h.judge(auth, in)
	return h.decide()
}

func roleUnknownIssue(prevARN, roleARN string) Issue {
	return Issue{Reason: ReasonRoleUnknown, Verdict: VerdictUnknown,
		Message: fmt.Sprintf("the permissions of %s are not in the IAM data, so whether it may assume %s cannot be checked", display(prevARN), display(roleARN))}
}

// judgeUnknownCaller: the previous role is not in the data, so its side of
// the hop (identity policies, boundary, tags) is unknown and the hop is at
// best unknown (role-unknown). Its session is known from the ARN all the
// same, and a fail outranks an unknown (iam-semantics.md §9, precedence):
// a trust policy that certainly does not let that session in, or certainly
// denies it, fails the hop whatever its policies say, because the trust
// policy must allow the caller in every case (iam-semantics.md §1, §2):
// IAM User Guide, "Cross-account policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
// "The resource-based policy in the trusting account must specify the
// principal of the trusted account that will have access to the
// resource." and "The role's resource-based policy is called a role trust
// policy."; in the same account, "Role trust policies and KMS key policies
// are exceptions to this logic, because they must explicitly allow access
// for principals." (IAM User Guide, policy evaluation logic, as quoted by
// AWS at https://repost.aws/questions/QU4Kr2A6bpRtO8haGVu9hP6g). The
// evaluator never allows such a hop (identity and boundary are unknown
// policies), and the role-unknown issue is added in every case, so the hop
// is never ok.
func (h *Hop) judgeUnknownCaller(auth iam.Authorization, in judgeInput) {
	h.add(roleUnknownIssue(in.fromARN, in.toARN))
	if in.to == nil {
		return
	}
	h.Deciding = Decides(auth.Deciding)
	switch {
	case auth.Resource != nil && auth.Resource.Deny == iam.True:
		h.add(denyIssue(ReasonExplicitDeny, auth.Resource, in, "a Deny in %s stops %s from assuming %s"))
	case auth.Decision == iam.ImplicitDeny && auth.Lacking == iam.ResourcePolicy:
		h.add(trustIssue(auth, in))
	}
}

// setExternalID: Redshift passes the database user's ARN as sts:ExternalId
// (documented for the first role, inferred for chained ones, §7); see
// inventory.Cluster.ExternalID for its form. When the data cannot form it
// (no database user, no cluster data, a serverless workgroup without its
// workgroupId) the key stays unknown, so a trust condition on it is
// condition-unverifiable, never a guess.
func (w World) setExternalID(ctx *iam.Context) {
	if w.Cluster != nil && w.DBUser != "" && w.Cluster.ExternalIDKnown() {
		ctx.Set("sts:ExternalId", w.Cluster.ExternalID(w.DBUser))
	}
}

// ExternalIDPattern is the external id Redshift passes for a cluster
// (inventory.Cluster.ExternalID) for help texts: what the data knows
// filled in, the rest in capitals (WORKGROUPID is the workgroup's
// workgroupId, not its name). c may be nil, user "".
func ExternalIDPattern(c *inventory.Cluster, user string) string {
	or := func(s, placeholder string) string {
		if s == "" {
			return placeholder
		}
		return s
	}
	user = or(user, "USER")
	if c == nil {
		return "arn:aws:redshift:REGION:ACCOUNT:dbuser:CLUSTER/" + user
	}
	if c.ExternalIDKnown() {
		return c.ExternalID(user)
	}
	partition, region, account := or(c.Partition, "aws"), or(c.Region, "REGION"), or(c.Account, "ACCOUNT")
	name := c.ID
	if c.Serverless {
		name = "serverless-" + account + "-" + or(c.WorkgroupID, "WORKGROUPID")
	}
	return fmt.Sprintf("arn:%s:redshift:%s:%s:dbuser:%s/%s", partition, region, account, name, user)
}

// externalIDGap says why the external id cannot be formed, with the export
// that supplies what is missing.
func externalIDGap(c *inventory.Cluster) string {
	if c == nil {
		return "no cluster data was given (pass describe-clusters, or redshift-serverless get-namespace and get-workgroup output, with --cluster)"
	}
	return c.ExternalIDGap()
}

func (h *Hop) checkAssociation(c *inventory.Cluster, roleARN string) {
	if c == nil {
		h.add(Issue{Verdict: VerdictUnknown,
			Message: fmt.Sprintf("no cluster data was given, so whether %s is associated with the cluster cannot be checked", display(roleARN)),
			Help:    "pass describe-clusters output with --cluster"})
		return
	}
	a, ok := c.Association(roleARN)
	switch {
	case !ok && c.RolesIncomplete:
		h.add(Issue{Verdict: VerdictUnknown,
			Message: fmt.Sprintf("whether %s is associated with %s is not known yet (%s)", display(roleARN), c.ID, strings.Join(c.Gaps(), "; "))})
	case !ok:
		h.add(Issue{Reason: ReasonNotAssociated, Verdict: VerdictFail,
			Message: fmt.Sprintf("%s is not associated with cluster %s", display(roleARN), c.ID),
			Help:    associateHelp(c, roleARN)})
	case a.Status == "removing":
		h.add(Issue{Reason: ReasonAssociationRemoving, Verdict: VerdictFail,
			Message: fmt.Sprintf("%s is being removed from cluster %s (ApplyStatus removing)", display(roleARN), c.ID)})
	case a.Status == "adding":
		h.add(Issue{Reason: ReasonAssociationPending, Verdict: VerdictUnknown,
			Message: fmt.Sprintf("%s is still being associated with cluster %s (ApplyStatus adding)", display(roleARN), c.ID),
			Help:    "wait until the association is in-sync before deploying"})
	}
}

func associateHelp(c *inventory.Cluster, roleARN string) string {
	if c.Serverless {
		return fmt.Sprintf("associate it with the namespace of workgroup %s (aws redshift-serverless update-namespace --iam-roles ...)", c.ID)
	}
	return fmt.Sprintf("aws redshift modify-cluster-iam-roles --cluster-identifier %s --add-iam-roles %s", c.ID, roleARN)
}

// lookup finds the role, or records why it cannot be found.
func (h *Hop) lookup(inv *inventory.Inventory, roleARN string) *inventory.Role {
	if r := inv.Role(roleARN); r != nil {
		return r
	}
	arn, probs := ParseRoleARN(roleARN)
	if len(probs) > 0 {
		h.add(Issue{Verdict: VerdictUnknown, Message: fmt.Sprintf("%q is not a role ARN", roleARN)})
		return nil
	}
	if src, planned := inv.PlannedRole(roleARN); planned {
		h.add(Issue{Verdict: VerdictUnknown,
			Message: fmt.Sprintf("%s is created by the Terraform plan (%s); its policies are not known yet", display(roleARN), src)})
		return nil
	}
	if gap, ok := inv.IAMGap(arn.Account); ok && !inv.ListsAllRoles(arn.Account) {
		// collect was meant to read the account and could not: say so,
		// rather than that the data lacks it
		h.add(Issue{Reason: ReasonRoleUnknown, Verdict: VerdictUnknown,
			Message: fmt.Sprintf("the IAM data of account %s could not be collected (%s: %s), so %s cannot be checked",
				arn.Account, gap.Call, gap.Code, display(roleARN)),
			Help: fmt.Sprintf("let the collector make %s (see %s) and run collect again", gap.Call, gap.Source)})
		return nil
	}
	switch {
	case !inv.Supplied(arn.Account):
		h.add(Issue{Reason: ReasonRoleUnknown, Verdict: VerdictUnknown,
			Message: fmt.Sprintf("account %s is not in the IAM data, so %s cannot be checked", arn.Account, display(roleARN)),
			Help:    "add that account's get-account-authorization-details export with --iam"})
		return nil
	case !inv.ListsAllRoles(arn.Account):
		// get-role output and Terraform state name some roles of an account,
		// not all: a role missing from them may exist all the same.
		h.add(Issue{Reason: ReasonRoleUnknown, Verdict: VerdictUnknown,
			Message: fmt.Sprintf("the IAM data of account %s (get-role or Terraform input) does not list every role, and %s is not among those it has", arn.Account, display(roleARN)),
			Help:    "add the account's get-account-authorization-details export with --iam"})
		return nil
	}
	h.add(Issue{Reason: ReasonRoleNotFound, Verdict: VerdictFail,
		Message: fmt.Sprintf("role %s does not exist in account %s", strings.TrimPrefix(arn.Path, "/")+arn.Name, arn.Account),
		Help:    didYouMean(inv, arn)})
	return nil
}

// didYouMean suggests the role of the data the ARN most likely meant
// (inventory.NearestRole), or says nothing.
func didYouMean(inv *inventory.Inventory, arn RoleARN) string {
	near := inv.NearestRole(arn.Partition, arn.Account, arn.Path, arn.Name)
	if near == nil {
		return ""
	}
	help := fmt.Sprintf("did you mean role%s%s? (%s)", near.Path, near.Name, near.ARN)
	if strings.EqualFold(near.ARN, arn.String()) {
		help += "; role ARNs are case-sensitive"
	}
	return help
}

// otherPartition: the first role is in another partition than the
// cluster, so Redshift cannot assume it, nor can it be associated (see
// crossPartition for AWS's words); that is the reason, not the generic
// not-associated or role-unknown. It reports whether it added the issue.
func (h *Hop) otherPartition(w World, roleARN string) bool {
	arn, probs := ParseRoleARN(roleARN)
	if w.Cluster == nil || w.Cluster.Partition == "" || len(probs) > 0 || arn.Partition == w.Cluster.Partition {
		return false
	}
	issue := Issue{Reason: ReasonNotAssociated, Verdict: VerdictFail,
		Message: fmt.Sprintf("%s is in partition %s and cluster %s in %s: Redshift can use only roles of its own partition",
			arn.Name, arn.Partition, w.Cluster.ID, w.Cluster.Partition),
		Help: fmt.Sprintf("use a role of partition %s", w.Cluster.Partition)}
	same := arn
	same.Partition = w.Cluster.Partition
	if w.Inventory != nil && w.Inventory.Role(same.String()) != nil {
		issue.Help = fmt.Sprintf("did you mean %s?", same.String())
	}
	h.add(issue)
	return true
}

// notFound: the hop certainly assumes a role that does not exist.
func (h *Hop) notFound() bool {
	return slices.ContainsFunc(h.Issues, func(i Issue) bool { return i.Reason == ReasonRoleNotFound })
}

func (h *Hop) add(i Issue) {
	if i.Verdict == VerdictOK {
		h.Warnings = append(h.Warnings, i)
		return
	}
	h.Issues = append(h.Issues, i)
}

// precedenceKey places an issue in failOrder or unknownOrder.
func (i Issue) precedenceKey() Reason {
	if i.Reason == ReasonBoundaryDeny && i.explicit {
		return boundaryDenyExplicit
	}
	return i.Reason
}

// decide sorts the issues by precedence and sets the hop's verdict.
func (h Hop) decide() Hop {
	h.Issues, h.Verdict, h.Reason = Conclude(h.Issues)
	if h.Warnings == nil {
		h.Warnings = []Issue{}
	}
	return h
}

// Conclude orders issues by the precedence of iam-semantics.md §9 and
// returns the verdict and reason they make: the first issue's, or ok when
// there is none. The slice it returns is never nil.
func Conclude(issues []Issue) ([]Issue, Verdict, Reason) {
	rank := func(i Issue) int {
		order := unknownOrder
		base := len(failOrder)
		if i.Verdict == VerdictFail {
			order, base = failOrder, 0
		}
		for k, r := range order {
			if r == i.precedenceKey() {
				return base + k
			}
		}
		return base + len(order)
	}
	slices.SortStableFunc(issues, func(a, b Issue) int { return rank(a) - rank(b) })
	if len(issues) == 0 {
		return []Issue{}, VerdictOK, NoReason
	}
	return issues, issues[0].Verdict, issues[0].Reason
}

// display shortens a role ARN for messages: role/Name (account).
func display(roleARN string) string {
	arn, probs := ParseRoleARN(roleARN)
	if len(probs) > 0 {
		return roleARN
	}
	return arn.Name
}
