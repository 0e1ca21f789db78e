package checks

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// valuesFor gives each source its placeholder values: those of the
// project's own files above it (opts.Project), under opts.Vars (--var,
// --vars-file, the config's [vars]), which win per name.
func valuesFor(opts RunOptions) func(Source) (sqlparse.Vars, error) {
	return func(s Source) (sqlparse.Vars, error) {
		if opts.Project == nil {
			return opts.Vars, nil
		}
		path := s.Path
		if path == "" { // standard input: the name it is reported under
			path = s.Name
		}
		p, err := opts.Project.For(path)
		if err != nil {
			return nil, err
		}
		vars := sqlparse.Vars{}
		for name, v := range p.Values {
			vars[name] = v.Text
		}
		for name, v := range opts.Vars {
			deleteFolded(vars, name) // Flyway names ignore case: ${ROLE} must not find the project's role
			vars[name] = v
		}
		return vars, nil
	}
}

func deleteFolded(vars sqlparse.Vars, name string) {
	for k := range vars {
		if strings.EqualFold(k, name) {
			delete(vars, k)
		}
	}
}

// projectNotes name the project files whose values were read, and what
// of them could not be used, for the run's summary.
func projectNotes(f *projectvars.Finder) []string {
	if f == nil {
		return nil
	}
	sources, notes := f.Read()
	return append(sources, notes...)
}
