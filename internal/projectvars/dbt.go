package projectvars

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// DbtProjectFile is the file that makes a directory the root of a dbt project.
const DbtProjectFile = "dbt_project.yml"

// dbt's variables. docs.getdbt.com, "Project variables": "These vars can
// be scoped globally, or to a specific package imported in your project",
// and the order of precedence, highest first: "The variables defined on
// the command line with --vars", "The package-scoped variable declaration
// in the root dbt_project.yml file", "The global variable declaration in
// the root dbt_project.yml file", ..., "The variable's default argument
// (if one is provided)". "Jinja is not supported within the vars config,
// and all values will be interpreted literally."
//
// So the values of a file below a dbt_project.yml are its global vars,
// under those scoped to the project's own name (other packages' scopes
// apply to those packages' models, which are not checked: dbt_packages/
// is skipped), under --dbt-vars, under --var. The literal default of
// var() is sqlparse's, used when none of these has the name.
// {{ env_var('X') }} reads the environment, as dbt does: its values are
// added under sqlparse's env_var:NAME keys, which no var() name can spell.

// DbtProject is what check reads of a dbt_project.yml.
type DbtProject struct {
	File string // as messages name it
	Name string // name:, the project's own scope in vars:
	// Vars are the values that apply to the project's own models: global,
	// then the project's scope over them.
	Vars map[string]Value
	// TargetPath, PackagesPath and LogPath are where dbt writes its output,
	// installs packages and logs, relative to the project root:
	// target-path, packages-install-path and log-path, or dbt's defaults.
	TargetPath, PackagesPath, LogPath string
	Root                              *yaml.Node // the document's mapping, for the hooks (internal/dbt)
}

// ParseDbtProject reads a dbt_project.yml. A file YAML cannot read, or
// whose vars: is not a mapping, is an *InputError naming its line.
func ParseDbtProject(file, src string) (*DbtProject, error) {
	root, err := dbtRoot(file, src)
	if err != nil {
		return nil, err
	}
	p := &DbtProject{File: file, Vars: map[string]Value{}, Root: root,
		TargetPath: "target", PackagesPath: "dbt_packages", LogPath: "logs"}
	if root == nil {
		return p, nil
	}
	if n := MappingValue(root, "name"); n != nil && n.Kind == yaml.ScalarNode {
		p.Name = n.Value
	}
	for key, field := range map[string]*string{"target-path": &p.TargetPath, "packages-install-path": &p.PackagesPath, "log-path": &p.LogPath} {
		if n := MappingValue(root, key); n != nil && n.Kind == yaml.ScalarNode && n.Value != "" {
			*field = n.Value
		}
	}
	return p, p.readVars(MappingValue(root, "vars"))
}

// dbtRoot parses the file into its top-level mapping; nil for an empty file.
func dbtRoot(file, src string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return nil, yamlError(file, src, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &InputError{File: file, Line: root.Line, Msg: "a dbt_project.yml is a mapping (name:, vars:, models:, ...)"}
	}
	return root, nil
}

// yamlError turns the YAML library's error ("yaml: line 3: ...") into an
// InputError with the line.
func yamlError(file, src string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ":"); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, strings.TrimSpace(after)
			}
		}
	}
	// go-yaml numbers the lines of its parser's errors ("did not find
	// expected ',' or ']'", said where the flow or block began) from 0 and
	// those of its scanner from 1, and gives no line for a mark on the
	// first line, where it counts 0: the parser's are moved one down.
	if strings.HasPrefix(msg, "did not find expected") {
		line++
	}
	if line == 0 {
		line = unplacedLine(src, msg)
	}
	return &InputError{File: file, Line: line, Msg: "not valid YAML: " + msg}
}

// unplacedLine places an error go-yaml gives no line for: an unknown
// anchor where it is first used, else the first byte YAML refuses
// (invalid UTF-8, a control character), else the first line, where
// go-yaml's marks count 0.
func unplacedLine(src, msg string) int {
	if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		name, _, _ = strings.Cut(name, "'")
		if i := strings.Index(src, "*"+name); i >= 0 {
			return strings.Count(src[:i], "\n") + 1
		}
	}
	line := 1
	for i, r := range src {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(src[i:], "\uFFFD"):
			return line
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f:
			return line
		}
	}
	return 1
}

