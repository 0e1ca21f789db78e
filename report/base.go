package report

import (
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Base is where the machine-readable reports (SARIF, github) start their
// file paths: the repository root, as GitHub wants them, and the working
// directory that relative file names are relative to.
type Base struct {
	Root    string // absolute; "" when unknown: relative names are kept as given
	WorkDir string // absolute
}

// WorkingBase is the Base of the process: FindBase of its working
// directory, or an empty Base when that cannot be read.
func WorkingBase() Base {
	wd, err := os.Getwd()
	if err != nil {
		return Base{}
	}
	return FindBase(wd)
}

// FindBase walks up from the absolute directory wd to the repository root,
// the first directory holding a .git entry (a directory, or a file as in
// worktrees and submodules), as git rev-parse --show-toplevel would find
// it without running git; wd itself when no directory up to / has one.
func FindBase(wd string) Base {
	wd = filepath.Clean(wd)
	for dir := wd; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return Base{Root: dir, WorkDir: wd}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Base{Root: wd, WorkDir: wd}
		}
		dir = parent
	}
}

// rel is a reported file name as a slash-separated path below the root;
// ok is false for a name outside it (or absolute, without a root).
func (b Base) rel(name string) (string, bool) {
	if b.Root == "" {
		if filepath.IsAbs(name) || strings.HasPrefix(name, "/") {
			return "", false
		}
		return path.Clean(filepath.ToSlash(name)), true
	}
	abs := name
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(b.WorkDir, name)
	}
	r, err := filepath.Rel(b.Root, abs)
	if err != nil || r == "." || !filepath.IsLocal(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// display is a reported file name as the github format names it: below the
// root, relative to it; elsewhere, as reported.
func (b Base) display(name string) string {
	if r, ok := b.rel(name); ok {
		return r
	}
	return name
}
