package differential

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Condition keys of the generated policies. For each case class a key is
// either fixed (the tool knows its value, or knows it is absent: the
// oracle gets that one value) or open (the tool cannot know it offline:
// the oracle enumerates its worlds). A key's worlds straddle every value a
// policy may name for it, so that each condition is true in some world and
// false in another whenever its truth depends on the key.

// keyType is the family of operators that fits a key's values.
type keyType string

const (
	tString  keyType = "string"
	tNumeric keyType = "numeric"
	tDate    keyType = "date"
	tBool    keyType = "bool"
	tIP      keyType = "ip"
	tARN     keyType = "arn"
	tMulti   keyType = "multi" // multi-valued string key
)

// absent in a world's value list means the key is not in the request.
var absent = []string(nil)

type keyDef struct {
	name string
	typ  keyType
	// policy values a condition may name.
	policy []string
	// worlds are the alternatives for an open key: each a value list, or
	// absent. The values a case's conditions name are added to them
	// (builder.keyWorlds), and so is absence: the tool takes every key it
	// does not know as possibly absent (iam-semantics.md §9: "every other
	// key unknown"), so the oracle must not assume presence either.
	worlds [][]string
}

const (
	acct      = "111111111111" // the cluster's and role A's account
	acctB     = "222222222222" // the account of a cross-account target role
	acctOther = "333333333333" // an account that is neither
	region    = "us-east-1"    // the cluster's region
	cluster   = "c1"
	dbUser    = "alice"
	roleA     = "arn:aws:iam::" + acct + ":role/etl-a"
	roleOther = "arn:aws:iam::" + acct + ":role/other"
	dbUserARN = "arn:aws:redshift:" + region + ":" + acct + ":dbuser:" + cluster + "/" + dbUser
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// openKeys are keys no offline tool can know: their worlds are enumerated.
var openKeys = []keyDef{
	{"aws:SourceIp", tIP, []string{"10.0.0.0/8", "192.0.2.0/24", "192.0.2.7"},
		[][]string{absent, {"10.1.2.3"}, {"192.0.2.7"}, {"203.0.113.9"}}},
	{"aws:CurrentTime", tDate, []string{"2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z", "2030-01-01"},
		[][]string{{"2019-06-01T00:00:00Z"}, {"2020-01-01T00:00:00Z"}, {"2025-06-01T12:00:00Z"}, {"2030-01-01T00:00:00Z"}, {"2031-01-01T00:00:00Z"}}},
	{"aws:EpochTime", tNumeric, []string{"1577836800", "1893456000"},
		[][]string{{"1500000000"}, {"1577836800"}, {"1700000000"}, {"1893456000"}, {"1900000000"}}},
	{"aws:MultiFactorAuthAge", tNumeric, []string{"3600", "60"},
		[][]string{absent, {"30"}, {"60"}, {"3600"}, {"7200"}}},
	{"aws:RequestedRegion", tString, []string{"us-east-1", "us-*", "eu-west-1"},
		[][]string{{"us-east-1"}, {"us-west-2"}, {"eu-west-1"}}},
	{"aws:PrincipalOrgID", tString, []string{"o-abc123", "o-*"},
		[][]string{absent, {"o-abc123"}, {"o-zzz999"}}},
	{"aws:SourceVpc", tString, []string{"vpc-111", "vpc-1*", b64("vpc-111")},
		[][]string{absent, {"vpc-111"}, {"vpc-222"}, {b64("vpc-111")}}},
	{"aws:ViaAWSService", tBool, []string{"true", "false"},
		[][]string{{"true"}, {"false"}}},
	{"aws:SecureTransport", tBool, []string{"true", "false"},
		[][]string{{"true"}, {"false"}}},
	{"aws:MultiFactorAuthPresent", tBool, []string{"true", "false"},
		[][]string{{"true"}, {"false"}}},
	{"aws:TagKeys", tMulti, []string{"team", "env", "t*"},
		[][]string{absent, {"team"}, {"team", "env"}, {"cost"}}},
	{"aws:SourceArn", tARN, []string{"arn:aws:redshift:us-east-1:111111111111:cluster:c1", "arn:aws:redshift:*:111111111111:*", "arn:aws:s3:::bkt"},
		[][]string{absent, {"arn:aws:redshift:us-east-1:111111111111:cluster:c1"}, {"arn:aws:redshift:eu-west-1:111111111111:namespace:n"}, {"arn:aws:redshift:us-east-1:222222222222:cluster:x"}}},
}

// fixedKey is a key whose value (or absence) the tool knows for a class.
type fixedKey struct {
	def   keyDef // policy values and type; worlds unused
	value []string
}

// Keys the tool knows, by what the principal is.
var (
	// The Redshift service assuming the first role (iam-semantics.md §9,
	// hop 1): sts:ExternalId is the database user's ARN when the user is
	// known; aws:PrincipalIsAWSService and aws:PrincipalServiceName are
	// fixed by the IAM global condition key reference.
	externalIDKey = keyDef{"sts:ExternalId", tString,
		[]string{dbUserARN, "arn:aws:redshift:us-east-1:111111111111:dbuser:c1/*", "arn:aws:redshift:us-east-1:111111111111:dbuser:c1/bob", "partner-42"},
		[][]string{{dbUserARN}, {"arn:aws:redshift:us-east-1:111111111111:dbuser:c1/bob"}, {"partner-42"}}}
	serviceKeys = []fixedKey{
		{keyDef{"aws:PrincipalIsAWSService", tBool, []string{"true", "false"}, nil}, []string{"true"}},
		{keyDef{"aws:PrincipalServiceName", tString, []string{"redshift.amazonaws.com", "ec2.amazonaws.com", "redshift*"}, nil}, []string{"redshift.amazonaws.com"}},
	}
	// A role session of role A (hop k ≥ 2 and the S3 requests of the last
	// role): the aws:Principal* keys of the caller and its tags
	// (team=data).
	sessionKeys = []fixedKey{
		{keyDef{"aws:PrincipalArn", tARN, []string{roleA, "arn:aws:iam::111111111111:role/*", roleOther, "arn:aws:iam::*:role/etl-?"}, nil}, []string{roleA}},
		{keyDef{"aws:PrincipalAccount", tString, []string{acct, acctB}, nil}, []string{acct}},
		{keyDef{"aws:PrincipalType", tString, []string{"AssumedRole", "User"}, nil}, []string{"AssumedRole"}},
		{keyDef{"aws:PrincipalTag/team", tString, []string{"data", "dat*", "ops", b64("data")}, nil}, []string{"data"}},
		{keyDef{"aws:PrincipalTag/env", tString, []string{"prod"}, nil}, absent},
		{keyDef{"aws:PrincipalIsAWSService", tBool, []string{"true", "false"}, nil}, []string{"false"}},
		{keyDef{"aws:PrincipalServiceName", tString, []string{"redshift.amazonaws.com"}, nil}, absent},
		// An IAM principal's own call (a role session assuming the next
		// role, and the last role's S3 requests): the IAM reference
		// documents these as absent (docs/sources/conditions.md §3.2).
		{keyDef{"aws:CalledVia", tMulti, []string{"athena.amazonaws.com", "*.amazonaws.com"}, nil}, absent},
		{keyDef{"aws:SourceArn", tARN, []string{"arn:aws:redshift:us-east-1:111111111111:cluster:c1", "arn:aws:redshift:*:111111111111:*"}, nil}, absent},
		{keyDef{"aws:SourceAccount", tString, []string{acct}, nil}, absent},
	}
	// Sessions Redshift obtains for hop k ≥ 2 used no MFA
	// (docs/sources/conditions.md §3.3); the tool fixes it for those hops
	// only, so the S3 requests leave it open.
	chainedKeys = []fixedKey{
		{keyDef{"aws:MultiFactorAuthPresent", tBool, []string{"true", "false"}, nil}, []string{"false"}},
	}
)

// operators by family; IfExists and the set qualifiers are added on top.
var operatorFamilies = map[keyType][]string{
	tString:  {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
	tNumeric: {"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
	tDate:    {"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
	tBool:    {"Bool"},
	tIP:      {"IpAddress", "NotIpAddress"},
	tARN:     {"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"},
}

// defaultValues are the values an operator of a family names when it is
// put on a key of another type (a numeric operator on a tag, say): the
// tool must then say unknown or agree with AWS.
var defaultValues = map[keyType][]string{
	tNumeric: {"10", "ten"},
	tDate:    {"2030-01-01T00:00:00Z", "someday"},
	tBool:    {"true", "True"},
	tIP:      {"10.0.0.0/8"},
	tARN:     {"arn:aws:iam::111111111111:role/etl-a"},
}

// condition is one generated condition: its JSON block, a short
// descriptive name for the case name, and the values it names.
type condition struct {
	block  map[string]any
	name   string
	key    string
	values []string
}

// pickCondition draws one operator on one key: mostly an operator of the
// key's own family, sometimes Null, BinaryEquals, a set qualifier or an
// operator of another family.
func pickCondition(r *rand.Rand, k keyDef) condition {
	var op, mismatch string
	values := k.policy
	fam := k.typ
	if fam == tMulti {
		fam = tString
	}
	switch n := r.IntN(20); {
	case n == 0:
		op = "Null"
		values = []string{[]string{"true", "false", "True", "FALSE"}[r.IntN(4)]}
	case n == 1:
		op = "BinaryEquals"
		values = []string{b64(k.policy[0]), k.policy[0]}
	case n == 2:
		other := []keyType{tNumeric, tDate, tBool, tIP, tARN}[r.IntN(5)]
		op = pick(r, operatorFamilies[other])
		values = defaultValues[other]
		mismatch = "~" // marks the case name: an operator of another family than the key's
	default:
		op = pick(r, operatorFamilies[fam])
	}
	if op != "Null" && r.IntN(5) == 0 {
		op += "IfExists"
	}
	if k.typ == tMulti || (op != "Null" && r.IntN(12) == 0) {
		op = pick(r, []string{"ForAnyValue:", "ForAllValues:"}) + op
	}
	var value any = pick(r, values)
	if len(values) > 1 && r.IntN(4) == 0 {
		i := r.IntN(len(values))
		value = []string{values[i], values[(i+1)%len(values)]}
	}
	name := fmt.Sprintf("%s%s[%s=%s]", mismatch, op, k.name, valueName(value))
	named := []string{}
	if l, ok := value.([]string); ok {
		named = append(named, l...)
	} else if op != "Null" {
		named = append(named, value.(string))
	}
	return condition{block: map[string]any{op: map[string]any{k.name: value}}, name: name, key: k.name, values: named}
}

func valueName(v any) string {
	if l, ok := v.([]string); ok {
		return strings.Join(l, "|")
	}
	return v.(string)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
