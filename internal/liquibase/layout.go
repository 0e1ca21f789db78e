package liquibase

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/internal/sqlview"
)

// maxFiles bounds the files one run follows through changelogs.
const maxFiles = 10000

// sniffSize is how much of a .xml/.yaml/.yml/.json file Holds reads to
// decide whether it is a changelog.
const sniffSize = 4096

// Layout is Liquibase's project layout: changelogs hold SQL, and their
// include order is the run order.
type Layout struct {
	exclude *config.Excluder
	limit   files.Limit
	vars    map[string]string
}

// New is the Liquibase layout; files the configuration excludes are not
// added when a changelog names them, and changelogs are read within the
// limit for SQL files. vars (--var, Liquibase's -DNAME=) expand ${NAME} in
// the paths changelogs name, before liquibase.properties and properties.
func New(exclude *config.Excluder, limits files.Limits, vars map[string]string) *Layout {
	return &Layout{exclude: exclude, limit: limits.Of(files.SQL), vars: vars}
}

// SkipDir: a Liquibase project has no directory of generated SQL.
func (l *Layout) SkipDir(string) bool { return false }

// Holds reports whether path is a changelog: an .xml, .yaml, .yml or
// .json file whose root is databaseChangeLog.
func (l *Layout) Holds(path string) bool {
	if changelogFormat(path) == "" {
		return false
	}
	head, err := files.ReadPrefix(path, sniffSize)
	return err == nil && sniff(path, head)
}

