package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
)

// vars are the placeholder values: the config's [vars], then the vars
// file, then --var NAME=VALUE; a later source wins.
func (r *resolver) vars(limit files.Limit, flywayEnvironment string) map[string]string {
	configured, given := r.pairs("var")
	vars := map[string]string{}
	for _, p := range configured {
		vars[p.name] = p.value
	}
	r.varsFile(vars, limit, flywayEnvironment)
	for _, p := range given {
		vars[p.name] = p.value
	}
	return vars
}

// varsFile reads --vars-file, else the config's vars_file. A file that
// cannot be read is reported against the setting that named it.
func (r *resolver) varsFile(vars map[string]string, limit files.Limit, flywayEnvironment string) {
	o := r.option("vars-file")
	path := r.str("vars-file")
	if path == "" {
		return
	}
	err := readVarsFile(path, vars, limit, flywayEnvironment)
	var unreadable *unreadableError
	if errors.As(err, &unreadable) {
		if r.given(o) {
			err = fmt.Errorf("cannot read --vars-file %s: %v", path, unreadable.err)
		} else {
			err = r.cfg.Errorf(o.Key, "cannot read %s: %v", path, unreadable.err)
		}
	}
	r.fail(err)
}

// unreadableError: the vars file could not be read at all.
type unreadableError struct{ err error }

func (e *unreadableError) Error() string { return e.err.Error() }

// readVarsFile accepts a JSON object of strings, NAME=VALUE lines (a
// .env or properties file: # comments, optional export and quotes), or
// Flyway's own configuration: a file named flyway.conf (Java properties,
// its flyway.placeholders.NAME keys), or a *.toml ([flyway.placeholders]
// and the environment's). In NAME=VALUE lines, flyway.placeholders.NAME
// sets NAME, as in a Flyway configuration. Errors name the file and the line. A
// byte-order mark, which Windows editors write, is not part of the first
// name.
func readVarsFile(path string, vars map[string]string, limit files.Limit, flywayEnvironment string) error {
	src, err := files.ReadFile(path, limit)
	if err != nil {
		return &unreadableError{cleanErr(err)}
	}
	src = files.TrimBOM(src)
	if s, err := flywayFile(path, string(src), flywayEnvironment); s != nil || err != nil {
		for name, v := range projectValues(s) {
			vars[name] = v
		}
		return err
	}
	if trimmed := bytes.TrimSpace(src); len(trimmed) > 0 && trimmed[0] == '{' {
		return readVarsJSON(path, src, vars)
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' || text[0] == '!' {
			continue
		}
		name, value, ok := strings.Cut(strings.TrimPrefix(text, "export "), "=")
		if !ok || strings.TrimSpace(name) == "" {
			return fmt.Errorf("%s:%d: expected NAME=VALUE", path, line)
		}
		name = strings.TrimPrefix(strings.TrimSpace(name), "flyway.placeholders.")
		if name == "" {
			return fmt.Errorf("%s:%d: expected flyway.placeholders.NAME=VALUE", path, line)
		}
		vars[name] = unquote(strings.TrimSpace(value))
	}
	if err := sc.Err(); err != nil {
		return &unreadableError{err}
	}
	return nil
}

// flywayFile reads path as a Flyway configuration when its name says it
// is one; nil, nil when it is not.
func flywayFile(path, src, environment string) (projectvars.Source, error) {
	switch {
	case strings.EqualFold(filepath.Ext(path), ".toml"):
		s, _, err := projectvars.ReadFlywayTOML(path, src, environment)
		return s, err
	case strings.EqualFold(filepath.Base(path), projectvars.FlywayConf):
		return projectvars.ReadFlywayConf(path, src)
	}
	return nil, nil
}

