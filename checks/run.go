package checks

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/internal/sqlview"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Source is one SQL input: a file, or a reader (standard input).
type Source struct {
	Name   string    // as reports show it
	Path   string    // the file to read; "" when Reader is set
	Reader io.Reader // standard input; nil for a file
	// Prepare, when set, makes the SQL a migration tool runs from the
	// file's bytes (internal/sqlview); nil reads the file as SQL.
	Prepare sqlview.Preparer
	// Step is the file's place in its tool's run (config.Input.Step): > 0
	// a sqitch plan's order, 0 its name or path decides, < 0 not run.
	Step int
}

// RunOptions is everything check does.
type RunOptions struct {
	Sources []Source
	Vars    map[string]string // placeholder values by name; nil for none
	// Project finds the values a templated project keeps in its tools' own
	// files (flyway.toml, ...) above each source; Vars win over them. Nil
	// reads none.
	Project *projectvars.Finder
	// Manifests are the URLs listed by local copies of COPY manifests, by
	// the manifest's s3:// URL (scheme in lower case); nil for none. A COPY
	// ... MANIFEST naming one has each listed object checked.
	Manifests  map[string][]string
	Rules      RuleOptions
	Data       DataOptions
	AssumeRole AssumeRoleConfig // who runs the SQL, for assumerole-not-granted
	// Connections are the [[connections]] of the configuration file, checked
	// after the SQL; nil when it has none.
	Connections *ConnectionsFile
	// Limits bound the size of each SQL source (data files: Data.Limits);
	// the zero value holds the defaults.
	Limits files.Limits
}

// Run is the check pipeline: it reads and parses every source, loads the
// data, replays the ASSUMEROLE grants in run order, checks every file, and
// then the configuration's connections. An error means the input cannot be
// used (an unreadable file, data that cannot be read): a usage error, not a
// finding.
func Run(opts RunOptions) (*Results, error) {
	if err := opts.Rules.Validate(); err != nil {
		return nil, err
	}
	world, notes, err := loadWorld(opts.Data)
	if err != nil {
		return nil, err
	}
	cfg := &Config{Rules: opts.Rules, World: world, AssumeRole: opts.AssumeRole, Manifests: opts.Manifests}
	check := checkWhole
	if world == nil && !opts.AssumeRole.checks() {
		check = checkEach
	}
	files, own, err := check(opts, cfg)
	if err != nil {
		return nil, err
	}
	notes = append(notes, projectNotes(opts.Project)...)
	notes = append(notes, own...)
	mergeAdvisories(files)
	res := collect(files)
	res.Notes = notes
	if err := checkConnections(res, opts.Connections, cfg); err != nil {
		return nil, err
	}
	return res, nil
}

// checkEach checks each file as soon as it is parsed, and keeps of it only
// what the report needs (compact): memory does not grow with the parse
// state of every file. It serves runs in which no file depends on the
// others, that is without IAM data (whose documents are decoded for the
// roles every file names, before any file is checked) and without the
// ASSUMEROLE grants replayed over the whole run.
func checkEach(opts RunOptions, cfg *Config) ([]*FileResult, []string, error) {
	values, limit := valuesFor(opts), opts.Limits.Of(files.SQL)
	results := make([]*FileResult, len(opts.Sources))
	own := make([][]string, len(opts.Sources))
	err := forEach(len(opts.Sources), readWorkers(), func(i int) error {
		parsed, origins, o, err := parseSource(opts.Sources[i], values, limit)
		if err != nil {
			return err
		}
		own[i] = o
		c := *cfg
		if len(origins) > 0 {
			c.Origins = map[string]map[string]string{opts.Sources[i].Name: origins}
		}
		results[i] = CheckFile(parsed, &c)
		compact(results[i])
		return nil
	})
	return results, valuesNotes(own), err
}

// checkWhole parses every file first, decodes the IAM documents of the
// roles they name and replays the ASSUMEROLE grants over all of them in
// run order (sequentially), then checks the files in parallel.
func checkWhole(opts RunOptions, cfg *Config) ([]*FileResult, []string, error) {
	parsed, origins, own, err := parseSources(opts.Sources, valuesFor(opts), opts.Limits.Of(files.SQL))
	if err != nil {
		return nil, nil, err
	}
	if err := decode(cfg.World, namedRoles(parsed)); err != nil {
		return nil, nil, err
	}
	cfg.Origins = origins
	steps := make([]int, len(opts.Sources))
	for i, s := range opts.Sources {
		steps[i] = s.Step
	}
	cfg.Grants = ReplayGrantsSteps(parsed, steps, opts.AssumeRole)
	results := make([]*FileResult, len(parsed))
	_ = forEach(len(parsed), runtime.GOMAXPROCS(0), func(i int) error {
		results[i] = CheckFile(parsed[i], cfg)
		compact(results[i])
		return nil
	})
	return results, own, nil
}

