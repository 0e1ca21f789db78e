package chain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a role ARN (botocore IAM model: accountIdType, roleNameType, pathType).
const (
	accountLen = 12
	maxNameLen = 64
	maxPathLen = 512
)

// docsExampleAccount is the 13-digit account id printed in several AWS
// Redshift documentation examples and copied from there into real SQL.
const docsExampleAccount = "0123456789012"

// partitions are the AWS partitions (botocore partitions.json).
var partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// otherIAMResources names the IAM resource types that users paste where a role
// belongs, so the message can say what the ARN is instead of what it is not.
var otherIAMResources = map[string]string{
	"user":               "an IAM user ARN",
	"group":              "an IAM group ARN",
	"policy":             "an IAM policy ARN",
	"instance-profile":   "an IAM instance profile ARN",
	"root":               "an account root ARN",
	"oidc-provider":      "an IAM OIDC provider ARN",
	"saml-provider":      "an IAM SAML provider ARN",
	"server-certificate": "an IAM server certificate ARN",
	"mfa":                "an IAM MFA device ARN",
}

const arnShape = "arn:<partition>:iam::<account>:role/<name>"

// RoleARN is a parsed IAM role ARN: arn:<partition>:iam::<account>:role/<path><name>.
type RoleARN struct{ Partition, Account, Path, Name string } // Path is "/" or "/a/b/"

// String formats the ARN. An empty Path means "/", so a RoleARN built by hand
// without a path still formats as a valid ARN.
func (a RoleARN) String() string {
	path := a.Path
	if path == "" {
		path = "/"
	}
	return "arn:" + a.Partition + ":iam::" + a.Account + ":role" + path + a.Name
}

// ParseRoleARN validates s. Problems' spans are relative to s. Rules (from
// redshift-grammar.md §4): partitions aws, aws-cn, aws-us-gov, aws-iso,
// aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc; service must be "iam"; region
// field must be empty; account exactly 12 ASCII digits; resource
// "role/"+path+name where the path is "/" or "/" + [\x21-\x7E]+ + "/" up to
// 512 chars and the name is [\w+=,.@-]+ 1..64 chars.
//
// Like a lenient parser it returns what it understood: the fields are filled
// as far as the ARN's structure allows even when there are problems, but the
// RoleARN is a valid role ARN only when there are none. Every field is checked
// independently, so one call reports all independent mistakes; once the text
// is not a role ARN at all (a URL, a user ARN, an STS ARN), it stops.
func ParseRoleARN(s string) (RoleARN, []Problem) {
	p := arnParser{s: s}
	p.parse()
	return p.arn, p.probs
}

// field is one colon-separated part of an ARN with its offset in the ARN.
type field struct {
	text  string
	start int
}

func (f field) span() Span { return Span{f.start, f.start + len(f.text)} }
func (f field) end() Span  { return Span{f.start + len(f.text), f.start + len(f.text)} }
func (f field) at() Span   { return Span{f.start, f.start} }

type arnParser struct {
	s     string
	arn   RoleARN
	probs []Problem
}

func (p *arnParser) report(sp Span, format string, args ...any) {
	p.probs = append(p.probs, Problem{Kind: KindInvalidARN, Span: sp, Message: fmt.Sprintf(format, args...)})
}

func (p *arnParser) parse() {
	if p.notAnARN() {
		return
	}
	f, n := splitFields(p.s)
	if !p.checkPrefix(f[0]) {
		return
	}
	if n < len(f) {
		p.tooFewFields(f[:n])
		return
	}
	// An ARN of another service or another IAM resource type is a different
	// thing, not a role ARN with mistakes: report only that.
	if !p.checkService(f[2], f) || !p.checkResourceType(f[5]) {
		return
	}
	p.checkPartition(f[1])
	p.checkRegion(f[3])
	p.checkAccount(f[4])
	p.checkRole(f[5])
	sortProblems(p.probs)
}

// splitFields cuts s at its first five colons; the resource, the sixth field,
// keeps any further colons because a role path may contain them.
func splitFields(s string) (f [6]field, n int) {
	start := 0
	for n < len(f)-1 {
		i := strings.IndexByte(s[start:], ':')
		if i < 0 {
			break
		}
		f[n] = field{s[start : start+i], start}
		n++
		start += i + 1
	}
	f[n] = field{s[start:], start}
	return f, n + 1
}

