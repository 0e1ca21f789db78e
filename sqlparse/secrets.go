package sqlparse

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/redshift-preflight/redshift-preflight/redact"
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

// findSecrets returns where key material is in src, as the output masker
// finds it (redact.Find: access key ids anywhere, the value after a
// credential key name in any case, long mixed-case base64 runs), so that
// the spans the parser records and the strings every printer masks agree;
// and, of those, the ones a finding can name: an access key id, or a value
// after a key name (secretKeys). A bare base64 run is masked but not
// reported: it may be data as well as a key.
func findSecrets(src []byte) (spans []Span, named []StraySecret) {
	for _, r := range redact.Find(string(src)) {
		s := Span{r.Start, r.End}
		spans = append(spans, s)
		if key, ok := secretKind(src, s); ok {
			named = append(named, StraySecret{Span: s, Key: key})
		}
	}
	counting.add(workLexed, len(src))
	return spans, named
}

// secretKind names the key material at s: an access key id by its shape
// (capitals and digits only, 20 or more), else by the key name written
// before it (ACCESS_KEY_ID 'x', aws_secret_access_key=x, "SessionToken": "x").
func secretKind(src []byte, s Span) (string, bool) {
	if s.Len() >= 20 && strings.IndexFunc(string(src[s.Start:s.End]), func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0 {
		return CredAccessKeyID, true
	}
	j := beforeValue(src, s.Start)
	i := j
	for i > 0 && j-i <= maxKeyName && isASCIIWordByte(src[i-1]) {
		i--
	}
	counting.add(workLexed, s.Start-i)
	return SecretKey(string(src[i:j]))
}

// beforeValue steps back from a value over what may separate it from its
// key name: an opening quote (', ", E', a typographic one), blanks
// (invisible characters included), '=' or ':', and a quote that closes a
// quoted name. It stops after a few steps: a name is close to its value.
func beforeValue(src []byte, i int) int {
	for steps := 0; i > 0 && steps < 8; steps++ {
		c := src[i-1]
		r, size := utf8.DecodeLastRune(src[:i])
		switch {
		case isSpace(c) || c == '=' || c == ':' || c == '\'' || c == '"':
			i--
		case (c == 'E' || c == 'e') && i < len(src) && src[i] == '\'':
			i-- // the E of E'...'
		case size == 3 && typographicQuote(src[i-3:]), size > 1 && invisible(r):
			i -= size
		default:
			return i
		}
	}
	return i
}

// maxKeyName bounds the look-back for a key name: the longest is
// aws_secret_access_key, 21 bytes.
const maxKeyName = 32

func isASCIIWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || (c|0x20) >= 'a' && (c|0x20) <= 'z'
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

// Shown returns Text[lo:hi] of a value for a message or a report field,
// with every run of bytes that comes from a secret span masked.
func (r *Result) Shown(v *Value, lo, hi int) string {
	var b strings.Builder
	runStart, inRun := lo, false
	flush := func(at int) {
		if inRun {
			b.WriteString(redact.Mask(v.Text[runStart:at]))
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
	return redact.Mask(string(src[span.Start:span.End]))
}

// IsSecretKey reports whether a CREDENTIALS key, in any case, names key
// material (SecretKey).
func IsSecretKey(key string) bool {
	_, ok := SecretKey(key)
	return ok
}
