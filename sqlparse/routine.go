package sqlparse

import (
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// Procedure and function bodies. The Database Developer Guide's CREATE
// PROCEDURE page (r_CREATE_PROCEDURE) says of AS $$ procedure_body $$: "The
// literal keywords AS $$ and $$ are required." and "Amazon Redshift requires
// you to enclose the statement in your procedure by using a format called
// dollar quoting. Anything within the enclosure is passed exactly as is.",
// and of procedure_body: "Most SQL commands can be used in the procedure
// body, including data modification language (DML) such as COPY, UNLOAD and
// INSERT, and data definition language (DDL) such as CREATE TABLE." So the
// dollar-quoted body of CREATE [OR REPLACE] PROCEDURE|FUNCTION is lexed
// again as SQL (a body in single quotes, which PostgreSQL accepts, is not
// Redshift's and stays a string), split at ';', and every statement in it is
// read like one at the top level, its offsets file offsets. PL/pgSQL's own
// words before a statement (BEGIN, IF ... THEN, LOOP, <<label>>) are not
// part of it. Bodies inside bodies are not read again, which keeps parsing
// linear: every byte is lexed at most twice.

// DynamicSQL is a statement in a routine body that runs SQL built at run
// time (EXECUTE 'COPY ... ' || x, EXECUTE format(...)): what it runs cannot
// be read, so its credential clauses are not checked.
type DynamicSQL struct {
	Statement int  // index into Result.Statements
	Keyword   Span // its EXECUTE
	// Credentials: a string literal of the statement, or of the body before
	// it, names a credential statement or clause (COPY, UNLOAD, IAM_ROLE,
	// CREDENTIALS, ...), so the SQL it runs may hold one: the text is
	// often built in a variable first (l_copy := 'COPY ' || t ...;
	// EXECUTE l_copy).
	Credentials bool
}

// isRoutine: CREATE [OR REPLACE] PROCEDURE|FUNCTION (not EXTERNAL FUNCTION,
// which has no body and is a credential statement of its own).
func (w *leadingWords) isRoutine(src []byte) bool {
	k := w.created(src)
	return w.is(src, 0, "CREATE") && (w.is(src, k, "PROCEDURE") || w.is(src, k, "FUNCTION"))
}

// plpgsqlBlockWords open or continue a PL/pgSQL block: a SQL statement may
// follow them directly.
var plpgsqlBlockWords = map[string]bool{"DECLARE": true, "BEGIN": true, "EXCEPTION": true, "ELSE": true, "LOOP": true, "THEN": true}

// plpgsqlConditionWords open a condition that runs up to THEN or LOOP.
var plpgsqlConditionWords = map[string]bool{"IF": true, "ELSIF": true, "ELSEIF": true, "WHEN": true, "WHILE": true, "FOR": true, "FOREACH": true, "CASE": true}

// isLabelPunct: '<' or '>' of a <<label>>.
func isLabelPunct(src []byte, it codeItem) bool {
	return !it.word && it.seg == nil && (src[it.span.Start] == '<' || src[it.span.Start] == '>')
}

// codeItem is a word, a non-blank segment or a punctuation byte of code.
type codeItem struct {
	span Span
	word bool
	seg  *segment // a non-blank segment, else nil
}

// eachCode calls fn for every item of code in span, in order, until it
// returns false; comments and other blank segments are skipped.
func eachCode(src []byte, span Span, segs []segment, fn func(codeItem) bool) {
	i, si := span.Start, 0
	defer func() { counting.add(workLexed, i-span.Start); counting.add(workSegments, si) }()
	for i < span.End {
		for si < len(segs) && segs[si].span.End <= i {
			si++
		}
		var it codeItem
		switch {
		case si < len(segs) && segs[si].span.Start <= i && segs[si].kind.isBlank():
			i = segs[si].span.End
			continue
		case si < len(segs) && segs[si].span.Start <= i:
			it = codeItem{span: Span{i, min(segs[si].span.End, span.End)}, seg: &segs[si]}
		case isSpace(src[i]):
			i++
			continue
		case isIdentStart(src[i]):
			end := i
			for end < span.End && isIdentByte(src[end]) {
				end++
			}
			it = codeItem{span: Span{i, end}, word: true}
		default:
			it = codeItem{span: Span{i, i + 1}}
		}
		i = it.span.End
		if !fn(it) {
			return
		}
	}
}

// routineBody finds the content of a routine's dollar-quoted body: the
// first dollar-quoted string right after the word AS, in a routine whose
// LANGUAGE, when given, is plpgsql or sql (a Python body is no SQL).
func routineBody(src []byte, st rawStatement, segs []segment, lead *leadingWords) (Span, bool) {
	if st.broken || !lead.isRoutine(src) {
		return Span{}, false
	}
	var body Span
	found, sqlLanguage := false, true
	var prev codeItem
	eachCode(src, st.span, segs, func(it codeItem) bool {
		switch {
		case !found && it.seg != nil && it.seg.kind == segDollar && prev.word && wordIs(src, prev.span, "AS"):
			lo, hi := contentBounds(src, *it.seg)
			body, found = Span{lo, hi}, true
		case prev.word && wordIs(src, prev.span, "LANGUAGE"):
			lang := it.span
			if it.seg != nil && it.seg.kind.isStringLike() {
				lang = Span{it.span.Start + 1, max(it.span.End-1, it.span.Start+1)}
			}
			sqlLanguage = wordIs(src, lang, "PLPGSQL") || wordIs(src, lang, "SQL")
		}
		prev = it
		return true
	})
	return body, found && sqlLanguage
}

func wordIs(src []byte, s Span, kw string) bool {
	return strings.EqualFold(string(src[s.Start:s.End]), kw)
}

// body reads the statements of a routine body.
func (ps *fileParser) body(body Span) {
	lx := lexRangeDelimited(ps.src, body, ps.subst.delims)
	for _, d := range lx.diags {
		d.Reference = -1
		ps.res.Diagnostics = append(ps.res.Diagnostics, d)
	}
	ps.bodyComments = append(ps.bodyComments, comments(ps.src, lx.segs)...)
	inv := invisibleRuns{src: ps.src, segs: lx.segs}
	named := false // a literal so far names a credential statement or clause
	for _, st := range lx.statements {
		segs := segmentsIn(lx.segs, st.span)
		keyword := executeKeyword(ps.src, st.span, segs)
		named = named || literalsNameCredentials(ps.src, segs)
		st.span.Start = plpgsqlStart(ps.src, st.span, segs)
		if st.span.Len() == 0 {
			continue // only PL/pgSQL words, such as a lone BEGIN
		}
		ps.statement(lx, st, &inv, body)
		if keyword.Len() > 0 {
			ps.res.DynamicSQL = append(ps.res.DynamicSQL, DynamicSQL{Statement: len(ps.res.Statements) - 1, Keyword: keyword, Credentials: named})
		}
	}
}

// mergeComments merges the comments of the bodies into the file's, in
// order (once per file: merging per body grew with bodies × comments).
func mergeComments(file, body []Comment) []Comment {
	if len(body) == 0 {
		return file
	}
	out := append(file, body...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Span.Start < out[b].Span.Start })
	return out
}

