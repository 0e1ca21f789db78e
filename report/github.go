package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/redact"
)

// GitHub writes one GitHub Actions workflow command per finding, which the
// runner turns into an annotation on the file:
//
//	::error file=PATH,line=L,endLine=EL,col=C,endColumn=EC,title=RULE::MESSAGE
//
// (::warning for warnings, ::notice for infos), escaped as actions/toolkit
// escapes them. Columns count Unicode characters. A finding spanning
// several lines has no col/endColumn: GitHub accepts columns only for an
// annotation on one line. File names are relative to the repository root
// (WorkingBase), as the runner wants them.
func GitHub(w io.Writer, res *checks.Results) error {
	return writeGitHub(w, res, WorkingBase())
}

func writeGitHub(w io.Writer, res *checks.Results, base Base) error {
	var b strings.Builder
	for _, fr := range res.Files {
		for _, f := range fr.Findings {
			b.Reset()
			writeGitHubCommand(&b, fr, f, base)
			if _, err := io.WriteString(w, b.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeGitHubCommand(b *strings.Builder, fr *checks.FileResult, f checks.Finding, base Base) {
	file := f.File
	if file == nil {
		file = fr.File
	}
	start, end := findingRegion(file, f.Span)
	b.WriteString("::")
	b.WriteString(githubCommand(f.Severity))
	b.WriteString(" file=")
	b.WriteString(escapeProperty(base.display(file.Name)))
	b.WriteString(",line=")
	b.WriteString(strconv.Itoa(start.Line))
	b.WriteString(",endLine=")
	b.WriteString(strconv.Itoa(end.Line))
	if start.Line == end.Line {
		b.WriteString(",col=")
		b.WriteString(strconv.Itoa(start.Column))
		b.WriteString(",endColumn=")
		b.WriteString(strconv.Itoa(end.Column))
	}
	b.WriteString(",title=")
	b.WriteString(escapeProperty(string(f.Rule)))
	b.WriteString("::")
	b.WriteString(escapeData(findingText(f)))
	b.WriteString("\n")
}

func githubCommand(s checks.Severity) string {
	switch s {
	case checks.Error:
		return "error"
	case checks.Warning:
		return "warning"
	}
	return "notice"
}

// A command's message and property values are escaped as actions/toolkit's
// command.ts escapes them (escapeData: % → %25, \r → %0D, \n → %0A;
// escapeProperty: the same and : → %3A, , → %2C), which is what the
// runner's ActionCommand.TryParseV2 unescapes
// (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts,
// https://github.com/actions/runner/blob/main/src/Runner.Common/ActionCommand.cs):
// a line break never ends the command's line, and a property cannot end
// early. Before that, secrets are masked and every other control
// character (escape sequences, bidirectional overrides, C1) is stripped:
// the runner would keep them in the annotation.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(redact.Strip(redact.Secrets(s))) }
func escapeProperty(s string) string { return propertyEscaper.Replace(redact.Strip(redact.Secrets(s))) }
