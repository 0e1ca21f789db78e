package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Request is one action on one resource that a principal must be allowed.
type Request struct {
	Action   string
	Resource string
	// Prefix: Resource stands for every resource whose ARN starts with it
	// (every object under an S3 prefix); messages show it with a '*'.
	Prefix bool
	// Known sets the context keys the request itself fixes (s3:prefix,
	// redshift:DbUser); nil when it fixes none.
	Known func(*iam.Context)
	// ResourcePolicy is the resource's policy when the data holds one (a
	// bucket, function or key policy); nil when it has none or the data
	// does not say.
	ResourcePolicy *iam.NamedPolicy
	// PolicyHelp tells how to give the resource policy when the data
	// lacks its document; "" for the general help.
	PolicyHelp string
	// ResourceMustAllow: the resource policy must allow the caller even in
	// the same account (KMS key policies).
	ResourceMustAllow bool
	// GrantsMayAllow: something the data does not hold (KMS grants) may
	// allow what no policy allows; a refusal without an explicit Deny is
	// then unknown, and this says why. "" for none.
	GrantsMayAllow string
	// ResourceAccount owns the resource when its ARN does not say (S3
	// ARNs name no account); "" takes the ARN's account, or leaves
	// whether the request crosses accounts undecided.
	ResourceAccount string
	// AccountAssumed: ResourceAccount is the convention of SPEC §9 (a
	// bucket without a policy in the data is taken to be in the role's
	// account), not a fact; the Organizations RCPs, which depend on the
	// owner, are then checked as for an unknown owner.
	AccountAssumed bool

	// FailReason is the reason of a refused request:
	// chain.ReasonPermissionMissing or chain.ReasonConnectPermission.
	FailReason chain.Reason
	// Purpose completes "which ... needs" in messages: "COPY",
	// "connecting as analyst".
	Purpose string
	// CrossAccount explains a refusal because the principal is in another
	// account than the resource and no resource policy can allow it; ""
	// for the general explanation.
	CrossAccount, CrossAccountHelp string
	// Open: the resource stands for resources the SQL does not name
	// (streams, topics, jobs): what they are. A refusal on the whole
	// pattern then says nothing certain about them: unknown, not fail.
	Open string
	// OpenHelp tells how to name the resources Open stands for; "" for none.
	OpenHelp string
	// EveryBucket: Resource stands for objects in buckets the data does not
	// name, so every bucket policy in the data must allow them too.
	EveryBucket bool
	// Unknown: the resource cannot be formed from the data: why. The
	// request is then unknown without evaluation.
	Unknown string
	// NotFound: the resource did not exist when the data was collected (a
	// bucket S3 answered NoSuchBucket for): what the message says about
	// it. The request then fails without evaluation: no policy can allow
	// a request on a resource that is not there.
	NotFound, NotFoundHelp string
}

// Check is the verdict on one Request: the one result shape of operation
// checks and connect permissions.
type Check struct {
	Action, Resource string
	Verdict          chain.Verdict
	Reason           chain.Reason // FailReason for a refusal; policy-unknown or condition-unverifiable when one explains an unknown
	Message, Help    string       // "" for ok
	// Statements are the policy statements the message is about.
	Statements []iam.StatementRef
	Keys       []string // condition keys that could not be known
	// Deciding are the statements that decided, with their effect.
	Deciding []chain.Decide
	// Lead and Tail frame the request in Message (Lead + "ACTION on
	// RESOURCE" + Tail), so that the checks of one operation that fail or
	// are unknown for one cause can share one message (Group); both "" when
	// the message has another shape.
	Lead, Tail string
	// Grant is the statement that would allow the request when Help only
	// adds it to a policy of Grantee; "" otherwise.
	Grant, Grantee string
}

// Evaluate decides whether who may do req. A principal the data does not
// hold, a policy document it lacks, a condition it cannot decide: each
// makes the check unknown, never ok.
func Evaluate(inv *inventory.Inventory, who chain.Principal, req Request) Check {
	c := evaluate(inv, who, req)
	if req.Unknown == "" && req.NotFound == "" {
		c.guardrails(inv, who, &req)
	}
	return c
}

