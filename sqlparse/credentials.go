package sqlparse

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// CredentialPair is one key=value pair of a CREDENTIALS string.
type CredentialPair struct {
	Key, Value string
	KeyText    [2]int // range of the key in Value.Text
	ValueText  [2]int // range of the value in Value.Text
}

// Keys of a CREDENTIALS string (case-sensitive, as Redshift reads them).
const (
	CredIAMRole            = "aws_iam_role"
	CredAccessKeyID        = "aws_access_key_id"
	CredSecretAccessKey    = "aws_secret_access_key"
	CredToken              = "token"
	CredMasterSymmetricKey = "master_symmetric_key"
)

// ParseCredentials splits 'k1=v1;k2=v2' into pairs, keeping their positions.
func ParseCredentials(text string) []CredentialPair {
	var pairs []CredentialPair
	start := 0
	for start <= len(text) {
		end := strings.IndexByte(text[start:], ';')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if part := text[start:end]; strings.TrimSpace(part) != "" {
			pairs = append(pairs, credentialPair(part, start))
		}
		start = end + 1
	}
	return pairs
}

func credentialPair(part string, base int) CredentialPair {
	eq := strings.IndexByte(part, '=')
	if eq < 0 {
		return CredentialPair{Key: part, KeyText: [2]int{base, base + len(part)}, ValueText: [2]int{base + len(part), base + len(part)}}
	}
	return CredentialPair{
		Key: part[:eq], Value: part[eq+1:],
		KeyText:   [2]int{base, base + eq},
		ValueText: [2]int{base + eq + 1, base + len(part)},
	}
}

// RoleText returns the range of Value.Text that holds the role chain: the
// whole value of IAM_ROLE and CATALOG_ROLE, or the aws_iam_role part of a
// CREDENTIALS string. ok is false when the reference names no role.
func (r *Reference) RoleText() (start, end int, ok bool) {
	switch {
	case r.Clause.IsRole() && (r.Value.Form == FormQuoted || r.Value.Form == FormTypographic || r.Value.Form == FormPlaceholder):
		return 0, len(r.Value.Text), true
	case r.Clause == redshift.Credentials && (r.Value.Form == FormQuoted || r.Value.Form == FormTypographic):
		for _, p := range ParseCredentials(r.Value.Text) {
			if strings.TrimSpace(p.Key) == CredIAMRole {
				return p.ValueText[0], p.ValueText[1], true
			}
		}
	}
	return 0, 0, false
}

// collectSecrets records where literal key material sits in the file.
func (p *clauseParser) collectSecrets(r *Reference) {
	v := &r.Value
	if v.Form != FormQuoted && v.Form != FormTypographic {
		return
	}
	switch {
	case r.Clause.IsKey() && len(v.Text) > 0:
		p.res.Secrets = append(p.res.Secrets, v.SourceSpan(0, len(v.Text)))
	case r.Clause == redshift.Credentials:
		for _, pair := range CredentialSecrets(v.Text) {
			p.res.Secrets = append(p.res.Secrets, v.SourceSpan(pair.ValueText[0], pair.ValueText[1]))
		}
	}
}

// maskUnquotedKey records as secret what stands where a key clause's value
// should be: an unquoted value (ACCESS_KEY_ID AKIA..., the run of tokens
// with nothing between them, as wJalr.../K7MDENG/... scans as several, up
// to a ';', ',' or parenthesis), the content of a double-quoted one, or,
// when the clause's quoted value is cut off by the end of the file, the
// rest of that line. The bytes are key material whatever the syntax, and
// reports must not print them.
func (p *clauseParser) maskUnquotedKey(clause redshift.Clause, valueTok int) Span {
	st := &p.res.Statements[p.stmt]
	var s Span
	switch {
	case valueTok < len(p.toks) && clause.IsKey() && unquotedValue(p.toks[valueTok]):
		k := valueTok
		for k+1 < len(p.toks) && p.toks[k+1].span.Start == p.toks[k].span.End && !endsValue(p.toks[k+1]) {
			k++
		}
		s = Span{p.toks[valueTok].span.Start, p.toks[k].span.End}
		if k == valueTok && s.Len() >= 2 && p.src[s.Start] == '"' && p.src[s.End-1] == '"' {
			s = Span{s.Start + 1, s.End - 1} // "AKIA...": the name between the quotes
		}
	case valueTok >= len(p.toks) && st.Cut.Len() > 0 && (clause.IsKey() || clause == redshift.Credentials):
		s = Span{st.Cut.Start, st.Cut.Start + 1}
		for s.End < len(p.src) && p.src[s.End] != '\n' {
			s.End++
		}
	default:
		return Span{}
	}
	counting.add(workDecoded, s.Len())
	p.res.Secrets = append(p.res.Secrets, s)
	return s
}

// endsValue: punctuation that cannot be part of an unquoted key.
func endsValue(t token) bool {
	return t.isPunct(";") || t.isPunct(",") || t.isPunct("(") || t.isPunct(")")
}
