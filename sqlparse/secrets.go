package sqlparse

import (
	"sort"
	"strings"
)

// Key material outside the clauses the parser reads. The clause parser
// records the values of ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN,
// MASTER_SYMMETRIC_KEY and of the key pairs of a CREDENTIALS string; this
// file finds the same material wherever else it is written: in comments (a
// key pasted into a comment leaks to git just the same), after the cut of
// a statement an unterminated literal swallows, in statements the scanner
// rejects, and in any other text. Reports print Result.Secrets masked.

// StraySecret is key material that no credential clause holds.
type StraySecret struct {
	Span Span
	// Key is the CREDENTIALS key that names it (CredAccessKeyID,
	// CredSecretAccessKey, CredToken, CredMasterSymmetricKey).
	Key     string
	Comment bool // it is inside a comment
}

// secretKeys maps every name key material goes by, in lower case, to the
// CREDENTIALS key for it: the clause words, the CREDENTIALS keys, and the
// names of the AWS CLI's environment variables and JSON output.
var secretKeys = map[string]string{
	"access_key_id": CredAccessKeyID, "aws_access_key_id": CredAccessKeyID, "accesskeyid": CredAccessKeyID,
	"secret_access_key": CredSecretAccessKey, "aws_secret_access_key": CredSecretAccessKey, "secretaccesskey": CredSecretAccessKey,
	"session_token": CredToken, "aws_session_token": CredToken, "sessiontoken": CredToken, CredToken: CredToken,
	"master_symmetric_key": CredMasterSymmetricKey,
}

// SecretKey returns the CREDENTIALS key that names the same key material
// as name, written in any case (SECRET_ACCESS_KEY, AWS_SECRET_ACCESS_KEY,
// Token); ok is false when name holds no key material. Redshift reads
// CREDENTIALS keys case-sensitively ("Authorization parameters - Amazon
// Redshift", https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-authorization.html:
// "The credentials-args string is case-sensitive and must not contain
// spaces."), so AWS_SECRET_ACCESS_KEY= is also a syntax error; but its
// value is the key all the same.
func SecretKey(name string) (key string, ok bool) {
	key, ok = secretKeys[strings.ToLower(strings.TrimSpace(name))]
	return key, ok
}

// CredentialSecrets returns the pairs of a CREDENTIALS string that hold key
// material: every pair whose key names some, in any case, and every such
// pair run into the value before it by a comma typo
// ('aws_iam_role=arn…/A,aws_secret_access_key=…', which Redshift would read
// as part of the role chain). Pairs with an empty value are left out.
func CredentialSecrets(text string) []CredentialPair {
	var out []CredentialPair
	for _, pair := range ParseCredentials(text) {
		if _, ok := SecretKey(pair.Key); ok {
			if pair.ValueText[1] > pair.ValueText[0] {
				out = append(out, pair)
			}
			continue
		}
		out = append(out, pairsAfterCommas(text, pair.ValueText)...)
	}
	return out
}

// pairsAfterCommas finds key material pairs that follow a comma in
// text[r[0]:r[1]]; each runs to the next comma.
func pairsAfterCommas(text string, r [2]int) []CredentialPair {
	var out []CredentialPair
	for start := strings.IndexByte(text[r[0]:r[1]], ',') + r[0]; start >= r[0]; {
		end := strings.IndexByte(text[start+1:r[1]], ',')
		next := -1
		if end < 0 {
			end = r[1]
		} else {
			end += start + 1
			next = end
		}
		if p := credentialPair(text[start+1:end], start+1); p.ValueText[1] > p.ValueText[0] {
			if _, ok := SecretKey(p.Key); ok {
				out = append(out, p)
			}
		}
		start = next
	}
	counting.add(workDecoded, r[1]-r[0])
	return out
}

// minStraySecret is the length from which a value after a key name counts
// as key material outside a clause: access key ids have 20 characters,
// secret access keys 40, master symmetric keys 44, session tokens hundreds;
// shorter text after the word "token" in a comment is most likely prose.
const minStraySecret = 16

// scanSecrets finds key material anywhere in src: an access key id
// (AKIA or ASIA and 16 capitals or digits, a word of its own), and a
// base64 run of at least minStraySecret characters after a key name
// (secretKeys) that is followed by white space, '=' or ':' and an optional
// opening quote (', ", E' or a typographic one): ACCESS_KEY_ID 'AKIA…', aws_secret_access_key=…,
// "SecretAccessKey": "…". A placeholder after the name ('${secret}',
// :secret, {{ … }}) starts with no base64 character and so is none.
func scanSecrets(src []byte) []StraySecret {
	var out []StraySecret
	for i := 0; i < len(src); {
		if !isWordByte(src[i]) {
			i++
			continue
		}
		j := i
		for j < len(src) && isWordByte(src[j]) {
			j++
		}
		if s, ok := secretAfterWord(src, i, j); ok {
			out = append(out, s)
			j = s.Span.End
		}
		i = j
	}
	counting.add(workLexed, len(src))
	return out
}

