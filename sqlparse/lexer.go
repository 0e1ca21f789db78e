package sqlparse

import (
	"bytes"
	"fmt"
)

// segKind classifies the stretches of a file that are not plain SQL code.
type segKind uint8

const (
	segString          segKind = iota + 1 // '...' with '' and backslash escapes
	segDollar                             // $$...$$ or $tag$...$tag$
	segQuotedIdent                        // "..."
	segLineComment                        // -- to end of line
	segBlockComment                       // /* ... */, nested as in PostgreSQL
	segTemplateExpr                       // Jinja {{ ... }} outside strings
	segTemplateStmt                       // Jinja {% ... %}
	segTemplateComment                    // Jinja {# ... #}
	segFlyway                             // Flyway/Liquibase ${...} outside strings
	segPsqlVar                            // psql :name, :'name', :"name"
	segPsqlMeta                           // psql backslash command line
	segTypographic                        // ‘...’ or “...” pasted from a word processor
	segInvisible                          // a run of invisible characters in code (invisible.go)
)

// isPlaceholder reports whether the segment stands for a value supplied at run time.
func (k segKind) isPlaceholder() bool {
	return k == segTemplateExpr || k == segFlyway || k == segPsqlVar
}

// isStringLike reports whether the segment is a literal the scanner must see as one string.
func (k segKind) isStringLike() bool {
	return k == segString || k == segDollar || k == segTypographic
}

// isBlank reports whether the segment is invisible to SQL.
func (k segKind) isBlank() bool {
	return k == segLineComment || k == segBlockComment || k == segTemplateStmt ||
		k == segTemplateComment || k == segPsqlMeta || k == segInvisible
}

// isComment reports whether the segment is a comment, which Redshift (or the
// template engine) never reads.
func (k segKind) isComment() bool {
	return k == segLineComment || k == segBlockComment || k == segTemplateComment
}

type segment struct {
	kind segKind
	span Span
}

// rawStatement is one statement as the lexical layer sees it.
type rawStatement struct {
	span   Span // first code byte to the end of its ';' (or its last code byte at EOF)
	broken bool // an unterminated literal, comment or template swallowed its end
}

// lexed is the result of the lexical layer over one file.
type lexed struct {
	segs       []segment
	statements []rawStatement
	diags      []Diagnostic
}

type lexer struct {
	src  []byte
	from int // where lexing starts: no search looks before it
	out  lexed

	stmtStart   int // first code byte of the statement being read, or -1
	lastCodeEnd int // end of the last code byte seen

	closers map[string]int // last offset of each template closer, computed on first use

	// The run of identifier bytes (letters, digits, _, $, multibyte) of code
	// that ends at runEnd; runIsIdent says it holds an identifier (it has a
	// letter, '_' or a multibyte character, or follows a placeholder), so a
	// '$' right after it continues that identifier ("a$b$") instead of
	// opening a dollar quote ("1$$x$$" is a number and a string).
	runEnd     int
	runIsIdent bool

	// flywayOpenTo: no '}' lies between any '${' before this offset and the
	// end of its line, so such an opener is plain code. Keeps a line full of
	// unclosed '${' linear.
	flywayOpenTo int

	custom delimScan // the project's own placeholder delimiters (delimiters.go)
}

// utf8BOM is the byte order mark some editors put at the start of UTF-8 files.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// lex splits src into segments and statements. It never fails: an
// unterminated construct becomes a Diagnostic and swallows the rest of the file.
func lex(src []byte) *lexed {
	i := 0
	if bytes.HasPrefix(src, utf8BOM) {
		i = len(utf8BOM) // not text: neither code nor part of the first word
	}
	return lexRange(src, Span{i, len(src)})
}

// lexRange lexes span of src as if it were a file of its own (a procedure
// body), keeping file offsets: the lexer sees src up to span.End and
// starts at span.Start.
func lexRange(src []byte, span Span) *lexed {
	return lexRangeDelimited(src, span, Delimiters{})
}

