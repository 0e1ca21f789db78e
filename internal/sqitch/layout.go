package sqitch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
)

// The files of a sqitch project.
const (
	PlanFile = "sqitch.plan"
	ConfFile = projectvars.SqitchConf
)

// Layout puts the scripts of sqitch projects in the order sqitch runs
// them. Deploy scripts run in plan order, and that order is their Step:
// the ASSUMEROLE grants of one change are seen by the changes planned
// after it, not by those whose file names sort after it. A deploy script
// the plan does not name is checked but NotRun: sqitch never runs it.
//
// Revert and verify scripts are checked too — a revert may UNLOAD a
// backup, and a credential in it fails the same way — after the deploy
// scripts of their project (revert in reverse plan order, as sqitch
// revert runs them, verify in plan order), but they are NotRun: sqitch
// deploy never runs a revert script, and a verify script runs beside its
// change, so neither adds ASSUMEROLE grants to the forward run, as
// Flyway's U__ undo migrations do not.
type Layout struct {
	limit    files.Limit
	projects map[string]*project // by the directory a search started in
	// repoRoot says, by directory, whether it holds .git: the files of a
	// folder share the walk up, which looked once per file.
	repoRoot map[string]bool
}

// New is a layout reading sqitch.conf and sqitch.plan within limit (zero:
// the default for configuration files).
func New(limit files.Limit) *Layout {
	if limit.Bytes == 0 {
		limit = files.Limits{}.Of(files.Config)
	}
	return &Layout{limit: limit, projects: map[string]*project{}, repoRoot: map[string]bool{}}
}

// SkipDir: a sqitch project's directories all hold scripts that are checked.
func (l *Layout) SkipDir(string) bool { return false }

// Holds: sqitch scripts are *.sql (core.extension may say otherwise: such
// scripts are checked when named).
func (l *Layout) Holds(string) bool { return false }

// script kinds.
const (
	deploy = iota
	revert
	verify
)

// project is a sqitch project: where its plan and scripts are.
type project struct {
	root string    // the directory holding sqitch.conf, or sqitch.plan without one
	plan string    // the plan file
	dirs [3]string // deploy, revert and verify directories
	ext  string    // script extension without the dot
}

// Arrange finds the sqitch project of each input and puts each project's
// scripts in its run order, where its first script was; other inputs keep
// their place. A plan that cannot be read, or that names a change whose
// deploy script is missing, is an error naming the plan's file and line.
func (l *Layout) Arrange(inputs []config.Input) ([]config.Input, error) {
	type member struct {
		p      *project
		kind   int
		script string // the path below the kind's directory, without extension
	}
	members := make([]*member, len(inputs))
	var order []*project
	for i, in := range inputs {
		if in.Stdin || in.Path == "" {
			continue
		}
		p, kind, script, err := l.find(in.Path)
		if err != nil {
			return nil, err
		}
		if p == nil {
			continue
		}
		members[i] = &member{p: p, kind: kind, script: script}
		if !slices.Contains(order, p) {
			order = append(order, p)
		}
	}
	if len(order) == 0 {
		return inputs, nil
	}
	blocks := map[*project][]config.Input{}
	step := 0
	for _, p := range order {
		byScript := [3]map[string]config.Input{{}, {}, {}}
		var byPath [3][]string
		for i, m := range members {
			if m != nil && m.p == p {
				byScript[m.kind][m.script] = inputs[i]
				byPath[m.kind] = append(byPath[m.kind], m.script)
			}
		}
		scripts, err := p.read(l.limit)
		if err != nil {
			return nil, err
		}
		var block []config.Input
		take := func(kind int, script string, s int) {
			if in, ok := byScript[kind][script]; ok {
				in.Step = s
				block = append(block, in)
				delete(byScript[kind], script)
			}
		}
		for _, s := range scripts {
			step++
			take(deploy, s, step)
		}
		for _, s := range byPath[deploy] { // not in the plan: sqitch never runs them, but they are SQL
			take(deploy, s, config.NotRun)
		}
		for k := len(scripts) - 1; k >= 0; k-- {
			take(revert, scripts[k], config.NotRun)
		}
		for _, s := range scripts {
			take(verify, s, config.NotRun)
		}
		for _, kind := range []int{revert, verify} {
			for _, s := range byPath[kind] {
				take(kind, s, config.NotRun)
			}
		}
		blocks[p] = block
	}
	var out []config.Input
	for i, in := range inputs {
		m := members[i]
		switch {
		case m == nil:
			out = append(out, in)
		case blocks[m.p] != nil:
			out = append(out, blocks[m.p]...)
			blocks[m.p] = nil
		}
	}
	return out, nil
}

