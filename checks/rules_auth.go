package checks

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/redshift-preflight/redshift-preflight/redact"
	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// runSessionIdentity notes each 'SESSION' value: the reference has no hop
// and its verdict is unknown, for reasons the finding gives.
func runSessionIdentity(p *Pass) {
	for _, ri := range p.Refs {
		if ri.Session() {
			p.Report(ri.Index, ri.Ref.Value.Span,
				fmt.Sprintf("%s 'SESSION' uses the federated identity of the user who runs the SQL; what it may do cannot be checked from IAM data", ri.Ref.Clause),
				"its permissions come from the user's federated identity (an IAM Identity Center user, for example) and its Lake Formation grants; check them there")
		}
	}
}

func runMissingAuthorization(p *Pass) {
	for _, ri := range p.Refs {
		if ri.Ref.Clause == redshift.ClauseNone {
			p.Report(ri.Index, ri.Ref.Keyword,
				fmt.Sprintf("%s needs authorization and has no IAM_ROLE", ri.Statement.Kind.Words()),
				"add IAM_ROLE default (the cluster's default role) or IAM_ROLE '<role ARN>'")
		}
	}
	for _, group := range byStatement(p.Refs) {
		checkKeyPartners(p, group)
	}
}

// checkKeyPartners reports key clauses given without their partners.
func checkKeyPartners(p *Pass, group []*RefInfo) {
	has := map[redshift.Clause]*RefInfo{}
	for _, ri := range group {
		has[ri.Ref.Clause] = ri
	}
	id, secret, token := has[redshift.AccessKeyID], has[redshift.SecretAccessKey], has[redshift.SessionToken]
	switch {
	case id != nil && secret == nil:
		p.Report(id.Index, id.Ref.Keyword, "ACCESS_KEY_ID is given without SECRET_ACCESS_KEY", "")
	case secret != nil && id == nil:
		p.Report(secret.Index, secret.Ref.Keyword, "SECRET_ACCESS_KEY is given without ACCESS_KEY_ID", "")
	case token != nil && (id == nil || secret == nil):
		p.Report(token.Index, token.Ref.Keyword, "SESSION_TOKEN needs ACCESS_KEY_ID and SECRET_ACCESS_KEY", "")
	}
	for _, ri := range group {
		if ri.Ref.Clause != redshift.Credentials || ri.Ref.Value.Unresolved() {
			continue
		}
		keys := credentialKeys(ri)
		if keys[sqlparse.CredAccessKeyID] != keys[sqlparse.CredSecretAccessKey] {
			p.Report(ri.Index, ri.Ref.Value.Span,
				"CREDENTIALS string needs both aws_access_key_id and aws_secret_access_key", "")
		}
	}
}

func credentialKeys(ri *RefInfo) map[string]bool {
	keys := map[string]bool{}
	for _, pair := range sqlparse.ParseCredentials(ri.Ref.Value.Text) {
		keys[strings.TrimSpace(pair.Key)] = true
	}
	return keys
}

// byStatement groups a file's references by statement, keeping file order.
func byStatement(refs []*RefInfo) [][]*RefInfo {
	var groups [][]*RefInfo
	for i, ri := range refs {
		if i == 0 || ri.Ref.Statement != refs[i-1].Ref.Statement {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], ri)
	}
	return groups
}

// conflicts tells whether Redshift refuses clauses a and b in one statement.
func conflicts(a, b redshift.Clause) bool {
	if a == b {
		return a != redshift.ClauseNone
	}
	pair := func(x, y redshift.Clause) bool { return a == x && b == y || a == y && b == x }
	roleOrCreds := func(c redshift.Clause) bool { return c == redshift.IAMRole || c == redshift.Credentials }
	keys := func(c redshift.Clause) bool {
		return c == redshift.AccessKeyID || c == redshift.SecretAccessKey || c == redshift.SessionToken
	}
	return pair(redshift.Credentials, redshift.IAMRole) ||
		roleOrCreds(a) && keys(b) || roleOrCreds(b) && keys(a) ||
		pair(redshift.Credentials, redshift.MasterSymmetricKey)
}

