package projectvars

import (
	"fmt"
	"sort"
	"strings"
)

// SqitchConf is sqitch's project configuration file, looked for beside and
// above a checked file.
const SqitchConf = "sqitch.conf"

// SqitchConfig is a read sqitch.conf. Sqitch writes it in Git's
// configuration format (sqitch-config: "the configuration file ... uses
// the INI-like format of git-config"): [section] and [section "sub"]
// headers (the older [section.sub] too), name = value lines, # and ;
// comments. Section and variable names ignore case; subsection names
// keep it, except in the older [section.sub] form.
type SqitchConfig struct {
	Name    string // the file, as messages show it
	entries []confEntry
}

type confEntry struct {
	section, sub, key, value string
	line                     int
}

// ReadSqitchConf reads a sqitch.conf; a line that is not Git's
// configuration syntax is an *InputError naming it.
func ReadSqitchConf(name, src string) (*SqitchConfig, error) {
	c := &SqitchConfig{Name: name}
	section, sub, inSection := "", "", false
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		text := strings.TrimSpace(lines[i])
		if text == "" || text[0] == '#' || text[0] == ';' {
			continue
		}
		if text[0] == '[' {
			var err error
			if section, sub, err = confHeader(text); err != nil {
				return nil, &InputError{File: name, Line: start, Msg: err.Error()}
			}
			inSection = true
			continue
		}
		if !inSection {
			return nil, &InputError{File: name, Line: start, Msg: "a variable before any [section] header"}
		}
		key, raw, hasValue := strings.Cut(text, "=")
		key = strings.TrimSpace(key)
		if !validConfKey(key) {
			return nil, &InputError{File: name, Line: start, Msg: fmt.Sprintf("bad variable name %q", key)}
		}
		value := "true" // Git: a name alone is a boolean true
		if hasValue {
			// A value whose line ends in a backslash continues on the next.
			for strings.HasSuffix(raw, `\`) && !strings.HasSuffix(raw, `\\`) && i+1 < len(lines) {
				i++
				raw = raw[:len(raw)-1] + lines[i]
			}
			var err error
			if value, err = confValue(raw); err != nil {
				return nil, &InputError{File: name, Line: start, Msg: err.Error()}
			}
		}
		c.entries = append(c.entries, confEntry{section: section, sub: sub, key: strings.ToLower(key), value: value, line: start})
	}
	return c, nil
}

// confHeader reads "[section]", `[section "sub"]` or "[section.sub]".
func confHeader(text string) (section, sub string, err error) {
	end := strings.LastIndexByte(text, ']')
	if end < 0 || strings.TrimSpace(text[end+1:]) != "" && !isConfComment(strings.TrimSpace(text[end+1:])) {
		return "", "", fmt.Errorf("malformed section header %s", text)
	}
	inner := strings.TrimSpace(text[1:end])
	if name, quoted, ok := strings.Cut(inner, " "); ok {
		quoted = strings.TrimSpace(quoted)
		if len(quoted) < 2 || quoted[0] != '"' || quoted[len(quoted)-1] != '"' || !validConfSection(name) {
			return "", "", fmt.Errorf("malformed section header %s", text)
		}
		return strings.ToLower(name), strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(quoted[1 : len(quoted)-1]), nil
	}
	name, rest, _ := strings.Cut(inner, ".")
	if !validConfSection(name) {
		return "", "", fmt.Errorf("malformed section header %s", text)
	}
	return strings.ToLower(name), strings.ToLower(rest), nil
}

func isConfComment(s string) bool { return s[0] == '#' || s[0] == ';' }

// validConfSection: letters, digits, '-' and '.' (Git's section names).
func validConfSection(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '.' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// validConfKey: a variable name without blanks, quotes, brackets or
// comment characters. Git allows only letters, digits and '-', but sqitch
// writes the names of psql variables, which hold '_', as keys.
func validConfKey(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\"[]#;=\\")
}

// confValue reads a value as Git does: blanks around it dropped, "..."
// keeping blanks and comment characters, \" \\ \n \t \b escapes, and a #
// or ; outside quotes starting a comment.
func confValue(raw string) (string, error) {
	var b strings.Builder
	inQuote := false
	pending := "" // blanks kept only if more value follows
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '"':
			inQuote = !inQuote
			b.WriteString(pending)
			pending = ""
		case c == '\\':
			if i+1 >= len(raw) {
				return "", fmt.Errorf("a value ends in a lone backslash")
			}
			i++
			e, ok := map[byte]string{'"': `"`, '\\': `\`, 'n': "\n", 't': "\t", 'b': "\b"}[raw[i]]
			if !ok {
				return "", fmt.Errorf(`unknown escape \%c in a value`, raw[i])
			}
			b.WriteString(pending + e)
			pending = ""
		case !inQuote && (c == '#' || c == ';'):
			return b.String(), nil
		case !inQuote && (c == ' ' || c == '\t'):
			if b.Len() > 0 {
				pending += string(c)
			}
		default:
			b.WriteString(pending)
			pending = ""
			b.WriteByte(c)
		}
	}
	if inQuote {
		return "", fmt.Errorf("unterminated quoted value")
	}
	return b.String(), nil
}