// Regular expressions are compiled on first use (sync.OnceValue): package
// initialisation runs at every start of the program, pre-commit's included.
var (
	xmlRoot = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:\s|<\?[^>]*\?>|<!--(?s:.*?)-->|<!DOCTYPE[^>]*>)*<(?:[A-Za-z_][\w.-]*:)?databaseChangeLog[\s/>]`)
	})
	yamlRoot = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^["']?databaseChangeLog["']?\s*:`) })
	jsonRoot = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*\{\s*"databaseChangeLog"\s*:`) })
)

// sniff decides from the start of a file whether it is a changelog.
func sniff(path string, head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	switch changelogFormat(path) {
	case "XML":
		return xmlRoot().Match(head)
	case "YAML":
		return yamlRoot().Match(head)
	case "JSON":
		return jsonRoot().Match(head)
	}
	return false
}

// changelogFormat is the changelog format a file name says, or "".
func changelogFormat(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xml":
		return "XML"
	case ".yaml", ".yml":
		return "YAML"
	case ".json":
		return "JSON"
	}
	return ""
}

// parse reads a changelog of the format its name says. A byte order mark
// is skipped, offsets staying those of the file.
func parse(name, path string, src []byte) (*changelog, error) {
	bom := 0
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		bom = 3
	}
	var cl *changelog
	var err error
	switch f := changelogFormat(path); f {
	case "XML":
		cl, err = readXML(name, src[bom:])
	default:
		cl, err = readYAML(name, f, src[bom:])
	}
	if err != nil || bom == 0 {
		return cl, err
	}
	cl.shift(bom)
	return cl, nil
}

func (c *changelog) shift(d int) {
	for i := range c.sql {
		for j := range c.sql[i].segs {
			c.sql[i].segs[j].off += d
		}
		c.sql[i].end += d
	}
	for i := range c.refs {
		c.refs[i].span[0] += d
		c.refs[i].span[1] += d
	}
	for i := range c.unmapped {
		c.unmapped[i][0] += d
		c.unmapped[i][1] += d
	}
}

// node is one file of the changelog tree.
type node struct {
	path     string // absolute
	name     string // as reports show it
	kind     nodeKind
	cl       *changelog
	split    splitting // of an sqlFile
	parent   *node     // the changelog that first named it
	edges    [][]*node // per ref of cl, the files it names
	problems []sqlview.Problem
}

type nodeKind int

const (
	kindChangelog nodeKind = iota + 1
	kindSQLFile            // named by <sqlFile>: plain SQL with the change's splitting
	kindSQL                // an included .sql: formatted SQL, or raw SQL split as by default
)

// arranger builds the changelog tree of one run.
type arranger struct {
	l      *Layout
	nodes  map[string]*node
	search string // the search path: the directory of liquibase.properties, else the working directory
	bound  string // files outside it are not followed
	// boundName says what bound is, for messages.
	boundName string
	// props expand ${NAME} in paths: --var, liquibase.properties, then
	// the changelogs' properties as they are read, the first one winning.
	props map[string]string
	dirs  map[string]dirLookup // by directory (lookup)
}

// Arrange attaches the views of Liquibase's files, adds the files the
// changelogs name, and puts them first, in the order Liquibase runs them:
// the root changelog named by liquibase.properties (changeLogFile), then
// the changelogs among the inputs that no other changelog includes, each
// depth first in document order. Other inputs follow in their order. A
// file that a changelog names is checked once, as that changelog reads
// it; a file of the tree is added only when an input changelog leads to
// it (a single checked file still gets its changelog's settings).
func (l *Layout) Arrange(inputs []config.Input) ([]config.Input, error) {
	wd, _ := os.Getwd()
	a := &arranger{l: l, nodes: map[string]*node{}, search: wd, bound: wd, boundName: "the working directory", props: map[string]string{},
		dirs: map[string]dirLookup{}}
	for k, v := range l.vars {
		a.props[k] = v
	}
	byPath := map[string]int{}
	var roots []*node
	var requested []*node
	for i, in := range inputs {
		if in.Stdin {
			continue
		}
		abs, err := filepath.Abs(in.Path)
		if err != nil {
			continue
		}
		byPath[abs] = i
		if root, err := a.propertiesRoot(filepath.Dir(abs)); err != nil {
			return nil, err
		} else if root != nil {
			roots = append(roots, root)
		}
	}
	for _, in := range inputs {
		if in.Stdin || !l.Holds(in.Path) {
			continue
		}
		abs, _ := filepath.Abs(in.Path)
		n, err := a.load(abs, kindChangelog, splitting{}, nil)
		if err != nil {
			return nil, err
		}
		requested = append(requested, n)
	}
	for _, r := range roots {
		if _, err := a.load(r.path, kindChangelog, splitting{}, nil); err != nil {
			return nil, err
		}
	}
	order := a.order(append(roots, requested...))
	return a.inputs(inputs, byPath, order, requested), nil
}

// propertiesRoot finds the liquibase.properties above dir and the root
// changelog it names; nil when there is none. The first one found also
// sets the search path and the bound of the project.
func (a *arranger) propertiesRoot(dir string) (*node, error) {
	found := a.lookup(dir)
	props := found.props
	if git := found.git; git != "" {
		a.bound, a.boundName = git, "the repository"
	} else if props != "" {
		a.bound, a.boundName = filepath.Dir(props), "the project (the directory of liquibase.properties)"
	}
	if props == "" {
		return nil, nil
	}
	a.search = filepath.Dir(props)
	src, err := files.ReadFile(props, files.Limits{}.Of(files.Config))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", display(props), err)
	}
	ls, err := projectvars.ReadLiquibaseProperties(display(props), string(files.TrimBOM(src)))
	if err != nil {
		return nil, err
	}
	for k, v := range ls.Params.Values() {
		a.define(k, v.Text)
	}
	if ls.ChangeLog == "" {
		return nil, nil
	}
	path := a.resolve(ls.ChangeLog, a.search)
	if !isFile(path) {
		return nil, fmt.Errorf("%s:%d: the changelog %s does not exist", display(props), ls.ChangeLogLine, ls.ChangeLog)
	}
	if n := a.nodes[path]; n != nil {
		return n, nil
	}
	return &node{path: path}, nil
}

// dirLookup is what propertiesRoot looks for above a directory: the
// nearest liquibase.properties and the nearest directory holding .git.
type dirLookup struct{ props, git string }

// lookup looks for them once per directory: the files of a migrations
// folder share it, and each look is a system call per directory up to
// the root.
func (a *arranger) lookup(dir string) dirLookup {
	if l, ok := a.dirs[dir]; ok {
		return l
	}
	l := dirLookup{props: projectvars.Nearest(dir, projectvars.LiquibaseProperties), git: nearestDir(dir, ".git")}
	a.dirs[dir] = l
	return l
}

// nearestDir is the directory at or above dir that holds name, or "".
func nearestDir(dir, name string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// resolve is where Liquibase finds file: classpath: and absolute paths as
// written, others below base.
func (a *arranger) resolve(file, base string) string {
	file = strings.TrimPrefix(file, "classpath:")
	if filepath.IsAbs(file) {
		return filepath.Clean(file)
	}
	return filepath.Join(base, filepath.FromSlash(file))
}

// display is path relative to the working directory, slash-separated, as
// the walk of a relative path names files (../proj/db/x.sql too).
func display(path string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

// load reads a file of the tree once, and the files it names.
func (a *arranger) load(path string, kind nodeKind, split splitting, parent *node) (*node, error) {
	if n := a.nodes[path]; n != nil {
		return n, nil
	}
	n := &node{path: path, name: display(path), kind: kind, split: split, parent: parent}
	a.nodes[path] = n
	if kind != kindChangelog {
		return n, nil
	}
	src, err := files.ReadFile(path, a.l.limit)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", n.name, err)
	}
	if n.cl, err = parse(n.name, path, src); err != nil {
		return nil, err
	}
	for _, u := range n.cl.unmapped {
		n.problems = append(n.problems, sqlview.Problem{Start: u[0], End: u[1],
			Message: "the SQL of this change could not be placed in the file, so it is not checked",
			Help:    "write it as a literal block (sql: |)"})
	}
	for _, p := range n.cl.props {
		a.define(p.name, p.value)
	}
	n.edges = make([][]*node, len(n.cl.refs))
	for i, ref := range n.cl.refs {
		targets, prob := a.targets(n, ref)
		if prob != "" {
			help := refHelp
			switch {
			case strings.Contains(prob, " is outside "):
				help = outsideHelp
			case strings.HasSuffix(prob, " has no value"):
				help = "pass --var NAME=VALUE (Liquibase's -DNAME=VALUE), or set it in liquibase.properties (parameter.NAME) or a <property> before this"
			}
			n.problems = append(n.problems, sqlview.Problem{Start: ref.span[0], End: ref.span[1], Message: prob, Help: help})
			continue
		}
		for _, t := range targets {
			if len(a.nodes) >= maxFiles {
				n.problems = append(n.problems, sqlview.Problem{Start: ref.span[0], End: ref.span[1],
					Message: fmt.Sprintf("more than %d files are named through changelogs; the rest are not checked", maxFiles)})
				break
			}
			k, sp := kindSQL, splitting{}
			switch {
			case ref.kind == refSQLFile:
				k, sp = kindSQLFile, ref.split
			case changelogFormat(t) != "":
				k = kindChangelog
			}
			child, err := a.load(t, k, sp, n)
			if err != nil {
				return nil, err
			}
			n.edges[i] = append(n.edges[i], child)
		}
	}
	return n, nil
}

const outsideHelp = "a file outside the project is not checked: keep changelogs and their SQL inside the repository"

const refHelp = "relativeToChangelogFile=\"true\" finds a file beside the changelog; otherwise Liquibase looks in its search path (the directory of liquibase.properties, else the working directory)"

// targets are the files a ref names, or why it cannot be followed.
func (a *arranger) targets(n *node, ref fileRef) ([]string, string) {
	what := map[refKind]string{refInclude: "include", refIncludeAll: "includeAll", refSQLFile: "sqlFile"}[ref.kind]
	if strings.TrimSpace(ref.file) == "" {
		return nil, what + " names no file"
	}
	file := a.expand(ref.file)
	if m := placeholder().FindString(file); m != "" {
		return nil, fmt.Sprintf("%s %s is not followed: %s has no value", what, ref.file, m)
	}
	base := a.search
	if ref.relative {
		base = filepath.Dir(n.path)
	}
	path := a.resolve(file, base)
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	bound := a.bound
	if real, err := filepath.EvalSymlinks(bound); err == nil {
		bound = real
	}
	if rel, err := filepath.Rel(bound, path); err != nil || !filepath.IsLocal(rel) {
		return nil, fmt.Sprintf("%s %s is outside %s, so it is not followed", what, ref.file, a.boundName)
	}
	st, err := os.Stat(path)
	switch {
	case err != nil && display(path) != strings.TrimSuffix(filepath.ToSlash(file), "/"):
		return nil, fmt.Sprintf("%s %s does not exist (looked for %s)", what, ref.file, display(path))
	case err != nil:
		return nil, fmt.Sprintf("%s %s does not exist", what, ref.file)
	case ref.kind == refIncludeAll && !st.IsDir():
		return nil, fmt.Sprintf("includeAll %s is not a directory", ref.file)
	case ref.kind != refIncludeAll && !st.Mode().IsRegular():
		return nil, fmt.Sprintf("%s %s is not a regular file", what, ref.file)
	case ref.kind == refIncludeAll:
		return a.listAll(path), ""
	case ref.kind == refInclude && changelogFormat(path) == "" && !strings.EqualFold(filepath.Ext(path), ".sql"):
		return nil, fmt.Sprintf("include %s is not a changelog (.xml, .yaml, .yml, .json or .sql)", ref.file)
	}
	return []string{path}, ""
}

// placeholder is a Liquibase ${NAME} (its documentation: "alphanumeric
// characters, +, -, . , and _").
var placeholder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{[A-Za-z0-9+._-]+\}`) })

