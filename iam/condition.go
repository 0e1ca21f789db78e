package iam

import "strings"

// conditionResult is the outcome of a statement's whole Condition block.
type conditionResult struct {
	result      Tri
	failedKeys  []string // keys whose test was certainly false
	unknownKeys []string // keys (or variable keys) that made a test undecidable
}

// evalConditions ANDs every operator/key test of a block [MULTI].
func evalConditions(conds []Condition, env *evalEnv) conditionResult {
	out := conditionResult{result: True}
	for i := range conds {
		t, unknown := evalCondition(&conds[i], env)
		out.result = out.result.And(t)
		switch t {
		case False:
			out.failedKeys = appendKey(out.failedKeys, conds[i].Key)
		case Maybe:
			for _, k := range unknown {
				out.unknownKeys = appendKey(out.unknownKeys, k)
			}
		}
	}
	return out
}

// evalCondition tests one operator/key pair against the request context.
// The returned keys explain a Maybe.
func evalCondition(c *Condition, env *evalEnv) (Tri, []string) {
	op := parseOperator(c.Operator)
	if op.spec == nil {
		// IAM rejects unknown operators when a policy is saved; one seen here
		// means data we do not understand, so do not guess.
		return Maybe, []string{c.Key}
	}
	values, state := env.ctx().Lookup(c.Key)
	switch state {
	case KeyUnknown:
		return Maybe, []string{c.Key}
	case KeyAbsent:
		return withKey(absentKeyResult(op, c), c.Key)
	}
	if op.spec.isNull {
		return withKey(nullResult(c, false), c.Key)
	}
	prepared, unknownVars := prepareValues(c, op.spec, env)
	t, documented := applySetOperator(op.set, values, func(v string) Tri {
		return testValue(op.spec, v, prepared)
	})
	switch {
	case !documented:
		return Maybe, []string{c.Key}
	case t == Maybe:
		return Maybe, unknownVars
	}
	return t, nil
}

// applySetOperator combines the tests of the request's values as the set
// qualifier says [MULTI]: ForAnyValue ORs them, ForAllValues ANDs them.
// documented is false for a plain operator on a multivalued key, which AWS
// does not define (it asks for a set operator there).
func applySetOperator(set setQualifier, values []string, test func(string) Tri) (t Tri, documented bool) {
	switch set {
	case forAnyValue:
		t = False
		for _, v := range values {
			t = t.Or(test(v))
		}
		return t, true
	case forAllValues:
		t = True
		for _, v := range values {
			t = t.And(test(v))
		}
		return t, true
	}
	if len(values) != 1 {
		return Maybe, false
	}
	return test(values[0]), true
}

// withKey names key as the cause when t is undecided.
func withKey(t Tri, key string) (Tri, []string) {
	if t == Maybe {
		return t, []string{key}
	}
	return t, nil
}

// absentKeyResult applies the documented rules for a key missing from the
// request [CONDOPS], [MULTI]: ...IfExists and ForAllValues hold, ForAnyValue
// fails, negated operators hold, positive ones fail; Null tests presence.
// ForAnyValue with ...IfExists is the one combination whose two rules
// disagree: "If the key that you specify in a policy condition is not
// present in the request context, the values do not match" for
// ForAnyValue, while "If the policy key is present in the context of the
// request, process the key as specified in the policy. If the key is not
// present, evaluate the condition element as true" for ...IfExists (IAM
// UG, "Set operators for multivalued context keys" and "Condition
// operators", ...IfExists). No page says which wins, so the answer is
// undecided, never a guess.
func absentKeyResult(op operator, c *Condition) Tri {
	switch {
	case op.spec.isNull:
		return nullResult(c, true)
	case op.ifExists && op.set == forAnyValue:
		return Maybe
	case op.ifExists, op.set == forAllValues:
		return True
	case op.set == forAnyValue:
		return False
	}
	return triOf(op.spec.negated)
}

// nullResult: "Null": {"k": "true"} holds when k is absent, "false" when
// present; the values are OR-ed. "In the policy statement, use either true
// (the key doesn't exist — it is null) or false (the key exists and its
// value is not null)." (IAM UG, Condition operators, "Condition operator to
// check existence of condition keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null).
// The spelling's case is read as for Bool ("True" is true); a value that is
// neither leaves the test undecided, since no result is documented for it
// and reading it as "no match" would silently drop a Deny.
func nullResult(c *Condition, absent bool) Tri {
	out := False
	for _, v := range c.Values {
		isNull, ok := parseBool(v.Text)
		switch {
		case !ok:
			out = Maybe
		case isNull == absent:
			return True
		}
	}
	return out
}

// preparedValue is a policy value after variable substitution.
type preparedValue struct {
	pattern pattern
	state   Tri
}

func prepareValues(c *Condition, spec *opSpec, env *evalEnv) ([]preparedValue, []string) {
	out := make([]preparedValue, 0, len(c.Values))
	var unknown []string
	for _, v := range c.Values {
		if !spec.vars {
			out = append(out, preparedValue{pattern: plainPattern(v.Text), state: True})
			continue
		}
		exp := expandVariables(v.Text, 0, env.vars, env.ctx())
		out = append(out, preparedValue{pattern: exp.pattern, state: exp.state})
		unknown = append(unknown, exp.unknownKeys...)
	}
	if len(unknown) == 0 {
		unknown = []string{c.Key}
	}
	return out, unknown
}

// testValue tests one request value against the OR of the policy values.
// A negated operator holds when no value matches [MULTI]. A value whose
// variable has no value "does not match" (documented for positive
// operators [VARS]); for a negated operator AWS documents nothing, so that
// value leaves the answer undecided instead of silently satisfying it.
func testValue(spec *opSpec, request string, values []preparedValue) Tri {
	matched := False
	for _, v := range values {
		switch v.state {
		case True:
			matched = matched.Or(spec.match(request, v.pattern))
		case Maybe:
			matched = matched.Or(Maybe)
		case False:
			if spec.negated {
				matched = matched.Or(Maybe)
			}
		}
	}
	if spec.negated {
		return matched.Not()
	}
	return matched
}

// appendKey adds k unless an equal key (case-insensitively, as IAM compares
// keys) is already listed.
func appendKey(keys []string, k string) []string {
	for _, have := range keys {
		if strings.EqualFold(have, k) {
			return keys
		}
	}
	return append(keys, k)
}
