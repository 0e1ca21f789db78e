package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/redact"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

const (
	sarifSchema     = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion    = "2.1.0"
	sarifInfoURI    = "https://github.com/redshift-preflight/redshift-preflight"
	sarifSrcRoot    = "%SRCROOT%"
	fingerprintKey  = "primaryLocationLineHash"
	fingerprintSalt = "redshift-preflight/v1" // bump when the scheme changes
)

// sarifTags are the rule tags GitHub code scanning shows as filters.
var sarifTags = []string{"security", "iam", "redshift"}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifMessage    `json:"shortDescription"`
	FullDescription      sarifMessage    `json:"fullDescription"`
	Help                 sarifHelp       `json:"help"`
	DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
	Properties           sarifRuleFields `json:"properties"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleFields struct {
	Tags            []string `json:"tags"`
	ProblemSeverity string   `json:"problem.severity"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// SARIF writes a SARIF 2.1.0 log for GitHub code scanning: one run whose
// driver lists the whole rule catalogue and one result per finding, in the
// order of the results. Columns count Unicode code points (run.columnKind).
//
// File names are made relative to the repository root (WorkingBase: the
// first directory up from the working directory with a .git, else the
// working directory), GitHub code scanning's %SRCROOT%; the working
// directory and the .git entries above it are the only things read
// besides res.
func SARIF(w io.Writer, tool Tool, res *checks.Results) error {
	return writeSARIF(w, tool, res, WorkingBase())
}

// writeSARIF is SARIF for a given base, for tests. The log is streamed:
// the results, one per finding, are written as they are made.
func writeSARIF(w io.Writer, tool Tool, res *checks.Results, base Base) error {
	rules := checks.Rules()
	index := make(map[checks.RuleID]int, len(rules))
	driver := sarifDriver{Name: tool.Name, SemanticVersion: tool.Version, InformationURI: sarifInfoURI,
		Rules: make([]sarifRule, 0, len(rules))}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
	}
	s := newJSONStream(w)
	s.token(jsontext.BeginObject)
	s.member("$schema", sarifSchema)
	s.member("version", sarifVersion)
	s.array("runs", func() { // one run
		s.token(jsontext.BeginObject)
		s.member("tool", sarifTool{Driver: driver})
		// Where %SRCROOT% was on this machine: the repository root, as an
		// absolute file URI ending with a slash (SARIF 2.1.0 §3.14.14);
		// result locations below it are relative to it.
		if base.Root != "" {
			s.member("originalUriBaseIds", map[string]sarifArtifact{sarifSrcRoot: {URI: fileURI(base.Root, true)}})
		}
		s.member("invocations", []sarifInvocation{{ExecutionSuccessful: true}})
		s.array("results", func() {
			for _, fr := range res.Files {
				seen := map[string]int{} // occurrences of each line hash in this file
				var lines blankCache
				for _, f := range fr.Findings {
					s.value(sarifResultOf(fr, f, index, seen, &lines, base))
				}
			}
		})
		s.member("columnKind", "unicodeCodePoints")
		s.token(jsontext.EndObject)
	})
	s.token(jsontext.EndObject)
	return s.err
}

func sarifRuleOf(r *checks.Rule) sarifRule {
	return sarifRule{
		ID:                   string(r.ID),
		Name:                 pascalCase(string(r.ID)),
		ShortDescription:     sarifMessage{Text: r.Title},
		FullDescription:      sarifMessage{Text: firstParagraph(r.Doc)},
		Help:                 sarifHelp{Text: r.Doc, Markdown: docMarkdown(r.Doc)},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		Properties:           sarifRuleFields{Tags: sarifTags, ProblemSeverity: problemSeverity(r.Severity)},
	}
}