// read reads the project's plan and returns the deploy script of each
// change, in plan order (paths below the deploy directory, without
// extension). A change whose deploy script does not exist is an error.
func (p *project) read(limit files.Limit) ([]string, error) {
	name := display(p.plan)
	src, err := files.ReadFile(p.plan, limit)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s, the plan of the sqitch project in %s: %v", name, display(p.root), pathErr(err))
	}
	plan, err := ReadPlan(name, string(files.TrimBOM(src)))
	if err != nil {
		return nil, err
	}
	scripts := make([]string, len(plan.Changes))
	for i, c := range plan.Changes {
		s, ok := p.deployScript(c)
		if !ok {
			return nil, fmt.Errorf("%s:%d: change %s has no deploy script: %s does not exist", name, c.Line, c.Name, display(p.path(deploy, s)))
		}
		scripts[i] = s
	}
	return scripts, nil
}

// deployScript is the script of a change: its name, or for an instance
// that was reworked later, name@TAG for the first tag between the two
// instances whose script exists (sqitch 0.951: it "looks for a deploy
// script using the name of any tag between the reworked instances of a
// change and selects the first one it finds that exists"). ok is false,
// with the script looked for first, when there is none.
func (p *project) deployScript(c Change) (string, bool) {
	if c.ReworkTags == nil {
		return c.Name, isFile(p.path(deploy, c.Name))
	}
	for _, tag := range c.ReworkTags {
		if s := c.Name + "@" + tag; isFile(p.path(deploy, s)) {
			return s, true
		}
	}
	return c.Name + "@" + c.ReworkTags[0], false
}

func (p *project) path(kind int, script string) string {
	return filepath.Join(p.dirs[kind], filepath.FromSlash(script)+"."+p.ext)
}

// find returns the sqitch project a file is a script of, its kind and its
// script name; nil when it is none's. It walks up from the file's
// directory to the repository root (a directory holding .git): each
// directory holding sqitch.conf or sqitch.plan is a project whose scripts
// may hold the file.
func (l *Layout) find(path string) (*project, int, string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, 0, "", nil
	}
	for dir := filepath.Dir(abs); ; {
		p, err := l.projectIn(dir)
		if err != nil {
			return nil, 0, "", err
		}
		if p != nil {
			if kind, script, ok := p.holds(abs); ok {
				return p, kind, script, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir || l.isRepoRoot(dir) {
			return nil, 0, "", nil
		}
		dir = parent
	}
}

func (l *Layout) isRepoRoot(dir string) bool {
	root, ok := l.repoRoot[dir]
	if !ok {
		root = exists(filepath.Join(dir, ".git"))
		l.repoRoot[dir] = root
	}
	return root
}

// projectIn is the project rooted in dir, nil when dir has neither
// sqitch.conf nor sqitch.plan. With sqitch.conf, its [core] (or the
// engine's) top_dir, plan_file, deploy_dir, revert_dir, verify_dir and
// extension are honoured, relative to dir, where sqitch runs.
func (l *Layout) projectIn(dir string) (*project, error) {
	if p, ok := l.projects[dir]; ok {
		return p, nil
	}
	var p *project
	conf := filepath.Join(dir, ConfFile)
	switch {
	case isFile(conf):
		src, err := files.ReadFile(conf, l.limit)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %v", display(conf), pathErr(err))
		}
		c, err := projectvars.ReadSqitchConf(display(conf), string(files.TrimBOM(src)))
		if err != nil {
			return nil, err
		}
		p = configured(dir, c)
	case isFile(filepath.Join(dir, PlanFile)):
		p = configured(dir, nil)
	}
	l.projects[dir] = p
	return p, nil
}

// configured is the project rooted in dir with c's settings (nil: the
// defaults: sqitch.plan, deploy/, revert/, verify/ and .sql in dir).
func configured(dir string, c *projectvars.SqitchConfig) *project {
	get := func(key, def string) string {
		if c != nil {
			if v, ok := c.Setting(key); ok && v != "" {
				return v
			}
		}
		return def
	}
	at := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(dir, filepath.FromSlash(p))
	}
	top := get("top_dir", ".")
	return &project{
		root: dir,
		plan: at(get("plan_file", filepath.Join(top, PlanFile))),
		dirs: [3]string{at(get("deploy_dir", filepath.Join(top, "deploy"))),
			at(get("revert_dir", filepath.Join(top, "revert"))),
			at(get("verify_dir", filepath.Join(top, "verify")))},
		ext: strings.TrimPrefix(get("extension", "sql"), "."),
	}
}

// holds says whether path is one of the project's scripts, of which kind,
// and its script name.
func (p *project) holds(path string) (int, string, bool) {
	for kind, dir := range p.dirs {
		rel, err := filepath.Rel(dir, path)
		if err != nil || !filepath.IsLocal(rel) || filepath.Ext(rel) != "."+p.ext {
			continue
		}
		return kind, filepath.ToSlash(strings.TrimSuffix(rel, "."+p.ext)), true
	}
	return 0, "", false
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// display is path relative to the working directory when it is below it,
// slash-separated as reports show paths.
func display(path string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
