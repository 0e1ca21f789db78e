package redact

import (
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

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

// keyStarts holds the first letters of credentialKeys in both cases: one
// table lookup per byte of the text, the scan's inner loop.
var keyStarts = func() (t [256]bool) {
	for _, k := range credentialKeys {
		t[k[0]], t[k[0]-'a'+'A'] = true, true
	}
	return t
}()

// wordBytes is isWordByte as a table, for the scan below.
var wordBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isWordByte(byte(c))
	}
	return t
}()

func appendKeyValues(rs []Range, s string) []Range {
	for i := 0; i < len(s); i++ {
		if !wordBytes[s[i]] {
			continue
		}
		// a key starts only where a word does (i may be inside one after
		// the jump past a value below)
		key := ""
		if keyStarts[s[i]] && (i == 0 || !wordBytes[s[i-1]]) {
			key = credentialKeyAt(s[i:])
		}
		if key == "" {
			for i+1 < len(s) && wordBytes[s[i+1]] { // to the word's last byte
				i++
			}
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
