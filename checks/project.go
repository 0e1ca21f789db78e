package checks

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// valuesFor gives each source its placeholder values: those of the
// project's own files above it (opts.Project), under opts.Vars (--var,
// --vars-file, the config's [vars]), which win per name.
func valuesFor(opts RunOptions) func(Source) (fileValues, error) {
	return func(s Source) (fileValues, error) {
		if opts.Project == nil {
			return fileValues{vars: opts.Vars}, nil
		}
		path := s.Path
		if path == "" { // standard input: the name it is reported under
			path = s.Name
		}
		p, err := opts.Project.For(path)
		if err != nil {
			return fileValues{}, err
		}
		fv := fileValues{vars: sqlparse.Vars{}, origins: map[string]string{}}
		fv.delims.Prefix, fv.delims.Suffix = p.Delimiters()
		for name, v := range p.Values {
			fv.vars[name] = v.Text
			fv.origins[strings.ToLower(name)] = v.Origin
		}
		for name, v := range opts.Vars {
			deleteFolded(fv.vars, name) // Flyway names ignore case: ${ROLE} must not find the project's role
			delete(fv.origins, strings.ToLower(name))
			fv.vars[name] = v
		}
		return fv, nil
	}
}

// fileValues are a file's placeholder values, and where the project's
// files set them (lower-case name → "flyway.toml:12").
type fileValues struct {
	vars    sqlparse.Vars
	origins map[string]string
	delims  sqlparse.Delimiters // the project's placeholder prefix and suffix
}

// originNotes say where the project set the placeholders substituted
// within span of reference ref, for a finding there. Values are not
// shown: a placeholder may hold a secret.
func (p *Pass) originNotes(ref int, span sqlparse.Span) []string {
	origins := p.Config.Origins[p.File.Name]
	if len(origins) == 0 || ref < 0 || ref >= len(p.Refs) {
		return nil
	}
	var notes []string
	for _, ph := range p.Refs[ref].Ref.Value.Placeholders {
		key := ph.Name
		if ph.Key != "" { // a dbt var() read under sqlparse.DbtVarKey
			key = ph.Key
		}
		at, ok := origins[strings.ToLower(key)]
		builtin := projectvars.IsFlywayBuiltin(ph.Name)
		if ph.Resolved && ok && !builtin && ph.Raw[0] != ':' && ph.Span.Start < span.End && span.Start < ph.Span.End {
			notes = append(notes, fmt.Sprintf("the value of %s comes from %s", ph.Raw, at))
		}
	}
	return notes
}

// under adds the values a file defines for its own SQL (a Liquibase
// changelog's properties) below fv's: a name fv already has, in any case,
// keeps its value. fv's maps may be shared with other files: it copies.
func (fv fileValues) under(own map[string]projectvars.Value) fileValues {
	if len(own) == 0 {
		return fv
	}
	out := fileValues{vars: sqlparse.Vars{}, origins: map[string]string{}, delims: fv.delims}
	for name, v := range own {
		out.vars[name] = v.Text
		out.origins[strings.ToLower(name)] = v.Origin
	}
	for name, v := range fv.vars {
		deleteFolded(out.vars, name)
		delete(out.origins, strings.ToLower(name))
		out.vars[name] = v
	}
	for name, at := range fv.origins {
		out.origins[name] = at
	}
	return out
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
