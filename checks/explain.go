package checks

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// ExplainOptions is everything explain does.
type ExplainOptions struct {
	Chain      string // 'arnA,arnB' (without the quotes) or default
	Statement  string // the statement kind the chain is used in, as reports spell it (COPY, CREATE_EXTERNAL_FUNCTION); "" for COPY
	Target     string // what the statement reads, writes or calls; "" for none
	Rules      RuleOptions
	Data       DataOptions // no data: the chain's syntax is checked, its hops are unchecked
	AssumeRole AssumeRoleConfig
}

// Explanation is one chain checked the way check checks it, for people.
type Explanation struct {
	Chain     string // as given
	Statement string // the statement kind, as reports spell it
	Target    string // as given; "" for none
	Cluster   *Cluster
	DBUser    string
	// SQL is the statement explain built and checked.
	SQL string
	// Problems are the reference-level findings (the chain's syntax and
	// the statement's rules), with their column in Chain.
	Problems  []ChainProblem
	Reference *Reference // the chain's reference: roles, hops, operation, verdict
	// Advisories are the least-privilege remarks on the chain's roles.
	Advisories []Finding
	Findings   []Finding // every finding, as check would report them
	Summary    Summary
	Notes      []string // what the data cannot support
}

// ChainProblem is a reference-level finding on the chain string.
type ChainProblem struct {
	Rule     RuleID
	Severity Severity
	Column   int // 1-based, in characters of the chain string
	Message  string
}

// Explain is the explain pipeline: it builds the statement it describes
// (the statement kind's example, with the chain and the target) and runs
// exactly the check pipeline over it, so that explain and check agree on
// every rule, hop, operation and verdict.
func Explain(opts ExplainOptions) (*Explanation, error) {
	if err := opts.Rules.Validate(); err != nil {
		return nil, err
	}
	kind, err := statementKind(opts.Statement)
	if err != nil {
		return nil, err
	}
	stmt := buildStatement(kind, opts.Chain, opts.Target)
	world, notes, err := loadWorld(opts.Data)
	if err != nil {
		return nil, err
	}
	if err := decode(world, strings.Split(strings.ReplaceAll(opts.Chain, " ", ""), ",")); err != nil {
		return nil, err
	}
	parsed := sqlparse.Parse(sqlparse.NewFile("<explain>", []byte(stmt.sql)), sqlparse.Options{})
	ref := chainReference(parsed)
	if ref < 0 {
		return nil, fmt.Errorf("cannot explain %q: it does not read as a role chain of %s", opts.Chain, kind)
	}
	if err := checkTarget(kind, opts.Target, parsed.References[ref].Target); err != nil {
		return nil, err
	}
	cfg := &Config{Rules: opts.Rules, World: world, AssumeRole: opts.AssumeRole}
	fr := CheckFile(parsed, cfg)
	ex := &Explanation{Chain: opts.Chain, Statement: kind.String(), Target: opts.Target, Cluster: clusterOf(world),
		DBUser: opts.Data.DBUser, SQL: stmt.sql, Reference: fr.References[ref], Findings: fr.Findings,
		Summary: countFindings(fr.Findings), Notes: notes}
	for _, f := range fr.Findings {
		switch r := Lookup(f.Rule); {
		case r.Phase == PhaseReference:
			ex.Problems = append(ex.Problems, ChainProblem{Rule: f.Rule, Severity: f.Severity, Column: stmt.column(f.Span.Start), Message: f.Message})
		case r.Advisory:
			ex.Advisories = append(ex.Advisories, f)
		}
	}
	return ex, nil
}

// statementKind reads --statement; "" is COPY.
func statementKind(s string) (redshift.StatementKind, error) {
	if s == "" {
		return redshift.Copy, nil
	}
	if k, ok := redshift.ParseStatementKind(s); ok {
		return k, nil
	}
	return 0, fmt.Errorf("unknown --statement %q (want one of %s)", s, strings.Join(StatementNames(), ", "))
}

// explainStatement is the SQL explain checks, and where the chain's
// characters are in it.
type explainStatement struct {
	sql      string
	chain    string
	chainEnd int // the offset of the chain's closing quote
	// chainAt[i] is the offset in sql of byte i of the chain; the chain's
	// quotes and escapes are not in it.
	chainAt []int
}

// buildStatement fills the kind's example with the chain (quoted, or the
// keyword default) and the target.
func buildStatement(kind redshift.StatementKind, chainText, target string) explainStatement {
	row := kind.Info()
	auth := "IAM_ROLE "
	var s explainStatement
	tmpl := row.Example
	for tmpl != "" {
		i := strings.IndexByte(tmpl, '{')
		j := strings.IndexByte(tmpl, '}')
		if i < 0 || j < i {
			s.sql += tmpl
			break
		}
		s.sql += tmpl[:i]
		switch tmpl[i : j+1] {
		case "{auth}":
			s.sql += auth
			s.appendChain(chainText)
		case "{target}":
			s.sql += escapeLiteral(target)
		case "{bucket}":
			s.sql += escapeLiteral(strings.TrimPrefix(target, "s3://"))
		}
		tmpl = tmpl[j+1:]
	}
	return s
}

// appendChain writes the chain as a quoted literal, or default unquoted.
func (s *explainStatement) appendChain(chainText string) {
	if strings.EqualFold(strings.TrimSpace(chainText), "default") {
		s.sql += strings.TrimSpace(chainText)
		return
	}
	s.sql += "'"
	s.chain = chainText
	for i := 0; i < len(chainText); i++ {
		s.chainAt = append(s.chainAt, len(s.sql))
		switch c := chainText[i]; c {
		case '\'', '\\': // Redshift strings: '' is a quote and a backslash escapes
			s.sql += string(c) + string(c)
		default:
			s.sql += string(c)
		}
	}
	s.chainEnd = len(s.sql)
	s.sql += "'"
}

// column is the 1-based character column in the chain of an offset in the
// statement; 1 for an offset outside the chain.
func (s explainStatement) column(off int) int {
	for i, at := range s.chainAt {
		if at >= off {
			return utf8.RuneCountInString(s.chain[:i]) + 1
		}
	}
	if len(s.chainAt) > 0 && off == s.chainEnd {
		return utf8.RuneCountInString(s.chain) + 1
	}
	return 1
}

func escapeLiteral(v string) string {
	return strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(v)
}

// chainReference is the index of the statement's IAM_ROLE reference, -1
// when the parser found none.
func chainReference(parsed *sqlparse.Result) int {
	for i, r := range parsed.References {
		if r.Clause == redshift.IAMRole {
			return i
		}
	}
	return -1
}

// checkTarget: a --target the statement cannot use is a usage error rather
// than a silently unchecked operation.
func checkTarget(kind redshift.StatementKind, given string, got *redshift.Target) error {
	if given == "" {
		return nil
	}
	row := kind.Info()
	if len(row.Targets) == 0 {
		return fmt.Errorf("--target: %s names no target", kind)
	}
	if got == nil {
		return fmt.Errorf("--target %q is not a target of %s: want %s", given, kind, row.TargetHelp)
	}
	return nil
}

// StatementNames are the statement kinds explain accepts, as reports spell them.
func StatementNames() []string {
	names := make([]string, 0, len(redshift.Kinds()))
	for _, k := range redshift.Kinds() {
		names = append(names, k.String())
	}
	return names
}
