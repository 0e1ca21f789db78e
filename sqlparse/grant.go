package sqlparse

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// GRANT / REVOKE ASSUMEROLE (redshift-grammar.md §7):
//
//	GRANT  ASSUMEROLE ON { 'chain' [, ...] | default | ALL }
//	       TO   { user | ROLE role | GROUP group | PUBLIC } [, ...]
//	       FOR  { ALL | COPY | UNLOAD | EXTERNAL FUNCTION | CREATE MODEL } [, ...]
//	REVOKE ASSUMEROLE ON ... FROM ... FOR ...
//
// They are privilege statements, never credential References (SPEC §3.1):
// they are tokenized like credential statements and land in Result.Grants.

// GranteeKind says what a grantee names.
type GranteeKind string

const (
	GranteeUser   GranteeKind = "user"
	GranteeGroup  GranteeKind = "group"
	GranteeRole   GranteeKind = "role"
	GranteePublic GranteeKind = "public"
)

// Grantee is one entry of a TO or FROM list. Name is folded to lower case
// unless it was a quoted identifier ("" for PUBLIC); a placeholder name is
// substituted when its value is known, else kept as written.
type Grantee struct {
	Kind GranteeKind
	Name string
	Span Span // the entry as written, ROLE or GROUP included
}

// Grant is one GRANT or REVOKE ASSUMEROLE on one target: an ON list of
// several quoted chains makes one Grant per chain, in order. The Grants of
// one statement share their Grantees and Commands (read-only): copying the
// TO list per chain made chains × grantees entries.
type Grant struct {
	Statement int  // index into Result.Statements
	Revoke    bool // REVOKE ... FROM rather than GRANT ... TO
	Keyword   Span // the GRANT or REVOKE keyword

	// The ON target: exactly one of All, Default, or a chain.
	All     bool
	Default bool
	Chain   string   // the quoted chain's text, decoded, placeholders substituted
	Roles   []string // Chain split at its commas (a chain grant is used whole)
	// Unresolved: the chain holds a placeholder with no value; Chain then
	// holds the placeholder as written.
	Unresolved bool

	Grantees []Grantee
	Commands []redshift.AssumeRoleCommand // as written (ALL stays ALL), without repeats
	Span     Span                         // the ON target as written: the chain with its quotes, default or ALL
}

// isAssumeRoleGrant: the statement's leading words are GRANT or REVOKE ASSUMEROLE.
func (w *leadingWords) isAssumeRoleGrant(src []byte) bool {
	return (w.is(src, 0, "GRANT") || w.is(src, 0, "REVOKE")) && w.is(src, 1, "ASSUMEROLE")
}

// grantError is a malformed GRANT/REVOKE ASSUMEROLE: Redshift refuses the
// statement, so it grants or revokes nothing.
type grantError struct {
	at  Span
	msg string
}

// parseGrant reads a GRANT/REVOKE ASSUMEROLE statement into Result.Grants,
// or reports why Redshift would refuse it.
func (p *clauseParser) parseGrant() {
	counting.add(workTokens, len(p.toks)) // readGrant reads them forward
	p.computeDepth()
	grants, err := p.readGrant()
	if err != nil {
		p.res.Diagnostics = append(p.res.Diagnostics, Diagnostic{
			Kind: DiagSyntax, Span: err.at, Message: err.msg,
			Help:      "GRANT ASSUMEROLE ON { 'role-chain' | default | ALL } TO { user | ROLE r | GROUP g | PUBLIC } FOR { ALL | COPY | UNLOAD | EXTERNAL FUNCTION | CREATE MODEL }",
			Reference: -1,
		})
		return
	}
	p.res.Grants = append(p.res.Grants, grants...)
}

