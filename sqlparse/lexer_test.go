package sqlparse

import (
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// White-box tests of the lexical layer: segments, statement spans and the
// diagnostics for unterminated constructs, all pinned to byte offsets (the
// text each span covers is checked too, so a wrong number is easy to read).

type wantSeg struct {
	kind       segKind
	start, end int
	text       string
}

type wantStmt struct {
	start, end int
	text       string
	broken     bool
}

type wantDiag struct {
	start int
	msg   string
}

var lexCases = []struct {
	name  string
	src   string
	segs  []wantSeg
	stmts []wantStmt
	diags []wantDiag
}{
	{
		name: "doubled quote inside string",
		src:  `SELECT 'it''s';`,
		segs: []wantSeg{
			{segString, 7, 14, `'it''s'`},
		},
		stmts: []wantStmt{
			{0, 15, `SELECT 'it''s';`, false},
		},
	},
	{
		name: "backslash quote does not end string",
		src:  `SELECT 'a\'b;c' FROM t;`,
		segs: []wantSeg{
			{segString, 7, 15, `'a\'b;c'`},
		},
		stmts: []wantStmt{
			{0, 23, `SELECT 'a\'b;c' FROM t;`, false},
		},
	},
	{
		name: "escaped backslash then quote ends string",
		src:  `SELECT 'a\\'; SELECT 'b';`,
		segs: []wantSeg{
			{segString, 7, 12, `'a\\'`},
			{segString, 21, 24, `'b'`},
		},
		stmts: []wantStmt{
			{0, 13, `SELECT 'a\\';`, false},
			{14, 25, `SELECT 'b';`, false},
		},
	},
	{
		name: "E string with escapes",
		src:  `SELECT E'\t\'x', e'y';`,
		segs: []wantSeg{
			{segString, 8, 15, `'\t\'x'`},
			{segString, 18, 21, `'y'`},
		},
		stmts: []wantStmt{
			{0, 22, `SELECT E'\t\'x', e'y';`, false},
		},
	},
	{
		name: "dollar quote",
		src:  `SELECT $$it's; fine$$;`,
		segs: []wantSeg{
			{segDollar, 7, 21, `$$it's; fine$$`},
		},
		stmts: []wantStmt{
			{0, 22, `SELECT $$it's; fine$$;`, false},
		},
	},
	{
		name: "tagged dollar quote holding $$ and ;",
		src:  `CREATE FUNCTION f() AS $body$ SELECT $$x$$; $body$ LANGUAGE sql;`,
		segs: []wantSeg{
			{segDollar, 23, 50, `$body$ SELECT $$x$$; $body$`},
		},
		stmts: []wantStmt{
			{0, 64, `CREATE FUNCTION f() AS $body$ SELECT $$x$$; $body$ LANGUAGE sql;`, false},
		},
	},
	{
		name: "dollar inside identifier is not a quote",
		src:  `SELECT a$b$ FROM t$1;`,
		stmts: []wantStmt{
			{0, 21, `SELECT a$b$ FROM t$1;`, false},
		},
	},
	{
		name: "dollar quote right after a number",
		src:  `SELECT 1$$;$$, t1$$;`,
		segs: []wantSeg{
			{segDollar, 8, 13, `$$;$$`},
		},
		stmts: []wantStmt{
			{0, 20, `SELECT 1$$;$$, t1$$;`, false},
		},
	},
	{
		name: "dollar after a placeholder continues it",
		src:  `SELECT ${v}$$x;`,
		segs: []wantSeg{
			{segFlyway, 7, 11, `${v}`},
		},
		stmts: []wantStmt{
			{0, 15, `SELECT ${v}$$x;`, false},
		},
	},
	{
		name: "nested block comment",
		src:  `/* a /* b; */ c */ SELECT 1;`,
		segs: []wantSeg{
			{segBlockComment, 0, 18, `/* a /* b; */ c */`},
		},
		stmts: []wantStmt{
			{19, 28, `SELECT 1;`, false},
		},
	},
	{
		name: "line comment at EOF without newline",
		src:  `SELECT 1; -- done`,
		segs: []wantSeg{
			{segLineComment, 10, 17, `-- done`},
		},
		stmts: []wantStmt{
			{0, 9, `SELECT 1;`, false},
		},
	},
	{
		name: "semicolons inside strings, comments, dollar quotes, templates",
		src:  "SELECT ';', /* ; */ $$;$$, {{ ';' }} -- ;\n;",
		segs: []wantSeg{
			{segString, 7, 10, `';'`},
			{segBlockComment, 12, 19, `/* ; */`},
			{segDollar, 20, 25, `$$;$$`},
			{segTemplateExpr, 27, 36, `{{ ';' }}`},
			{segLineComment, 37, 41, `-- ;`},
		},
		stmts: []wantStmt{
			{0, 43, "SELECT ';', /* ; */ $$;$$, {{ ';' }} -- ;\n;", false},
		},
	},
	{
		name: "last statement without semicolon or newline",
		src:  "SELECT 1;\nSELECT 2",
		stmts: []wantStmt{
			{0, 9, `SELECT 1;`, false},
			{10, 18, `SELECT 2`, false},
		},
	},
	{
		name: "comment after last statement",
		src:  `SELECT 2 -- c`,
		segs: []wantSeg{
			{segLineComment, 9, 13, `-- c`},
		},
		stmts: []wantStmt{
			{0, 8, `SELECT 2`, false},
		},
	},
	{
		name: "CRLF line endings",
		src:  "SELECT 1;\r\n-- c\r\nSELECT\r\n 2;\r\n",
		segs: []wantSeg{
			{segLineComment, 11, 15, `-- c`},
		},
		stmts: []wantStmt{
			{0, 9, `SELECT 1;`, false},
			{17, 28, "SELECT\r\n 2;", false},
		},
	},
	{
		name: "Jinja expression, statement and comment",
		src:  `{% if prod %}COPY t FROM '{{ var('src') }}' IAM_ROLE {{ env_var('ROLE') }};{% endif %}{# it's; #}`,
		segs: []wantSeg{
			{segTemplateStmt, 0, 13, `{% if prod %}`},
			{segString, 25, 43, `'{{ var('src') }}'`},
			{segTemplateExpr, 53, 74, `{{ env_var('ROLE') }}`},
			{segTemplateStmt, 75, 86, `{% endif %}`},
			{segTemplateComment, 86, 97, `{# it's; #}`},
		},
		stmts: []wantStmt{
			{13, 75, `COPY t FROM '{{ var('src') }}' IAM_ROLE {{ env_var('ROLE') }};`, false},
		},
	},
	{
		name: "Jinja comment inside string is opaque",
		src:  `SELECT 'a{# it's #}b';`,
		segs: []wantSeg{
			{segString, 7, 21, `'a{# it's #}b'`},
		},
		stmts: []wantStmt{
			{0, 22, `SELECT 'a{# it's #}b';`, false},
		},
	},
	{
		name: "Flyway placeholders outside and inside strings",
		src:  `COPY ${schema}.t FROM '${src}' IAM_ROLE ${role};`,
		segs: []wantSeg{
			{segFlyway, 5, 14, `${schema}`},
			{segString, 22, 30, `'${src}'`},
			{segFlyway, 40, 47, `${role}`},
		},
		stmts: []wantStmt{
			{0, 48, `COPY ${schema}.t FROM '${src}' IAM_ROLE ${role};`, false},
		},
	},
	{
		name: "unclosed Flyway placeholder is code",
		src:  `SELECT ${x FROM t;`,
		stmts: []wantStmt{
			{0, 18, `SELECT ${x FROM t;`, false},
		},
	},
	{
		name: "psql variables",
		src:  `COPY t FROM :'src' IAM_ROLE :role; SELECT :"col";`,
		segs: []wantSeg{
			{segPsqlVar, 12, 18, `:'src'`},
			{segPsqlVar, 28, 33, `:role`},
			{segPsqlVar, 42, 48, `:"col"`},
		},
		stmts: []wantStmt{
			{0, 34, `COPY t FROM :'src' IAM_ROLE :role;`, false},
			{35, 49, `SELECT :"col";`, false},
		},
	},
	{
		name: "casts and slices are not psql variables",
		src:  `SELECT a::int, arr[1:2], x:: text;`,
		stmts: []wantStmt{
			{0, 34, `SELECT a::int, arr[1:2], x:: text;`, false},
		},
	},
	{
		name: "psql quoting inside a string is text",
		src:  `SELECT ':role';`,
		segs: []wantSeg{
			{segString, 7, 14, `':role'`},
		},
		stmts: []wantStmt{
			{0, 15, `SELECT ':role';`, false},
		},
	},
	{
		name: "psql meta lines; \\g ends the statement",
		src:  "\\set role 'arn:x'\nCOPY t FROM 's3://b' IAM_ROLE :role\n\\g\nSELECT 1;",
		segs: []wantSeg{
			{segPsqlMeta, 0, 17, `\set role 'arn:x'`},
			{segString, 30, 38, `'s3://b'`},
			{segPsqlVar, 48, 53, `:role`},
			{segPsqlMeta, 54, 56, `\g`},
		},
		stmts: []wantStmt{
			{18, 53, `COPY t FROM 's3://b' IAM_ROLE :role`, false},
			{57, 66, `SELECT 1;`, false},
		},
	},
	{
		name: "meta command after a query on its line",
		src:  "SELECT 1 \\gx\nSELECT 2;",
		segs: []wantSeg{
			{segPsqlMeta, 9, 12, `\gx`},
		},
		stmts: []wantStmt{
			{0, 8, `SELECT 1`, false},
			{13, 22, `SELECT 2;`, false},
		},
	},
	{
		name: "meta command that sends nothing stays inside the statement",
		src:  "SELECT 1\n\\echo hi; there\n;",
		segs: []wantSeg{
			{segPsqlMeta, 9, 24, `\echo hi; there`},
		},
		stmts: []wantStmt{
			{0, 26, "SELECT 1\n\\echo hi; there\n;", false},
		},
	},
	{
		name: "typographic quotes",
		src:  `IAM_ROLE ‘arn:a’ CATALOG_ROLE “arn:b”;`,
		segs: []wantSeg{
			{segTypographic, 9, 20, `‘arn:a’`},
			{segTypographic, 34, 45, `“arn:b”`},
		},
		stmts: []wantStmt{
			{0, 46, `IAM_ROLE ‘arn:a’ CATALOG_ROLE “arn:b”;`, false},
		},
	},
	{
		name: "unmatched typographic quote is code",
		src:  "IAM_ROLE ‘arn-a\n;",
		stmts: []wantStmt{
			{0, 19, "IAM_ROLE ‘arn-a\n;", false},
		},
	},
	{
		name: "UTF-8 byte order mark is not code",
		src:  "\ufeffSELECT 1;",
		stmts: []wantStmt{
			{3, 12, `SELECT 1;`, false},
		},
	},
	{
		name: "unterminated string",
		src:  `SELECT 1; SELECT 'abc`,
		segs: []wantSeg{
			{segString, 17, 21, `'abc`},
		},
		stmts: []wantStmt{
			{0, 9, `SELECT 1;`, false},
			{10, 21, `SELECT 'abc`, true},
		},
		diags: []wantDiag{
			{17, "unterminated quoted string"},
		},
	},
	{
		name: "string left open by backslash quote",
		src:  "SELECT 'C:\\';\nSELECT 2;",
		segs: []wantSeg{
			{segString, 7, 23, "'C:\\';\nSELECT 2;"},
		},
		stmts: []wantStmt{
			{0, 23, "SELECT 'C:\\';\nSELECT 2;", true},
		},
		diags: []wantDiag{
			{7, "unterminated quoted string"},
		},
	},
	{
		name: "unterminated quoted identifier",
		src:  `SELECT "abc`,
		segs: []wantSeg{
			{segQuotedIdent, 7, 11, `"abc`},
		},
		stmts: []wantStmt{
			{0, 11, `SELECT "abc`, true},
		},
		diags: []wantDiag{
			{7, "unterminated quoted identifier"},
		},
	},
	{
		name: "unterminated nested block comment",
		src:  `SELECT 1 /* a /* b */`,
		segs: []wantSeg{
			{segBlockComment, 9, 21, `/* a /* b */`},
		},
		stmts: []wantStmt{
			{0, 21, `SELECT 1 /* a /* b */`, true},
		},
		diags: []wantDiag{
			{9, "unterminated block comment"},
		},
	},
	{
		name: "unterminated dollar quote",
		src:  `SELECT $fn$ body $$`,
		segs: []wantSeg{
			{segDollar, 7, 19, `$fn$ body $$`},
		},
		stmts: []wantStmt{
			{0, 19, `SELECT $fn$ body $$`, true},
		},
		diags: []wantDiag{
			{7, "unterminated dollar-quoted string"},
		},
	},
	{
		name: "unterminated template expression",
		src:  `SELECT {{ x`,
		segs: []wantSeg{
			{segTemplateExpr, 7, 11, `{{ x`},
		},
		stmts: []wantStmt{
			{0, 11, `SELECT {{ x`, true},
		},
		diags: []wantDiag{
			{7, "unterminated template tag {{"},
		},
	},
	{
		name: "unterminated template comment before any statement",
		src:  `{# note`,
		segs: []wantSeg{
			{segTemplateComment, 0, 7, `{# note`},
		},
		diags: []wantDiag{
			{0, "unterminated template tag {#"},
		},
	},
	{
		name: "invisible characters in code are blank, in strings text",
		src:  "SELECT 1;\u200b\u00a0COPY t FROM 'a\u00a0b'\ufeff;",
		segs: []wantSeg{
			{segInvisible, 9, 14, "\u200b\u00a0"},
			{segString, 26, 32, "'a\u00a0b'"},
			{segInvisible, 32, 35, "\ufeff"},
		},
		stmts: []wantStmt{
			{0, 9, "SELECT 1;", false},
			{14, 36, "COPY t FROM 'a\u00a0b'\ufeff;", false},
		},
	},
	{
		name: "an invisible character ends a word and is no statement of its own",
		src:  "a\u2060$$x$$\u3000",
		segs: []wantSeg{
			{segInvisible, 1, 4, "\u2060"},
			{segDollar, 4, 9, "$$x$$"},
			{segInvisible, 9, 12, "\u3000"},
		},
		stmts: []wantStmt{
			{0, 9, "a\u2060$$x$$", false},
		},
	},
}

var segKindNames = map[segKind]string{
	segString: "segString", segDollar: "segDollar", segQuotedIdent: "segQuotedIdent",
	segLineComment: "segLineComment", segBlockComment: "segBlockComment",
	segTemplateExpr: "segTemplateExpr", segTemplateStmt: "segTemplateStmt",
	segTemplateComment: "segTemplateComment", segFlyway: "segFlyway",
	segPsqlVar: "segPsqlVar", segPsqlMeta: "segPsqlMeta", segTypographic: "segTypographic", segInvisible: "segInvisible",
}

func (k segKind) String() string { return segKindNames[k] }

func TestLex(t *testing.T) {
	for _, tc := range lexCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			lx := lex(src)

			var gotSegs []wantSeg
			for _, s := range lx.segs {
				gotSegs = append(gotSegs, wantSeg{s.kind, s.span.Start, s.span.End, string(src[s.span.Start:s.span.End])})
			}
			if !equalSlices(gotSegs, tc.segs) {
				t.Errorf("segments\n got: %v\nwant: %v", gotSegs, tc.segs)
			}

			var gotStmts []wantStmt
			for _, st := range lx.statements {
				gotStmts = append(gotStmts, wantStmt{st.span.Start, st.span.End, string(src[st.span.Start:st.span.End]), st.broken})
			}
			if !equalSlices(gotStmts, tc.stmts) {
				t.Errorf("statements\n got: %+v\nwant: %+v", gotStmts, tc.stmts)
			}

			var gotDiags []wantDiag
			for _, d := range lx.diags {
				if d.Kind != DiagSyntax || d.Span != (Span{d.Span.Start, d.Span.Start + 1}) {
					t.Errorf("diagnostic %+v: want a one-byte syntax diagnostic", d)
				}
				gotDiags = append(gotDiags, wantDiag{d.Span.Start, d.Message})
			}
			if !equalSlices(gotDiags, tc.diags) {
				t.Errorf("diagnostics\n got: %v\nwant: %v", gotDiags, tc.diags)
			}
			for _, want := range tc.stmts {
				if want.broken && len(tc.diags) == 0 {
					t.Errorf("a broken statement needs a diagnostic")
				}
			}
		})
	}
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// PostgreSQL (and so pg_query's scanner) ends a standard string at \' — the
// reason the lexical layer exists. Pin the contrast so that a future scanner
// that learns Redshift's rule is noticed.
func TestBackslashQuoteContrastWithPostgreSQL(t *testing.T) {
	src := `SELECT 'a\'b\'';`
	res, err := pg_query.Scan(src)
	if err != nil {
		t.Fatalf("pg_query.Scan: %v", err)
	}
	var pg []string
	for _, tok := range res.Tokens {
		pg = append(pg, src[tok.Start:tok.End])
	}
	if want := []string{"SELECT", `'a\'`, "b", `\`, "''", ";"}; !equalSlices(pg, want) {
		t.Errorf("PostgreSQL's scanner: tokens %q, want %q", pg, want)
	}
	lx := lex([]byte(src))
	if len(lx.segs) != 1 || lx.segs[0].span != (Span{7, 15}) {
		t.Errorf("Redshift lexer: segments %+v, want one string [7,15) %q", lx.segs, src[7:15])
	}
}

// scanTok is a token as TestScanStatementStrings compares it.
type scanTok struct {
	kind tokKind
	text string
	seg  string // text of the segment tied to the token
}

var scanStringCases = []struct {
	name string
	src  string
	want []scanTok
}{
	{"joined across a newline", "IAM_ROLE 'a,'\n  'b'", []scanTok{
		{tokWord, "IAM_ROLE", ""}, {tokString, "'a,'", "'a,'"}, {tokString, "'b'", "'b'"}}},
	{"joined across a masked comment", "IAM_ROLE 'a' /* c */\n'b'", []scanTok{
		{tokWord, "IAM_ROLE", ""}, {tokString, "'a'", "'a'"}, {tokString, "'b'", "'b'"}}},
	{"dollar then string", "x $$a$$\n'b'", []scanTok{
		{tokWord, "X", ""}, {tokString, "$$a$$", "$$a$$"}, {tokString, "'b'", "'b'"}}},
	{"E prefix", `x E'a\'b'`, []scanTok{
		{tokWord, "X", ""}, {tokString, `E'a\'b'`, `'a\'b'`}}},
	{"E prefix joined", "x E'a'\n'b'", []scanTok{
		{tokWord, "X", ""}, {tokString, "E'a'", "'a'"}, {tokString, "'b'", "'b'"}}},
	{"U& prefix (scanner reports an empty span)", "x U&'a' y", []scanTok{
		{tokWord, "X", ""}, {tokString, "U&'a'", "'a'"}, {tokWord, "Y", ""}}},
	{"placeholder", "x ${a}.b :c", []scanTok{
		{tokWord, "X", ""}, {tokPlaceholder, "${a}", "${a}"}, {tokPunct, ".", ""}, {tokWord, "B", ""}, {tokPlaceholder, ":c", ":c"}}},
	{"placeholder glued to a word is a word", "x a${b}", []scanTok{
		{tokWord, "X", ""}, {tokWord, "A${B}", ""}}},
	{"quoted identifier is a word", `x "iam_role"`, []scanTok{
		{tokWord, "X", ""}, {tokWord, `"IAM_ROLE"`, `"iam_role"`}}},
}

var unterminatedHelpCases = []struct{ src, help string }{
	{"SELECT 'C:\\';", `in Redshift a backslash escapes the next character, so \' does not end a string; to end a string with a backslash, double it ('C:\\')`},
	{"SELECT 'abc", "close it with '"},
	{`SELECT "abc`, `close it with "`},
	{"SELECT /* a /* b */", "close it with */ (block comments nest, so every /* needs its own */)"},
	{"SELECT $fn$ x", "close it with $fn$"},
	{"SELECT {% if x", "close it with %}"},
}

func TestLexUnterminatedHelp(t *testing.T) {
	for _, tc := range unterminatedHelpCases {
		lx := lex([]byte(tc.src))
		if len(lx.diags) != 1 || lx.diags[0].Help != tc.help {
			t.Errorf("%q: diagnostics %+v, want one with help %q", tc.src, lx.diags, tc.help)
		}
	}
}

func TestSendsQuery(t *testing.T) {
	for cmd, want := range map[string]bool{
		"g": true, "gx": true, "g out.txt": true, "gset p_": true, "gexec": true, "watch 5": true, ";": true,
		"set x 1": false, "echo hi": false, "i file.sql": false, "gg": false, "": false,
	} {
		if got := sendsQuery([]byte(cmd)); got != want {
			t.Errorf("sendsQuery(%q) = %v, want %v", cmd, got, want)
		}
	}
}

// masked must keep every offset: same length, and each construct replaced
// by something the PostgreSQL scanner reads as one token of the right kind.
var maskedCases = []struct{ name, src, want string }{
	{"string with backslash quote", `IAM_ROLE 'a\'b' x`, `IAM_ROLE 'xxxx' x`},
	{"E string keeps its prefix", `E'\''`, `E'xx'`},
	{"dollar quote", `$q$it's$q$ x`, `'xxxxxxxx' x`},
	{"comments become blanks", "a /* x */ b -- y\nc", "a         b     \nc"},
	{"Jinja statement and comment become blanks", "{% if %}a{# c #}", "        a       "},
	{"placeholders become identifiers", "${x} :y {{ v }} :'z'", "_ppp _p _pppppp _ppp"},
	{"typographic quotes become a string", "‘ab’", "'xxxxxx'"},
	{"psql meta line becomes blank", "a\n\\set x\nb", "a\n      \nb"},
	{"number glued to a word is unglued", "MAXFILESIZE 100MB ROWGROUPSIZE 1.5GB", "MAXFILESIZE    MB ROWGROUPSIZE    GB"},
	{"placeholder after a digit", "1${x} 2:y", " _ppp  _p"},
	{"glued parameter", "$1abc $2", "$ abc $2"},
	{"digits inside identifiers stay", "t1abc a.1b x_2y", "t1abc a. b x_2y"},
	{"quoted identifier keeps its digits", `"1abc" 1`, `"1abc" 1`},
	{"plain numbers stay", "1 2.5 3e 0x1F", "1 2.5  e  x1F"},
	{"invisible characters become blanks, byte for byte", "a\u00a0b\u200bc", "a  b   c"},
}

func TestMasked(t *testing.T) {
	for _, tc := range maskedCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			lx := lex(src)
			span := Span{0, len(src)}
			got := masked(src, span, lx.segs)
			if len(got) != len(src) {
				t.Fatalf("masked length %d, want %d", len(got), len(src))
			}
			if string(got) != tc.want {
				t.Errorf("masked(%q)\n got %q\nwant %q", tc.src, got, tc.want)
			}
			if _, err := pg_query.Scan(string(got)); err != nil {
				t.Errorf("scanner rejects the masked text: %v", err)
			}
		})
	}
}