// notAnARN recognizes the things people write instead of a role ARN, so the
// message can name the mistake rather than complain about a missing field.
func (p *arnParser) notAnARN() bool {
	s := p.s
	whole := Span{0, len(s)}
	switch {
	case hasPrefixFold(s, "arn:"):
		return false
	case s == "":
		p.report(whole, "role ARN is empty")
	case hasPrefixFold(s, "s3://"):
		p.report(whole, "element is an S3 URI, not an IAM role ARN: expected %s", arnShape)
	case strings.Contains(s, "://"):
		p.report(whole, "element is a URL, not an IAM role ARN: expected %s", arnShape)
	case hasPrefixFold(s, "aws_iam_role="):
		p.report(Span{0, len("aws_iam_role=")}, "element starts with the CREDENTIALS key aws_iam_role=, which IAM_ROLE does not take: give the role ARN alone")
	case strings.HasPrefix(s, "role/"):
		p.report(whole, "element is missing the ARN prefix: expected %s", quote("arn:<partition>:iam::<account>:"+s))
	case validName(s):
		p.report(whole, "element is a bare role name, not a role ARN: expected %s", quote("arn:aws:iam::<account>:role/"+s))
	case !strings.Contains(s, ":"):
		p.report(whole, "element is not a role ARN: expected %s", arnShape)
	default:
		return false
	}
	return true
}

func (p *arnParser) checkPrefix(f field) bool {
	switch {
	case f.text == "arn":
		return true
	case strings.EqualFold(f.text, "arn"):
		// Still an ARN in intent; the other fields are worth checking.
		p.report(f.span(), "prefix must be lower case arn:, found %s:", f.text)
		return true
	}
	p.report(f.span(), "role ARN must start with arn:, found %s", quote(f.text+":"))
	return false
}

// tooFewFields explains an ARN with fewer than six fields. Two shapes are
// common enough to deserve their own message: the Redshift management guide's
// own example omits the account ("arn:aws:iam::role/RoleA"), and a single
// colon after "iam" loses the empty region field.
func (p *arnParser) tooFewFields(f []field) {
	if len(f) == 5 && f[2].text == "iam" && strings.HasPrefix(f[4].text, "role/") {
		if f[3].text == "" {
			p.report(f[4].at(), "role ARN has no account id: expected %s", quote("arn:"+f[1].text+":iam::<12-digit account>:"+f[4].text))
			return
		}
		if isDigits(f[3].text) {
			p.report(f[3].at(), "role ARN is missing the empty region field: expected iam::%s (two colons)", f[3].text)
			return
		}
	}
	p.report(Span{0, len(p.s)}, "role ARN has %d colon-separated fields, expected 6: %s", len(f), arnShape)
}

func (p *arnParser) checkPartition(f field) {
	p.arn.Partition = f.text
	switch {
	case slices.Contains(partitions, f.text):
	case f.text == "":
		p.report(f.at(), "partition is missing: expected one of %s", strings.Join(partitions, ", "))
	case slices.Contains(partitions, strings.ToLower(f.text)):
		p.report(f.span(), "partition must be lower case: found %s, expected %s", f.text, strings.ToLower(f.text))
	default:
		p.report(f.span(), "unknown partition %s: expected one of %s", quote(f.text), strings.Join(partitions, ", "))
	}
}

// checkService reports a service other than iam. It returns false when the
// ARN belongs to another service, whose remaining fields mean something else.
func (p *arnParser) checkService(svc field, f [6]field) bool {
	switch {
	case svc.text == "iam":
		return true
	case strings.EqualFold(svc.text, "iam"):
		p.report(svc.span(), "service must be lower case iam, found %s", svc.text)
		return true
	case svc.text == "":
		p.report(svc.at(), "service is missing: expected iam")
		return true
	case svc.text == "sts" && strings.HasPrefix(f[5].text, "assumed-role/"):
		// An assumed-role ARN (from sts get-caller-identity) names a session;
		// its role part lacks the role's path, hence the hedge.
		role, _, _ := strings.Cut(strings.TrimPrefix(f[5].text, "assumed-role/"), "/")
		p.report(svc.span(), "element is an STS assumed-role session ARN, not a role ARN: use the role's ARN arn:%s:iam::%s:role/%s (with its path, if any)",
			show(f[1].text), show(f[4].text), show(role))
		return false
	}
	p.report(svc.span(), "element is an ARN of service %s, not an IAM role ARN: the service must be iam", quote(svc.text))
	return false
}

func (p *arnParser) checkRegion(f field) {
	if f.text != "" {
		p.report(f.span(), "region must be empty in an IAM role ARN (IAM is global), found %s", quote(f.text))
	}
}

func (p *arnParser) checkAccount(f field) {
	p.arn.Account = f.text
	a := f.text
	switch {
	case len(a) == accountLen && isDigits(a):
	case a == "":
		p.report(f.at(), "account id is missing: expected %d digits", accountLen)
	case a == docsExampleAccount:
		p.report(f.span(), "account id must be 12 digits, found 13: %s (the example account id of the AWS documentation)", a)
	case isDigits(a):
		p.report(f.span(), "account id must be 12 digits, found %d: %s", len(a), a)
	case len(a) == accountLen+2 && isDigits(strings.ReplaceAll(a, "-", "")):
		// The console shows account ids as 1234-5678-9012.
		p.report(f.span(), "account id must be 12 digits without dashes, found %s", a)
	default:
		p.report(f.span(), "account id must be 12 digits, found %s", quote(a))
	}
}