// define sets a property for paths unless it is set.
func (a *arranger) define(name, value string) {
	if _, set := a.props[name]; !set {
		a.props[name] = value
	}
}

// expand substitutes the ${NAME} of a path that have values.
func (a *arranger) expand(file string) string {
	return placeholder().ReplaceAllStringFunc(file, func(m string) string {
		if v, ok := a.props[m[2:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// listAll is what includeAll includes from dir: its changelogs and .sql
// files, in every subdirectory, in alphabetical order of their paths
// (Liquibase's default order).
func (a *arranger) listAll(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(out) >= maxFiles {
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if strings.EqualFold(filepath.Ext(p), ".sql") || a.l.Holds(p) {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// order lists the tree's files depth first from the roots, each once,
// reporting include cycles where they close.
func (a *arranger) order(roots []*node) []*node {
	included := map[*node]bool{}
	for _, n := range a.nodes {
		for _, targets := range n.edges {
			for _, t := range targets {
				if t != n {
					included[t] = true
				}
			}
		}
	}
	var out []*node
	seen := map[*node]bool{}
	onStack := map[*node]bool{}
	var visit func(n *node)
	visit = func(n *node) {
		seen[n], onStack[n] = true, true
		out = append(out, n)
		for i, targets := range n.edges {
			for _, t := range targets {
				if onStack[t] {
					ref := n.cl.refs[i]
					n.problems = append(n.problems, sqlview.Problem{Start: ref.span[0], End: ref.span[1],
						Message: fmt.Sprintf("include cycle: %s includes %s, which includes it again", n.name, t.name),
						Help:    "Liquibase fails on a changelog that includes itself; remove one of the includes"})
					continue
				}
				if !seen[t] {
					visit(t)
				}
			}
		}
		onStack[n] = false
	}
	for _, r := range roots { // a changelog another includes is visited from it
		if n := a.nodes[r.path]; n != nil && !seen[n] && !included[n] {
			visit(n)
		}
	}
	for _, r := range roots { // what only cycles reach
		if n := a.nodes[r.path]; n != nil && !seen[n] {
			visit(n)
		}
	}
	return out
}

// inputs are the run's inputs: the tree's files that were asked for, in
// tree order, with their views, then the other inputs in their order.
func (a *arranger) inputs(inputs []config.Input, byPath map[string]int, order, requested []*node) []config.Input {
	want := map[*node]bool{}
	var mark func(n *node)
	mark = func(n *node) {
		if want[n] {
			return
		}
		want[n] = true
		for _, targets := range n.edges {
			for _, t := range targets {
				mark(t)
			}
		}
	}
	for _, n := range requested {
		mark(n)
	}
	globals := a.globals(order)
	var out []config.Input
	done := map[int]bool{}
	for _, n := range order {
		i, isInput := byPath[n.path]
		if !want[n] && !isInput {
			continue
		}
		in := config.Input{Name: n.name, Path: n.name}
		if isInput {
			in, done[i] = inputs[i], true
		} else if a.l.exclude.Excludes(n.name) {
			continue
		}
		in.Prepare = a.preparer(n, globals)
		out = append(out, in)
	}
	for i, in := range inputs {
		if done[i] {
			continue
		}
		if !in.Stdin && strings.EqualFold(filepath.Ext(in.Path), ".sql") {
			in.Prepare = formattedOr(in.Name, in.Prepare)
		}
		out = append(out, in)
	}
	return out
}

// formattedOr makes the view of a .sql file that is Liquibase formatted
// SQL, and otherwise what prepare makes (nil: the file as it is). It
// decides from the bytes the check reads anyway, rather than reading the
// start of every .sql file once more beforehand.
func formattedOr(name string, prepare sqlview.Preparer) sqlview.Preparer {
	return func(src []byte) (*sqlview.View, error) {
		if IsFormatted(src[:min(len(src), formattedSniff)]) {
			return Formatted(name, nil)(src) // made here: most .sql files are not, and a run may have 100,000
		}
		if prepare == nil {
			return nil, nil
		}
		return prepare(src)
	}
}

// formattedSniff is how much of a .sql file the header is looked for in.
const formattedSniff = 256

// globals are the global properties of the tree, the first definition in
// run order winning. Every file of the tree sees them (Liquibase sees a
// property only from where it is defined on: a use before it is taken as
// resolved here).
func (a *arranger) globals(order []*node) map[string]projectvars.Value {
	g := map[string]projectvars.Value{}
	for _, n := range order {
		if n.cl == nil {
			continue
		}
		for _, p := range n.cl.props {
			if _, set := g[p.name]; p.global && !set {
				g[p.name] = projectvars.Value{Text: p.value, Origin: p.at}
			}
		}
	}
	return g
}

// values are what a changelog's SQL sees: the globals, and its own local
// properties where no global has the name.
func values(n *node, globals map[string]projectvars.Value) map[string]projectvars.Value {
	v := map[string]projectvars.Value{}
	if n.cl != nil {
		for _, p := range n.cl.props {
			if _, set := v[p.name]; !p.global && !set {
				v[p.name] = projectvars.Value{Text: p.value, Origin: p.at}
			}
		}
	}
	for k, g := range globals {
		v[k] = g
	}
	return v
}

// preparer makes the view of a file of the tree.
func (a *arranger) preparer(n *node, globals map[string]projectvars.Value) sqlview.Preparer {
	switch n.kind {
	case kindChangelog:
		vals, problems := values(n, globals), n.problems
		return func(src []byte) (*sqlview.View, error) {
			cl, err := parse(n.name, n.path, src)
			if err != nil {
				return nil, err
			}
			return cl.view(src, vals, problems), nil
		}
	case kindSQLFile:
		vals, split := values(n.parent, globals), n.split
		return func(src []byte) (*sqlview.View, error) {
			view := bytes.Clone(src)
			split.apply(view)
			return &sqlview.View{SQL: view, Values: vals}, nil
		}
	}
	format := Formatted(n.name, globals)
	return func(src []byte) (*sqlview.View, error) {
		if IsFormatted(src) {
			return format(src)
		}
		view := bytes.Clone(src) // raw SQL: one changeset, split as by default
		splitting{}.apply(view)
		return &sqlview.View{SQL: view, Values: globals}, nil
	}
}