func evaluate(inv *inventory.Inventory, who chain.Principal, req Request) Check {
	c := Check{Action: req.Action, Resource: req.shown()}
	name := who.Name()
	switch {
	case req.Unknown != "":
		return c.unknown(fmt.Sprintf("whether %s may %s, which %s needs, cannot be checked: %s", name, req.Action, req.Purpose, req.Unknown))
	case req.NotFound != "":
		return c.notFound(&req, name)
	case who.Role == nil && who.User == nil:
		return c.unknown(fmt.Sprintf("the permissions of %s are not in the IAM data, so whether it may %s cannot be checked", name, req.Action))
	}
	ctx := who.Context()
	if req.Known != nil {
		req.Known(ctx)
	}
	identity, boundary := who.Policies(inv)
	a := iam.Access{
		Request:           iam.Request{Caller: who.Caller, Action: req.Action, Resource: req.Resource, ResourcePrefix: req.Prefix, Context: ctx},
		Identity:          identity,
		Boundary:          boundary,
		ResourcePolicy:    req.ResourcePolicy,
		ResourceMustAllow: req.ResourceMustAllow,
		ResourceAccount:   req.ResourceAccount,
	}
	auth := iam.Authorize(a)
	c.Deciding = chain.Decides(auth.Deciding)
	ex := explainer{Check: &c, req: &req, access: &a, auth: &auth, name: name, boundary: boundaryName(who)}
	switch auth.Decision {
	case iam.Allowed:
		ex.allowed()
	case iam.ExplicitDeny:
		ex.explicitDeny()
	case iam.ImplicitDeny:
		ex.implicitDeny()
	default:
		ex.undecided()
	}
	return c
}

// shown is the resource as messages spell it: a prefix ends in '*', the
// pattern that would grant it.
func (r *Request) shown() string {
	if r.Prefix {
		return r.Resource + "*"
	}
	return r.Resource
}

// know adds context keys the request fixes to those already set.
func (r *Request) know(set func(*iam.Context)) {
	if prev := r.Known; prev != nil {
		r.Known = func(ctx *iam.Context) { prev(ctx); set(ctx) }
		return
	}
	r.Known = set
}

// notFound fails a request on a resource that does not exist, in one
// frame for every action on it, so that they share one message.
func (c Check) notFound(req *Request, name string) Check {
	c.Verdict, c.Reason, c.Help = chain.VerdictFail, chain.ReasonBucketNotFound, req.NotFoundHelp
	c.Lead, c.Tail = req.NotFound+", so "+name+" cannot ", ", which "+req.Purpose+" needs"
	c.Message = c.Lead + c.target() + c.Tail
	return c
}

func (c Check) unknown(msg string) Check {
	c.Verdict, c.Message = chain.VerdictUnknown, msg
	return c
}

func boundaryName(who chain.Principal) string {
	if who.Role != nil {
		return who.Role.Boundary
	}
	return ""
}

// explainer turns one decision into a Check's verdict, message and help.
type explainer struct {
	*Check
	req      *Request
	access   *iam.Access
	auth     *iam.Authorization
	name     string // the principal, for messages
	boundary string // its permissions boundary, for help
}

// target spells the request for messages: "s3:GetObject on arn:...".
func (e *explainer) target() string { return e.Check.target() }

func (c *Check) target() string { return c.Action + " on " + c.Resource }

// framed sets a message that frames the request between lead and tail.
func (e *explainer) framed(lead, tail string) {
	e.Lead, e.Tail = lead, tail
	e.Message = lead + e.target() + tail
}

// grant sets the help that adds the statement allowing the request to a
// policy of the principal.
func (e *explainer) grant() {
	e.Grant, e.Grantee = fmt.Sprintf(`{"Effect": "Allow", "Action": "%s", "Resource": "%s"}`, e.Action, e.Resource), e.name
	e.Help = grantHelp([]string{e.Grant}, e.name)
}

