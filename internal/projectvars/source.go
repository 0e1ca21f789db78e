package projectvars

import "fmt"

// Value is one placeholder value and where it was written.
type Value struct {
	Text   string
	Origin string // "flyway.conf:3", "environment variable FLYWAY_PLACEHOLDERS_ROLE"
}

// Source is one place that supplies placeholder values.
type Source interface {
	// Name says what was read, for the run's summary:
	// "flyway.toml (environment dev)".
	Name() string
	// Values are the placeholder values by name, as the tool spells them.
	Values() map[string]Value
	// Delimiters are the placeholder prefix and suffix the tool uses with
	// these values ("${" and "}" unless configured).
	Delimiters() (prefix, suffix string)
}

// InputError is a source that cannot be read as its tool would: a
// malformed file, named with its line.
type InputError struct {
	File string
	Line int
	Msg  string
}

func (e *InputError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// origin is "file:line".
func origin(file string, line int) string {
	if line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// source is the one Source implementation readers fill in.
type source struct {
	name           string
	values         map[string]Value
	prefix, suffix string
}

func (s *source) Name() string                        { return s.name }
func (s *source) Values() map[string]Value            { return s.values }
func (s *source) Delimiters() (prefix, suffix string) { return s.prefix, s.suffix }

func newSource(name string) *source {
	return &source{name: name, values: map[string]Value{}, prefix: "${", suffix: "}"}
}
