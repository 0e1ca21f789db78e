package iam

import "strconv"

// StatementRef names a statement for reports.
type StatementRef struct {
	Policy string // the NamedPolicy label
	Index  int    // position in the policy's Statement list, from 0
	Sid    string // "" when the statement has none
}

func (r StatementRef) String() string {
	if r.Sid != "" {
		return r.Policy + " " + quote(r.Sid)
	}
	return r.Policy + " Statement[" + strconv.Itoa(r.Index) + "]"
}

// StatementResult is how one statement relates to a request.
type StatementResult struct {
	Ref    StatementRef
	Effect Effect
	// Applies = Scope AND Condition: the statement takes effect.
	Applies Tri
	// Scope: Principal/NotPrincipal, Action/NotAction and
	// Resource/NotResource all cover the request.
	Scope Tri
	// Condition: the Condition block holds (True when there is none).
	Condition Tri
	// Grants: for an Allow in a resource policy, through which kinds of
	// principal it applies.
	Grants Grants
	// FailedKeys are the condition keys whose tests were false, so a
	// caller can tell "only sts:ExternalId failed" from other misses.
	FailedKeys []string
	// UnknownKeys are the condition keys (or policy-variable keys) whose
	// values could not be known and left the statement undecided.
	UnknownKeys []string
	// UnknownPrincipals are principal entries that could not be decided,
	// e.g. a role session ARN when the session name is unknown.
	UnknownPrincipals []string
	// Rejected are principal entries of shapes IAM refuses that could have
	// named the caller; kept even when the statement does not apply, so a
	// caller can say why an Allow meant for it names no one.
	Rejected []RejectedPrincipal
}

// policyMode says which elements a policy type requires: identity
// policies (and boundaries) have no Principal; resource policies name
// principals and apply to their own resource when Resource is absent (a
// role trust policy has no Resource).
type policyMode uint8

const (
	identityMode policyMode = iota
	resourceMode
)

// evalEnv is what every statement of one policy is evaluated against.
type evalEnv struct {
	req       *Request
	mode      policyMode
	vars      bool // the policy's Version enables policy variables
	roleTrust bool // the policy is a role trust policy (resourceMode)
}

func (e *evalEnv) ctx() *Context { return e.req.Context }

func evalStatement(st *Statement, ref StatementRef, env *evalEnv) StatementResult {
	r := StatementResult{Ref: ref, Effect: st.Effect}
	principal := principalScope(st, env)
	action := actionScope(st, env.req.Action)
	resource, resourceUnknown := resourceScope(st, env)
	r.Scope = principal.scope.And(action).And(resource)
	r.UnknownPrincipals = principal.unknown
	if action.And(resource) != False {
		r.Rejected = principal.rejectedIn(ref, st.Effect)
	}
	if r.Scope == False {
		return r
	}
	cond := evalConditions(st.Conditions, env)
	r.Condition, r.FailedKeys = cond.result, cond.failedKeys
	r.UnknownKeys = cond.unknownKeys
	if resource == Maybe {
		for _, k := range resourceUnknown {
			r.UnknownKeys = appendKey(r.UnknownKeys, k)
		}
	}
	r.Applies = r.Scope.And(r.Condition)
	if env.mode == resourceMode && st.Effect == Allow {
		r.Grants = principal.grants.and(action.And(resource).And(r.Condition))
	}
	return r
}

// malformed is how a statement evaluates when it lacks an element its
// policy type requires, or has one the type prohibits (a Principal in an
// identity policy). IAM rejects such documents; if one turns up anyway it
// may deny everything but allow nothing, so the flaw can only ever cost an
// "ok", never produce one.
func malformed(e Effect) Tri { return triOf(e == Deny) }

func principalScope(st *Statement, env *evalEnv) principalMatch {
	if env.mode == identityMode {
		if st.Principal != nil || st.NotPrincipal != nil {
			return principalMatch{scope: malformed(st.Effect)}
		}
		return principalMatch{scope: True}
	}
	if m, ok := matchPrincipalElement(st, env.req.Caller, env.roleTrust); ok {
		return m
	}
	return principalMatch{scope: malformed(st.Effect)}
}

func actionScope(st *Statement, action string) Tri {
	switch {
	case st.Action != nil:
		return triOf(anyActionMatches(st.Action, action))
	case st.NotAction != nil: // [NOTACT]: everything except the listed actions
		return triOf(!anyActionMatches(st.NotAction, action))
	}
	return malformed(st.Effect)
}

func anyActionMatches(patterns []string, action string) bool {
	for _, p := range patterns {
		if MatchAction(p, action) {
			return true
		}
	}
	return false
}

func resourceScope(st *Statement, env *evalEnv) (Tri, []string) {
	switch {
	case st.Resource != nil:
		return anyResourceMatches(st.Resource, false, env)
	case st.NotResource != nil: // [NOTRES]: every resource except those listed
		t, unknown := anyResourceMatches(st.NotResource, true, env)
		return t.Not(), unknown
	case env.mode == resourceMode:
		return True, nil
	}
	return malformed(st.Effect), nil
}

// anyResourceMatches ORs the patterns. Policy variables are substituted in
// the resource part only [VARS]. A pattern whose variable has no value
// matches nothing [VARS]; inside NotResource that would silently widen the
// statement, which AWS does not document, so it is left undecided.
func anyResourceMatches(patterns []string, negated bool, env *evalEnv) (Tri, []string) {
	out := False
	var unknown []string
	for _, raw := range patterns {
		exp := expandVariables(raw, resourcePartStart(plainPattern(raw)), env.vars, env.ctx())
		switch exp.state {
		case True:
			out = out.Or(triOf(exp.pattern.match(env.req.Resource, arnMatchOptions(exp.pattern))))
		case Maybe:
			out = out.Or(Maybe)
			unknown = append(unknown, exp.unknownKeys...)
		case False:
			if negated {
				out = out.Or(Maybe)
			}
		}
	}
	return out, unknown
}
