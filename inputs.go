package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// input is one SQL source to check.
type input struct {
	name  string // as reports show it
	path  string
	stdin bool
}

func (in input) read(stdin io.Reader) ([]byte, error) {
	if in.stdin {
		src, err := io.ReadAll(stdin)
		if err != nil {
			return nil, usageErrorf("cannot read standard input: %v", err)
		}
		return src, nil
	}
	src, err := os.ReadFile(in.path)
	if err != nil {
		return nil, usageErrorf("cannot read %s: %v", in.name, cleanErr(err))
	}
	return src, nil
}

// skippedDirs are never walked for SQL files.
var skippedDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "node_modules": true}

// collectInputs expands the PATH arguments of check (SPEC §1): a file, a
// directory walked for *.sql, a glob (with ** for any depth), or - for stdin.
// A path that does not exist, or a pattern that matches nothing, is an error.
// Files the config excludes are skipped, even when named explicitly (as
// pre-commit names every changed file).
func collectInputs(paths []string, cfg *fileConfig) ([]input, error) {
	var out []input
	seen := map[string]bool{}
	add := func(in input) {
		if !in.stdin && cfg.excludes(in.path) {
			return
		}
		key := in.path
		if in.stdin {
			key = "-"
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, in)
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(input{name: "-", stdin: true})
			continue
		}
		found, err := expand(p)
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			add(input{name: filepath.ToSlash(f), path: f})
		}
	}
	return out, nil
}

func expand(p string) ([]string, error) {
	info, err := os.Stat(p)
	switch {
	case err == nil && info.IsDir():
		return walkSQL(p)
	case err == nil:
		return []string{filepath.Clean(p)}, nil
	case hasGlobMeta(p):
		return expandGlob(p)
	}
	return nil, usageErrorf("cannot read %s: %v", p, cleanErr(err))
}

func hasGlobMeta(p string) bool { return strings.ContainsAny(p, "*?[{") }

func expandGlob(pattern string) ([]string, error) {
	matches, err := doublestar.FilepathGlob(pattern)
	if err != nil {
		return nil, usageErrorf("bad path pattern %s: %v", pattern, err)
	}
	var files []string
	for _, m := range matches {
		info, err := os.Stat(m)
		if err != nil {
			return nil, usageErrorf("cannot read %s: %v", m, cleanErr(err))
		}
		if info.IsDir() {
			sub, err := walkSQL(m)
			if err != nil {
				return nil, err
			}
			files = append(files, sub...)
			continue
		}
		files = append(files, m)
	}
	if len(files) == 0 {
		return nil, usageErrorf("path pattern %s matches no files", pattern)
	}
	return files, nil
}

// walkSQL lists the *.sql files below dir in lexical order.
func walkSQL(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return usageErrorf("cannot read %s: %v", filepath.ToSlash(path), cleanErr(err))
		}
		if d.IsDir() && path != dir && skippedDirs[d.Name()] {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".sql") {
			files = append(files, path)
		}
		return nil
	})
	return files, err
}

// cleanErr drops the path and operation Go puts in file errors, because our
// messages already name the file.
func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
