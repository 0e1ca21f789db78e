package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/redshift-preflight/redshift-preflight/internal/files"

	"github.com/redshift-preflight/redshift-preflight/internal/sqlview"
)

// Input is one SQL source to check.
type Input struct {
	Name  string // as reports show it (slash-separated); "-" for stdin
	Path  string // to open; "" for stdin
	Stdin bool
	// Prepare, when set, makes the SQL a migration tool runs from this
	// file (a Liquibase changelog, a dbt model); nil reads it as SQL.
	Prepare sqlview.Preparer
	// Step is the file's place in its tool's run when the tool's own
	// files decide it (a sqitch plan): 1, 2, ... in run order; 0 when its
	// name (Flyway's V2__) or its path decides; NotRun for a file that
	// no forward run executes (a sqitch revert or verify script).
	Step int
}

// NotRun is the Step of a file that is checked but is not part of a
// forward run: ASSUMEROLE grants are not replayed from it.
const NotRun = -1

// A Layout is one migration tool's way of keeping SQL in a project
// (Liquibase, dbt, sqitch). Expand asks every layout while it walks and
// once the inputs are known.
type Layout interface {
	// SkipDir: a directory the walk does not enter (dbt's target/ in a
	// dbt project). Only walked directories are asked, never a path
	// named on the command line.
	SkipDir(dir string) bool
	// Holds: a file that is not *.sql but holds SQL this tool runs (a
	// Liquibase changelog, dbt_project.yml), walked like *.sql.
	Holds(path string) bool
	// Arrange sees all inputs, in argument order: it may attach a
	// Preparer, add the files a changelog names, drop a file that another
	// input already covers, and put inputs in the tool's run order. An
	// error is an input error (exit 2).
	Arrange(inputs []Input) ([]Input, error)
}

// skippedDirs are never walked for SQL files.
var skippedDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "node_modules": true}

// Expand turns check's PATH arguments (SPEC §1) into inputs: a file, a
// directory walked for *.sql, a glob (** for any depth), or - for stdin;
// relative paths are relative to the working directory. A path that does
// not exist, a pattern that matches nothing, or a directory or pattern
// that gives no file to check is an error: an empty run is not "no
// problems". Files the config excludes are skipped even when named
// explicitly, as pre-commit names every changed file. Each file appears
// once, in argument order.
func Expand(paths []string, exclude *Excluder, layouts ...Layout) ([]Input, error) {
	w := walker{layouts: layouts}
	var out []Input
	seen := map[string]bool{}
	add := func(in Input) {
		key := in.Path
		if in.Stdin {
			key = "-"
		}
		if !seen[key] && (in.Stdin || !exclude.Excludes(in.Path)) {
			seen[key] = true
			out = append(out, in)
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(Input{Name: "-", Stdin: true})
			continue
		}
		found, err := w.expand(p)
		if err != nil {
			return nil, err
		}
		if err := yields(p, found, exclude); err != nil {
			return nil, err
		}
		for _, f := range found {
			add(Input{Name: filepath.ToSlash(f), Path: f})
		}
	}
	for _, l := range layouts {
		var err error
		if out, err = l.Arrange(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// walker expands paths, asking the layouts which directories to skip and
// which other files hold SQL.
type walker struct {
	layouts []Layout
}

// yields: a directory or a pattern must give a file to check, or the
// run would say "no problems" about nothing. A file named explicitly
// that the config excludes is skipped without a word (pre-commit).
func yields(p string, found []string, exclude *Excluder) error {
	if isFile(p) {
		return nil
	}
	if len(found) == 0 {
		return fmt.Errorf("no SQL file in %s (a directory is walked for *.sql)", p)
	}
	for _, f := range found {
		if !exclude.Excludes(f) {
			return nil
		}
	}
	return fmt.Errorf("nothing to check in %s: the config excludes every SQL file there", p)
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir()
}

func (w walker) expand(p string) ([]string, error) {
	info, err := os.Stat(p)
	switch {
	case err == nil && info.IsDir():
		return w.walk(p)
	case err == nil && !info.Mode().IsRegular():
		// refused from the stat, never opened: opening a device can act
		// (a tape rewinds), a named pipe waits for a writer
		return nil, fmt.Errorf("cannot read %s: %v", p, &files.NotRegularError{Mode: info.Mode()})
	case err == nil:
		return []string{filepath.Clean(p)}, nil
	case hasGlobMeta(p):
		return w.expandGlob(p)
	}
	return nil, fmt.Errorf("cannot read %s: %v", p, cleanErr(err))
}

func hasGlobMeta(p string) bool { return strings.ContainsAny(p, "*?[{") }

// expandGlob lists the files a pattern matches, walking matched
// directories. A directory the pattern must look into but cannot read is an
// error: doublestar skips it by default, which would leave its files
// unchecked without a word.
func (w walker) expandGlob(pattern string) ([]string, error) {
	matches, err := doublestar.FilepathGlob(pattern, doublestar.WithFailOnIOErrors())
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, fmt.Errorf("cannot read %s (matching %s): %v", globPath(pattern, pe.Path), pattern, pe.Err)
	}
	if err != nil {
		return nil, fmt.Errorf("bad path pattern %s: %v", pattern, err)
	}
	var found []string
	for _, m := range matches {
		info, err := os.Stat(m)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %v", m, cleanErr(err))
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				return nil, fmt.Errorf("cannot read %s: %v", m, &files.NotRegularError{Mode: info.Mode()})
			}
			found = append(found, m)
			continue
		}
		sub, err := w.walk(m)
		if err != nil {
			return nil, err
		}
		found = append(found, sub...)
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("path pattern %s matches no files", pattern)
	}
	return found, nil
}

// globPath is the path of an I/O error of doublestar, which names it
// relative to the pattern's base directory.
func globPath(pattern, name string) string {
	base, _ := doublestar.SplitPattern(filepath.ToSlash(filepath.Clean(pattern)))
	return path.Join(base, filepath.ToSlash(name))
}

// walk lists the *.sql files below dir, and those a layout says hold SQL,
// in lexical order.
func (w walker) walk(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", filepath.ToSlash(path), cleanErr(err))
		}
		if d.IsDir() && path != dir && (skippedDirs[d.Name()] || w.skipDir(path)) {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.EqualFold(filepath.Ext(path), ".sql") || w.holds(path)) {
			files = append(files, path)
		}
		return nil
	})
	return files, err
}

func (w walker) skipDir(dir string) bool {
	for _, l := range w.layouts {
		if l.SkipDir(dir) {
			return true
		}
	}
	return false
}

func (w walker) holds(path string) bool {
	for _, l := range w.layouts {
		if l.Holds(path) {
			return true
		}
	}
	return false
}