// parseSources reads and parses every source in parallel, keeping their
// order; values gives each source its placeholder values. It returns the
// origins of the values the project's files set, by file name, and notes
// naming the files whose own values views used (Liquibase changelogs).
func parseSources(sources []Source, values func(Source) (fileValues, error), limit files.Limit) ([]*sqlparse.Result, map[string]map[string]string, []string, error) {
	parsed := make([]*sqlparse.Result, len(sources))
	origins := make([]map[string]string, len(sources))
	own := make([][]string, len(sources))
	err := forEach(len(sources), readWorkers(), func(i int) error {
		var err error
		parsed[i], origins[i], own[i], err = parseSource(sources[i], values, limit)
		return err
	})
	byName := map[string]map[string]string{}
	for i, o := range origins {
		if len(o) > 0 {
			byName[sources[i].Name] = o
		}
	}
	return parsed, byName, valuesNotes(own), err
}

// parseSource reads and parses one source, and returns the origins of the
// values the project's files set and the files whose own values the view
// used.
func parseSource(s Source, values func(Source) (fileValues, error), limit files.Limit) (*sqlparse.Result, map[string]string, []string, error) {
	src, err := s.read(limit)
	if err != nil {
		return nil, nil, nil, err
	}
	view, err := s.prepare(src)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := values(s)
	if err != nil {
		return nil, nil, nil, err
	}
	file := sqlparse.NewFile(s.Name, src)
	var own []string
	if view != nil {
		file = sqlparse.NewView(s.Name, view.SQL, src)
		v = v.under(view.Values)
		own = originFiles(view.Values)
	}
	parsed := sqlparse.Parse(file, sqlparse.Options{Vars: v.vars, Delimiters: v.delims})
	if view != nil {
		parsed.Diagnostics = append(parsed.Diagnostics, problems(view)...)
	}
	return parsed, v.origins, own, nil
}

// originFiles are the files values were written in ("db/changelog.xml"
// of "db/changelog.xml:3").
func originFiles(values map[string]projectvars.Value) []string {
	var out []string
	for _, v := range values {
		file := v.Origin
		if i := strings.LastIndexByte(file, ':'); i > 0 && strings.Trim(file[i+1:], "0123456789") == "" {
			file = file[:i]
		}
		out = append(out, file)
	}
	return out
}

// valuesNotes name each file once, sorted, as the run's notes name the
// project's files: "values from db/changelog.xml".
func valuesNotes(files [][]string) []string {
	set := map[string]bool{}
	for _, fs := range files {
		for _, f := range fs {
			set["values from "+f] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// read reads a source: a regular file, or standard input, which may be
// anything the user chose to pipe in, within the limit.
func (s Source) read(limit files.Limit) ([]byte, error) {
	if s.Reader != nil {
		src, err := files.ReadAll(s.Reader, limit)
		if err != nil {
			return nil, fmt.Errorf("cannot read standard input: %v", err)
		}
		return src, nil
	}
	src, err := files.ReadFile(s.Path, limit)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", s.Name, pathErr(err))
	}
	return src, nil
}

// prepare makes the view of a migration tool's file; nil for plain SQL.
func (s Source) prepare(src []byte) (*sqlview.View, error) {
	if s.Prepare == nil {
		return nil, nil
	}
	return s.Prepare(src)
}

// pathErr drops the path and operation Go puts in file errors, because our
// messages already name the file.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readWorkers: reading files spends most of its time blocked in open and
// read, so it gets more goroutines than there are CPUs.
func readWorkers() int { return 4 * runtime.GOMAXPROCS(0) }

// forEach runs fn for 0..n-1 on the given number of goroutines and returns
// the first error by index.
func forEach(n, workers int, fn func(i int) error) error {
	errs := make([]error, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs[i] = fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return firstError(errs)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// problems are a view's problems as the diagnostics bad-include reports.
func problems(view *sqlview.View) []sqlparse.Diagnostic {
	var out []sqlparse.Diagnostic
	for _, p := range view.Problems {
		out = append(out, sqlparse.Diagnostic{Kind: sqlparse.DiagInclude, Span: sqlparse.Span{Start: p.Start, End: p.End},
			Message: p.Message, Help: p.Help, Reference: -1})
	}
	return out
}