func projectValues(s projectvars.Source) map[string]string {
	if s == nil {
		return nil
	}
	vars := map[string]string{}
	for name, v := range s.Values() {
		vars[name] = v.Text
	}
	return vars
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// readVarsJSON reads {"name": "value", ...} token by token with jsontext,
// to point at the member a message is about. Numbers and booleans are
// taken as written; a name given twice is an error, as nothing says which
// to use.
func readVarsJSON(path string, src []byte, vars map[string]string) error {
	j := &jsonVars{path: path, src: src, lines: newLines(src),
		dec: jsontext.NewDecoder(bytes.NewReader(src), jsontext.AllowDuplicateNames(true))} // duplicates are ours to report, by name
	if _, err := j.dec.ReadToken(); err != nil { // the "{" readVarsFile saw
		return j.syntaxError(err)
	}
	seen := map[string]bool{}
	for j.dec.PeekKind() == '"' {
		keyAt := j.skip(" \t\r\n,")
		tok, err := j.dec.ReadToken()
		if err != nil {
			return j.syntaxError(err)
		}
		name := tok.String()
		if seen[name] {
			return fmt.Errorf("%s: $.%s is defined twice", j.at(keyAt), name)
		}
		seen[name] = true
		if err := j.member(name, vars); err != nil {
			return err
		}
	}
	if _, err := j.dec.ReadToken(); err != nil { // "}"
		return j.syntaxError(err)
	}
	if rest := j.skip(" \t\r\n"); rest < len(src) {
		return fmt.Errorf("%s: not a JSON object of strings: data after the object", j.at(rest))
	}
	return nil
}

type jsonVars struct {
	path  string
	src   []byte
	lines *lines
	dec   *jsontext.Decoder
}

func (j *jsonVars) member(name string, vars map[string]string) error {
	valueAt := j.skip(" \t\r\n:")
	switch j.dec.PeekKind() {
	case '"', '0', 't', 'f':
		tok, err := j.dec.ReadToken()
		if err != nil {
			return j.syntaxError(err)
		}
		vars[name] = tok.String() // a number as written, true or false
		return nil
	case 0:
		_, err := j.dec.ReadToken()
		return j.syntaxError(err)
	}
	return fmt.Errorf("%s: $.%s must be a string", j.at(valueAt), name)
}

// skip is the offset of the next byte after the decoder's that is not in
// chars: where the next token starts.
func (j *jsonVars) skip(chars string) int {
	i := int(j.dec.InputOffset())
	for i < len(j.src) && strings.IndexByte(chars, j.src[i]) >= 0 {
		i++
	}
	return i
}

func (j *jsonVars) at(offset int) string {
	p := j.lines.pos(offset)
	return fmt.Sprintf("%s:%d:%d", j.path, p.Line, p.Column)
}

func (j *jsonVars) syntaxError(err error) error {
	offset := len(j.src)
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		offset, err = int(se.ByteOffset), se.Err
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s: not a JSON object of strings: %v", j.at(offset), err)
}

// dbtVars reads --dbt-vars, else the config's dbt_vars: like dbt's own
// --vars, a YAML (or JSON) mapping written inline, or, when the value does
// not start with '{', the path of a file holding one (relative to the
// config file when the config names it). Errors name the option or the
// file, and the line.
func (r *resolver) dbtVars(limit files.Limit) map[string]projectvars.Value {
	o := r.option("dbt-vars")
	text := strings.TrimSpace(r.str("dbt-vars"))
	if o == nil || text == "" {
		return nil
	}
	where := "--dbt-vars"
	if !r.given(o) {
		where = "dbt_vars in " + r.cfg.Path
	}
	if !strings.HasPrefix(text, "{") {
		path := text
		if !r.given(o) {
			path = r.cfg.resolve(path)
		}
		src, err := files.ReadFile(path, limit)
		if err != nil {
			r.fail(fmt.Errorf("cannot read %s file %s: %v", where, path, cleanErr(err)))
			return nil
		}
		where, text = path, string(files.TrimBOM(src))
	}
	vars, err := projectvars.ParseDbtVars(where, text)
	r.fail(err)
	return vars
}