func sarifResultOf(fr *checks.FileResult, f checks.Finding, index map[checks.RuleID]int, seen map[string]int, lines *blankCache, base Base) sarifResult {
	file := f.File
	if file == nil {
		file = fr.File
	}
	start, end := findingRegion(file, f.Span)
	hash := lines.hash(string(f.Rule), file, secretsOf(fr, file), start.Line)
	seen[hash]++
	r := sarifResult{
		RuleID:  string(f.Rule),
		Level:   sarifLevel(f.Severity),
		Message: sarifMessage{Text: findingText(f)},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: artifactLocation(file.Name, base),
			Region:           sarifRegion{start.Line, start.Column, end.Line, end.Column},
		}}},
		PartialFingerprints: map[string]string{fingerprintKey: fmt.Sprintf("%s:%d", hash, seen[hash])},
	}
	if i, ok := index[f.Rule]; ok {
		r.RuleIndex = &i
	}
	return r
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s checks.Severity) string {
	switch s {
	case checks.Error:
		return "error"
	case checks.Warning:
		return "warning"
	}
	return "note"
}

// problemSeverity maps a severity to GitHub's problem.severity, which knows
// error, warning and recommendation.
func problemSeverity(s checks.Severity) string {
	switch s {
	case checks.Error:
		return "error"
	case checks.Warning:
		return "warning"
	}
	return "recommendation"
}

// pascalCase spells a rule id as a SARIF rule name: chain-too-long → ChainTooLong.
func pascalCase(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part == "" {
			continue
		}
		r, size := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[size:])
	}
	return b.String()
}

// findingRegion is where a finding is shown: 1-based lines and code-point
// columns, end exclusive. An empty span becomes one character wide, since
// GitHub rejects a region whose end column is not after its start column.
func findingRegion(file *sqlparse.File, span sqlparse.Span) (start, end sqlparse.Position) {
	start, end = file.Position(span.Start), file.Position(span.End)
	if end.Line < start.Line || (end.Line == start.Line && end.Column <= start.Column) {
		end = sqlparse.Position{Line: start.Line, Column: start.Column + 1}
	}
	return start, end
}

// findingText is a finding's message for machine-readable annotations: the
// message and its help, each ended as a sentence. The printers mask and
// escape it on the way out, like every string they write.
func findingText(f checks.Finding) string {
	text := sentence(f.Message)
	if f.Help != "" {
		text += " Help: " + sentence(f.Help)
	}
	return text
}

// sentence ends s with a period unless it already ends a sentence (SARIF
// validators ask result messages to end with one).
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// lineHash is the primaryLocationLineHash of a finding, in the spirit of the
// hash github/codeql-action computes when a log has none:
//
//	hex(SHA-256("redshift-preflight/v1" NUL rule NUL line))[:16]
//
// where line is the text of the finding's first line as redact.Blank shows
// it — every character of a literal secret (Result.Secrets) or of a
// secret-shaped value replaced by '*', control characters and invalid
// UTF-8 escaped — with all white space removed (re-indenting or
// re-wrapping spaces does not move an alert). The caller appends ":N", N
// counting equal hashes in the file from 1 in output order, so identical
// lines stay apart. The hash depends on neither the line number nor the
// file name, and no secret character enters it.
func lineHash(rule, normalized string) string {
	h := sha256.New()
	h.Write([]byte(fingerprintSalt + "\x00" + rule + "\x00"))
	h.Write([]byte(normalized))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// blankCache holds the normalized text of the last line hashed, and its
// hash per rule: findings come sorted, so the many findings of one line
// pay for one pass over it, and one hash of it per rule (hashing an 80 KB
// line for each of 40,000 findings was quadratic).
type blankCache struct {
	file   *sqlparse.File
	line   int
	text   string
	hashes map[string]string
}

func (c *blankCache) get(file *sqlparse.File, secrets []sqlparse.Span, line int) string {
	if c.file != file || c.line != line {
		*c = blankCache{file: file, line: line, text: normalizedLine(file, line, secrets), hashes: map[string]string{}}
	}
	return c.text
}

// hash is lineHash of the line for the rule.
func (c *blankCache) hash(rule string, file *sqlparse.File, secrets []sqlparse.Span, line int) string {
	text := c.get(file, secrets, line)
	h, ok := c.hashes[rule]
	if !ok {
		h = lineHash(rule, text)
		c.hashes[rule] = h
	}
	return h
}

func normalizedLine(file *sqlparse.File, line int, secrets []sqlparse.Span) string {
	return strings.Join(strings.FieldsFunc(redact.Blank(string(file.Line(line)), lineRanges(file, line, secrets)), unicode.IsSpace), "")
}

// artifactLocation turns a reported file name into a SARIF artifact
// location: below the repository root, a path relative to %SRCROOT%;
// elsewhere a file:// URI. Characters a URI cannot hold are percent-encoded.
func artifactLocation(name string, base Base) sarifArtifact {
	if rel, ok := base.rel(name); ok {
		return sarifArtifact{URI: escapeURIPath(rel, true), URIBaseID: sarifSrcRoot}
	}
	abs := name
	if !filepath.IsAbs(abs) && !strings.HasPrefix(abs, "/") {
		abs = filepath.Join(base.WorkDir, name)
	}
	return sarifArtifact{URI: fileURI(abs, false)}
}

// fileURI is the file:// URI of an absolute path; a directory's ends with
// a slash.
func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(filepath.Clean(abs))
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	switch {
	case strings.HasPrefix(p, "//"): // UNC: //server/share/...
		return "file:" + escapeURIPath(p, false)
	case !strings.HasPrefix(p, "/"): // C:/dir/file
		p = "/" + p
	}
	return "file://" + escapeURIPath(p, false)
}

