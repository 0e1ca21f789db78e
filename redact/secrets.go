package redact

import (
	"sort"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Range is a half-open byte range [Start, End) of a string.
type Range struct{ Start, End int }

// Mask is how a secret value is shown (SPEC §3.2): a value of at least 20
// characters keeps its first and last four (AKIA************MPLE, the form
// the AWS console itself shows of an access key id), with at most 32 stars
// between so a long session token does not flood a report; anything
// shorter is only stars (at least four, so a one-character value does not
// tell its length). A value that is only stars is returned as it is, so
// masking twice changes nothing.
func Mask(secret string) string {
	if strings.Trim(secret, "*") == "" && secret != "" {
		return secret
	}
	r := []rune(secret)
	if len(r) < 20 {
		return strings.Repeat("*", max(len(r), 4))
	}
	return string(r[:4]) + strings.Repeat("*", min(len(r)-8, 32)) + string(r[len(r)-4:])
}

// Secrets returns s with every secret-shaped value (Find) masked.
func Secrets(s string) string {
	rs := Find(s)
	if len(rs) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for _, r := range rs {
		b.WriteString(s[at:r.Start])
		b.WriteString(Mask(s[r.Start:r.End]))
		at = r.End
	}
	b.WriteString(s[at:])
	return b.String()
}

// Find returns where s holds secret-shaped values, sorted and without
// overlaps. The heuristics, chosen so that no AWS credential is printed
// while ordinary identifiers stay readable:
//
//   - an access key id: AKIA, ASIA, ABIA or ACCA (the credential prefixes
//     of IAM's unique identifiers, "Understanding unique ID prefixes",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html),
//     or the older A3T + letter, then at least 16 upper-case letters or
//     digits, wherever it stands (AROA role and AIDA user ids are not
//     secrets and stay);
//   - a base64 run (letters, digits, + and /, then at most two =) of at
//     least 40 characters holding both cases, unless it reads as words
//     (wordy): a secret access key is 40 such characters, a master
//     symmetric key 44, a session token hundreds. A 40-digit hex SHA (one
//     case), a UUID (dashes), an ARN (colons) or an S3 path of words does
//     not qualify;
//   - the value of a credential key (credentialKeys, any case) written
//     key=value or key: value, or, for a clause keyword, followed by a
//     quoted value (SECRET_ACCESS_KEY 'x'): quoted, to the closing quote
//     or the end of the line (a string that never closes); unquoted, to
//     the next space or punctuation that cannot be in a key. A value that
//     is a template placeholder (${x}, {{ x }}, :x, <x>, ...) is not a
//     secret.
func Find(s string) []Range {
	var rs []Range
	rs = appendKeyIDs(rs, s)
	rs = appendBase64Runs(rs, s)
	rs = appendKeyValues(rs, s)
	return merge(rs)
}

// keyIDPrefixes start the access key ids of AWS credentials.
var keyIDPrefixes = []string{"AKIA", "ASIA", "ABIA", "ACCA"}

func appendKeyIDs(rs []Range, s string) []Range {
	for i := 0; i+20 <= len(s); i++ {
		if s[i] != 'A' || !isKeyIDPrefix(s[i:]) {
			continue
		}
		j := i + 4
		for j < len(s) && isUpperDigit(s[j]) {
			j++
		}
		if j-i >= 20 {
			rs = append(rs, Range{i, j})
			i = j - 1
		}
	}
	return rs
}

func isKeyIDPrefix(s string) bool {
	for _, p := range keyIDPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return strings.HasPrefix(s, "A3T") && isUpperDigit(s[3])
}

func isUpperDigit(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// minSecretRun is the shortest base64 run taken for a secret: an AWS
// secret access key is 40 characters.
const minSecretRun = 40

func appendBase64Runs(rs []Range, s string) []Range {
	for i := 0; i < len(s); {
		if !isBase64(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isBase64(s[j]) {
			j++
		}
		if j-i >= minSecretRun && mixedCase(s[i:j]) && !wordy(s[i:j]) {
			end := j
			for end < len(s) && end < j+2 && s[end] == '=' {
				end++
			}
			rs = append(rs, Range{i, end})
		}
		i = j
	}
	return rs
}

func mixedCase(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' }) &&
		strings.ContainsFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' })
}

// wordy reports whether a base64 run reads as a path or a name made of
// words (Sales/Region/Europe/2024, MyVeryLongRoleNameForRedshiftCopyJob1):
// every part between slashes and pluses is digits, or capitalised or
// lower-case words of three letters or more on average, then digits.
// Random key material almost never does: an upper-case letter followed
// by another or by a digit is enough to break the pattern, and a random
// 40-character key holds a dozen such pairs.
func wordy(run string) bool {
	words, letters := 0, 0
	for _, part := range strings.FieldsFunc(run, func(r rune) bool { return r == '/' || r == '+' }) {
		w, l, ok := wordsOf(part)
		if !ok {
			return false
		}
		words, letters = words+w, letters+l
	}
	return words == 0 || letters >= 3*words
}

// wordsOf parses ([A-Z]?[a-z]+)*[0-9]*, returning how many words and
// letters it holds.
func wordsOf(part string) (words, letters int, ok bool) {
	i := 0
	for i < len(part) {
		start := i
		if part[i] >= 'A' && part[i] <= 'Z' {
			i++
		}
		j := i
		for j < len(part) && part[j] >= 'a' && part[j] <= 'z' {
			j++
		}
		if j == i { // no lower-case letter: the digits that end the part, or not a word
			i = start
			break
		}
		words, letters, i = words+1, letters+j-start, j
	}
	for ; i < len(part); i++ {
		if part[i] < '0' || part[i] > '9' {
			return 0, 0, false
		}
	}
	return words, letters, true
}

// credentialKeys are the names whose value is key material: the CREDENTIALS
// string's secret keys and the key clauses of Redshift SQL (the sqlparse
// and redshift packages name them; a test keeps this list covering both),
// and the AWS CLI's and SDKs' spellings of the same keys.
var credentialKeys = []string{
	"aws_access_key_id", "aws_secret_access_key", "aws_session_token", "token",
	"master_symmetric_key", "access_key_id", "secret_access_key", "session_token",
}

// clauseKeys are the credential keys that are also SQL clause keywords,
// whose value follows after white space (SECRET_ACCESS_KEY 'x').
var clauseKeys = []string{"access_key_id", "secret_access_key", "session_token", "master_symmetric_key"}

func appendKeyValues(rs []Range, s string) []Range {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("aAtTsSmM", rune(s[i])) || (i > 0 && isWordByte(s[i-1])) {
			continue
		}
		key := credentialKeyAt(s[i:])
		if key == "" {
			continue
		}
		r, secret := valueAfterKey(s, i+len(key), key)
		if secret {
			rs = append(rs, r)
		}
		// Past what was read, placeholder or not: a line of unclosed
		// "token='${" must not be read again from every key in it.
		i = max(i+len(key), r.End) - 1
	}
	return rs
}

// credentialKeyAt is the credential key s starts with as a whole word, any
// case; "" when none.
func credentialKeyAt(s string) string {
	for _, k := range credentialKeys {
		if len(s) >= len(k) && strings.EqualFold(s[:len(k)], k) && (len(s) == len(k) || !isWordByte(s[len(k)])) {
			return s[:len(k)]
		}
	}
	return ""
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// valueAfterKey finds the value written after a credential key that ends
// at j: after = or : (the key possibly closed by a quote, as in JSON or
// TOML; a colon right after it), or, for a clause keyword, after white space and an opening quote.
func valueAfterKey(s string, j int, key string) (Range, bool) {
	if j < len(s) && (s[j] == '"' || s[j] == '\'') {
		j++
	}
	if j < len(s) && s[j] == ':' { // YAML, JSON; a colon after a blank is psql's :name
		return valueAt(s, skipBlanks(s, j+1))
	}
	k := skipBlanks(s, j)
	if k < len(s) && s[k] == '=' {
		return valueAt(s, skipBlanks(s, k+1))
	}
	if k > j && isClauseKey(key) && openingQuote(s[k:]) != "" {
		return valueAt(s, k)
	}
	return Range{}, false
}

func isClauseKey(key string) bool {
	for _, k := range clauseKeys {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// skipBlanks skips white space, any Unicode space included: a
// non-breaking space pasted between a clause and its value separates
// them for Redshift's lexer too.
func skipBlanks(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) && r != '\u200b' && r != '\ufeff' {
			return i
		}
		i += size
	}
	return i
}

// quotePairs are the quotes a value may stand in, with the quotes that may
// close it (a typographic quote pasted from a document may close with a
// straight one and the other way round).
var quotePairs = []struct{ open, close string }{
	{"'", "'’"}, {`"`, `"”`}, {"‘", "’'"}, {"“", `”"`},
}

func openingQuote(s string) string {
	for _, q := range quotePairs {
		if strings.HasPrefix(s, q.open) {
			return q.open
		}
	}
	return ""
}

// valueAt is the value that starts at i: quoted or not, never a
// placeholder, never empty.
func valueAt(s string, i int) (Range, bool) {
	if q := openingQuote(s[i:]); q != "" {
		r := quotedValue(s, i+len(q), q)
		return r, r.End > r.Start && !isPlaceholder(s[r.Start:r.End])
	}
	if isPlaceholder(s[i:]) {
		return Range{}, false
	}
	j := i
	for j < len(s) && !isValueEnd(s[j]) {
		j++
	}
	return Range{i, j}, j > i
}

// quotedBytes counts the bytes quotedValue reads, for the growth test.
var quotedBytes atomic.Int64

// quotedValue runs from i to the quote that closes open, skipping
// backslash escapes, or to the end of the line when it never closes.
func quotedValue(s string, i int, open string) Range {
	var closers string
	for _, q := range quotePairs {
		if q.open == open {
			closers = q.close
		}
	}
	j := i
	defer func() { quotedBytes.Add(int64(j - i)) }()
	for j < len(s) && s[j] != '\n' {
		r, size := utf8.DecodeRuneInString(s[j:])
		if strings.ContainsRune(closers, r) {
			break
		}
		if r == '\\' && j+1 < len(s) && s[j+1] != '\n' {
			size++
		}
		j += size
	}
	return Range{i, min(j, len(s))}
}

// isValueEnd: characters that end an unquoted value (none of them is in
// base64 or in an access key id).
func isValueEnd(c byte) bool {
	return c <= ' ' || c == 0x7f || strings.IndexByte(";,'\"`()<>[]{}|&\\", c) >= 0
}

// isPlaceholder: a template placeholder or a documentation stand-in
// (<secret>, ...) is a name for a value, not the value.
func isPlaceholder(v string) bool {
	if strings.HasPrefix(v, "...") || strings.HasPrefix(v, "…") {
		return true
	}
	for _, p := range []string{"${", "{{", "{%", "<", "%("} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return len(v) > 1 && v[0] == ':' && (isWordByte(v[1]) || v[1] == '\'' || v[1] == '"')
}

// merge sorts ranges and joins the ones that overlap.
func merge(rs []Range) []Range {
	if len(rs) < 2 {
		return rs
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.Start < last.End {
			last.End = max(last.End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}
