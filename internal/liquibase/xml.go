package liquibase

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// maxDepth bounds the nesting of a changelog's elements (Liquibase's
// are a few deep): a file of nothing but open tags must not cost memory
// for each.
const maxDepth = 1000

// xmlReader walks an XML changelog's tokens, keeping their offsets.
type xmlReader struct {
	src   []byte
	name  string
	cl    *changelog
	stack []string
	skip  int      // depth of a changeSet that does not run, or a rollback; 0 for none
	cur   *sqlText // the <sql> being read
	depth int      // of cur
	root  bool     // <databaseChangeLog> seen
}

// readXML reads an XML changelog. Character data keeps its place: CDATA
// as written, text with its entities decoded and padded with blanks to
// the entity's length (an entity inside a quoted SQL value therefore adds
// blanks to that value; Liquibase's changelogs rarely need entities in
// SQL, and CDATA avoids them).
func readXML(name string, src []byte) (*changelog, error) {
	r := &xmlReader{src: src, name: name, cl: &changelog{}}
	d := xml.NewDecoder(bytes.NewReader(singleByte(src)))
	// Bytes pass through unchanged whatever the declared encoding, so
	// offsets stay those of the file; SQL that is not UTF-8 is then
	// reported by invalid-encoding.
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	for {
		start := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, malformed(name, se.Line, "XML", se.Msg)
			}
			return nil, malformed(name, lineAt(src, int(d.InputOffset())), "XML", err.Error())
		}
		end := int(d.InputOffset())
		if err := r.token(tok, start, end); err != nil {
			return nil, err
		}
	}
	if !r.root {
		return nil, malformed(name, 0, "XML", "no <databaseChangeLog> element")
	}
	if len(r.stack) > 0 {
		return nil, malformed(name, lineAt(src, len(src)), "XML", "unexpected end of file")
	}
	return r.cl, nil
}

func (r *xmlReader) token(tok xml.Token, start, end int) error {
	switch t := tok.(type) {
	case xml.StartElement:
		if len(r.stack) == 0 && t.Name.Local != "databaseChangeLog" {
			return malformed(r.name, lineAt(r.src, start), "XML", fmt.Sprintf("the root element is <%s>, not <databaseChangeLog>", t.Name.Local))
		}
		if len(r.stack) >= maxDepth {
			return malformed(r.name, lineAt(r.src, start), "XML", fmt.Sprintf("elements nested more than %d deep", maxDepth))
		}
		r.root = true
		r.stack = append(r.stack, t.Name.Local)
		r.start(t, start, end)
	case xml.EndElement:
		if r.cur != nil && len(r.stack) == r.depth {
			r.cur.end = start
			r.cl.sql = append(r.cl.sql, *r.cur)
			r.cur = nil
		}
		if len(r.stack) == r.skip {
			r.skip = 0
		}
		r.stack = r.stack[:len(r.stack)-1]
	case xml.CharData:
		if r.cur != nil && len(r.stack) == r.depth {
			r.cur.segs = append(r.cur.segs, charData(r.src, start, end))
		}
	}
	return nil
}

// start handles an element's start tag, at src[start:end].
func (r *xmlReader) start(t xml.StartElement, start, end int) {
	attrs := map[string]string{}
	for _, a := range t.Attr {
		attrs[a.Name.Local] = a.Value
	}
	parent := ""
	if len(r.stack) > 1 {
		parent = r.stack[len(r.stack)-2]
	}
	at := func(attr string) [2]int { return attrSpan(r.src, start, end, attr) }
	if r.skip > 0 {
		return
	}
	switch {
	case parent == "databaseChangeLog" && t.Name.Local == "property":
		if dbmsRuns(attrs["dbms"]) && attrs["name"] != "" {
			global, ok := parseBool(attrs["global"])
			r.cl.props = append(r.cl.props, property{name: attrs["name"], value: attrs["value"],
				at: fmt.Sprintf("%s:%d", r.name, lineAt(r.src, start)), global: global || !ok})
		}
	case parent == "databaseChangeLog" && t.Name.Local == "include":
		rel, _ := parseBool(attrs["relativeToChangelogFile"])
		r.cl.refs = append(r.cl.refs, fileRef{kind: refInclude, file: attrs["file"], relative: rel, span: at("file")})
	case parent == "databaseChangeLog" && t.Name.Local == "includeAll":
		rel, _ := parseBool(attrs["relativeToChangelogFile"])
		r.cl.refs = append(r.cl.refs, fileRef{kind: refIncludeAll, file: attrs["path"], relative: rel, span: at("path")})
	case t.Name.Local == "changeSet" && !dbmsRuns(attrs["dbms"]), t.Name.Local == "rollback":
		r.skip = len(r.stack)
	case parent == "changeSet" && t.Name.Local == "sql" && dbmsRuns(attrs["dbms"]):
		r.cur, r.depth = &sqlText{split: splitOf(attrs)}, len(r.stack)
	case parent == "changeSet" && t.Name.Local == "sqlFile" && dbmsRuns(attrs["dbms"]):
		rel, _ := parseBool(attrs["relativeToChangelogFile"])
		r.cl.refs = append(r.cl.refs, fileRef{kind: refSQLFile, file: attrs["path"], relative: rel, span: at("path"), split: splitOf(attrs)})
	case parent == "changeSet" && t.Name.Local == "createProcedure" && dbmsRuns(attrs["dbms"]):
		// The body is sent as one statement, from the element or from path.
		if path, ok := attrs["path"]; ok {
			rel, _ := parseBool(attrs["relativeToChangelogFile"])
			r.cl.refs = append(r.cl.refs, fileRef{kind: refSQLFile, file: path, relative: rel, span: at("path"), split: splitting{off: true}})
			return
		}
		r.cur, r.depth = &sqlText{split: splitting{off: true}}, len(r.stack)
	}
}

