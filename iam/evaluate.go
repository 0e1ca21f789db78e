package iam

// Request is one API request to evaluate.
type Request struct {
	Caller   Caller
	Action   string // e.g. "sts:AssumeRole"; matched case-insensitively
	Resource string // the resource ARN, e.g. the role being assumed
	// ResourcePrefix: Resource stands for every resource whose ARN starts
	// with it (every object under an S3 prefix), not for one ARN. A
	// Resource pattern then applies if it matches all of them, does not if
	// it matches none, and might (Maybe, StatementResult.Partial) if it
	// matches some: objects there would be allowed or denied, others not.
	ResourcePrefix bool
	// Context says what is known about condition keys. nil knows nothing:
	// every condition then evaluates to Maybe.
	Context *Context
}

// Result is the evaluation of one set of policies of the same type.
type Result struct {
	Decision Decision
	// Deny: some Deny statement applies. Allow: some Allow statement
	// applies (whatever the denies). Kept separately because combining
	// policy types needs both facts, not just the Decision.
	Deny  Tri
	Allow Tri
	// Grants: for a resource policy, Allow split by how it names the caller.
	Grants Grants
	// Deciding are the statements that decided: the Denies that certainly
	// apply (ExplicitDeny), the Allows that certainly apply (Allowed), the
	// statements that might apply (Unknown); none for ImplicitDeny.
	Deciding []StatementResult
	// Candidates are all statements whose principal, action and resource
	// cover the request or might, whatever their conditions: the place to
	// look for near misses such as an Allow failing only on one key.
	Candidates []StatementResult
	// UnknownPolicies are the labels of policies whose document is missing.
	UnknownPolicies []string
	// Rejected are the principal entries of shapes IAM refuses, in
	// statements whose action and resource cover the request, that could
	// have named the caller (see RejectedShape).
	Rejected []RejectedPrincipal
}

// EvaluateIdentity evaluates identity-based policies (inline policies and
// the default versions of attached managed policies) or, called with the
// boundary alone, a permissions boundary. Statements are OR-ed within and
// across policies and a Deny wins [EVAL].
func EvaluateIdentity(req Request, policies ...NamedPolicy) Result {
	return evaluate(&req, identityMode, policies)
}

// EvaluateResource evaluates a resource-based policy, such as a role trust
// policy, for the request's caller. Result.Grants tells how each Allow named
// the caller, which Authorize needs to combine it with the caller's side.
func EvaluateResource(req Request, policy NamedPolicy) Result {
	return evaluate(&req, resourceMode, []NamedPolicy{policy})
}

func evaluate(req *Request, mode policyMode, policies []NamedPolicy) Result {
	return evaluatePolicies(req, mode, false, policies)
}

// evaluatePolicies is evaluate; roleTrust marks a role trust policy, in
// which IAM refuses NotPrincipal altogether [NOTPRIN].
func evaluatePolicies(req *Request, mode policyMode, roleTrust bool, policies []NamedPolicy) Result {
	r := Result{Deny: False, Allow: False}
	for _, np := range policies {
		if np.Document == nil {
			r.addUnknownPolicy(np.Label, mode)
			continue
		}
		env := evalEnv{req: req, mode: mode, vars: np.Document.variablesEnabled(), roleTrust: roleTrust}
		for i := range np.Document.Statements {
			st := &np.Document.Statements[i]
			sr := evalStatement(st, StatementRef{Policy: np.Label, Index: i, Sid: st.Sid}, &env)
			r.Rejected = append(r.Rejected, sr.Rejected...)
			if sr.Scope != False {
				r.add(sr)
			}
		}
	}
	r.Decision = decide(r.Deny, r.Allow)
	r.Deciding = decidingStatements(r.Decision, r.Candidates)
	return r
}

func (r *Result) add(sr StatementResult) {
	r.Candidates = append(r.Candidates, sr)
	switch sr.Effect {
	case Deny:
		r.Deny = r.Deny.Or(sr.Applies)
	case Allow: // a hand-built statement without a valid Effect allows nothing
		r.Allow = r.Allow.Or(sr.Applies)
		r.Grants.merge(sr.Grants)
	}
}

// addUnknownPolicy: a missing document might hold any statement, so it
// might allow and might deny.
func (r *Result) addUnknownPolicy(label string, mode policyMode) {
	r.UnknownPolicies = append(r.UnknownPolicies, label)
	r.Deny = r.Deny.Or(Maybe)
	r.Allow = r.Allow.Or(Maybe)
	if mode == resourceMode {
		r.Grants.merge(maybeAll())
	}
}

func decidingStatements(d Decision, candidates []StatementResult) []StatementResult {
	var out []StatementResult
	for _, sr := range candidates {
		if isDeciding(d, sr) {
			out = append(out, sr)
		}
	}
	return out
}

func isDeciding(d Decision, sr StatementResult) bool {
	switch d {
	case ExplicitDeny:
		return sr.Effect == Deny && sr.Applies == True
	case Allowed:
		return sr.Effect == Allow && sr.Applies == True
	case Unknown:
		return sr.Applies == Maybe
	}
	return false
}