// checkResourceType checks the part of the resource before the first slash.
// It returns false when the ARN names another kind of resource.
func (p *arnParser) checkResourceType(f field) bool {
	typ, _, _ := strings.Cut(f.text, "/")
	sp := Span{f.start, f.start + len(typ)}
	switch {
	case typ == "role":
	case strings.EqualFold(typ, "role"):
		p.report(sp, "resource type must be lower case role, found %s", typ)
	case otherIAMResources[typ] != "":
		p.report(sp, "element is %s, not a role", otherIAMResources[typ])
		return false
	case typ == "":
		p.report(f.at(), "resource is missing: expected role/<name>")
		return false
	default:
		p.report(sp, "resource type must be role, found %s", quote(typ))
		return false
	}
	return true
}

// checkRole checks the path and name after "role". Anything from the first
// slash to the last one is the path.
func (p *arnParser) checkRole(f field) {
	typ, rest, hasSlash := strings.Cut(f.text, "/")
	if !hasSlash {
		p.report(f.end(), "role name is missing: expected role/<name>")
		return
	}
	p.checkPathAndName(rest, f.start+len(typ)+1)
}

// checkPathAndName splits "a/b/Name" (starting at offset base) into the path
// "/a/b/" and the name. The path includes the slash after "role", which is
// already in s, so taking it from s costs no allocation.
func (p *arnParser) checkPathAndName(rest string, base int) {
	slash := strings.LastIndexByte(rest, '/')
	path := Span{base - 1, base + slash + 1}
	name := field{rest[slash+1:], base + slash + 1}
	p.arn.Path = p.s[path.Start:path.End]
	p.arn.Name = name.text
	p.checkPath(path)
	p.checkName(name)
}

func (p *arnParser) checkPath(sp Span) {
	path := p.s[sp.Start:sp.End]
	if path == "/" {
		return
	}
	if n := utf8.RuneCountInString(path); n > maxPathLen {
		p.report(sp, "role path is too long: %d characters, at most %d", n, maxPathLen)
	}
	if path == "//" {
		p.report(sp, "role path must not be empty between its slashes: expected / or /<path>/")
		return
	}
	inner := field{path[1 : len(path)-1], sp.Start + 1}
	if i, size := firstBad(inner.text, isPathByte); i >= 0 {
		p.report(Span{inner.start + i, inner.start + i + size}, "role path contains an illegal character: %s; paths allow printable ASCII without spaces", describeRune(inner.text[i:]))
	}
}

func (p *arnParser) checkName(f field) {
	if f.text == "" {
		p.report(f.at(), "role name is missing after the last /")
		return
	}
	if n := utf8.RuneCountInString(f.text); n > maxNameLen {
		p.report(f.span(), "role name is too long: %d characters, at most %d", n, maxNameLen)
	}
	if i, size := firstBad(f.text, isNameByte); i >= 0 {
		p.report(Span{f.start + i, f.start + i + size}, "role name contains an illegal character: %s; names allow letters, digits and _+=,.@-", describeRune(f.text[i:]))
	}
}

// firstBad finds the first rune of s that ok rejects. Non-ASCII runes are
// never ok, and they are reported whole so the span covers the character the
// user sees.
func firstBad(s string, ok func(byte) bool) (i, size int) {
	for i = 0; i < len(s); i += size {
		var r rune
		r, size = utf8.DecodeRuneInString(s[i:])
		if r >= utf8.RuneSelf || !ok(s[i]) {
			return i, size
		}
	}
	return -1, 0
}

func isPathByte(c byte) bool { return c >= 0x21 && c <= 0x7e }

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_+=,.@-", c) >= 0
}

// validName reports whether s could be a role name but for its length.
func validName(s string) bool {
	i, _ := firstBad(s, isNameByte)
	return s != "" && i < 0
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// describeRune names the character s starts with so the user can find it, also
// when it is invisible or looks like an allowed one.
func describeRune(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case r == utf8.RuneError && size <= 1:
		return fmt.Sprintf("byte 0x%02X (invalid UTF-8)", s[0])
	case isSpace(r):
		return spaceName(r)
	case r < utf8.RuneSelf && unicode.IsPrint(r):
		return fmt.Sprintf("%q", r)
	case unicode.IsPrint(r):
		return fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// quote quotes text for a message, shortened (see show).
func quote(s string) string { return strconv.Quote(clip(s)) }

// show makes text safe to embed unquoted in a one-line message: shortened
// so one bad element cannot produce a message longer than a line or two, and
// with control and non-printing characters escaped.
func show(s string) string {
	s = clip(s)
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// clip shortens s to at most 80 characters, marking the cut with an ellipsis.
func clip(s string) string {
	const limit = 80
	n := 0
	for i := range s {
		if n == limit-1 && utf8.RuneCountInString(s[i:]) > 1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