// runConflictingAuthorization reports every clause of a pair Redshift
// refuses to combine, on each of them: the statement fails as a whole, so
// no reference of it may look fine ("Authorization parameters - Amazon
// Redshift", https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-authorization.html:
// "If you specify IAM_ROLE, you can't use ACCESS_KEY_ID and
// SECRET_ACCESS_KEY, SESSION_TOKEN, or CREDENTIALS.").
func runConflictingAuthorization(p *Pass) {
	for _, group := range byStatement(p.Refs) {
		firsts := firstTwoByClause(group)
		for _, ri := range group {
			if other := firstConflict(ri, firsts); other != nil {
				msg := fmt.Sprintf("%s cannot be combined with %s", ri.Ref.Clause, other.Ref.Clause)
				if other.Ref.Clause == ri.Ref.Clause {
					msg = fmt.Sprintf("%s is given twice", ri.Ref.Clause)
				}
				line := p.File.Position(other.Ref.Keyword.Start).Line
				p.Report(ri.Index, ri.Ref.Keyword, msg, fmt.Sprintf("see the %s on line %d; keep one way of authorizing", other.Ref.Clause, line))
			}
			if ri.Ref.Clause == redshift.Credentials && !ri.Ref.Value.Unresolved() {
				keys := credentialKeys(ri)
				if keys[sqlparse.CredIAMRole] && (keys[sqlparse.CredAccessKeyID] || keys[sqlparse.CredSecretAccessKey]) {
					p.Report(ri.Index, ri.Ref.Value.Span, "CREDENTIALS string holds both aws_iam_role and access keys", "keep one way of authorizing")
				}
			}
		}
	}
}

// firstTwoByClause lists, per clause, its first two references in the
// statement: all firstConflict needs, whatever the number of clauses.
func firstTwoByClause(group []*RefInfo) map[redshift.Clause][2]*RefInfo {
	firsts := map[redshift.Clause][2]*RefInfo{}
	for _, ri := range group {
		f := firsts[ri.Ref.Clause]
		switch {
		case f[0] == nil:
			f[0] = ri
		case f[1] == nil:
			f[1] = ri
		}
		firsts[ri.Ref.Clause] = f
	}
	return firsts
}

// firstConflict is the first other clause of the statement that ri's
// clause conflicts with; nil when there is none. Looking through the
// statement for each clause was quadratic when thousands of clauses do
// not conflict (SECRET_ACCESS_KEY then ACCESS_KEY_ID repeated): only the
// first two of each clause can be the first other one.
func firstConflict(ri *RefInfo, firsts map[redshift.Clause][2]*RefInfo) *RefInfo {
	var first *RefInfo
	for clause, f := range firsts {
		other := f[0]
		if other == ri {
			other = f[1]
		}
		if other != nil && conflicts(ri.Ref.Clause, clause) && (first == nil || other.Index < first.Index) {
			first = other
		}
	}
	return first
}

var knownCredentialKeys = []string{
	sqlparse.CredIAMRole, sqlparse.CredAccessKeyID, sqlparse.CredSecretAccessKey,
	sqlparse.CredToken, sqlparse.CredMasterSymmetricKey,
}

// checkCredentialsString reports what makes a CREDENTIALS string unreadable
// to Redshift (syntax-error); whitespace inside its role part is left to
// chain-whitespace.
func checkCredentialsString(p *Pass, ri *RefInfo) {
	v := &ri.Ref.Value
	if v.Unresolved() {
		return
	}
	roleLo, roleHi, hasRole := ri.Ref.RoleText()
	for i, r := range v.Text {
		if unicode.IsSpace(r) && !(hasRole && i >= roleLo && i < roleHi) {
			p.Report(ri.Index, v.SourceSpan(i, i+1), "CREDENTIALS string must not contain white space", "")
			break
		}
	}
	usable := false
	for _, pair := range sqlparse.ParseCredentials(v.Text) {
		key := strings.TrimSpace(pair.Key)
		switch {
		case pair.ValueText[0] == pair.KeyText[1]: // no '=' at all
			p.Report(ri.Index, v.SourceSpan(pair.KeyText[0], pair.KeyText[1]), "CREDENTIALS element is not key=value", "")
		case slices.Contains(knownCredentialKeys, key):
			usable = usable || key == sqlparse.CredIAMRole || key == sqlparse.CredAccessKeyID || key == sqlparse.CredSecretAccessKey
		default:
			shown := strings.TrimSpace(p.Parsed.Shown(v, pair.KeyText[0], pair.KeyText[1])) // a pasted key is no key name
			msg := fmt.Sprintf("unknown CREDENTIALS key %q", sqlparse.Clip(shown, 40))
			if k := foldMatch(knownCredentialKeys, key); k != "" {
				msg = fmt.Sprintf("CREDENTIALS keys are case-sensitive: write %s, not %s", k, sqlparse.Clip(key, 40))
			}
			p.Report(ri.Index, v.SourceSpan(pair.KeyText[0], pair.KeyText[1]), msg,
				"known keys: "+strings.Join(knownCredentialKeys, ", "))
		}
	}
	if !usable {
		p.Report(ri.Index, v.Span, "CREDENTIALS string names neither aws_iam_role nor an access key",
			"write CREDENTIALS 'aws_iam_role=<role ARN>', or better IAM_ROLE '<role ARN>'")
	}
}

func foldMatch(list []string, s string) string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return x
		}
	}
	return ""
}

// Mask shows a secret the way SPEC §3.2 allows: at most its first and last
// four characters (AKIA************MPLE). It is redact.Mask, the one form
// every output uses.
func Mask(secret string) string { return redact.Mask(secret) }
