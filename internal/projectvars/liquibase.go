package projectvars

import (
	"path/filepath"
	"strings"
)

// LiquibaseProperties is Liquibase's defaults file, looked for beside and
// above a checked file.
const LiquibaseProperties = "liquibase.properties"

// LiquibaseSettings are what a liquibase.properties says about a project:
// its changelog parameters and its root changelog.
type LiquibaseSettings struct {
	Params Source
	// ChangeLog is the root changelog as written (changeLogFile,
	// changelog-file), "" when unset; ChangeLogLine is where.
	ChangeLog     string
	ChangeLogLine int
}

// changeLogKeys name the root changelog in liquibase.properties: Liquibase
// 4 accepts the old camel case, the kebab case of its CLI, and the
// liquibase.command.* form.
var changeLogKeys = map[string]bool{
	"changelogfile": true, "changelog-file": true, "liquibase.command.changelogfile": true,
}

// ReadLiquibaseProperties reads a liquibase.properties (Java properties).
// Liquibase's documentation on changelog parameters: "In the parameters
// block of the liquibase.properties file: parameter.NAME=value". Its
// values lose to -DNAME= (given here as --var) and win over the
// changelog's own <property> (first definition wins, and the defaults
// file is read before any changelog).
func ReadLiquibaseProperties(name, src string) (*LiquibaseSettings, error) {
	props, err := readProperties(name, src)
	if err != nil {
		return nil, err
	}
	s := newSource(name)
	ls := &LiquibaseSettings{Params: s}
	for _, p := range props {
		if param, ok := strings.CutPrefix(p.key, "parameter."); ok && param != "" {
			// Liquibase keeps the first definition of a parameter.
			if _, set := s.values[param]; !set {
				s.values[param] = Value{Text: p.value, Origin: origin(name, p.line)}
			}
			continue
		}
		if changeLogKeys[strings.ToLower(p.key)] && ls.ChangeLog == "" {
			ls.ChangeLog, ls.ChangeLogLine = p.value, p.line
		}
	}
	return ls, nil
}

// Nearest is the file called name in dir or the nearest directory above
// it, up to the repository root (a directory holding .git) or the
// filesystem root; "" when there is none.
func Nearest(dir, name string) string {
	for {
		if p := fileIn(dir, name); p != "" {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir || exists(filepath.Join(dir, ".git")) {
			return ""
		}
		dir = parent
	}
}

// readLiquibase reads the liquibase.properties found for a directory.
func (f *Finder) readLiquibase(path string) (Source, error) {
	if path == "" {
		return nil, nil
	}
	src, err := f.read(path)
	if err != nil {
		return nil, err
	}
	ls, err := ReadLiquibaseProperties(displayPath(path), src)
	if err != nil {
		return nil, err
	}
	if len(ls.Params.Values()) == 0 {
		return nil, nil // a defaults file with no parameters supplies no values
	}
	return ls.Params, nil
}
