package projectvars

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// Flyway's own files, looked for beside and above a checked file.
const (
	FlywayConf = "flyway.conf"
	FlywayTOML = "flyway.toml"
)

// flywaySettings are the settings of a Flyway configuration that decide
// placeholder values: the placeholders themselves, and the settings some
// built-in ${flyway:...} placeholders read.
type flywaySettings struct {
	*source
	user, defaultSchema, table string
}

// setting records one flyway.* setting (the key without "flyway."), as
// flyway.conf and [flyway] in flyway.toml both write them.
func (f *flywaySettings) setting(key, value, at string) error {
	if name, ok := strings.CutPrefix(key, "placeholders."); ok {
		if name == "" {
			return fmt.Errorf("a placeholder needs a name: placeholders.NAME")
		}
		f.values[name] = Value{Text: value, Origin: at}
		return nil
	}
	switch key {
	case "placeholderPrefix":
		f.prefix = value
	case "placeholderSuffix":
		f.suffix = value
	case "user":
		f.user = value
	case "defaultSchema":
		f.defaultSchema = value
	case "table":
		f.table = value
	}
	return nil
}

// ReadFlywayConf reads a flyway.conf (Java properties): the
// flyway.placeholders.NAME values, and flyway.placeholderPrefix/Suffix.
func ReadFlywayConf(name, src string) (Source, error) {
	f, err := readFlywayConf(name, src)
	if err != nil {
		return nil, err
	}
	return f.source, nil
}

func readFlywayConf(name, src string) (*flywaySettings, error) {
	props, err := readProperties(name, src)
	if err != nil {
		return nil, err
	}
	f := &flywaySettings{source: newSource(name)}
	for _, p := range props {
		key, ok := strings.CutPrefix(p.key, "flyway.")
		if !ok {
			continue
		}
		if err := f.setting(key, p.value, origin(name, p.line)); err != nil {
			return nil, &InputError{File: name, Line: p.line, Msg: err.Error()}
		}
	}
	return f, nil
}

// envPrefix is how Flyway's placeholder environment variables start.
// Flyway's documentation: "FLYWAY_PLACEHOLDERS_MYPLACEHOLDER=value" sets
// ${myplaceholder}; "Placeholders are case insensitive".
const envPrefix = "FLYWAY_PLACEHOLDERS_"

// FlywayEnv reads the FLYWAY_PLACEHOLDERS_NAME variables of environ
// ("NAME=value" strings, as os.Environ gives them); nil when there are
// none. Flyway lower-cases the name; matching ${NAME} ignores case.
func FlywayEnv(environ []string) Source {
	s := newSource("FLYWAY_PLACEHOLDERS_* environment variables")
	names := make([]string, 0)
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		name, isPlaceholder := strings.CutPrefix(k, envPrefix)
		if !ok || !isPlaceholder || name == "" {
			continue
		}
		s.values[strings.ToLower(name)] = Value{Text: v, Origin: "environment variable " + k}
		names = append(names, k)
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	s.name = "environment variables " + strings.Join(names, ", ")
	return s
}

// Flyway's built-in placeholders (documentation, "Default placeholders").
// Those that depend on the database connection or on the moment Flyway
// runs cannot be known offline: they stay opaque.
var flywayBuiltins = []string{
	"flyway:defaultSchema", "flyway:user", "flyway:database", "flyway:timestamp",
	"flyway:filename", "flyway:workingDirectory", "flyway:table", "flyway:environment",
}

// IsFlywayBuiltin reports whether name is one of Flyway's ${flyway:...}
// placeholders, which Flyway sets itself.
func IsFlywayBuiltin(name string) bool {
	for _, b := range flywayBuiltins {
		if strings.EqualFold(b, name) {
			return true
		}
	}
	return false
}

// builtins are the values of the ${flyway:...} placeholders decidable
// offline for the migration at path: its file name, the environment, the
// history table (default flyway_schema_history), and the user and default
// schema when the configuration sets them.
func (f *flywaySettings) builtins(path, environment string) map[string]Value {
	v := map[string]Value{
		"flyway:filename":    {Text: filepath.Base(path), Origin: "Flyway's ${flyway:filename}"},
		"flyway:environment": {Text: environment, Origin: "Flyway's ${flyway:environment}"},
		"flyway:table":       {Text: "flyway_schema_history", Origin: "Flyway's default history table"},
	}
	for name, val := range map[string]string{"flyway:user": f.user, "flyway:defaultSchema": f.defaultSchema, "flyway:table": f.table} {
		if val != "" {
			v[name] = Value{Text: val, Origin: f.name}
		}
	}
	return v
}
