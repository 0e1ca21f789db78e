package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Excluder holds the config's exclude patterns. A nil *Excluder excludes
// nothing.
type Excluder struct {
	dir      string // the config file's directory: patterns are relative to it
	patterns []string
}

// newExcluder checks the config's exclude patterns; nil without any.
func newExcluder(cfg *Config) (*Excluder, error) {
	n := cfg.node("exclude")
	if n == nil || len(n.elems) == 0 {
		return nil, nil
	}
	e := &Excluder{dir: cfg.Dir}
	for _, elem := range n.elems {
		if !doublestar.ValidatePattern(elem.text) {
			return nil, &Error{File: cfg.Path, Pos: elem.value, Key: "exclude", Msg: fmt.Sprintf("bad pattern %q", elem.text)}
		}
		e.patterns = append(e.patterns, elem.text)
	}
	return e, nil
}

// Excludes reports whether a file (relative to the working directory) is
// excluded: a pattern matches its path relative to the config file, or a
// directory above it.
func (e *Excluder) Excludes(path string) bool {
	if e == nil {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(e.dir, abs)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, pattern := range e.patterns {
		if ok, _ := doublestar.Match(pattern, rel); ok {
			return true
		}
		if ok, _ := doublestar.Match(strings.TrimSuffix(pattern, "/")+"/**", rel); ok {
			return true
		}
	}
	return false
}
