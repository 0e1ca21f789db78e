package checks

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

func init() {
	register(
		&Rule{ID: "syntax-error", Severity: Error, Run: runSyntaxError,
			Title: "SQL that cannot be tokenized, or a credential clause without a usable value",
			Doc: `Reports SQL the tool cannot read: an unterminated quoted string, quoted
identifier, block comment, dollar-quoted string or template tag, text the
scanner rejects, a credential clause with no value (IAM_ROLE followed by
nothing usable), a placeholder whose value is neither default nor a quoted
string, and a CREDENTIALS string Redshift cannot read (spaces, keys it does
not know, neither a role nor a key pair).

Redshift strings differ from PostgreSQL's: a backslash escapes the next
character, so 'it\'s' is one string and 'C:\' is not terminated.

Bad:   COPY t FROM 's3://b/p' IAM_ROLE;
Good:  COPY t FROM 's3://b/p' IAM_ROLE default;`},
		&Rule{ID: "invalid-encoding", Severity: Error, Run: runDiagnostics(sqlparse.DiagEncoding),
			Title: "file is not UTF-8 text (invalid bytes, NUL)",
			Doc: `Reports a file that is not UTF-8 text: a byte that cannot start or continue
a UTF-8 character, a NUL byte (binary files), or UTF-16. Nothing else in the
file is checked, because positions and quotes cannot be trusted.

Fix: save the file as UTF-8 (iconv -f LATIN1 -t UTF-8).`},
		&Rule{ID: "chain-whitespace", Severity: Error, Run: runChainKind(chain.KindWhitespace),
			Title: "whitespace inside a quoted role value",
			Doc: `Reports spaces, tabs, line breaks or other white space inside a quoted
IAM_ROLE or CATALOG_ROLE value (or the aws_iam_role of a CREDENTIALS string),
outside template placeholders. Redshift documents that a role chain "must not
contain spaces"; the statement fails at run time.

Bad:   IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::210987654321:role/B'
Good:  IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B'`},
		&Rule{ID: "chain-empty-element", Severity: Error, Run: runChainKind(chain.KindEmptyElement),
			Title: "leading, trailing or doubled comma, or an empty role value",
			Doc: `Reports an empty element in a role chain: a comma at the start or end, two
commas in a row, or an empty string ''. Redshift cannot assume an empty role.

Bad:   IAM_ROLE 'arn:aws:iam::123456789012:role/A,,arn:aws:iam::123456789012:role/B'
Good:  IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B'`},
		&Rule{ID: "chain-too-long", Severity: Error, Run: runChainKind(chain.KindTooLong),
			Title: "role chain longer than the allowed maximum",
			Doc: `Reports a chain with more roles than --max-chain (default 10, the limit
Redshift documents for CREATE EXTERNAL SCHEMA and Spectrum: "you can chain up
to 10 roles"). The finding covers the roles past the limit.`},
		&Rule{ID: "default-in-chain", Severity: Error, Run: runChainKind(chain.KindDefaultInChain),
			Title: "default used as one element of a role chain",
			Doc: `Reports 'default' as one element of a multi-role chain. default is a bare
keyword meaning the cluster's default IAM role and stands only on its own
(IAM_ROLE default); inside a quoted chain it is just a string that is not an
ARN.

Bad:   IAM_ROLE 'default,arn:aws:iam::210987654321:role/B'
Good:  IAM_ROLE 'arn:aws:iam::123456789012:role/ClusterDefault,arn:aws:iam::210987654321:role/B'`},
		&Rule{ID: "default-quoted", Severity: Error, Run: runChainKind(chain.KindDefaultQuoted),
			Title: "default written in quotes",
			Doc: `Reports IAM_ROLE 'default'. The cluster's default role is selected by the
unquoted keyword; in quotes Redshift reads a role ARN "default" and fails.

Bad:   IAM_ROLE 'default'
Good:  IAM_ROLE default`},
		&Rule{ID: "default-not-allowed", Severity: Error, Run: runDefaultNotAllowed,
			Title: "default used where Redshift refuses it",
			Doc: `Reports IAM_ROLE default where Redshift does not accept it: auto-copy jobs
(COPY ... JOB CREATE) need an explicit role ARN, and CATALOG_ROLE has no
default form at all.

Bad:   COPY t FROM 's3://b/p' IAM_ROLE default JOB CREATE load_t;
Good:  COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' JOB CREATE load_t;`},
		&Rule{ID: "invalid-role-arn", Severity: Error, Run: runChainKind(chain.KindInvalidARN),
			Title: "role chain element is not a valid IAM role ARN",
			Doc: `Reports a chain element that is not arn:<partition>:iam::<12-digit account>:role/[path/]<name>:
an unknown partition, a service other than iam, a region where none belongs,
an account id that is not 12 digits (the AWS docs' 13-digit example
0123456789012 is a common paste), a user or policy ARN, a bare role name,
or characters a role name cannot hold. 'SESSION' is accepted only where
Redshift accepts it (CREATE EXTERNAL SCHEMA ... DATA CATALOG, ALTER EXTERNAL
SCHEMA, CREATE DATABASE). The finding points at the offending part.`},
		&Rule{ID: "typographic-quotes", Severity: Error, Run: runTypographicQuotes,
			Title: "value wrapped in typographic quotes",
			Doc: `Reports a value wrapped in typographic quotes (‘…’ or “…”) instead of
straight ones, usually pasted from a word processor or from the Redshift
documentation, whose syntax blocks print ‘arn…’. Redshift reads them as part
of an identifier and the statement fails. The text between them is still
checked as the intended value.`},
		&Rule{ID: "hardcoded-secret", Severity: Error, Run: runHardcodedSecret,
			Title: "literal access key, secret key, session token or master symmetric key in SQL",
			Doc: `Reports key material written into SQL: ACCESS_KEY_ID, SECRET_ACCESS_KEY,
SESSION_TOKEN or MASTER_SYMMETRIC_KEY with a literal value, or the same keys
inside a CREDENTIALS string. Migrations live in git, so the key leaks to
everyone who can read the repository and stays in its history. The tool
never prints the value, only a masked form.

Fix: use IAM_ROLE (a role associated with the cluster), or pass the value
through a placeholder your deployment tool fills from a secret store; rotate
any key that was committed.`},
		&Rule{ID: "missing-authorization", Severity: Error, Run: runMissingAuthorization,
			Title: "statement needs authorization and has none",
			Doc: `Reports a statement that needs AWS authorization but has no IAM_ROLE,
CREDENTIALS or access key clause (COPY, UNLOAD, CREATE EXTERNAL SCHEMA except
FROM REDSHIFT and FROM KAFKA, CREATE EXTERNAL FUNCTION, CREATE [EXTERNAL]
MODEL, CREATE LIBRARY from S3), and key clauses given without their partner
(ACCESS_KEY_ID without SECRET_ACCESS_KEY, SESSION_TOKEN without both).

Bad:   COPY t FROM 's3://b/p' FORMAT CSV;
Good:  COPY t FROM 's3://b/p' IAM_ROLE default FORMAT CSV;`},
		&Rule{ID: "conflicting-authorization", Severity: Error, Run: runConflictingAuthorization,
			Title: "IAM_ROLE together with CREDENTIALS or keys, or MASTER_SYMMETRIC_KEY with CREDENTIALS",
			Doc: `Reports authorization clauses Redshift refuses to combine: IAM_ROLE with
CREDENTIALS, ACCESS_KEY_ID, SECRET_ACCESS_KEY or SESSION_TOKEN; CREDENTIALS
with key clauses; MASTER_SYMMETRIC_KEY with CREDENTIALS (put
master_symmetric_key inside the CREDENTIALS string instead); and the same
clause given twice.`},
		&Rule{ID: "unresolved-placeholder", Severity: Warning, Run: runUnresolvedPlaceholder,
			Title: "a value holds a placeholder that has no value",
			Doc: `Reports a template placeholder (Flyway/Liquibase ${name}, Jinja {{ ... }},
psql :name) in a credential value when no value was supplied with --var or
--vars-file. The element holding it cannot be checked; supply the value your
deployment uses to check it.`},
		&Rule{ID: "deprecated-credentials-syntax", Severity: Warning, Run: runDeprecatedCredentials,
			Title: "CREDENTIALS string used instead of IAM_ROLE",
			Doc: `Reports the CREDENTIALS 'aws_iam_role=...' / 'aws_access_key_id=...' form.
AWS recommends the IAM_ROLE parameter; the string form is case-sensitive,
cannot hold spaces, and invites pasting keys into SQL.

Bad:   CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/Loader'
Good:  IAM_ROLE 'arn:aws:iam::123456789012:role/Loader'`},
	)
}

