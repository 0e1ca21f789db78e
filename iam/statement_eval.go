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
	// Partial: the request stands for every resource under a prefix and
	// Resource (or NotResource) covers only part of them, which is why
	// Scope is Maybe.
	Partial bool
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
	resource := resourceScope(st, env)
	r.Scope = principal.scope.And(action).And(resource.scope)
	r.UnknownPrincipals = principal.unknown
	if action.And(resource.scope) != False {
		r.Rejected = principal.rejectedIn(ref, st.Effect)
	}
	r.Partial = resource.partial
	if r.Scope == False {
		return r
	}
	cond := evalConditions(st.Conditions, env)
	r.Condition, r.FailedKeys = cond.result, cond.failedKeys
	r.UnknownKeys = cond.unknownKeys
	if resource.scope == Maybe {
		for _, k := range resource.unknownKeys {
			r.UnknownKeys = appendKey(r.UnknownKeys, k)
		}
	}
	r.Applies = r.Scope.And(r.Condition)
	if env.mode == resourceMode && st.Effect == Allow {
		r.Grants = principal.grants.and(action.And(resource.scope).And(r.Condition))
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

// resourceMatch is how a statement's Resource or NotResource element
// relates to the request.
type resourceMatch struct {
	scope       Tri
	unknownKeys []string // policy-variable keys that left it Maybe
	partial     bool     // Maybe because a prefix request is only partly covered
}

func resourceScope(st *Statement, env *evalEnv) resourceMatch {
	switch {
	case st.Resource != nil:
		return anyResourceMatches(st.Resource, false, env)
	case st.NotResource != nil: // [NOTRES]: every resource except those listed
		m := anyResourceMatches(st.NotResource, true, env)
		m.scope = m.scope.Not()
		return m
	case env.mode == resourceMode:
		return resourceMatch{scope: True}
	}
	return resourceMatch{scope: malformed(st.Effect)}
}

// anyResourceMatches ORs the patterns. Policy variables are substituted in
// the resource part only [VARS]. A pattern whose variable has no value
// matches nothing [VARS]; inside NotResource that would silently widen the
// statement, which AWS does not document, so it is left undecided.
// Patterns that each cover part of a prefix request are not added up: the
// union stays Maybe even if together they cover it all, an unknown rather
// than a false answer.
func anyResourceMatches(patterns []string, negated bool, env *evalEnv) resourceMatch {
	out := resourceMatch{scope: False}
	partial := false
	for _, raw := range patterns {
		exp := expandVariables(raw, resourcePartStart(plainPattern(raw)), env.vars, env.ctx())
		switch exp.state {
		case True:
			t, part := matchRequestResource(exp.pattern, env.req)
			out.scope = out.scope.Or(t)
			partial = partial || part
		case Maybe:
			out.scope = out.scope.Or(Maybe)
			out.unknownKeys = append(out.unknownKeys, exp.unknownKeys...)
		case False:
			if negated {
				out.scope = out.scope.Or(Maybe)
			}
		}
	}
	out.partial = partial && out.scope == Maybe
	return out
}

// matchRequestResource matches one pattern against the request's resource:
// one ARN, or every ARN under a prefix (then part is true when the pattern
// covers only some of them).
func matchRequestResource(p pattern, req *Request) (t Tri, part bool) {
	o := arnMatchOptions(p)
	if !req.ResourcePrefix {
		return triOf(p.match(req.Resource, o)), false
	}
	c := p.coverPrefix(req.Resource, o)
	return c.Tri(), c == CoversSome
}