// Scanner tokens must be tied to the lexer's segments: joined literals split
// into one token each, prefixed literals carry their segment.
func TestScanStatementStrings(t *testing.T) {
	for _, tc := range scanStringCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			lx := lex(src)
			toks, diag := scanStatement(src, Span{0, len(src)}, lx.segs)
			if diag != nil {
				t.Fatalf("scan error %+v", diag)
			}
			var got []scanTok
			for _, k := range toks {
				g := scanTok{kind: k.kind, text: string(src[k.span.Start:k.span.End])}
				if k.kind == tokWord {
					g.text = k.word
				}
				if k.seg != nil {
					g.seg = string(src[k.seg.span.Start:k.seg.span.End])
				}
				got = append(got, g)
			}
			if !equalSlices(got, tc.want) {
				t.Errorf("tokens\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// The scanner's error position counts characters; the diagnostic must land
// on the right byte even after multibyte text.
func TestScanErrorPosition(t *testing.T) {
	src := []byte(`COPY "tæble" FROM 's3://b' IAM_ROLE default ""`) // "" is a zero-length identifier
	lx := lex(src)
	_, d := scanStatement(src, Span{0, len(src)}, lx.segs)
	if d == nil {
		t.Fatal("want a scan error")
	}
	at := strings.LastIndex(string(src), `""`)
	if d.Span != (Span{at, at + 1}) {
		t.Errorf("diagnostic at %v (%q), want [%d,%d)", d.Span, src[d.Span.Start:], at, at+1)
	}
	if !strings.Contains(d.Message, "zero-length delimited identifier") {
		t.Errorf("message %q", d.Message)
	}
}

func TestByteOffset(t *testing.T) {
	for _, tc := range []struct {
		text string
		n    int
		want int
	}{
		{"abc", 0, 0}, {"abc", 2, 2}, {"æbc", 1, 2}, {"‘x’y", 3, 7}, {"ab", 9, 1}, {"", 0, 0},
	} {
		if got := byteOffset(tc.text, tc.n); got != tc.want {
			t.Errorf("byteOffset(%q, %d) = %d, want %d", tc.text, tc.n, got, tc.want)
		}
	}
}
