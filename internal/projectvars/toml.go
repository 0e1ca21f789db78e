package projectvars

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// flywayTOML is a decoded flyway.toml: the [flyway] settings, and the
// flyway settings of each [environments.NAME].
type flywayTOML struct {
	Flyway       map[string]any `toml:"flyway"`
	Environments map[string]struct {
		Flyway map[string]any `toml:"flyway"`
	} `toml:"environments"`
}

// ReadFlywayTOML reads a flyway.toml: [flyway.placeholders] and
// placeholderPrefix/Suffix, then, for the environment (environment when not
// empty, else [flyway] environment), [environments.NAME.flyway.placeholders],
// which override them. It returns the environment used ("" for none).
func ReadFlywayTOML(name, src, environment string) (Source, string, error) {
	f, env, err := readFlywayTOML(name, src, environment)
	if err != nil {
		return nil, "", err
	}
	return f.source, env, nil
}

func readFlywayTOML(name, src, environment string) (*flywaySettings, string, error) {
	var doc flywayTOML
	if err := toml.Unmarshal([]byte(src), &doc); err != nil {
		return nil, "", tomlError(name, err)
	}
	lines := keyLines(src)
	f := &flywaySettings{source: newSource(name)}
	if err := f.tomlSettings(name, "flyway", doc.Flyway, lines); err != nil {
		return nil, "", err
	}
	if environment == "" {
		environment, _ = doc.Flyway["environment"].(string)
	}
	if environment == "" {
		return f, "", nil
	}
	f.name = fmt.Sprintf("%s (environment %s)", name, environment)
	env, ok := doc.Environments[environment]
	if !ok {
		return nil, "", &InputError{File: name, Line: lines["flyway.environment"],
			Msg: fmt.Sprintf("environment %q has no [environments.%s]%s", environment, environment, known(doc))}
	}
	return f, environment, f.tomlSettings(name, "environments."+environment+".flyway", env.Flyway, lines)
}

// known lists the environments the file defines, for a message.
func known(doc flywayTOML) string {
	names := make([]string, 0, len(doc.Environments))
	for n := range doc.Environments {
		names = append(names, n)
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return " (it defines " + strings.Join(names, ", ") + ")"
}

// tomlSettings records the settings of the table at path (flyway, or an
// environment's flyway), whose placeholders table holds strings.
func (f *flywaySettings) tomlSettings(file, path string, table map[string]any, lines map[string]int) error {
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := f.tomlSetting(file, path+"."+k, k, table[k], lines); err != nil {
			return err
		}
	}
	return nil
}

func (f *flywaySettings) tomlSetting(file, path, key string, v any, lines map[string]int) error {
	if key != "placeholders" {
		if s, ok := v.(string); ok {
			return f.setting(key, s, origin(file, lines[path]))
		}
		return nil
	}
	placeholders, ok := v.(map[string]any)
	if !ok {
		return &InputError{File: file, Line: lines[path], Msg: path + " must be a table of strings"}
	}
	for name, pv := range placeholders {
		at := path + "." + name
		text, ok := scalarText(pv)
		if !ok {
			return &InputError{File: file, Line: lines[at], Msg: at + " must be a string"}
		}
		_ = f.setting("placeholders."+name, text, origin(file, lines[at]))
	}
	return nil
}

// scalarText is a placeholder value: a string, or a number or boolean as
// Flyway would turn it into text.
func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int64, float64, bool:
		return fmt.Sprint(v), true
	}
	return "", false
}

func tomlError(name string, err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return &InputError{File: name, Line: row, Msg: "not valid TOML: " + de.Error()}
	}
	var sme *toml.StrictMissingError
	if errors.As(err, &sme) {
		return &InputError{File: name, Msg: err.Error()}
	}
	return &InputError{File: name, Msg: "not valid TOML: " + err.Error()}
}

// keyLines maps every dotted key path of a TOML document (already decoded,
// so valid) to the line where it is written, tables included.
func keyLines(src string) map[string]int {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset([]byte(src))
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyPath(nil, e)
			it := e.Key()
			it.Next()
			lines[strings.Join(table, ".")] = p.Shape(it.Node().Raw).Start.Line
		case unstable.KeyValue:
			keyValueLines(&p, table, e, lines)
		}
	}
	return lines
}

func keyValueLines(p *unstable.Parser, table []string, kv *unstable.Node, lines map[string]int) {
	path := keyPath(table, kv)
	it := kv.Key()
	it.Next()
	lines[strings.Join(path, ".")] = p.Shape(it.Node().Raw).Start.Line
	if v := kv.Value(); v.Kind == unstable.InlineTable {
		for c := v.Children(); c.Next(); {
			if c.Node().Kind == unstable.KeyValue {
				keyValueLines(p, path, c.Node(), lines)
			}
		}
	}
}

func keyPath(prefix []string, n *unstable.Node) []string {
	path := append([]string(nil), prefix...)
	for it := n.Key(); it.Next(); {
		path = append(path, string(it.Node().Data))
	}
	return path
}
