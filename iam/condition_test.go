package iam

import (
	"reflect"
	"testing"
)

// evalBlock evaluates a Condition block (JSON) written under version.
func evalBlock(t *testing.T, version, block string, ctx *Context) conditionResult {
	t.Helper()
	doc := `{"Statement":{"Effect":"Allow","Action":"*","Condition":` + block + `}}`
	if version != "" {
		doc = `{"Version":"` + version + `",` + doc[1:]
	}
	p := mustPolicy(t, doc)
	req := Request{Context: ctx}
	env := evalEnv{req: &req, vars: p.variablesEnabled()}
	return evalConditions(p.Statements[0].Conditions, &env)
}

func ctxWith(pairs ...string) *Context {
	c := NewContext()
	for i := 0; i+1 < len(pairs); i += 2 {
		c.Set(pairs[i], pairs[i+1])
	}
	return c
}

func TestConditionOperators(t *testing.T) {
	ctx := ctxWith(
		"s", "Hello", "n", "10", "d", "2024-06-01T12:00:00Z", "b", "true",
		"ip", "10.1.2.3", "ip6", "2001:db8::1", "bin", "QUJD", "arn", roleA,
		"ext", dbUserARN, "fn", "arn:aws:lambda:us-east-1:123456789012:function:f",
		"epoch", "1717243200", "yes", "yes",
	).Set("tags", "a", "b").SetAbsent("gone").Set("emptyset")
	cases := []struct {
		name, block string
		want        Tri
	}{
		{"StringEquals", `{"StringEquals":{"s":"Hello"}}`, True},
		{"StringEquals is case-sensitive", `{"StringEquals":{"s":"hello"}}`, False},
		{"key names are case-insensitive", `{"StringEquals":{"S":"Hello"}}`, True},
		{"values are OR-ed", `{"StringEquals":{"s":["x","Hello"]}}`, True},
		{"StringNotEquals", `{"StringNotEquals":{"s":["x","y"]}}`, True},
		{"StringNotEquals: must match none", `{"StringNotEquals":{"s":["x","Hello"]}}`, False},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"s":"HELLO"}}`, True},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase":{"s":"HELLO"}}`, False},
		{"StringLike with *", `{"StringLike":{"ext":"arn:aws:redshift:*:123456789012:dbuser:analytics-cluster/*"}}`, True},
		{"StringLike with ?", `{"StringLike":{"s":"H?llo"}}`, True},
		{"StringLike is case-sensitive", `{"StringLike":{"s":"h*"}}`, False},
		{"StringNotLike", `{"StringNotLike":{"s":"H*"}}`, False},
		{"number value compares as text", `{"StringEquals":{"n":10}}`, True},
		{"NumericEquals", `{"NumericEquals":{"n":"10.0"}}`, True},
		{"NumericNotEquals", `{"NumericNotEquals":{"n":10}}`, False},
		{"NumericLessThan", `{"NumericLessThan":{"n":"11"}}`, True},
		{"NumericLessThanEquals", `{"NumericLessThanEquals":{"n":"10"}}`, True},
		{"NumericGreaterThan", `{"NumericGreaterThan":{"n":"10"}}`, False},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals":{"n":"1e1"}}`, True},
		// Numeric operators compare numbers [CONDOPS]; no result is
		// documented for anything else, so it is undecided, not "no match".
		{"Numeric on a non-number request value", `{"NumericEquals":{"s":"1"}}`, Maybe},
		{"Numeric on a non-number policy value", `{"NumericLessThan":{"n":"ten"}}`, Maybe},
		{"negated Numeric on a non-number", `{"NumericNotEquals":{"s":"1"}}`, Maybe},
		{"Numeric with spaces is no number", `{"NumericEquals":{"n":" 10"}}`, Maybe},
		{"Numeric, one value decides", `{"NumericEquals":{"n":["ten","10"]}}`, True},
		{"DateEquals", `{"DateEquals":{"d":"2024-06-01T12:00:00+00:00"}}`, True},
		{"DateNotEquals", `{"DateNotEquals":{"d":"2024-06-01T12:00:00Z"}}`, False},
		{"DateLessThan", `{"DateLessThan":{"d":"2025-01-01"}}`, True},
		{"DateLessThanEquals epoch", `{"DateLessThanEquals":{"d":"1717243200"}}`, True},
		{"DateGreaterThan", `{"DateGreaterThan":{"d":"2024-06-01T12:00:01Z"}}`, False},
		{"DateGreaterThanEquals", `{"DateGreaterThanEquals":{"d":"2024-06-01"}}`, True},
		// Dates: the W3C profile of ISO 8601 or epoch seconds [CONDOPS].
		{"Date with a time zone offset", `{"DateEquals":{"d":"2024-06-01T14:00:00+02:00"}}`, True},
		{"Date with fractional seconds", `{"DateEquals":{"d":"2024-06-01T12:00:00.000Z"}}`, True},
		{"Date to the minute", `{"DateEquals":{"d":"2024-06-01T12:00Z"}}`, True},
		{"Date year and month", `{"DateGreaterThan":{"d":"2024-06"}}`, True},
		{"Date epoch as a JSON number", `{"DateEquals":{"d":1717243200}}`, True},
		{"Date epoch with a fraction", `{"DateLessThan":{"d":"1717243200.5"}}`, True},
		{"Date epoch on the request side", `{"DateEquals":{"epoch":"2024-06-01T12:00:00Z"}}`, True},
		{"Date without a time zone is undocumented", `{"DateEquals":{"d":"2024-06-01T12:00:00"}}`, Maybe},
		{"Date in basic format is undocumented", `{"DateEquals":{"d":"20240601T120000Z"}}`, Maybe},
		{"Date of four digits: year or epoch", `{"DateGreaterThan":{"d":"2020"}}`, Maybe},
		{"Date on a non-date", `{"DateLessThan":{"s":"2025-01-01"}}`, Maybe},
		{"negated Date on a non-date", `{"DateNotEquals":{"d":"yesterday"}}`, Maybe},
		{"Bool string", `{"Bool":{"b":"true"}}`, True},
		{"Bool JSON bool", `{"Bool":{"b":false}}`, False},
		{"Bool in any case", `{"Bool":{"b":"TRUE"}}`, True},
		{"Bool on a non-Boolean policy value", `{"Bool":{"b":"yes"}}`, Maybe},
		{"Bool on a non-Boolean request value", `{"Bool":{"yes":"true"}}`, Maybe},
		{"BinaryEquals", `{"BinaryEquals":{"bin":"QUJD"}}`, True},
		{"BinaryEquals differs", `{"BinaryEquals":{"bin":"QUJE"}}`, False},
		{"IpAddress CIDR", `{"IpAddress":{"ip":"10.0.0.0/8"}}`, True},
		{"IpAddress bare = /32", `{"IpAddress":{"ip":"10.1.2.4"}}`, False},
		{"IpAddress IPv6", `{"IpAddress":{"ip6":"2001:db8::/32"}}`, True},
		{"NotIpAddress", `{"NotIpAddress":{"ip":["192.168.0.0/16","172.16.0.0/12"]}}`, True},
		{"ArnEquals", `{"ArnEquals":{"arn":"arn:aws:iam::123456789012:role/RoleA"}}`, True},
		{"ArnLike", `{"ArnLike":{"arn":"arn:aws:iam::*:role/Role?"}}`, True},
		{"ArnLike is case-sensitive", `{"ArnLike":{"arn":"arn:aws:iam::*:role/rolea"}}`, False},
		// Each of the six parts is matched separately, so a '*' cannot swallow a colon.
		{"ArnLike parts do not cross colons", `{"ArnLike":{"fn":"arn:aws:lambda:us-east-*:function:f"}}`, False},
		{"where StringLike matches", `{"StringLike":{"fn":"arn:aws:lambda:us-east-*:function:f"}}`, True},
		{"ArnLike '*' in the resource part crosses its colons", `{"ArnLike":{"fn":"arn:aws:lambda:*:*:function*"}}`, True},
		{"ArnLike value with fewer than six parts is undocumented", `{"ArnLike":{"arn":"arn:aws:*:role/RoleA"}}`, Maybe},
		{"ArnNotLike", `{"ArnNotLike":{"arn":"arn:aws:iam::*:role/RoleB"}}`, True},
		{"ArnNotEquals", `{"ArnNotEquals":{"arn":"arn:aws:iam::123456789012:role/RoleA"}}`, False},
		{"ArnLike on a non-ARN value", `{"ArnLike":{"s":"*"}}`, Maybe},
		{"ArnNotLike on a non-ARN value", `{"ArnNotLike":{"s":"arn:aws:iam::1:role/x"}}`, Maybe},
		{"IpAddress on a non-IP value", `{"IpAddress":{"s":"10.0.0.0/8"}}`, Maybe},
		{"NotIpAddress on a non-IP value", `{"NotIpAddress":{"s":"10.0.0.0/8"}}`, Maybe},
		{"NotIpAddress with a non-CIDR policy value", `{"NotIpAddress":{"ip":"ten"}}`, Maybe},
		{"ForAnyValue:...IfExists on an absent key", `{"ForAnyValue:StringEqualsIfExists":{"gone":"x"}}`, Maybe},
		{"ForAllValues:...IfExists on an absent key", `{"ForAllValues:StringEqualsIfExists":{"gone":"x"}}`, True},
		{"Null true, key absent", `{"Null":{"gone":"true"}}`, True},
		{"Null true, key present", `{"Null":{"s":"true"}}`, False},
		{"Null false, key present", `{"Null":{"s":false}}`, True},
		{"Null True in any case, key absent", `{"Null":{"gone":"True"}}`, True},
		{"Null TRUE, key present", `{"Null":{"s":"TRUE"}}`, False},
		{"Null False in any case, key present", `{"Null":{"s":"False"}}`, True},
		{"Null on a non-Boolean value", `{"Null":{"gone":"yes"}}`, Maybe},
		{"Null values are OR-ed", `{"Null":{"gone":["yes","true"]}}`, True},
		{"absent key: positive operator fails", `{"StringEquals":{"gone":"x"}}`, False},
		{"absent key: negated operator holds", `{"StringNotEquals":{"gone":"x"}}`, True},
		{"absent key: IfExists holds", `{"StringEqualsIfExists":{"gone":"x"}}`, True},
		{"present key: IfExists tests", `{"StringEqualsIfExists":{"s":"x"}}`, False},
		{"NumericLessThanIfExists present", `{"NumericLessThanIfExists":{"n":"11"}}`, True},
		{"ForAnyValue on absent key", `{"ForAnyValue:StringEquals":{"gone":"x"}}`, False},
		{"ForAllValues on absent key", `{"ForAllValues:StringEquals":{"gone":"x"}}`, True},
		{"ForAllValues on an empty set", `{"ForAllValues:StringEquals":{"emptyset":"x"}}`, True},
		{"ForAnyValue on an empty set", `{"ForAnyValue:StringEquals":{"emptyset":"x"}}`, False},
		{"ForAnyValue one of several", `{"ForAnyValue:StringEquals":{"tags":["b","z"]}}`, True},
		{"ForAnyValue none", `{"ForAnyValue:StringEquals":{"tags":["y","z"]}}`, False},
		{"ForAllValues all", `{"ForAllValues:StringEquals":{"tags":["a","b","c"]}}`, True},
		{"ForAllValues not all", `{"ForAllValues:StringEquals":{"tags":["a"]}}`, False},
		{"ForAllValues negated", `{"ForAllValues:StringNotEquals":{"tags":["c"]}}`, True},
		{"ForAnyValue negated", `{"ForAnyValue:StringNotEquals":{"tags":["a"]}}`, True},
		{"set operator names are case-insensitive", `{"forallvalues:stringequals":{"tags":["a","b"]}}`, True},
		{"several keys are AND-ed", `{"StringEquals":{"s":"Hello","n":"10"}}`, True},
		{"several keys, one fails", `{"StringEquals":{"s":"Hello","n":"11"}}`, False},
		{"several operators are AND-ed", `{"StringEquals":{"s":"Hello"},"NumericLessThan":{"n":"5"}}`, False},
		{"plain operator on a multivalued key", `{"StringEquals":{"tags":"a"}}`, Maybe},
		{"unknown operator", `{"StringEqualz":{"s":"Hello"}}`, Maybe},
		{"NullIfExists is not an operator", `{"NullIfExists":{"s":"true"}}`, Maybe},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := evalBlock(t, Version2012, c.block, ctx).result; got != c.want {
				t.Errorf("%s = %v, want %v", c.block, got, c.want)
			}
		})
	}
}