func (l *lexer) run(i int) {
	src := l.src
	counting.add(workLexed, len(src)-i) // the loop moves forward; the scans it calls count themselves
	custom := l.custom.d.custom()       // decided once: this loop runs per byte of code
	for i < len(src) {
		c := src[i]
		if isSpace(c) {
			i++
			continue
		}
		if c >= 0x80 { // every invisible character is outside ASCII
			if end := l.invisible(i); end > i {
				i = end
				continue
			}
		}
		if custom {
			if end := l.delimited(i); end > 0 {
				i = end
				continue
			}
		}
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		var end int
		switch {
		case c == ';':
			l.code(i, i+1)
			l.endStatement(i+1, false)
			i++
			continue
		case c == '-' && next == '-':
			i = l.lineComment(i)
			continue
		case c == '/' && next == '*':
			end = l.blockComment(i)
		case c == '\'':
			end = l.quoted(i, '\'', segString, "quoted string")
		case c == '"':
			end = l.quoted(i, '"', segQuotedIdent, "quoted identifier")
		case c == '$' && next == '{' && !l.custom.d.custom(): // other delimiters: ${ is text to Flyway
			end = l.flyway(i)
		case c == '$' && !(l.runEnd == i && l.runIsIdent):
			end = l.dollar(i)
		case c == '{' && (next == '{' || next == '%' || next == '#'):
			end = l.template(i)
		case c == ':':
			end = l.psqlVar(i)
		case c == '\\':
			// psql: an unquoted backslash starts a meta-command that runs
			// to the end of the line ("\set x 1", "SELECT 1 \gx").
			i = l.psqlMeta(i)
			continue
		case c == 0xE2:
			end = l.typographic(i)
		default:
			end = i + 1
			if !custom { // a custom delimiter may start with any byte
				for end < len(src) && plainCode[src[end]] {
					end++
				}
			}
			l.code(i, end)
		}
		if end < 0 { // unterminated: the diagnostic is recorded, the file is done
			l.endStatement(len(src), true)
			return
		}
		i = end
	}
	l.endStatement(l.lastCodeEnd, false)
}

// plainCode: the bytes that are code whatever follows them, so a run of
// them is marked in one call (the lexer's hot path is words and numbers);
// every byte that may start something else — white space, quotes,
// comments, placeholders, psql, non-ASCII — takes the switch above.
var plainCode = func() (t [256]bool) {
	for c := 0; c < 0x80; c++ {
		t[c] = !isSpace(byte(c)) && !bytes.ContainsRune([]byte(";-/'\"${:\\"), rune(c))
	}
	return t
}()

// code marks [start, end) as SQL text belonging to the current statement.
// Of the identifier runs in it only the last matters (runEnd, runIsIdent:
// is the word before a $ an identifier?), so it is found from the end.
func (l *lexer) code(start, end int) {
	if l.stmtStart < 0 {
		l.stmtStart = start
	}
	l.lastCodeEnd = end
	src := l.src
	m := end
	for m > start && !isIdentByte(src[m-1]) {
		m--
	}
	if m == start { // no identifier byte: the run before stays as it was
		return
	}
	k := m - 1
	for k > start && isIdentByte(src[k-1]) {
		k--
	}
	ident := k == start && l.runEnd == start && l.runIsIdent // the run goes on from before
	for x := k; x < m && !ident; x++ {
		ident = isIdentStart(src[x])
	}
	l.runIsIdent, l.runEnd = ident, m
}

func (l *lexer) endStatement(end int, broken bool) {
	if l.stmtStart >= 0 {
		if end < l.lastCodeEnd {
			end = l.lastCodeEnd
		}
		l.out.statements = append(l.out.statements, rawStatement{span: Span{l.stmtStart, end}, broken: broken})
	}
	l.stmtStart = -1
}

func (l *lexer) add(kind segKind, start, end int) {
	l.out.segs = append(l.out.segs, segment{kind: kind, span: Span{start, end}})
	if !kind.isBlank() {
		if l.stmtStart < 0 {
			l.stmtStart = start
		}
		l.lastCodeEnd = end
	}
	// A placeholder reads as an identifier (the scanner sees it masked as
	// one); after any other segment a new run begins.
	l.runEnd, l.runIsIdent = end, kind.isPlaceholder()
}

func (l *lexer) unterminated(kind segKind, start int, what, help string) int {
	l.out.segs = append(l.out.segs, segment{kind: kind, span: Span{start, len(l.src)}})
	if !kind.isBlank() {
		l.code(start, len(l.src))
		counting.add(workLexed, len(l.src)-start)
	}
	l.out.diags = append(l.out.diags, Diagnostic{
		Kind:    DiagSyntax,
		Span:    Span{start, start + 1},
		Message: "unterminated " + what,
		Help:    help,
	})
	return -1
}

func (l *lexer) lineComment(i int) int {
	end := bytes.IndexByte(l.src[i:], '\n')
	if end < 0 {
		end = len(l.src)
	} else {
		end += i
	}
	counting.add(workLexed, end-i)
	if end > i && l.src[end-1] == '\r' {
		end--
	}
	l.add(segLineComment, i, end)
	return end
}