// plpgsqlStart skips the PL/pgSQL words that open a body statement: the
// block words (DECLARE, BEGIN, EXCEPTION, ELSE, LOOP, THEN), a <<label>>,
// and a condition up to its THEN or LOOP (IF, ELSIF, WHEN, WHILE, FOR,
// CASE). It returns where the SQL statement begins, span.End when none does.
func plpgsqlStart(src []byte, span Span, segs []segment) int {
	start, untilThen := span.End, false
	eachCode(src, span, segs, func(it codeItem) bool {
		w := ""
		if it.word {
			w = strings.ToUpper(string(src[it.span.Start:it.span.End]))
		}
		switch {
		case untilThen:
			untilThen = w != "THEN" && w != "LOOP"
			return true
		case plpgsqlBlockWords[w]:
		case plpgsqlConditionWords[w]:
			untilThen = true
		case isLabelPunct(src, it):
		case it.word && it.span.Start > 0 && src[it.span.Start-1] == '<': // the name of a <<label>>
		default:
			start = it.span.Start
			return false
		}
		return true
	})
	return start
}

// executeKeyword finds the EXECUTE of a body statement that runs a string
// (EXECUTE ..., OPEN c FOR EXECUTE, FOR r IN EXECUTE, RETURN QUERY
// EXECUTE; not GRANT EXECUTE); empty when it runs none.
func executeKeyword(src []byte, span Span, segs []segment) (keyword Span) {
	prev, first := "", true
	eachCode(src, span, segs, func(it codeItem) bool {
		if !it.word {
			first = first && isLabelPunct(src, it)
			prev = ""
			return true
		}
		w := strings.ToUpper(string(src[it.span.Start:it.span.End]))
		if w == "EXECUTE" && (first || plpgsqlBlockWords[prev] || prev == "FOR" || prev == "IN" || prev == "QUERY") {
			keyword = it.span
			return false
		}
		first = first && plpgsqlBlockWords[w]
		prev = w
		return true
	})
	return keyword
}

// literalsNameCredentials: a string literal among segs names a credential
// statement or clause.
func literalsNameCredentials(src []byte, segs []segment) bool {
	for _, s := range segs {
		if s.kind.isStringLike() && namesCredentials(src[s.span.Start:s.span.End]) {
			return true
		}
	}
	return false
}

// namesCredentials: the text holds COPY, UNLOAD or a credential clause word.
func namesCredentials(text []byte) bool {
	counting.add(workLexed, len(text))
	for i := 0; i < len(text); {
		if !isIdentStart(text[i]) || text[i] == '$' {
			i++
			continue
		}
		j := i
		for j < len(text) && isIdentByte(text[j]) && text[j] != '$' {
			j++
		}
		w := strings.ToUpper(string(text[i:j]))
		if _, clause := redshift.ClauseOfWord(w); clause || w == "COPY" || w == "UNLOAD" {
			return true
		}
		i = j
	}
	return false
}