func (p *clauseParser) readGrant() ([]Grant, *grantError) {
	i := 0
	for i < len(p.toks) && p.toks[i].kind == tokPlaceholder { // a template tag opening the statement
		i++
	}
	if i+1 >= len(p.toks) || !p.toks[i+1].is("ASSUMEROLE") { // the leading words and the tokens disagree
		return nil, p.errorAt(i, "cannot read GRANT/REVOKE ASSUMEROLE")
	}
	base := Grant{Statement: p.stmt, Keyword: p.toks[i].span, Revoke: p.toks[i].is("REVOKE")}
	verb := "GRANT"
	if base.Revoke {
		verb = "REVOKE"
	}
	i += 2 // GRANT|REVOKE ASSUMEROLE, checked by the leading-word test
	if !p.tokIs(i, "ON") {
		return nil, p.errorAt(i, verb+" ASSUMEROLE needs ON followed by a quoted role chain, default or ALL")
	}
	i++
	var targets []Grant
	for {
		g, next, err := p.grantTarget(i, verb)
		if err != nil {
			return nil, err
		}
		targets = append(targets, g)
		i = next
		if !p.punctAt(i, ",") {
			break
		}
		i++
	}
	if len(targets) > 1 {
		for _, t := range targets {
			if t.All || t.Default {
				return nil, &grantError{t.Span, fmt.Sprintf("%s ASSUMEROLE ON %s cannot be listed with other targets", verb, strings.ToUpper(p.text(t.Span)))}
			}
		}
	}
	prep := "TO"
	if base.Revoke {
		prep = "FROM"
	}
	if !p.tokIs(i, prep) {
		return nil, p.errorAt(i, fmt.Sprintf("%s ASSUMEROLE needs %s followed by a user, ROLE, GROUP or PUBLIC", verb, prep))
	}
	i++
	for {
		g, next, err := p.grantee(i, verb)
		if err != nil {
			return nil, err
		}
		base.Grantees = append(base.Grantees, g)
		i = next
		if !p.punctAt(i, ",") {
			break
		}
		i++
	}
	if !p.tokIs(i, "FOR") {
		return nil, p.errorAt(i, verb+" ASSUMEROLE needs FOR followed by ALL, COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL")
	}
	i++
	for {
		cmd, next, err := p.grantCommand(i, verb)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(base.Commands, cmd) {
			base.Commands = append(base.Commands, cmd)
		}
		i = next
		if !p.punctAt(i, ",") {
			break
		}
		i++
	}
	if i < len(p.toks) && !p.punctAt(i, ";") {
		return nil, p.errorAt(i, fmt.Sprintf("unexpected %q after the FOR list of %s ASSUMEROLE", p.text(p.toks[i].span), verb))
	}
	out := make([]Grant, len(targets))
	for k, t := range targets {
		g := base
		g.Grantees = slices.Clip(base.Grantees)
		g.Commands = slices.Clip(base.Commands)
		g.All, g.Default, g.Chain, g.Roles, g.Unresolved, g.Span = t.All, t.Default, t.Chain, t.Roles, t.Unresolved, t.Span
		out[k] = g
	}
	return out, nil
}

// grantTarget reads one ON target at token i.
func (p *clauseParser) grantTarget(i int, verb string) (Grant, int, *grantError) {
	if i >= len(p.toks) {
		return Grant{}, i, p.errorAt(i, verb+" ASSUMEROLE ON needs a quoted role chain, default or ALL")
	}
	t := p.toks[i]
	if t.is("ALL") {
		return Grant{All: true, Span: t.span}, i + 1, nil
	}
	if t.kind != tokString && t.kind != tokPlaceholder && !t.is("DEFAULT") {
		return Grant{}, i, p.errorAt(i, verb+" ASSUMEROLE ON needs a quoted role chain, default or ALL")
	}
	v, next := p.value(i)
	g := Grant{Span: v.Span}
	switch v.Form {
	case FormDefault:
		g.Default = true
	case FormQuoted, FormPlaceholder:
		g.Chain, g.Unresolved = v.Text, v.Unresolved()
		g.Roles = strings.Split(v.Text, ",")
	case FormTypographic:
		return Grant{}, i, &grantError{v.Span, "the role chain of " + verb + " ASSUMEROLE is wrapped in typographic quotes; Redshift needs straight quotes"}
	default:
		return Grant{}, i, &grantError{v.Span, "the value of " + verb + " ASSUMEROLE ON is neither a quoted role chain nor default"}
	}
	return g, next, nil
}