// blockComment reads a /* */ comment; like PostgreSQL (and pg_query's scanner)
// it nests, so "/* a /* b */ c */" is one comment.
func (l *lexer) blockComment(i int) int {
	depth := 0
	src := l.src
	for j := i; j+1 < len(src); j++ {
		switch {
		case src[j] == '/' && src[j+1] == '*':
			depth++
			j++
		case src[j] == '*' && src[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				counting.add(workLexed, j+1-i)
				l.add(segBlockComment, i, j+1)
				return j + 1
			}
		}
	}
	counting.add(workLexed, len(src)-i)
	return l.unterminated(segBlockComment, i, "block comment", "close it with */ (block comments nest, so every /* needs its own */)")
}

// quoted reads a '...' string or a "..." identifier starting at i.
// Strings follow Redshift, not PostgreSQL: a backslash escapes the next byte,
// and a Jinja {{ }} or {% %} inside is opaque (its quotes do not end the string).
func (l *lexer) quoted(i int, q byte, kind segKind, what string) int {
	src := l.src
	sawBackslashQuote := false
	for j := i + 1; j < len(src); j++ {
		c := src[j]
		switch {
		case c == '\\' && kind == segString:
			if j+1 < len(src) && src[j+1] == '\'' {
				sawBackslashQuote = true
			}
			j++
		case c == q:
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			counting.add(workLexed, j+1-i)
			l.add(kind, i, j+1)
			return j + 1
		case c == '{' && kind == segString && j+1 < len(src) && (src[j+1] == '{' || src[j+1] == '%' || src[j+1] == '#'):
			if end, ok := l.templateEnd(j); ok {
				j = end - 1
			}
		}
	}
	counting.add(workLexed, len(src)-i)
	help := fmt.Sprintf("close it with %c", q)
	if sawBackslashQuote {
		help = `in Redshift a backslash escapes the next character, so \' does not end a string; to end a string with a backslash, double it ('C:\\')`
	}
	return l.unterminated(kind, i, what, help)
}

// dollar reads $tag$...$tag$ at i, or marks a lone '$' as code.
func (l *lexer) dollar(i int) int {
	src := l.src
	j := i + 1
	if j < len(src) && isIdentStart(src[j]) {
		for j < len(src) && isIdentByte(src[j]) && src[j] != '$' {
			j++
		}
	}
	counting.add(workLexed, j-i)
	if j >= len(src) || src[j] != '$' {
		l.code(i, i+1) // a parameter like $1, or stray text: the scanner judges it
		return i + 1
	}
	tag := src[i : j+1]
	body := j + 1
	k := bytes.Index(src[body:], tag)
	if k < 0 {
		counting.add(workLexed, len(src)-body)
		return l.unterminated(segDollar, i, "dollar-quoted string", "close it with "+string(tag))
	}
	end := body + k + len(tag)
	counting.add(workLexed, end-body)
	l.add(segDollar, i, end)
	return end
}

// flyway reads a ${...} placeholder; without a closing brace on its line it
// is plain code.
func (l *lexer) flyway(i int) int {
	if i < l.flywayOpenTo {
		l.code(i, i+1)
		return i + 1
	}
	k := bytes.IndexAny(l.src[i+2:], "}\n")
	if k < 0 {
		counting.add(workLexed, len(l.src)-i)
	} else {
		counting.add(workLexed, k+3)
	}
	if k < 0 || l.src[i+2+k] != '}' {
		l.flywayOpenTo = len(l.src)
		if k >= 0 {
			l.flywayOpenTo = i + 2 + k
		}
		l.code(i, i+1)
		return i + 1
	}
	end := i + 2 + k + 1
	l.add(segFlyway, i, end)
	return end
}

var templateClosers = map[byte]string{'{': "}}", '%': "%}", '#': "#}"}

// templateEnd finds the end of the Jinja tag opening at i ("{{", "{%" or "{#").
func (l *lexer) templateEnd(i int) (int, bool) {
	closer := templateClosers[l.src[i+1]]
	if l.closers == nil {
		l.closers = make(map[string]int, 3)
	}
	last, known := l.closers[closer]
	if !known { // the last closer in the file, found once per kind
		last = bytes.LastIndex(l.src[l.from:], []byte(closer))
		if last >= 0 {
			last += l.from
		}
		l.closers[closer] = last
		counting.add(workLexed, len(l.src)-max(last, l.from))
	}
	if last < i+2 { // no closer after i: keeps repeated openers linear
		return 0, false
	}
	k := bytes.Index(l.src[i+2:], []byte(closer))
	counting.add(workLexed, k+2+len(closer))
	return i + 2 + k + len(closer), true
}

