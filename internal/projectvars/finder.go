package projectvars

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
)

// Options say how to read a project's values.
type Options struct {
	// FlywayEnvironment chooses the flyway.toml environment, over the
	// file's own [flyway] environment; "" for the file's.
	FlywayEnvironment string
	Environ           []string         // the process environment, "NAME=value"
	DbtVars           map[string]Value // --dbt-vars: over dbt_project.yml, under --var
	Limit             files.Limit      // the largest configuration file read; zero: the default for config files
}

// Project is what a checked file sees: the values of the sources found
// above it, merged in precedence order.
type Project struct {
	Values  map[string]Value
	Sources []Source // lowest precedence first
	Notes   []string // what could not be used
}

// Finder finds and reads the sources above checked files, each directory
// once. It is safe for concurrent use.
type Finder struct {
	opts  Options
	env   Source
	mu    sync.Mutex
	dirs  map[string]*dirFiles
	dbt   map[string]dbtRead // dbt_project.yml files read, by path (dbt.go)
	found seen               // the names of the sources read, for the summary
	notes seen
}

// seen keeps strings in the order first added, once each.
type seen struct {
	list []string
	set  map[string]bool
}

func (s *seen) add(v string) {
	if s.set == nil {
		s.set = map[string]bool{}
	}
	if !s.set[v] {
		s.set[v] = true
		s.list = append(s.list, v)
	}
}

// dirFiles are the Flyway, sqitch, dbt and Liquibase files nearest to a
// directory ("" when none).
type dirFiles struct {
	conf, toml string
	sqitch     string // sqitch.conf
	dbt        string
	liquibase  string // liquibase.properties
}

// NewFinder starts a finder; nothing is read until For.
func NewFinder(opts Options) *Finder {
	if opts.Limit.Bytes == 0 {
		opts.Limit = files.Limits{}.Of(files.Config)
	}
	return &Finder{opts: opts, env: FlywayEnv(opts.Environ), dirs: map[string]*dirFiles{}}
}

// For reads the sources that apply to the file at path. A source that
// cannot be read as its tool would is an *InputError.
func (f *Finder) For(path string) (*Project, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	df := f.lookup(dir)
	p := &Project{Values: map[string]Value{}}
	sqitchNotes, err := f.readSqitch(df, p)
	if err != nil {
		return nil, err
	}
	settings, env, err := f.readFlyway(df)
	if err != nil {
		return nil, err
	}
	for _, s := range settings {
		p.add(s.source)
	}
	if f.env != nil {
		p.add(f.env)
	}
	if err := f.addDbt(p, df.dbt); err != nil {
		return nil, err
	}
	lq, err := f.readLiquibase(df.liquibase)
	if err != nil {
		return nil, err
	}
	if lq != nil {
		p.add(lq)
	}
	p.addBuiltins(settings, path, env)
	p.Notes = append(delimiterNotes(p.Sources), sqitchNotes...)
	f.record(p)
	return p, nil
}

// Read names the sources read so far, and what of them could not be
// used, sorted (files are read in parallel): the run's summary says them.
func (f *Finder) Read() (sources, notes []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(slices.Values(f.found.list)), slices.Sorted(slices.Values(f.notes.list))
}

func (f *Finder) record(p *Project) {
	for _, s := range p.Sources {
		f.found.add("values from " + s.Name())
	}
	for _, n := range p.Notes {
		f.notes.add(n)
	}
}

// lookup finds the Flyway files nearest to dir, walking up to the
// repository root (a directory holding .git) or the filesystem root.
func (f *Finder) lookup(dir string) *dirFiles {
	if df, ok := f.dirs[dir]; ok {
		return df
	}
	df := &dirFiles{conf: fileIn(dir, FlywayConf), toml: fileIn(dir, FlywayTOML), sqitch: fileIn(dir, SqitchConf), dbt: fileIn(dir, DbtProjectFile),
		liquibase: fileIn(dir, LiquibaseProperties)}
	if parent := filepath.Dir(dir); parent != dir && !exists(filepath.Join(dir, ".git")) {
		up := f.lookup(parent)
		df.conf = cmp(df.conf, up.conf)
		df.toml = cmp(df.toml, up.toml)
		df.sqitch = cmp(df.sqitch, up.sqitch)
		df.dbt = cmp(df.dbt, up.dbt)
		df.liquibase = cmp(df.liquibase, up.liquibase)
	}
	f.dirs[dir] = df
	return df
}