// grantee reads one TO/FROM entry at token i.
func (p *clauseParser) grantee(i int, verb string) (Grantee, int, *grantError) {
	const want = " ASSUMEROLE needs a user, ROLE, GROUP or PUBLIC"
	if i >= len(p.toks) {
		return Grantee{}, i, p.errorAt(i, verb+want)
	}
	t := p.toks[i]
	if t.is("PUBLIC") {
		return Grantee{Kind: GranteePublic, Span: t.span}, i + 1, nil
	}
	kind, start := GranteeUser, t.span.Start
	if (t.is("ROLE") || t.is("GROUP")) && p.isName(i+1) {
		kind = GranteeRole
		if t.is("GROUP") {
			kind = GranteeGroup
		}
		i++
	}
	if !p.isName(i) {
		return Grantee{}, i, p.errorAt(i, verb+want)
	}
	return Grantee{Kind: kind, Name: p.name(i), Span: Span{start, p.toks[i].span.End}}, i + 1, nil
}

// grantCommand reads one FOR entry at token i.
func (p *clauseParser) grantCommand(i int, verb string) (redshift.AssumeRoleCommand, int, *grantError) {
	switch {
	case p.tokIs(i, "ALL"), p.tokIs(i, "COPY"), p.tokIs(i, "UNLOAD"):
		return redshift.AssumeRoleCommand(p.toks[i].word), i + 1, nil
	case p.tokIs(i, "EXTERNAL") && p.tokIs(i+1, "FUNCTION"):
		return redshift.AssumeRoleExternalFunction, i + 2, nil
	case p.tokIs(i, "CREATE") && p.tokIs(i+1, "MODEL"):
		return redshift.AssumeRoleCreateModel, i + 2, nil
	}
	return "", i, p.errorAt(i, verb+" ASSUMEROLE FOR takes ALL, COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL")
}

func (p *clauseParser) tokIs(i int, word string) bool { return i < len(p.toks) && p.toks[i].is(word) }

func (p *clauseParser) punctAt(i int, punct string) bool {
	return i < len(p.toks) && p.toks[i].isPunct(punct)
}

func (p *clauseParser) text(s Span) string { return string(p.src[s.Start:s.End]) }

// isName: token i can name a user, group or role (a word, a quoted
// identifier, or a placeholder), and is not the keyword that ends the list.
func (p *clauseParser) isName(i int) bool {
	if i >= len(p.toks) {
		return false
	}
	t := p.toks[i]
	return (t.kind == tokWord && !t.is("FOR")) || t.kind == tokPlaceholder
}

// name is the identifier at token i as Redshift stores it: folded to lower
// case unless quoted; a placeholder is substituted when it has a value.
func (p *clauseParser) name(i int) string {
	t := p.toks[i]
	raw := p.text(t.span)
	if t.kind == tokPlaceholder {
		val, ok, _ := p.subst.resolve(raw, t.span)
		if !ok {
			return raw
		}
		raw = strings.TrimSpace(val)
	}
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		return strings.ReplaceAll(raw[1:len(raw)-1], `""`, `"`)
	}
	return strings.ToLower(raw)
}

// errorAt positions a grant error on token i, or just past the last token.
func (p *clauseParser) errorAt(i int, msg string) *grantError {
	if i < len(p.toks) && !p.punctAt(i, ";") {
		return &grantError{p.toks[i].span, msg}
	}
	end := 0
	if len(p.toks) > 0 {
		end = p.toks[len(p.toks)-1].span.End
		if i < len(p.toks) { // the ';': point at it
			return &grantError{p.toks[i].span, msg}
		}
	}
	return &grantError{Span{end, end}, msg}
}
