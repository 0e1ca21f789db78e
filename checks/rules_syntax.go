package checks

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// runDiagnostics reports the parser's own diagnostics of the rule's kind.
func runDiagnostics(p *Pass) {
	for _, d := range p.Parsed.Diagnostics {
		if d.Kind == p.rule.Diagnostic {
			p.Report(d.Reference, d.Span, d.Message, d.Help)
		}
	}
}

func runSyntaxError(p *Pass) {
	runDiagnostics(p)
	for _, ri := range p.Refs {
		if cut := ri.Statement.Cut; cut.Len() > 0 {
			pos := p.File.Position(cut.Start)
			p.Report(ri.Index, ri.Ref.Keyword,
				fmt.Sprintf("%s is in a statement that never ends: what opens at line %d, column %d is not terminated, so Redshift cannot run it", ri.Ref.Clause, pos.Line, pos.Column),
				"")
		}
		if inv := ri.Statement.Invisible; inv.Len() > 0 {
			// The parser read past the character as white space; Redshift
			// does not, so the statement fails or names something else.
			pos := p.File.Position(inv.Start)
			p.Report(ri.Index, ri.Ref.Keyword,
				fmt.Sprintf("%s is in a statement Redshift does not read as written: the invisible character at line %d, column %d is part of a name to Redshift", ri.Ref.Clause, pos.Line, pos.Column),
				"")
		}
	}
	for _, ri := range p.Refs {
		if ri.Ref.Clause == redshift.Credentials && ri.Ref.Value.Form == sqlparse.FormQuoted {
			checkCredentialsString(p, ri)
		}
	}
}

// runChainProblems reports the chain syntax problems of the rule's kind.
func runChainProblems(p *Pass) {
	for _, ri := range p.Refs {
		for _, prob := range ri.problems(p.rule.ChainProblem) {
			p.Report(ri.Index, ri.Source(prob.Span), prob.Message, "")
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

// runBidiControl reports every bidirectional control outside comments
// (Trojan Source), escaped: the message must not reorder the output.
func runBidiControl(p *Pass) {
	for _, b := range p.Parsed.BidiControls {
		p.Report(-1, b.Span,
			fmt.Sprintf("bidirectional control character %s: it reorders how the text around it is displayed, so what a reviewer reads is not what Redshift runs", sqlparse.DescribeInvisible(b.Rune)),
			"delete it; an editor that shows invisible characters finds it")
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
		case ref.Clause.IsKey() && ref.StrayKey.Len() > 0:
			// Unquoted or never closed, the key is still in the SQL.
			text := strings.Trim(string(p.File.Src[ref.StrayKey.Start:ref.StrayKey.End]), "'")
			p.Report(ri.Index, ref.StrayKey,
				fmt.Sprintf("hard-coded %s in SQL (%s)", secretName(ref.Clause.String()), Mask(text)), secretHelp)
		case ref.Clause == redshift.Credentials && (v.Form == sqlparse.FormQuoted || v.Form == sqlparse.FormTypographic):
			for _, pair := range sqlparse.CredentialSecrets(v.Text) {
				lo, hi := pair.ValueText[0], pair.ValueText[1]
				if placeholderIn(v, lo, hi) {
					continue
				}
				p.Report(ri.Index, v.SourceSpan(lo, hi),
					fmt.Sprintf("hard-coded %s in SQL (%s)", secretName(pair.Key), Mask(pair.Value)), secretHelp)
			}
		}
	}
	// Key material no clause holds: in a comment (still in git), or in text
	// the parser could not read as a clause.
	for _, s := range p.Parsed.StraySecrets {
		where := "in SQL"
		if s.Comment {
			where = "in a comment"
		}
		p.Report(-1, s.Span, fmt.Sprintf("hard-coded %s %s (%s)", secretName(s.Key), where,
			Mask(string(p.File.Src[s.Span.Start:s.Span.End]))), secretHelp)
	}
}

const secretHelp = "use IAM_ROLE, or a placeholder filled from a secret store; rotate the key if it was committed"

// secretName names the key material a clause word or a CREDENTIALS key
// (in any case) holds.
func secretName(key string) string {
	k, _ := sqlparse.SecretKey(key)
	switch k {
	case sqlparse.CredAccessKeyID:
		return "AWS access key id"
	case sqlparse.CredSecretAccessKey:
		return "AWS secret access key"
	case sqlparse.CredToken:
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
			if ph.Resolved || ph.Refused { // a refused value is placeholder-expansion-limit's
				continue
			}
			msg := fmt.Sprintf("placeholder %s has no value", ph.Raw)
			help := "pass --var " + ph.Name + "=... (or --vars-file) to check this value"
			switch {
			case ph.Runtime:
				msg = fmt.Sprintf("%s is only known when the procedure runs", ph.Raw)
				help = "the value it has then is not checked"
			case ph.Bound != "":
				msg = fmt.Sprintf("%s is %s: its value is only known where the template is rendered", ph.Raw, ph.Bound)
				help = "the value it has then is not checked"
			case strings.HasPrefix(ph.Name, "env_var:"):
				env := strings.TrimPrefix(ph.Name, "env_var:")
				msg = fmt.Sprintf("placeholder %s has no value: %s is not in the environment", ph.Raw, env)
				help = "in a dbt project (a dbt_project.yml above), export " + env + "=... as dbt would read it; or pass --var " + ph.Name + "=..."
			case ph.Name == "":
				msg = fmt.Sprintf("template expression %s cannot be evaluated", ph.Raw)
				help = "the value it renders to is not checked"
			case projectvars.IsFlywayBuiltin(ph.Name):
				msg = fmt.Sprintf("placeholder %s is set by Flyway when it runs (from the connection or the clock)", ph.Raw)
				help = "its value cannot be known offline, so what holds it is not checked"
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