func grantHelp(grants []string, name string) string {
	return fmt.Sprintf("add %s to a policy of %s", strings.Join(grants, ", "), name)
}

// otherHelp replaces a help that would add a statement.
func (e *explainer) otherHelp(help string) { e.Help, e.Grant, e.Grantee = help, "", "" }

func (e *explainer) allowed() {
	e.Verdict = chain.VerdictOK
	e.Statements = chain.RefsOfAll(e.auth.Deciding)
}

func (e *explainer) explicitDeny() {
	e.Verdict, e.Reason = chain.VerdictFail, e.req.FailReason
	e.Statements = chain.RefsOfAll(e.auth.Deciding)
	where := "a policy"
	if len(e.Statements) > 0 {
		where = e.Statements[0].String()
	}
	e.framed(fmt.Sprintf("a Deny in %s stops %s from ", where, e.name), ", which "+e.req.Purpose+" needs")
}

func (e *explainer) implicitDeny() {
	if e.req.Open != "" {
		e.open(fmt.Sprintf("%s may not %s on every resource matching %s", e.name, e.Action, e.Resource))
		return
	}
	if e.req.GrantsMayAllow != "" {
		e.grantsMayAllow()
		return
	}
	e.Verdict, e.Reason = chain.VerdictFail, e.req.FailReason
	tail := ", which " + e.req.Purpose + " needs"
	e.grant()
	switch {
	case e.auth.Lacking == iam.PermissionsBoundary:
		e.otherHelp(fmt.Sprintf("the permissions boundary %s of %s must allow %s too", e.boundary, e.name, e.Action))
	case e.auth.CrossAccount == iam.True && e.req.ResourcePolicy != nil && e.auth.Lacking == iam.ResourcePolicy:
		owner := ""
		if e.access.ResourceAccount != "" {
			owner = ", " + e.access.ResourceAccount
		}
		e.otherHelp(fmt.Sprintf("%s is in another account%s: the %s must allow %s too", e.Resource, owner, e.req.ResourcePolicy.Label, e.access.Request.Caller.ARN))
	case e.auth.CrossAccount == iam.True && e.req.ResourcePolicy == nil && e.req.CrossAccount != "":
		e.Message = e.req.CrossAccount
		e.otherHelp(e.req.CrossAccountHelp)
		return
	default:
		if keys, refs := nearMiss(e.auth.Identity); len(keys) > 0 {
			tail += fmt.Sprintf(" (an Allow covers it, but its condition on %s is not met)", strings.Join(keys, ", "))
			e.Statements = refs
		}
	}
	e.framed(e.name+" may not ", tail)
}

// grantsMayAllow: no policy allows, but what the data lacks (a KMS grant)
// may; the help says which policy would allow it.
func (e *explainer) grantsMayAllow() {
	e.Verdict = chain.VerdictUnknown
	e.framed("whether "+e.name+" may ", ", which "+e.req.Purpose+" needs, cannot be decided: "+e.req.GrantsMayAllow)
	switch {
	case e.auth.Lacking == iam.ResourcePolicy && e.req.ResourcePolicy != nil:
		e.Help = fmt.Sprintf("if no grant allows it, the %s must allow %s (or arn:%s:iam::%s:root, so that its IAM policies decide)",
			e.req.ResourcePolicy.Label, e.access.Request.Caller.ARN, e.access.Request.Caller.Partition, e.access.Request.Caller.Account)
	case e.auth.Lacking == iam.PermissionsBoundary:
		e.Help = fmt.Sprintf("if no grant allows it, the permissions boundary %s of %s must allow %s too", e.boundary, e.name, e.Action)
	default:
		e.grant()
		e.Help = "if no grant allows it, " + e.Help
	}
}