// escapeURIPath percent-encodes a slash-separated path for a URI: every
// byte except unreserved characters, sub-delimiters, '@' and '/' (RFC 3986
// pchar). A colon is kept only in absolute paths: in a relative reference
// ("v1:init.sql") it would read as a scheme.
func escapeURIPath(p string, relative bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0 || (c == ':' && !relative) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// firstParagraph is the first paragraph of a rule's documentation, its
// hard-wrapped lines joined into one.
func firstParagraph(doc string) string {
	paras := paragraphs(doc)
	if len(paras) == 0 {
		return ""
	}
	return joinLines(paras[0])
}

// paragraphs splits text at blank lines.
func paragraphs(doc string) [][]string {
	var out [][]string
	var cur []string
	for _, line := range strings.Split(strings.ReplaceAll(doc, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, strings.TrimRight(line, " \t"))
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

func joinLines(lines []string) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = strings.TrimSpace(l)
	}
	return strings.Join(parts, " ")
}

// exampleLine matches the lines of a documentation example: a label aligned
// with spaces ("Bad:   COPY ...") or an indented line.
// Regular expressions are compiled on first use (sync.OnceValue): package
// initialisation runs at every start of the program, pre-commit's included.
var exampleLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:[A-Z][A-Za-z]*:[ \t]{2,}\S|[ \t]{2,}\S|\t)`) })

// docMarkdown renders a rule's documentation as Markdown that shows exactly
// the text of the plain documentation: example paragraphs (Bad:/Good: lines)
// become fenced code blocks, verbatim; prose paragraphs are unwrapped and
// every character Markdown would interpret (\ ` * _ [ ] < > | ~ & $, and a
// line-start marker) is backslash-escaped, so 'it\'s', <partition> or
// aws_iam_role survive rendering.
func docMarkdown(doc string) string {
	var blocks []string
	for _, para := range paragraphs(doc) {
		if isExample(para) {
			body := strings.Join(para, "\n")
			fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
			blocks = append(blocks, fence+"\n"+body+"\n"+fence)
			continue
		}
		blocks = append(blocks, escapeMarkdown(joinLines(para)))
	}
	return strings.Join(blocks, "\n\n")
}

func isExample(lines []string) bool {
	for _, l := range lines {
		if !exampleLine().MatchString(l) {
			return false
		}
	}
	return len(lines) > 0
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

var (
	markdownInline    = strings.NewReplacer("\\", `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`, "~", `\~`, "&", `\&`, "$", `\$`)
	markdownListStart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+)([.)])`) })
)

// escapeMarkdown makes one line of prose render as itself.
func escapeMarkdown(s string) string {
	s = markdownInline.Replace(s)
	if s != "" && strings.IndexByte("#+-=", s[0]) >= 0 {
		s = `\` + s
	}
	return markdownListStart().ReplaceAllString(s, `$1\$2`)
}