// secretAfterWord reads the word src[i:j] and what follows it.
func secretAfterWord(src []byte, i, j int) (StraySecret, bool) {
	word := string(src[i:j])
	if accessKeyIDShape(word) {
		return StraySecret{Span: Span{i, j}, Key: CredAccessKeyID}, true
	}
	key, ok := SecretKey(word)
	if !ok {
		return StraySecret{}, false
	}
	k := skipBlank(src, j)
	if k < len(src) && (src[k] == '"' || src[k] == '\'') { // a quoted name: "SecretAccessKey": "…"
		if m := skipBlank(src, k+1); m < len(src) && (src[m] == ':' || src[m] == '=') {
			k = m
		}
	}
	if k < len(src) && (src[k] == '=' || src[k] == ':') {
		k = skipBlank(src, k+1)
	}
	switch {
	case k < len(src) && (src[k] == '\'' || src[k] == '"'):
		k++
	case k+1 < len(src) && (src[k] == 'E' || src[k] == 'e') && src[k+1] == '\'': // an escape string
		k += 2
	case typographicQuote(src[k:]):
		k += 3
	}
	end := k
	for end < len(src) && isBase64Byte(src[end]) {
		end++
	}
	counting.add(workLexed, end-j)
	if end-k < minStraySecret {
		return StraySecret{}, false
	}
	return StraySecret{Span: Span{k, end}, Key: key}, true
}

// accessKeyIDShape: an AWS access key id, long-term (AKIA) or temporary
// (ASIA).
func accessKeyIDShape(w string) bool {
	if len(w) != 20 || !strings.HasPrefix(w, "AKIA") && !strings.HasPrefix(w, "ASIA") {
		return false
	}
	for i := 4; i < len(w); i++ {
		if c := w[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// skipBlank skips ASCII white space and invisible characters.
func skipBlank(src []byte, i int) int {
	for i < len(src) {
		if isSpace(src[i]) {
			i++
			continue
		}
		_, size := invisibleAt(src, i)
		if size == 0 {
			break
		}
		i += size
	}
	return i
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || (c|0x20) >= 'a' && (c|0x20) <= 'z'
}

func isBase64Byte(c byte) bool {
	return c >= '0' && c <= '9' || (c|0x20) >= 'a' && (c|0x20) <= 'z' || c == '+' || c == '/' || c == '='
}

// strays keeps the secrets the scan found that no clause recorded (clause
// is sorted and merged) and marks those inside comments.
func strays(found []StraySecret, clause []Span, segs []segment) []StraySecret {
	var out []StraySecret
	si := 0
	for _, s := range found {
		if overlapsAny(clause, s.Span) {
			continue
		}
		for si < len(segs) && segs[si].span.End <= s.Span.Start {
			si++
		}
		s.Comment = si < len(segs) && segs[si].span.Contains(s.Span.Start) && segs[si].kind.isComment()
		out = append(out, s)
	}
	counting.add(workSegments, si)
	return out
}

// mergeSpans sorts spans and merges those that overlap.
func mergeSpans(spans []Span) []Span {
	sort.Slice(spans, func(a, b int) bool { return spans[a].Start < spans[b].Start })
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start < out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// overlapsAny reports whether s overlaps a span of sorted, a sorted and
// merged list.
func overlapsAny(sorted []Span, s Span) bool {
	k := sort.Search(len(sorted), func(i int) bool { return sorted[i].End > s.Start })
	return k < len(sorted) && sorted[k].Start < max(s.End, s.Start+1)
}

// Mask shows a secret the way SPEC §3.2 allows: at most its first and last
// four characters (AKIA************MPLE); short values are masked entirely.
func Mask(secret string) string {
	r := []rune(secret)
	if len(r) < 12 {
		return strings.Repeat("*", max(len(r), 4))
	}
	stars := min(len(r)-8, 32)
	return string(r[:4]) + strings.Repeat("*", stars) + string(r[len(r)-4:])
}

// MaskSecrets masks the key material scanSecrets finds in s, for text
// that reaches a report without a position in the file (a target URI).
func MaskSecrets(s string) string {
	found := scanSecrets([]byte(s))
	if len(found) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, f := range found {
		b.WriteString(s[last:f.Span.Start])
		b.WriteString(Mask(s[f.Span.Start:f.Span.End]))
		last = f.Span.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// Shown returns Text[lo:hi] of a value for a message or a report field,
// with every run of bytes that comes from a secret span masked.
func (r *Result) Shown(v *Value, lo, hi int) string {
	var b strings.Builder
	runStart, inRun := lo, false
	flush := func(at int) {
		if inRun {
			b.WriteString(Mask(v.Text[runStart:at]))
		} else {
			b.WriteString(v.Text[runStart:at])
		}
		runStart = at
	}
	for i := lo; i < hi; i++ {
		secret := overlapsAny(r.Secrets, v.SourceSpan(i, i+1))
		if secret != inRun {
			flush(i)
			inRun = secret
		}
	}
	flush(hi)
	return b.String()
}

// shownSource returns the file bytes of span for a message, with the bytes
// of sorted secret spans masked.
func shownSource(src []byte, span Span, secrets []Span) string {
	if !overlapsAny(secrets, span) {
		return string(src[span.Start:span.End])
	}
	return Mask(string(src[span.Start:span.End]))
}

// IsSecretKey reports whether a CREDENTIALS key, in any case, names key
// material (SecretKey).
func IsSecretKey(key string) bool {
	_, ok := SecretKey(key)
	return ok
}