// splitOf reads splitStatements and endDelimiter.
func splitOf(attrs map[string]string) splitting {
	s := splitting{delim: attrs["endDelimiter"]}
	if v, ok := parseBool(attrs["splitStatements"]); ok {
		s.off = !v
	}
	return s
}

// attrSpan finds the value of attribute name in the start tag at
// src[start:end]; the whole tag when it is not written there.
func attrSpan(src []byte, start, end int, name string) [2]int {
	re := regexp.MustCompile(`(?:^|[\s:])` + regexp.QuoteMeta(name) + `\s*=\s*(["'])`)
	tag := src[start:end]
	m := re.FindSubmatchIndex(tag)
	if m == nil {
		return [2]int{start, end}
	}
	vs := m[3]
	ve := bytes.IndexByte(tag[vs:], tag[m[2]])
	if ve < 0 {
		return [2]int{start, end}
	}
	return [2]int{start + vs, start + vs + ve}
}

// charData is the view of the character data at src[start:end].
func charData(src []byte, start, end int) segment {
	raw := src[start:end]
	if bytes.HasPrefix(raw, []byte("<![CDATA[")) && bytes.HasSuffix(raw, []byte("]]>")) {
		return segment{off: start + 9, text: raw[9 : len(raw)-3]}
	}
	text := bytes.Clone(raw)
	for i := 0; i < len(text); i++ {
		if text[i] != '&' {
			continue
		}
		n := bytes.IndexByte(text[i:], ';')
		if n < 0 {
			break
		}
		dec := entity(string(raw[i+1 : i+n]))
		if len(dec) > n+1 || dec == "" { // cannot shrink into place: leave as written
			continue
		}
		copy(text[i:], dec)
		for j := i + len(dec); j <= i+n; j++ {
			text[j] = ' '
		}
		i += n
	}
	return segment{off: start, text: text}
}

// entity decodes an XML entity's name (without & and ;): the five
// predefined ones and character references; "" for any other.
func entity(name string) string {
	switch name {
	case "lt":
		return "<"
	case "gt":
		return ">"
	case "amp":
		return "&"
	case "quot":
		return `"`
	case "apos":
		return "'"
	}
	num, ok := strings.CutPrefix(name, "#")
	if !ok {
		return ""
	}
	base := 10
	if h, isHex := strings.CutPrefix(num, "x"); isHex {
		num, base = h, 16
	}
	n, err := strconv.ParseUint(num, base, 32)
	if err != nil || !utf8.ValidRune(rune(n)) {
		return ""
	}
	r := rune(n)
	if r == '\n' || r == '\r' || r == '\t' {
		return " " // a line break written as a reference must not move lines
	}
	return string(r)
}

// declaredEncoding is the encoding an XML declaration names, lower case.
// Regular expressions are compiled on first use (sync.OnceValue): package
// initialisation runs at every start of the program, pre-commit's included.
var declaredEncoding = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']`)
})

// singleByte: the decoder reads only UTF-8, and a changelog that declares
// a single-byte encoding (ISO-8859-1, windows-1252) may hold bytes that
// are not. The decoder then reads a copy with each such byte as '?', of
// the same length; the view still takes the file's own bytes, so SQL
// that is not UTF-8 is reported by invalid-encoding.
func singleByte(src []byte) []byte {
	m := declaredEncoding().FindSubmatch(src)
	if m == nil || utf8.Valid(src) {
		return src
	}
	switch strings.ToLower(string(m[1])) {
	case "utf-8", "utf8", "utf-16", "utf-16le", "utf-16be":
		return src
	}
	out := bytes.Clone(src)
	for i, c := range out {
		if c >= 0x80 {
			out[i] = '?'
		}
	}
	return out
}