func cmp(near, far string) string {
	if near != "" {
		return near
	}
	return far
}

func fileIn(dir, name string) string {
	p := filepath.Join(dir, name)
	if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
		return p
	}
	return ""
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// readFlyway reads the Flyway files, flyway.conf first (lower precedence).
func (f *Finder) readFlyway(df *dirFiles) ([]*flywaySettings, string, error) {
	var settings []*flywaySettings
	if df.conf != "" {
		src, err := f.read(df.conf)
		if err != nil {
			return nil, "", err
		}
		c, err := readFlywayConf(displayPath(df.conf), src)
		if err != nil {
			return nil, "", err
		}
		settings = append(settings, c)
	}
	env := f.opts.FlywayEnvironment
	if df.toml != "" {
		src, err := f.read(df.toml)
		if err != nil {
			return nil, "", err
		}
		t, tomlEnv, err := readFlywayTOML(displayPath(df.toml), src, env)
		if err != nil {
			return nil, "", err
		}
		settings, env = append(settings, t), tomlEnv
	}
	return settings, env, nil
}

func (f *Finder) read(path string) (string, error) {
	src, err := files.ReadFile(path, f.opts.Limit)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %v", displayPath(path), err)
	}
	return string(files.TrimBOM(src)), nil
}

// displayPath is path relative to the working directory when it is below it.
func displayPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return path
}

// add merges a source over the values so far.
func (p *Project) add(s Source) {
	p.Sources = append(p.Sources, s)
	for name, v := range s.Values() {
		p.Values[name] = v
	}
}

// addBuiltins adds Flyway's ${flyway:...} values that are decidable
// offline, under what the configuration sets; the environment defaults to
// Flyway's "default".
func (p *Project) addBuiltins(settings []*flywaySettings, path, env string) {
	if env == "" {
		env = "default"
	}
	merged := &flywaySettings{source: newSource("Flyway")}
	for _, s := range settings {
		merged.name = s.name
		merged.user = cmp(s.user, merged.user)
		merged.defaultSchema = cmp(s.defaultSchema, merged.defaultSchema)
		merged.table = cmp(s.table, merged.table)
	}
	for name, v := range merged.builtins(path, env) {
		if _, set := p.Values[name]; !set {
			p.Values[name] = v
		}
	}
}

// Delimiters are the placeholder prefix and suffix the project's files
// set for the file, each the last one set in precedence order (a
// flyway.toml's over a flyway.conf's); "${" and "}" when none does.
func (p *Project) Delimiters() (prefix, suffix string) {
	prefix, suffix = "${", "}"
	for _, s := range p.Sources {
		sp, ss := s.Delimiters()
		if sp != "${" {
			prefix = sp
		}
		if ss != "}" {
			suffix = ss
		}
	}
	return prefix, suffix
}

// delimiterNotes: delimiters that cannot be read (empty, or holding a line
// break: a Flyway placeholder is on one line) leave only ${NAME}
// recognised; the note says that placeholders written with them are not
// checked.
func delimiterNotes(sources []Source) []string {
	var notes []string
	for _, s := range sources {
		if prefix, suffix := s.Delimiters(); prefix == "" || suffix == "" || strings.ContainsAny(prefix+suffix, "\r\n") {
			notes = append(notes, fmt.Sprintf("%s sets the placeholder delimiters %q and %q, which cannot be read; only ${NAME} placeholders are recognised, so placeholders written with them are not checked",
				s.Name(), prefix, suffix))
		}
	}
	return notes
}