// Get is the last value of section.sub.key ("" sub for none), and its line.
func (c *SqitchConfig) Get(section, sub, key string) (value string, line int, ok bool) {
	for _, e := range c.entries {
		if e.section == section && e.sub == sub && e.key == strings.ToLower(key) {
			value, line, ok = e.value, e.line, true
		}
	}
	return value, line, ok
}

// Setting is a core setting of sqitch.conf (top_dir, plan_file, ...),
// overridden by the same key of [engine "ENGINE"] for the project's
// [core] engine ("Engine-specific configuration" wins over "Core
// configuration", sqitch-configuration).
func (c *SqitchConfig) Setting(key string) (string, bool) {
	v, _, ok := c.Get("core", "", key)
	if engine, _, set := c.Get("core", "", "engine"); set {
		if ev, _, eok := c.Get("engine", engine, key); eok {
			return ev, true
		}
	}
	return v, ok
}

// Variables are the values sqitch passes to the database client (psql
// for the Redshift engine, which reads them as :NAME), as sqitch-deploy
// merges them: "Variables are merged in the following priority order:
// --set, target.$target.variables, engine.$engine.variables,
// deploy.variables, core.variables". --set is --var; the target is chosen
// when sqitch deploy runs, so target variables are not read (a note says
// so when the file has some).
func (c *SqitchConfig) Variables() (Source, []string) {
	s := newSource(c.Name)
	engine, _, _ := c.Get("core", "", "engine")
	layers := [][2]string{{"core", "variables"}, {"deploy", "variables"}}
	if engine != "" {
		layers = append(layers, [2]string{"engine", engine + ".variables"})
	}
	for _, l := range layers {
		for _, e := range c.entries {
			if e.section == l[0] && e.sub == l[1] {
				s.values[e.key] = Value{Text: e.value, Origin: origin(c.Name, e.line)}
			}
		}
	}
	var notes []string
	targets := map[string]bool{}
	for _, e := range c.entries {
		if e.section == "target" && strings.HasSuffix(e.sub, ".variables") {
			targets[strings.TrimSuffix(e.sub, ".variables")] = true
		}
	}
	if len(targets) > 0 {
		names := make([]string, 0, len(targets))
		for t := range targets {
			names = append(names, t)
		}
		sort.Strings(names)
		notes = append(notes, fmt.Sprintf("%s: the variables of target %s are not read (sqitch deploy chooses the target); pass them with --var",
			c.Name, strings.Join(names, ", ")))
	}
	return s, notes
}

// readSqitch adds the variables of the nearest sqitch.conf to p, lowest
// in precedence; it returns what of the file could not be used.
func (f *Finder) readSqitch(df *dirFiles, p *Project) ([]string, error) {
	if df.sqitch == "" {
		return nil, nil
	}
	src, err := f.read(df.sqitch)
	if err != nil {
		return nil, err
	}
	c, err := ReadSqitchConf(displayPath(df.sqitch), src)
	if err != nil {
		return nil, err
	}
	s, notes := c.Variables()
	if len(s.Values()) > 0 {
		p.add(s)
	}
	return notes, nil
}