// runDiagnostics reports the parser's own diagnostics of one kind.
func runDiagnostics(kind sqlparse.DiagKind) func(*Pass) {
	return func(p *Pass) {
		for _, d := range p.Parsed.Diagnostics {
			if d.Kind == kind {
				p.Report(d.Reference, d.Span, d.Message, d.Help)
			}
		}
	}
}

func runSyntaxError(p *Pass) {
	runDiagnostics(sqlparse.DiagSyntax)(p)
	for _, ri := range p.Refs {
		if ri.Ref.Clause == redshift.Credentials && ri.Ref.Value.Form == sqlparse.FormQuoted {
			checkCredentialsString(p, ri)
		}
	}
}

// runChainKind reports the chain problems of one kind.
func runChainKind(k chain.Kind) func(*Pass) {
	return func(p *Pass) {
		for _, ri := range p.Refs {
			for _, prob := range ri.problems(k) {
				p.Report(ri.Index, ri.Source(prob.Span), prob.Message, "")
			}
		}
	}
}

func runDefaultNotAllowed(p *Pass) {
	for _, ri := range p.Refs {
		ref := ri.Ref
		if ref.Value.Form != sqlparse.FormDefault {
			continue
		}
		switch {
		case ref.Clause == redshift.CatalogRole:
			p.Report(ri.Index, ref.Value.Span, "CATALOG_ROLE has no default form",
				"name the catalog role's ARN, or omit CATALOG_ROLE to use the IAM_ROLE for the catalog")
		case ref.Clause == redshift.IAMRole && !ri.Statement.AllowsDefault():
			p.Report(ri.Index, ref.Value.Span, "IAM_ROLE default is not allowed in COPY ... JOB CREATE",
				"auto-copy jobs need an explicit role ARN")
		}
	}
}