// The request context has three states per key; an unknowable key makes
// every operator undecided, and the key is reported.
func TestConditionUnknownKeys(t *testing.T) {
	ctx := ctxWith("s", "Hello")
	cases := []struct {
		block       string
		want        Tri
		unknownKeys []string
		failedKeys  []string
	}{
		{`{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, Maybe, []string{"aws:SourceIp"}, nil},
		{`{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, Maybe, []string{"aws:SourceIp"}, nil},
		{`{"StringEqualsIfExists":{"aws:SourceAccount":"1"}}`, Maybe, []string{"aws:SourceAccount"}, nil},
		{`{"Null":{"aws:SourceArn":"true"}}`, Maybe, []string{"aws:SourceArn"}, nil},
		{`{"Null":{"s":"yes"}}`, Maybe, []string{"s"}, nil},
		{`{"NumericEquals":{"s":"1"}}`, Maybe, []string{"s"}, nil},
		{`{"ForAllValues:StringEquals":{"aws:TagKeys":"a"}}`, Maybe, []string{"aws:TagKeys"}, nil},
		// One certainly false test decides the AND, whatever is unknown.
		{`{"StringEquals":{"s":"x","aws:SourceIp":"1"}}`, False, []string{"aws:SourceIp"}, []string{"s"}},
		{`{"StringEquals":{"s":"Hello","aws:SourceIp":"1"}}`, Maybe, []string{"aws:SourceIp"}, nil},
	}
	for _, c := range cases {
		got := evalBlock(t, Version2012, c.block, ctx)
		if got.result != c.want || !reflect.DeepEqual(got.unknownKeys, c.unknownKeys) || !reflect.DeepEqual(got.failedKeys, c.failedKeys) {
			t.Errorf("%s = %v unknown %q failed %q; want %v unknown %q failed %q",
				c.block, got.result, got.unknownKeys, got.failedKeys, c.want, c.unknownKeys, c.failedKeys)
		}
	}
	if got := evalBlock(t, Version2012, `{"StringEquals":{"s":"Hello"}}`, nil).result; got != Maybe {
		t.Errorf("nil context: %v, want maybe", got)
	}
}

func TestConditionPolicyVariables(t *testing.T) {
	ctx := ctxWith("aws:username", "alice", "s", "alice", "star", "a*b", "dollar", "$x", "tag", "alice-dev").
		SetAbsent("aws:PrincipalTag/team")
	cases := []struct {
		name, version, block string
		want                 Tri
	}{
		{"variable substituted", Version2012, `{"StringEquals":{"s":"${aws:username}"}}`, True},
		{"variable key is case-insensitive", Version2012, `{"StringEquals":{"s":"${AWS:UserName}"}}`, True},
		{"2008-10-17 reads it literally", Version2008, `{"StringEquals":{"s":"${aws:username}"}}`, False},
		{"no Version reads it literally", "", `{"StringEquals":{"s":"${aws:username}"}}`, False},
		{"literally, it matches itself", Version2008, `{"StringEquals":{"literal":"${aws:username}"}}`, True},
		{"in StringLike", Version2012, `{"StringLike":{"tag":"${aws:username}-*"}}`, True},
		{"${*} is a literal star", Version2012, `{"StringEquals":{"star":"a${*}b"}}`, True},
		{"${*} does not act as a wildcard", Version2012, `{"StringLike":{"star":"a${*}"}}`, False},
		{"${$}", Version2012, `{"StringEquals":{"dollar":"${$}x"}}`, True},
		{"default for an absent key", Version2012, `{"StringEquals":{"s":"${aws:PrincipalTag/team, 'alice'}"}}`, True},
		{"absent key, no default: the value matches nothing", Version2012, `{"StringEquals":{"s":["${aws:PrincipalTag/team}","alice"]}}`, True},
		{"absent key, no default, only value", Version2012, `{"StringEquals":{"s":"${aws:PrincipalTag/team}"}}`, False},
		{"absent key under a negated operator is undecided", Version2012, `{"StringNotEquals":{"s":"${aws:PrincipalTag/team}"}}`, Maybe},
		{"negated operator, another value matches", Version2012, `{"StringNotEquals":{"s":["${aws:PrincipalTag/team}","alice"]}}`, False},
		{"unknown key", Version2012, `{"StringEquals":{"s":"${aws:SourceIdentity}"}}`, Maybe},
		// Numeric values take no variables [VARS]: the text stays literal, no number.
		{"no variables in Numeric values", Version2012, `{"NumericEquals":{"s":"${aws:username}"}}`, Maybe},
	}
	ctx.Set("literal", "${aws:username}")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := evalBlock(t, c.version, c.block, ctx)
			if got.result != c.want {
				t.Errorf("%s = %v, want %v", c.block, got.result, c.want)
			}
		})
	}
	got := evalBlock(t, Version2012, `{"StringEquals":{"s":"${aws:SourceIdentity}"}}`, ctx)
	if !reflect.DeepEqual(got.unknownKeys, []string{"aws:SourceIdentity"}) {
		t.Errorf("unknown variable reported as %q", got.unknownKeys)
	}
}

func TestContextStates(t *testing.T) {
	c := NewContext().Set("A", "1").SetAbsent("b").SetAbsentPrefix("aws:PrincipalTag/").Set("aws:PrincipalTag/team", "data")
	check := func(key string, want KeyState) {
		t.Helper()
		if _, s := c.Lookup(key); s != want {
			t.Errorf("%s: %v, want %v", key, s, want)
		}
	}
	check("a", KeyPresent)
	check("B", KeyAbsent)
	check("aws:principaltag/TEAM", KeyPresent)
	check("aws:PrincipalTag/owner", KeyAbsent)
	check("aws:SourceIp", KeyUnknown)
	check("empty", KeyUnknown)
	c.Set("empty")
	check("empty", KeyAbsent) // an empty set behaves like an absent key
	clone := c.Clone().SetUnknown("a")
	check("a", KeyPresent)
	if _, s := clone.Lookup("a"); s != KeyUnknown {
		t.Errorf("clone: %v", s)
	}
}
