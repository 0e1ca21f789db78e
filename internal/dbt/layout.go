// Package dbt is check's knowledge of dbt projects (a directory holding
// dbt_project.yml): which directories hold no sources (target/,
// dbt_packages/, logs/ or the paths the project sets), and the SQL of its
// hooks — pre_hook/post_hook in a model's {{ config(...) }}, +pre-hook,
// +post-hook, on-run-start and on-run-end in dbt_project.yml — turned into
// same-offset SQL views (internal/sqlview). Values are projectvars'.
package dbt

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
)

// Layout is dbt's config.Layout.
//
// docs.getdbt.com, "How can I see the SQL that dbt is running?": "The
// target/compiled/ directory for compiled select statements", "The
// target/run/ directory for compiled create statements". The statements
// dbt runs are target/run's: with Compiled, that is what is checked in a
// dbt project instead of its models and macros (target/compiled holds the
// same selects without the DDL around them, and would report every
// finding twice).
type Layout struct {
	Compiled bool
	Limit    files.Limit // the largest dbt_project.yml read

	mu    sync.Mutex
	roots map[string]*root // by absolute directory: the dbt project it is in, nil for none
}

// root is a dbt project's directory and its output paths, relative to it.
type root struct {
	dir                    string
	target, packages, logs string
}

var _ config.Layout = (*Layout)(nil)

// SkipDir skips dbt's output, its installed packages and its logs; with
// Compiled, everything of a project but target/run.
func (l *Layout) SkipDir(dir string) bool {
	r, rel := l.inProject(dir)
	if r == nil {
		return false
	}
	run := r.target + "/run"
	switch {
	case r.output(rel):
		return !l.Compiled || rel != r.target
	case l.Compiled:
		inRun := rel == run || strings.HasPrefix(rel, run+"/")
		onTheWay := rel == r.target || strings.HasPrefix(run, rel+"/")
		return !inRun && !onTheWay
	}
	return false
}

// output: rel is one of dbt's own directories, by default or as the
// project sets them (both are skipped: a project that moved its
// target-path may still have an old target/).
func (r *root) output(rel string) bool {
	switch rel {
	case "target", "dbt_packages", "logs", r.target, r.packages, r.logs:
		return true
	}
	return false
}

// Holds: dbt_project.yml holds the SQL of hooks.
func (l *Layout) Holds(path string) bool { return filepath.Base(path) == projectvars.DbtProjectFile }

// Arrange attaches the hook views: dbt_project.yml's, and those of the
// models of a dbt project (not dbt's own compiled output, which is SQL).
func (l *Layout) Arrange(inputs []config.Input) ([]config.Input, error) {
	for i, in := range inputs {
		if in.Stdin || in.Prepare != nil {
			continue
		}
		switch {
		case filepath.Base(in.Path) == projectvars.DbtProjectFile:
			inputs[i].Prepare = ProjectHooks(in.Name)
		case strings.EqualFold(filepath.Ext(in.Path), ".sql") && l.isSource(in.Path):
			inputs[i].Prepare = ModelHooks
		}
	}
	return inputs, nil
}

// isSource: the file is in a dbt project, outside its target path.
func (l *Layout) isSource(path string) bool {
	r, rel := l.inProject(path)
	if r == nil {
		return false
	}
	for _, out := range []string{"target", r.target} {
		if rel == out || strings.HasPrefix(rel, out+"/") {
			return false
		}
	}
	return true
}

// inProject finds the dbt project above path (a file or directory) and
// path relative to its root, slash-separated; nil when it is in none.
func (l *Layout) inProject(path string) (*root, string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, ""
	}
	r := l.projectOf(filepath.Dir(abs))
	if r == nil {
		return nil, ""
	}
	rel, err := filepath.Rel(r.dir, abs)
	if err != nil {
		return nil, ""
	}
	return r, filepath.ToSlash(rel)
}

// projectOf finds the dbt project dir is in, walking up to the
// repository root; the answer is kept per directory.
func (l *Layout) projectOf(dir string) *root {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lookup(dir)
}

func (l *Layout) lookup(dir string) *root {
	if r, ok := l.roots[dir]; ok {
		return r
	}
	if l.roots == nil {
		l.roots = map[string]*root{}
	}
	var r *root
	if p := filepath.Join(dir, projectvars.DbtProjectFile); isFile(p) {
		r = l.read(dir, p)
	} else if parent := filepath.Dir(dir); parent != dir && !exists(filepath.Join(dir, ".git")) {
		r = l.lookup(parent)
	}
	l.roots[dir] = r
	return r
}

// read reads a project's output paths; a dbt_project.yml that cannot be
// read keeps dbt's defaults here (the values and the hooks report it).
func (l *Layout) read(dir, path string) *root {
	r := &root{dir: dir, target: "target", packages: "dbt_packages", logs: "logs"}
	limit := l.Limit
	if limit.Bytes == 0 {
		limit = files.Limits{}.Of(files.Config)
	}
	src, err := files.ReadFile(path, limit)
	if err != nil {
		return r
	}
	p, err := projectvars.ParseDbtProject(path, string(files.TrimBOM(src)))
	if err != nil {
		return r
	}
	r.target, r.packages, r.logs = cleanRel(p.TargetPath, "target"), cleanRel(p.PackagesPath, "dbt_packages"), cleanRel(p.LogPath, "logs")
	return r
}

// cleanRel is a project-relative path, slash-separated; def for one
// outside the project (an absolute path is not walked from here).
func cleanRel(p, def string) string {
	c := filepath.ToSlash(filepath.Clean(p))
	if !filepath.IsLocal(filepath.FromSlash(c)) {
		return def
	}
	return c
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