func runTypographicQuotes(p *Pass) {
	for _, ri := range p.Refs {
		if ri.Ref.Value.Form == sqlparse.FormTypographic {
			p.Report(ri.Index, ri.Ref.Value.Span,
				fmt.Sprintf("%s value is wrapped in typographic quotes; Redshift needs straight quotes", ri.Ref.Clause),
				"replace ‘ ’ or “ ” with '")
		}
	}
}

func runHardcodedSecret(p *Pass) {
	for _, ri := range p.Refs {
		ref := ri.Ref
		v := &ref.Value
		switch {
		case ref.Clause.IsKey() && v.IsLiteral() && v.Text != "":
			p.Report(ri.Index, v.SourceSpan(0, len(v.Text)),
				fmt.Sprintf("hard-coded %s in SQL (%s)", secretName(ref.Clause.String()), Mask(v.Text)), secretHelp)
		case ref.Clause == redshift.Credentials && (v.Form == sqlparse.FormQuoted || v.Form == sqlparse.FormTypographic):
			for _, pair := range sqlparse.ParseCredentials(v.Text) {
				key := strings.TrimSpace(pair.Key)
				lo, hi := pair.ValueText[0], pair.ValueText[1]
				if !sqlparse.IsSecretKey(key) || hi <= lo || placeholderIn(v, lo, hi) {
					continue
				}
				p.Report(ri.Index, v.SourceSpan(lo, hi),
					fmt.Sprintf("hard-coded %s in SQL (%s)", secretName(key), Mask(pair.Value)), secretHelp)
			}
		}
	}
}

const secretHelp = "use IAM_ROLE, or a placeholder filled from a secret store; rotate the key if it was committed"

func secretName(key string) string {
	switch strings.ToLower(key) {
	case "access_key_id", sqlparse.CredAccessKeyID:
		return "AWS access key id"
	case "secret_access_key", sqlparse.CredSecretAccessKey:
		return "AWS secret access key"
	case "session_token", sqlparse.CredToken:
		return "AWS session token"
	}
	return "master symmetric key"
}

// placeholderIn reports whether a placeholder produced any of Text[lo:hi].
func placeholderIn(v *sqlparse.Value, lo, hi int) bool {
	for _, ph := range v.Placeholders {
		if ph.Text[0] < hi && ph.Text[1] > lo {
			return true
		}
	}
	return false
}

func runUnresolvedPlaceholder(p *Pass) {
	for _, ri := range p.Refs {
		for _, ph := range ri.Ref.Value.Placeholders {
			if ph.Resolved {
				continue
			}
			msg := fmt.Sprintf("placeholder %s has no value", ph.Raw)
			help := "pass --var " + ph.Name + "=... (or --vars-file) to check this value"
			if ph.Name == "" {
				msg = fmt.Sprintf("template expression %s cannot be evaluated", ph.Raw)
				help = "the value it renders to is not checked"
			}
			p.Report(ri.Index, ph.Span, msg, help)
		}
	}
}

func runDeprecatedCredentials(p *Pass) {
	for _, ri := range p.Refs {
		if ri.Ref.Clause == redshift.Credentials {
			p.Report(ri.Index, ri.Ref.Keyword, "CREDENTIALS string is deprecated; use IAM_ROLE",
				"write IAM_ROLE '<role ARN>' (or IAM_ROLE default) instead of CREDENTIALS 'aws_iam_role=...'")
		}
	}
}
