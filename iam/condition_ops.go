package iam

import (
	"bytes"
	"encoding/base64"
	"math/big"
	"net/netip"
	"strings"
	"time"
)

// opSpec describes one base condition operator [CONDOPS]. match is the
// positive test of one request value against one policy value; a negated
// operator ("...Not...") is true when no policy value matches.
type opSpec struct {
	negated bool
	vars    bool // values may hold policy variables [VARS]
	isNull  bool
	match   func(request string, policy pattern) Tri
}

// operators maps lower-cased base operator names (without set qualifier or
// IfExists) to their specs. Names are compared case-insensitively.
var operators = map[string]*opSpec{
	"stringequals":              {vars: true, match: stringEquals},
	"stringnotequals":           {vars: true, negated: true, match: stringEquals},
	"stringequalsignorecase":    {vars: true, match: stringEqualsFold},
	"stringnotequalsignorecase": {vars: true, negated: true, match: stringEqualsFold},
	"stringlike":                {vars: true, match: stringLike},
	"stringnotlike":             {vars: true, negated: true, match: stringLike},

	"numericequals":            {match: numeric(func(c int) bool { return c == 0 })},
	"numericnotequals":         {negated: true, match: numeric(func(c int) bool { return c == 0 })},
	"numericlessthan":          {match: numeric(func(c int) bool { return c < 0 })},
	"numericlessthanequals":    {match: numeric(func(c int) bool { return c <= 0 })},
	"numericgreaterthan":       {match: numeric(func(c int) bool { return c > 0 })},
	"numericgreaterthanequals": {match: numeric(func(c int) bool { return c >= 0 })},

	"dateequals":            {match: date(func(c int) bool { return c == 0 })},
	"datenotequals":         {negated: true, match: date(func(c int) bool { return c == 0 })},
	"datelessthan":          {match: date(func(c int) bool { return c < 0 })},
	"datelessthanequals":    {match: date(func(c int) bool { return c <= 0 })},
	"dategreaterthan":       {match: date(func(c int) bool { return c > 0 })},
	"dategreaterthanequals": {match: date(func(c int) bool { return c >= 0 })},

	"bool":         {vars: true, match: boolEquals},
	"binaryequals": {match: binaryEquals},
	"ipaddress":    {match: ipInRange},
	"notipaddress": {negated: true, match: ipInRange},

	// ArnEquals and ArnLike are the same test, as are their negations [CONDOPS].
	"arnequals":    {vars: true, match: arnLike},
	"arnlike":      {vars: true, match: arnLike},
	"arnnotequals": {vars: true, negated: true, match: arnLike},
	"arnnotlike":   {vars: true, negated: true, match: arnLike},

	"null": {isNull: true},
}

type setQualifier uint8

const (
	noSet setQualifier = iota
	forAnyValue
	forAllValues
)

// operator is a parsed condition operator such as
// "ForAllValues:StringLikeIfExists". spec is nil for names IAM does not
// define, which the evaluator treats as undecidable rather than guessing.
type operator struct {
	set      setQualifier
	ifExists bool
	spec     *opSpec
}