// MappingValue is the value of key in the mapping m; nil when absent.
func MappingValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// readVars reads vars:: a scalar is a global value; a mapping under the
// project's name is its scope, which wins; other mappings are other
// packages' scopes, and lists or mappings as values render to what no
// credential can be, so they are left out.
func (p *DbtProject) readVars(vars *yaml.Node) error {
	if vars == nil || vars.Kind == yaml.ScalarNode && vars.Tag == "!!null" {
		return nil
	}
	if vars.Kind != yaml.MappingNode {
		return &InputError{File: p.File, Line: vars.Line, Msg: "vars: must be a mapping of names to values"}
	}
	var scope *yaml.Node
	for i := 0; i+1 < len(vars.Content); i += 2 {
		k, v := vars.Content[i], vars.Content[i+1]
		if v.Kind == yaml.MappingNode && k.Value == p.Name && p.Name != "" {
			scope = v
			continue
		}
		if text, ok := render(v); ok {
			p.Vars[k.Value] = Value{Text: text, Origin: origin(p.File, v.Line)}
		}
	}
	for i := 0; scope != nil && i+1 < len(scope.Content); i += 2 {
		k, v := scope.Content[i], scope.Content[i+1]
		if text, ok := render(v); ok {
			p.Vars[k.Value] = Value{Text: text, Origin: origin(p.File, v.Line)}
		}
	}
	return nil
}

// render is the text {{ var('x') }} renders a YAML scalar to: dbt renders
// Python values, so true is True and null is None. Anything but a scalar
// is not a value a credential clause can use.
func render(n *yaml.Node) (string, bool) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	switch n.Tag {
	case "!!bool":
		var b bool
		if n.Decode(&b) != nil {
			return "", false
		}
		if b {
			return "True", true
		}
		return "False", true
	case "!!null":
		return "None", true
	}
	return n.Value, true
}

// ParseDbtVars reads values given like dbt's --vars: a YAML (or JSON,
// which is YAML) mapping of names to values. name says where they come
// from ("--dbt-vars", a file name) for messages and origins.
func ParseDbtVars(name, src string) (map[string]Value, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return nil, yamlError(name, src, err)
	}
	out := map[string]Value{}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return out, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, &InputError{File: name, Line: m.Line, Msg: "expected a mapping of names to values, such as {role: arn:aws:iam::123456789012:role/Loader}"}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if text, ok := render(m.Content[i+1]); ok {
			out[m.Content[i].Value] = Value{Text: text, Origin: origin(name, m.Content[i+1].Line)}
		}
	}
	return out, nil
}

// dbtVarPrefix is sqlparse.DbtVarKey's: dbt's variables are given under
// var:NAME, which only {{ var('NAME') }} reads (after NAME itself, which
// --var sets), never a bare {{ NAME }} or a Flyway ${NAME}.
const dbtVarPrefix = "var:"

// dbtSource is a dbt_project.yml's values as a Source.
func dbtSource(p *DbtProject) Source {
	return dbtVarSource(p.File, p.Vars)
}

// dbtVarsSource is --dbt-vars as a Source; nil when none were given.
func dbtVarsSource(vars map[string]Value) Source {
	if len(vars) == 0 {
		return nil
	}
	return dbtVarSource("--dbt-vars", vars)
}

func dbtVarSource(name string, vars map[string]Value) Source {
	s := newSource(name)
	for k, v := range vars {
		s.values[dbtVarPrefix+k] = v
	}
	return s
}

// addEnvVars adds the environment under the env_var:NAME keys of
// {{ env_var('NAME') }} (sqlparse.EnvVarKey), for the files of a dbt
// project; a value already set (none is, unless a source spells the key)
// stays.
func (p *Project) addEnvVars(environ []string) {
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			continue
		}
		key := "env_var:" + k // sqlparse.EnvVarKey
		if _, set := p.Values[key]; !set {
			p.Values[key] = Value{Text: v, Origin: "environment variable " + k}
		}
	}
}

// addDbt adds the values of the dbt project whose dbt_project.yml is at
// path ("" when the file is in none), then --dbt-vars and the environment
// for env_var(). --dbt-vars apply outside dbt projects too: they were asked for.
func (f *Finder) addDbt(p *Project, path string) error {
	if path != "" {
		proj, err := f.dbtProject(path)
		if err != nil {
			return err
		}
		p.add(dbtSource(proj))
	}
	if s := dbtVarsSource(f.opts.DbtVars); s != nil {
		p.add(s)
	}
	if path != "" {
		p.addEnvVars(f.opts.Environ)
	}
	return nil
}

// dbtRead is a dbt_project.yml read once per run: every model of a
// project shares it.
type dbtRead struct {
	project *DbtProject
	err     error
}

func (f *Finder) dbtProject(path string) (*DbtProject, error) {
	if r, ok := f.dbt[path]; ok {
		return r.project, r.err
	}
	var r dbtRead
	src, err := f.read(path)
	if err == nil {
		r.project, r.err = ParseDbtProject(displayPath(path), src)
	} else {
		r.err = err
	}
	if f.dbt == nil {
		f.dbt = map[string]dbtRead{}
	}
	f.dbt[path] = r
	return r.project, r.err
}
