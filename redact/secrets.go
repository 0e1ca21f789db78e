package redact

import (
	"sort"
	"strings"
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

func isBase64(c byte) bool { return base64Bytes[c] }

// base64Bytes: the alphabet of a secret access key, as a table (the scans
// below look at most bytes of every file).
var base64Bytes = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
		t[c] = true
	}
	return t
}()

// minSecretRun is the shortest base64 run taken for a secret: an AWS
// secret access key is 40 characters.
const minSecretRun = 40

// appendBase64Runs adds the runs of at least minSecretRun base64 bytes
// that read as a key. A run that long covers the byte minSecretRun-1 past
// wherever the scan stands, so only that byte is looked at first: where it
// is no base64 byte, the scan jumps past it, and text of short words costs
// about one look per word instead of one per byte.
func appendBase64Runs(rs []Range, s string) []Range {
	for i := 0; i+minSecretRun <= len(s); {
		p := i + minSecretRun - 1
		if !isBase64(s[p]) {
			i = p + 1
			continue
		}
		// s[i-1] is no base64 byte (or i is 0): the run holding p starts at i or later
		start := p
		for start > i && isBase64(s[start-1]) {
			start--
		}
		j := p + 1
		for j < len(s) && isBase64(s[j]) {
			j++
		}
		if j-start >= minSecretRun && mixedCase(s[start:j]) && !wordy(s[start:j]) {
			end := j
			for end < len(s) && end < j+2 && s[end] == '=' {
				end++
			}
			rs = append(rs, Range{start, end})
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
//
// A path of three parts or more may also hold a few parts that are not
// words (/tmp/freshA/testdata/iam/123456789012.json, a CI checkout's
// directory): it is wordy when the parts that read as words are at least
// three and hold three quarters of its characters (slashes aside). For a random key to
// pass, three of its parts would each have to read as words by chance, at
// odds far below one in a million.
func wordy(run string) bool {
	words, letters, wordChars, wordParts, parts, chars := 0, 0, 0, 0, 0, 0
	for _, part := range strings.FieldsFunc(run, func(r rune) bool { return r == '/' || r == '+' }) {
		parts, chars = parts+1, chars+len(part)
		w, l, ok := wordsOf(part)
		if !ok {
			continue
		}
		words, letters, wordChars, wordParts = words+w, letters+l, wordChars+len(part), wordParts+1
	}
	if words > 0 && letters < 3*words {
		return false
	}
	if wordParts == parts {
		return true
	}
	return wordParts >= 3 && words > 0 && 4*wordChars >= 3*chars
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