// undecided: the data cannot decide; say what it lacks.
func (e *explainer) undecided() {
	e.Verdict = chain.VerdictUnknown
	e.Keys = e.auth.UnknownKeys()
	e.Statements = chain.RefsOfAll(e.auth.Deciding)
	switch labels := e.auth.UnknownPolicies(); {
	case len(labels) > 0:
		e.Reason = chain.ReasonPolicyUnknown
		e.framed(fmt.Sprintf("%s is not in the data, so whether %s may ", strings.Join(labels, ", "), e.name), " cannot be decided")
		e.Help = "export the policy with get-account-authorization-details (include AWSManagedPolicy in --filter)"
		if e.req.PolicyHelp != "" && len(labels) == 1 && e.req.ResourcePolicy != nil && labels[0] == e.req.ResourcePolicy.Label {
			e.Help = e.req.PolicyHelp
		}
	case len(e.Keys) > 0:
		e.Reason = chain.ReasonConditionUnverifiable
		e.framed("whether "+e.name+" may ", fmt.Sprintf(" depends on %s, which cannot be known offline", strings.Join(e.Keys, ", ")))
	case e.partial():
	case e.auth.CrossAccount == iam.Maybe:
		e.framed("whether "+e.name+" may ", fmt.Sprintf(" depends on whether the resource is in %s's account, which the data does not say", e.name))
	default:
		e.framed("whether "+e.name+" may ", " cannot be decided from the data")
	}
	if e.Help == "" { // the resources the SQL does not name may be supplied
		e.Help = e.req.OpenHelp
	}
}

// open: a refusal, or an allow of part, on a pattern standing for
// resources the SQL does not name says nothing certain about them.
func (e *explainer) open(what string) {
	e.Verdict = chain.VerdictUnknown
	e.Message = fmt.Sprintf("%s; whether it may on %s cannot be known from the SQL", what, e.req.Open)
	e.Help = e.req.OpenHelp
}

// partial explains an unknown that comes from statements covering only
// part of a prefix request: a Deny on part of it refuses the objects
// there, an Allow on part leaves the others refused. It reports whether
// it found such a statement.
func (e *explainer) partial() bool {
	deny, allow, ok := partialStatements(e.auth.Deciding)
	switch {
	case !ok:
		return false
	case deny != nil && e.req.Open == "":
		e.Statements = []iam.StatementRef{deny.Ref}
		e.Message = fmt.Sprintf("%s denies %s on part of %s: objects there will be refused", deny.Ref, e.Action, e.Resource)
	case e.req.Open != "" && deny != nil:
		e.Statements = []iam.StatementRef{deny.Ref}
		e.open(fmt.Sprintf("%s denies %s on part of %s", deny.Ref, e.Action, e.Resource))
	case e.req.Open != "":
		e.open(fmt.Sprintf("%s may %s only on part of %s", e.name, e.Action, e.Resource))
	default:
		e.Statements = []iam.StatementRef{allow.Ref}
		e.Message = fmt.Sprintf("%s allows %s only on part of %s: objects outside that part will be refused", allow.Ref, e.Action, e.Resource)
		e.grant()
	}
	return true
}

// partialStatements finds, among the deciding statements, a Deny and an
// Allow that apply to part of a prefix request (conditions met).
func partialStatements(deciding []iam.StatementResult) (deny, allow *iam.StatementResult, ok bool) {
	for i := range deciding {
		sr := &deciding[i]
		if !sr.Partial || sr.Condition != iam.True {
			continue
		}
		switch {
		case sr.Effect == iam.Deny && deny == nil:
			deny = sr
		case sr.Effect == iam.Allow && allow == nil:
			allow = sr
		}
	}
	return deny, allow, deny != nil || allow != nil
}

// nearMiss: the Allows whose principal, action and resource cover the
// request but whose condition certainly fails, and the keys that failed.
func nearMiss(r *iam.Result) ([]string, []iam.StatementRef) {
	if r == nil {
		return nil, nil
	}
	var keys []string
	var refs []iam.StatementRef
	for _, c := range r.Candidates {
		if c.Effect != iam.Allow || c.Scope != iam.True || c.Condition != iam.False {
			continue
		}
		refs = append(refs, c.Ref)
		for _, k := range c.FailedKeys {
			if !slices.ContainsFunc(keys, func(x string) bool { return strings.EqualFold(x, k) }) {
				keys = append(keys, k)
			}
		}
	}
	return keys, refs
}