func parseOperator(s string) operator {
	var op operator
	if rest, ok := cutPrefixFold(s, "ForAnyValue:"); ok {
		op.set, s = forAnyValue, rest
	} else if rest, ok := cutPrefixFold(s, "ForAllValues:"); ok {
		op.set, s = forAllValues, rest
	}
	base := strings.ToLower(s)
	if b, ok := strings.CutSuffix(base, "ifexists"); ok && b != "null" {
		op.ifExists, base = true, b
	}
	op.spec = operators[base]
	return op
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func stringEquals(req string, pol pattern) Tri { return triOf(req == pol.text) }

func stringEqualsFold(req string, pol pattern) Tri { return triOf(strings.EqualFold(req, pol.text)) }

func stringLike(req string, pol pattern) Tri { return triOf(pol.match(req, matchOptions{})) }

// boolEquals compares two Boolean values. The documentation writes them
// "true" and "false" (IAM UG, Condition operators, "Boolean condition
// operators": "comparing a key to "true" or "false""); the spelling's case
// is not documented, and is ignored here as it always was. A value that is
// no Boolean at all is no documented comparison, so it is undecided rather
// than "no match", which under a Deny would silently drop the statement.
func boolEquals(req string, pol pattern) Tri {
	r, okR := parseBool(req)
	p, okP := parseBool(pol.text)
	if !okR || !okP {
		return Maybe
	}
	return triOf(r == p)
}

// parseBool reads "true" or "false" in any case (Bool and Null values).
func parseBool(s string) (value, ok bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// numeric compares as exact rationals, so large integers and decimals do
// not suffer float rounding. Numeric operators compare "a key to an integer
// or decimal value" (IAM UG, Condition operators, "Numeric condition
// operators"); for a value on either side that is no number the
// documentation defines no result, so the test is undecided, never a
// silent "no match".
func numeric(ok func(cmp int) bool) func(string, pattern) Tri {
	return func(req string, pol pattern) Tri {
		r, okR := parseNumber(req)
		p, okP := parseNumber(pol.text)
		if !okR || !okP {
			return Maybe
		}
		return triOf(ok(r.Cmp(p)))
	}
}

// date compares instants; like numeric, a value that is no date in a
// documented form leaves the test undecided.
func date(ok func(cmp int) bool) func(string, pattern) Tri {
	return func(req string, pol pattern) Tri {
		r, okR := parseDate(req)
		p, okP := parseDate(pol.text)
		if !okR || !okP {
			return Maybe
		}
		return triOf(ok(r.Compare(p)))
	}
}

// dateLayouts are the W3C profile of ISO 8601 that IAM names for date
// values: "You must specify date/time values with one of the W3C
// implementations of the ISO 8601 date formats or in epoch (UNIX) time."
// (IAM UG, Condition operators, "Date condition operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date).
// The W3C note (https://www.w3.org/TR/NOTE-datetime) lists YYYY, YYYY-MM,
// YYYY-MM-DD and YYYY-MM-DDThh:mm[:ss[.s]]TZD, TZD being Z or ±hh:mm; a
// time without a zone is not among them. Go's parser accepts fractional
// seconds after the seconds field without a layout for them. YYYY alone is
// handled by parseDate, because four digits are also epoch seconds.
var dateLayouts = []string{
	"2006-01",
	"2006-01-02",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z07:00",
}

// parseDate reads a date in one of the documented forms. Anything else,
// including other ISO 8601 forms (basic format, no time zone), is no date:
// the documentation does not say how IAM reads them.
func parseDate(s string) (time.Time, bool) {
	if len(s) == 4 && allDigits(s) {
		// Year YYYY (W3C) or epoch seconds: the documentation does not say
		// which reading IAM applies.
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return parseEpoch(s)
}

// parseEpoch reads epoch (UNIX) seconds, a plain decimal number without
// exponent.
func parseEpoch(s string) (time.Time, bool) {
	r, ok := parseNumber(s)
	if !ok || strings.ContainsAny(s, "eE") {
		return time.Time{}, false
	}
	sec, _ := r.Float64()
	if sec <= -1e11 || sec >= 1e11 { // keeps time.Unix in range for absurd inputs
		return time.Time{}, false
	}
	whole := int64(sec)
	return time.Unix(whole, int64((sec-float64(whole))*1e9)).UTC(), true
}

// parseNumber reads a plain decimal number ("12", "-1.5", "2e3") exactly.
// It refuses what big.Rat would also accept (fractions "1/2", hex, huge
// exponents that would take unbounded memory), which IAM does not.
func parseNumber(s string) (*big.Rat, bool) {
	if !isDecimal(s) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

func isDecimal(s string) bool {
	s = trimSign(s)
	mantissa, exponent, hasExp := strings.Cut(strings.ToLower(s), "e")
	intPart, frac, _ := strings.Cut(mantissa, ".")
	if intPart+frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return false
	}
	if !hasExp {
		return true
	}
	exponent = trimSign(exponent)
	return exponent != "" && len(exponent) <= 3 && allDigits(exponent)
}

func trimSign(s string) string {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return s[1:]
	}
	return s
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// binaryEquals compares base64 values by their bytes, falling back to the
// text when either side is not valid base64.
func binaryEquals(req string, pol pattern) Tri {
	r, errR := base64.StdEncoding.DecodeString(req)
	p, errP := base64.StdEncoding.DecodeString(pol.text)
	if errR != nil || errP != nil {
		return triOf(req == pol.text)
	}
	return triOf(bytes.Equal(r, p))
}

// ipInRange: the policy value is a CIDR block or a bare address (one host).
// IP address operators compare "a key to an IPv4 or IPv6 address or range
// of IP addresses" (IAM UG, Condition operators, "IP address condition
// operators"); like numeric, a value on either side that is neither is
// outside what the page defines, so the test is undecided rather than "no
// match", which NotIpAddress would turn into a silent match.
func ipInRange(req string, pol pattern) Tri {
	addr, err := netip.ParseAddr(strings.TrimSpace(req))
	prefix, ok := parsePrefix(strings.TrimSpace(pol.text))
	if err != nil || !ok {
		return Maybe
	}
	return triOf(prefix.Contains(addr.Unmap()))
}

func parsePrefix(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}

// arnLike matches the six colon-separated parts separately, each a
// case-sensitive wildcard pattern [CONDOPS]; the resource part keeps its
// own colons, so a '*' there may cross them. A policy value with fewer than
// six parts is undocumented territory: if it would match as a plain
// wildcard string the answer is Maybe, never a guess. So is a request
// value that is no ARN: ARN operators compare "a key to an ARN" (IAM UG,
// Condition operators, "Amazon Resource Name (ARN) condition operators"),
// and "no match" there would make ArnNotLike silently hold.
func arnLike(req string, pol pattern) Tri {
	values := strings.SplitN(req, ":", 6)
	if len(values) != 6 || values[0] != "arn" {
		return Maybe
	}
	parts := pol.splitN(':', 6)
	if len(parts) != 6 {
		if pol.match(req, matchOptions{}) {
			return Maybe
		}
		return False
	}
	for i, part := range parts {
		if !part.match(values[i], matchOptions{}) {
			return False
		}
	}
	return True
}