func (l *lexer) template(i int) int {
	kind := map[byte]segKind{'{': segTemplateExpr, '%': segTemplateStmt, '#': segTemplateComment}[l.src[i+1]]
	end, ok := l.templateEnd(i)
	if !ok {
		closer := templateClosers[l.src[i+1]]
		return l.unterminated(kind, i, "template tag "+string(l.src[i:i+2]), "close it with "+closer)
	}
	l.add(kind, i, end)
	return end
}

// psqlVar reads psql's :name, :'name' or :"name" (never inside quotes, never
// the :: cast operator); anything else starting with ':' is code.
func (l *lexer) psqlVar(i int) int {
	src := l.src
	if i+1 >= len(src) || (i > 0 && src[i-1] == ':') {
		l.code(i, i+1)
		return i + 1
	}
	switch n := src[i+1]; {
	case n == ':':
		l.code(i, i+2)
		return i + 2
	case n == '\'' || n == '"':
		j := i + 2
		for j < len(src) && isIdentByte(src[j]) && src[j] != '$' {
			j++
		}
		counting.add(workLexed, j-i)
		if j > i+2 && j < len(src) && src[j] == n {
			l.add(segPsqlVar, i, j+1)
			return j + 1
		}
	case isIdentStart(n):
		j := i + 1
		for j < len(src) && isIdentByte(src[j]) && src[j] != '$' {
			j++
		}
		counting.add(workLexed, j-i)
		l.add(segPsqlVar, i, j)
		return j
	}
	l.code(i, i+1)
	return i + 1
}

// psqlMeta skips a psql backslash command to the end of its line. The
// commands that send the query buffer (\g and friends) end the statement the
// way ';' does.
func (l *lexer) psqlMeta(i int) int {
	end := bytes.IndexByte(l.src[i:], '\n')
	if end < 0 {
		end = len(l.src)
	} else {
		end += i
	}
	counting.add(workLexed, end-i)
	l.add(segPsqlMeta, i, end)
	if sendsQuery(l.src[i+1 : end]) {
		l.endStatement(l.lastCodeEnd, false)
	}
	return end
}

func sendsQuery(cmd []byte) bool {
	name := cmd
	if k := bytes.IndexAny(cmd, " \t\r"); k >= 0 {
		name = cmd[:k]
	}
	switch string(name) {
	case "g", "gx", "gset", "gexec", "gdesc", "watch", "crosstabview", ";":
		return true
	}
	return false
}

// Typographic quotes: ‘ ’ (U+2018/2019) and “ ” (U+201C/201D), three bytes each in UTF-8.
func typographicQuote(b []byte) bool {
	return len(b) >= 3 && b[0] == 0xE2 && b[1] == 0x80 &&
		(b[2] == 0x98 || b[2] == 0x99 || b[2] == 0x9C || b[2] == 0x9D)
}

// invisible reads the run of invisible characters at i (invisible.go) as a
// blank segment, so that neither the statement nor the word they touch
// begins with them; it returns i when there is none.
func (l *lexer) invisible(i int) int {
	end := i
	for end < len(l.src) {
		_, size := invisibleAt(l.src, end)
		if size == 0 {
			break
		}
		end += size
	}
	if end > i {
		counting.add(workLexed, end-i)
		l.add(segInvisible, i, end)
	}
	return end
}

// typographic reads a value wrapped in typographic quotes on one line; an
// unmatched quote is left to the scanner as identifier text.
func (l *lexer) typographic(i int) int {
	src := l.src
	if !typographicQuote(src[i:]) {
		l.code(i, i+1)
		return i + 1
	}
	j := i + 3
	for ; j < len(src) && src[j] != '\n'; j++ {
		if typographicQuote(src[j:]) {
			counting.add(workLexed, j+3-i)
			l.add(segTypographic, i, j+3)
			return j + 3
		}
	}
	counting.add(workLexed, j-i)
	l.code(i, i+3)
	return i + 3
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// isIdentStart follows PostgreSQL: a letter, '_' or any byte of a multibyte character.
func isIdentStart(c byte) bool {
	return c == '_' || (c|0x20) >= 'a' && (c|0x20) <= 'z' || c >= 0x80
}

func isIdentByte(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}
