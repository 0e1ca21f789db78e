package sqlparse_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// workBudget is the most work (counted, see work.go) that parsing or
// lexing src may take: a constant per byte, far above what any input needs
// (under 8 per byte for the seeds), so exceeding it means something rescans
// the input and is worse than linear.
func workBudget(src []byte) int { return 64*len(src) + 1024 }

func checkWorkBudget(t *testing.T, what string, src []byte, w sqlparse.WorkForTest) {
	t.Helper()
	if total := totalWork(w); total > workBudget(src) {
		t.Fatalf("%s %d bytes took %d units of work (budget %d): %s", what, len(src), total, workBudget(src), formatWork(w))
	}
}

// fuzzVars gives the placeholders of the seed corpus values of every shape:
// an ARN, a quoted ARN, default, an empty value, quotes and backslashes.
var fuzzVars = sqlparse.Vars{
	"role": "arn:aws:iam::123456789012:role/R", "acct": "123456789012", "account": "123456789012",
	"copy_role": "'arn:aws:iam::123456789012:role/R'", "COPY_ROLE": "default", "loader_role": "",
	"src": "s3://b/p", "r": `'a\'b''c'`, "k": "'", "s": `\`, "x": "{{ y }}", "a": "${a}", "b": ":b",
}

// fuzzSeeds is every input of the package's tests.
func fuzzSeeds() []string {
	seeds := sqlparse.WhiteBoxTestInputs()
	for _, c := range parseCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range notReferenceCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range realClauseCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range encodingCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range sourceSpanCases {
		seeds = append(seeds, "COPY t FROM 's3://b/p' "+c.src)
	}
	for _, c := range secretCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range roleTextCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range grantCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range invisibleCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range straySecretCases {
		seeds = append(seeds, c.src)
	}
	for _, c := range routineCases {
		seeds = append(seeds, c.src)
	}
	seeds = append(seeds, splitSrc, positionsSrc, opaqueSrc, scanErrorSrc, gluedNumberSrc, brokenSrc,
		"\ufeffCOPY t FROM 's3://b/p' IAM_ROLE default;",
		// U&'...' literals, which the scanner reports with an empty span,
		// joined to the next literal: each literal keeps its own token.
		"U&$$$$$$$$", "SELECT U&'a'\n'b';", "SELECT U&$$x$$$$y$$ x;",
		strings.Repeat("/*", 50), strings.Repeat("/*", 50)+strings.Repeat("*/", 50),
		migrationFile(0, 3), migrationFile(1, 0))
	return seeds
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, src []byte, withVars bool) {
		var vars sqlparse.Vars
		if withVars {
			vars = fuzzVars
		}
		var res *sqlparse.Result
		work := sqlparse.CountWorkForTest(func() {
			res = sqlparse.Parse(sqlparse.NewFile("fuzz.sql", src), sqlparse.Options{Vars: vars})
		})
		checkWorkBudget(t, "parsing", src, work)
		checkResult(t, src, res)

		if msg := sqlparse.ScanAgreementForTest(src); msg != "" {
			t.Fatalf("lexer and scanner disagree: %s", msg)
		}

		spans, texts := sqlparse.MaskStatementsForTest(src)
		for i, m := range texts {
			if len(m) != spans[i].Len() {
				t.Fatalf("masked statement %v: %d bytes, want %d", spans[i], len(m), spans[i].Len())
			}
		}
	})
}

// checkResult asserts the invariants every Result must hold.
func checkResult(t *testing.T, src []byte, res *sqlparse.Result) {
	t.Helper()
	n := len(src)
	inFile := func(what string, s sqlparse.Span) {
		t.Helper()
		if s.Start < 0 || s.Start > s.End || s.End > n {
			t.Fatalf("%s span %v outside the file (%d bytes) or reversed", what, s, n)
		}
	}
	within := func(what string, inner, outer sqlparse.Span) {
		t.Helper()
		if inner.Start < outer.Start || inner.End > outer.End {
			t.Fatalf("%s span %v not within %v", what, inner, outer)
		}
	}

	// Statements of a routine body lie in the body, after the statement
	// that holds it; top-level ones and those of one body do not overlap.
	prevEnd, prevBodyEnd := 0, 0
	for _, st := range res.Statements {
		inFile("statement", st.Span)
		prev := &prevEnd
		if st.Body.Len() > 0 {
			within("body statement", st.Span, st.Body)
			if st.Body.Start >= prevBodyEnd {
				prevBodyEnd = st.Body.Start
			}
			prev = &prevBodyEnd
		}
		if st.Span.Start < *prev || st.Span.Len() == 0 {
			t.Fatalf("statement %v overlaps the previous one (ends %d) or is empty", st.Span, *prev)
		}
		*prev = st.Span.End
		inFile("statement keyword", st.Keyword)
		within("statement keyword", st.Keyword, st.Span)
	}

	prevRef := sqlparse.Reference{}
	for i, r := range res.References {
		if r.Statement < 0 || r.Statement >= len(res.Statements) {
			t.Fatalf("reference %d: statement index %d", i, r.Statement)
		}
		st := res.Statements[r.Statement]
		if !st.Kind.Valid() {
			t.Fatalf("reference %d in a statement with no kind", i)
		}
		inFile("keyword", r.Keyword)
		within("keyword", r.Keyword, st.Span)
		inFile("value", r.Value.Span)
		within("value", r.Value.Span, st.Span)
		if i > 0 && (r.Statement < prevRef.Statement || r.Keyword.Start < prevRef.Keyword.Start) {
			t.Fatalf("references out of file order: %+v after %+v", r, prevRef)
		}
		prevRef = r
		if r.Clause == redshift.ClauseNone && (r.Keyword != st.Keyword || !st.NeedsAuthorization) {
			t.Fatalf("NONE reference %+v is not on the keyword of a statement that needs authorization", r)
		}
		checkValue(t, src, r)
	}

	for _, d := range res.Diagnostics {
		inFile("diagnostic", d.Span)
		if d.Reference < -1 || d.Reference >= len(res.References) {
			t.Fatalf("diagnostic %+v: reference index out of range", d)
		}
		if d.Message == "" || (d.Kind != sqlparse.DiagSyntax && d.Kind != sqlparse.DiagEncoding) {
			t.Fatalf("diagnostic %+v: no message or kind", d)
		}
	}
	for _, d := range res.DynamicSQL {
		if d.Statement < 0 || d.Statement >= len(res.Statements) {
			t.Fatalf("dynamic SQL %+v: statement index out of range", d)
		}
		within("dynamic SQL keyword", d.Keyword, res.Statements[d.Statement].Body)
	}
	checkGrants(t, res, inFile, within)
	checkSecrets(t, src, res, inFile)
}

// checkSecrets: Secrets are sorted and disjoint; each holds (or, merged,
// overlaps) a reference's value, what follows a key clause without one, or
// key material the secret finder found, and every stray secret is one; and
// every piece of key material the finder finds in the file lies inside a
// secret span, so no report prints it.
func checkSecrets(t *testing.T, src []byte, res *sqlparse.Result, inFile func(string, sqlparse.Span)) {
	t.Helper()
	found := sqlparse.ScanSecretsForTest(src)
	for i, s := range res.Secrets {
		inFile("secret", s)
		if i > 0 && s.Start < res.Secrets[i-1].End {
			t.Fatalf("secrets %v and %v overlap or are out of order", res.Secrets[i-1], s)
		}
		ok := false
		for _, r := range res.References {
			ok = ok || (s.Start <= r.Value.Span.End && s.End >= r.Value.Span.Start) || maskedAfterKeyword(res, r, s)
		}
		for _, m := range found {
			ok = ok || m.Start < s.End && m.End > s.Start
		}
		if !ok {
			t.Fatalf("secret %v is inside no reference's value, after no key clause without one, and no key material found", s)
		}
	}
	for _, st := range res.StraySecrets {
		if _, ok := sqlparse.SecretKey(st.Key); !ok || st.Span.Len() == 0 || !coveredBy(st.Span, res.Secrets) {
			t.Fatalf("stray secret %+v: no key, empty, or not a secret span", st)
		}
	}
	for _, m := range found {
		if !coveredBy(m, res.Secrets) {
			t.Fatalf("key material %v %q is in no secret span %v", m, src[m.Start:m.End], res.Secrets)
		}
	}
}

// coveredBy reports whether every byte of s lies inside a span of spans.
func coveredBy(s sqlparse.Span, spans []sqlparse.Span) bool {
	for p := s.Start; p < s.End; p++ {
		if !insideAny(p, spans) {
			return false
		}
	}
	return true
}

// checkGrants: grants sit in GRANT/REVOKE statements that hold no
// reference, name exactly one target, and list grantees and commands.
func checkGrants(t *testing.T, res *sqlparse.Result, inFile func(string, sqlparse.Span), within func(string, sqlparse.Span, sqlparse.Span)) {
	t.Helper()
	prev := -1
	for i, g := range res.Grants {
		if g.Statement < prev || g.Statement >= len(res.Statements) {
			t.Fatalf("grant %d: statement index %d out of order or range", i, g.Statement)
		}
		prev = g.Statement
		st := res.Statements[g.Statement]
		if st.Kind.Valid() {
			t.Fatalf("grant %d in a %s statement", i, st.Kind)
		}
		for _, r := range res.References {
			if r.Statement == g.Statement {
				t.Fatalf("GRANT/REVOKE ASSUMEROLE statement %d holds a reference %+v", g.Statement, r)
			}
		}
		for what, s := range map[string]sqlparse.Span{"grant keyword": g.Keyword, "grant target": g.Span} {
			inFile(what, s)
			within(what, s, st.Span)
		}
		targets := 0
		for _, b := range []bool{g.All, g.Default, !g.All && !g.Default && len(g.Roles) > 0} {
			if b {
				targets++
			}
		}
		if targets != 1 || len(g.Grantees) == 0 || len(g.Commands) == 0 {
			t.Fatalf("grant %d: %+v needs one target, grantees and commands", i, g)
		}
		for _, ge := range g.Grantees {
			inFile("grantee", ge.Span)
			within("grantee", ge.Span, st.Span)
		}
	}
}

// checkValue: Value.Text and its source map agree with the file.
func checkValue(t *testing.T, src []byte, r sqlparse.Reference) {
	t.Helper()
	v := r.Value
	if v.Form == sqlparse.FormMissing && (v.Text != "" || v.Span.Len() != 0) {
		t.Fatalf("missing value with text %q or span %v", v.Text, v.Span)
	}
	for i := 0; i < len(v.Text); i++ {
		s := v.SourceSpan(i, i+1)
		if s.Start < v.Span.Start || s.End > v.Span.End || s.Start >= s.End {
			t.Fatalf("%s value %q: byte %d maps to %v, outside the value %v", r.Clause, v.Text, i, s, v.Span)
		}
		if s.Len() == 1 { // a byte copied as it is
			got, want := src[s.Start], v.Text[i]
			if v.Form == sqlparse.FormDefault {
				got, want = got|0x20, want|0x20
			}
			if got != want {
				t.Fatalf("%s value %q: byte %d is %q but comes from %q at %d", r.Clause, v.Text, i, v.Text[i], src[s.Start], s.Start)
			}
		}
	}
	all := v.SourceSpan(0, len(v.Text))
	if all.Start < v.Span.Start || all.End > v.Span.End || all.Start > all.End {
		t.Fatalf("%s value %q: SourceSpan of all is %v, outside %v", r.Clause, v.Text, all, v.Span)
	}
	for _, p := range v.Placeholders {
		if p.Span.Start < v.Span.Start || p.Span.End > v.Span.End || string(src[p.Span.Start:p.Span.End]) != p.Raw {
			t.Fatalf("placeholder %+v does not sit in the value %v", p, v.Span)
		}
		if p.Text[0] < 0 || p.Text[0] > p.Text[1] || p.Text[1] > len(v.Text) {
			t.Fatalf("placeholder %+v: text range outside %q", p, v.Text)
		}
	}
	if a, b, ok := r.RoleText(); ok && (a < 0 || a > b || b > len(v.Text)) {
		t.Fatalf("RoleText [%d,%d) outside %q", a, b, v.Text)
	}
}

func FuzzLex(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var lx sqlparse.LexedForTest
		work := sqlparse.CountWorkForTest(func() { lx = sqlparse.LexForTest(src) })
		checkWorkBudget(t, "lexing", src, work)
		n := len(src)
		prev := 0
		for i, s := range lx.Segs {
			if s.Start < prev || s.End <= s.Start || s.End > n {
				t.Fatalf("segment %d %v: out of order, overlapping, empty or outside the file", i, s)
			}
			prev = s.End
			text := src[s.Start:s.End]
			if !bytes.HasPrefix(text, []byte(lx.SegOpener[i])) {
				t.Fatalf("%s %q does not start with %q", lx.SegKinds[i], text, lx.SegOpener[i])
			}
			terminated := len(lx.Diags) == 0 || s.Start != lx.Diags[0].Span.Start
			if c := lx.SegCloser[i]; terminated && c != "" && (len(text) < len(lx.SegOpener[i])+len(c) || !bytes.HasSuffix(text, []byte(c))) {
				t.Fatalf("%s %q does not end with %q", lx.SegKinds[i], text, c)
			}
		}
		prev = 0
		for i, st := range lx.Stmts {
			if st.Start < prev || st.End <= st.Start || st.End > n {
				t.Fatalf("statement %d %v: out of order, overlapping, empty or outside the file", i, st)
			}
			prev = st.End
			if lx.Broken[i] && i != len(lx.Stmts)-1 {
				t.Fatalf("broken statement %d is not the last", i)
			}
			// A ';' outside every segment ends its statement.
			for p := st.Start; p < st.End-1; p++ {
				if src[p] == ';' && !insideAny(p, lx.Segs) {
					t.Fatalf("statement %v holds a bare ';' at %d", st, p)
				}
			}
		}
		if len(lx.Diags) > 1 {
			t.Fatalf("%d diagnostics: an unterminated construct ends the file", len(lx.Diags))
		}
		for _, d := range lx.Diags {
			if d.Span.Start < 0 || d.Span.End > n || d.Span.Len() != 1 {
				t.Fatalf("diagnostic %+v outside the file", d)
			}
			if len(lx.Stmts) > 0 && lx.Stmts[len(lx.Stmts)-1].Start > d.Span.Start && !lx.Broken[len(lx.Stmts)-1] {
				t.Fatalf("a statement starts after the unterminated construct at %d", d.Span.Start)
			}
		}
	})
}

func insideAny(p int, segs []sqlparse.Span) bool {
	for _, s := range segs {
		if s.Contains(p) {
			return true
		}
	}
	return false
}

// maskedAfterKeyword: a key clause without a usable value masks what stands
// where its value should be (an unquoted key, or a quote cut off by the end
// of the file), inside its statement.
func maskedAfterKeyword(res *sqlparse.Result, r sqlparse.Reference, s sqlparse.Span) bool {
	st := res.Statements[r.Statement].Span
	return r.Value.Form == sqlparse.FormMissing && (r.Clause.IsKey() || r.Clause == redshift.Credentials) &&
		s.Start >= r.Keyword.End && s.End <= st.End
}

// plantedSecrets are key material of every kind, as AWS's examples write it.
var plantedSecrets = []string{
	"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN", "EXAMPLEMASTERKEYtkbjk/OpCwtYSx/M4/t7DMCDIK722",
}

// secretForms are the ways a secret is written: %k is a key name, %s a
// separator, %q an opening quote, %Q a closing one, %v the secret.
var secretForms = []string{
	"COPY t FROM 's3://b/p' %k%s%q%v%Q%sDELIMITER '|';",
	"COPY t FROM 's3://b/p'%s%k%s%q%v%Q;",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A,%k=%v';",
	"COPY t FROM 's3://b/p' CREDENTIALS '%k=%v;aws_iam_role=x';",
	"SELECT 1; -- %k%s%q%v%Q",
	"/* %k=%v */ COPY t FROM 's3://b/p' IAM_ROLE default;",
	"COPY t FROM 's3://b/p' IAM_ROLE default DELIMITER '|%s%k%s%q%v%Q",
	"UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE default ENCRYPTED%s%k%s%q%v%Q;",
}

var (
	secretKeyNames = []string{"access_key_id", "secret_access_key", "session_token", "master_symmetric_key", "aws_access_key_id", "aws_secret_access_key", "token"}
	secretSeps     = []string{" ", "\u00a0", "\u200b", "\n", "\t", "\u3000", "\ufeff", "  "}
	secretQuotes   = [][2]string{{"'", "'"}, {`"`, `"`}, {"", ""}, {"‘", "’"}, {"E'", "'"}}
	secretKeyForm  = func(name string, caseMask uint16) string {
		b := []byte(name)
		for i := range b {
			if caseMask&(1<<(i%16)) != 0 && b[i] >= 'a' && b[i] <= 'z' {
				b[i] -= 'a' - 'A'
			}
		}
		return string(b)
	}
)

// FuzzSecretForms plants key material in every form it can be written (any
// key case, any separator including invisible ones, any quotes, in a
// comment, after a comma typo, in a string that never ends, after
// arbitrary text) and requires every byte of it to lie inside a recorded
// secret span: reports mask exactly those.
func FuzzSecretForms(f *testing.F) {
	for i := range secretForms {
		f.Add(uint8(i), uint8(i), uint8(i), uint8(i), uint8(i), uint16(0xFFFF), "")
		f.Add(uint8(i), uint8(i+1), uint8(i+2), uint8(i+3), uint8(i), uint16(0x5555), "SELECT 'x")
	}
	f.Fuzz(func(t *testing.T, form, key, sep, quote, secret uint8, caseMask uint16, prefix string) {
		q := secretQuotes[int(quote)%len(secretQuotes)]
		v := plantedSecrets[int(secret)%len(plantedSecrets)]
		sql := strings.NewReplacer(
			"%k", secretKeyForm(secretKeyNames[int(key)%len(secretKeyNames)], caseMask),
			"%s", secretSeps[int(sep)%len(secretSeps)], "%q", q[0], "%Q", q[1], "%v", v,
		).Replace(secretForms[int(form)%len(secretForms)])
		src := []byte(prefix + "\n" + sql)
		res := sqlparse.Parse(sqlparse.NewFile("fuzz.sql", src), sqlparse.Options{})
		if len(res.Diagnostics) > 0 && res.Diagnostics[0].Kind == sqlparse.DiagEncoding {
			return // the prefix is not UTF-8: nothing is read
		}
		for off := bytes.Index(src, []byte(v)); off >= 0; {
			if s := (sqlparse.Span{Start: off, End: off + len(v)}); !coveredBy(s, res.Secrets) {
				t.Fatalf("planted secret at %v is not inside the secret spans %v:\n%s", s, res.Secrets, src)
			}
			next := bytes.Index(src[off+1:], []byte(v))
			if next < 0 {
				break
			}
			off += 1 + next
		}
	})
}
