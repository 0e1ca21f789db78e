package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/pelletier/go-toml/v2"
	"github.com/urfave/cli/v2"
)

// configName is the file found by walking up from the working directory.
const configName = ".redshift-preflight.toml"

// fileConfig is .redshift-preflight.toml (SPEC §11): its keys mirror the
// flags, and paths in it are relative to the file.
type fileConfig struct {
	Paths     []string          `toml:"paths"`
	Exclude   []string          `toml:"exclude"`
	IAM       []string          `toml:"iam"`
	Cluster   []string          `toml:"cluster"`
	ClusterID string            `toml:"cluster_id"`
	DBUser    string            `toml:"db_user"`
	Vars      map[string]string `toml:"vars"`
	VarsFile  string            `toml:"vars_file"`
	Format    string            `toml:"format"`
	Output    string            `toml:"output"`
	FailOn    string            `toml:"fail_on"`
	MaxChain  *int              `toml:"max_chain"`
	Color     string            `toml:"color"`
	// Connections are [[connections]] tables, checked by check (cmd_connect.go).
	Connections []connectionConfig `toml:"connections"`
	Rules       struct {
		Enable   []string          `toml:"enable"`
		Disable  []string          `toml:"disable"`
		Severity map[string]string `toml:"severity"`
	} `toml:"rules"`
	// AssumeRole: who the database user is, for assumerole-not-granted (assumerole_config.go).
	AssumeRole assumeRoleConfig `toml:"assumerole"`

	path string // the file, for messages
	dir  string // its directory: the base of relative paths
}

func configFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "read settings from `FILE` (default: " + configName + ", found by walking up from the working directory)"},
		&cli.BoolFlag{Name: "no-config", Usage: "ignore " + configName},
	}
}

// loadConfig finds and reads the configuration, or returns nil when there is none.
func loadConfig(c *cli.Context) (*fileConfig, error) {
	if c.Bool("no-config") {
		if c.IsSet("config") {
			return nil, usageErrorf("--config and --no-config contradict each other")
		}
		return nil, nil
	}
	path := c.String("config")
	if path == "" {
		path = findConfig()
		if path == "" {
			return nil, nil
		}
	}
	return readConfig(path)
}

// findConfig walks up from the working directory to the first configName.
func findConfig() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		candidate := filepath.Join(dir, configName)
		if _, err := os.Stat(candidate); err == nil {
			return relativeToWorkDir(candidate)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func readConfig(path string) (*fileConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("cannot read config %s: %v", path, cleanErr(err))
	}
	cfg := &fileConfig{path: path}
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, configError(path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, usageErrorf("config %s: %v", path, err)
	}
	cfg.dir = filepath.Dir(abs)
	return cfg, nil
}

// configError names the file, the line and column, and the key.
func configError(path string, err error) error {
	var missing *toml.StrictMissingError
	if errors.As(err, &missing) && len(missing.Errors) > 0 {
		e := missing.Errors[0]
		row, col := e.Position()
		return usageErrorf("%s:%d:%d: unknown key %q (known keys: paths, exclude, iam, cluster, cluster_id, db_user, vars, vars_file, format, output, fail_on, max_chain, color, [rules] enable, disable, severity, [assumerole] restricted, groups, roles, superuser)",
			path, row, col, strings.Join(e.Key(), "."))
	}
	var decode *toml.DecodeError
	if errors.As(err, &decode) {
		row, col := decode.Position()
		return usageErrorf("%s:%d:%d: %v", path, row, col, decode.Error())
	}
	return usageErrorf("%s: %v", path, err)
}

// relativeToWorkDir shortens an absolute path for messages and reports.
func relativeToWorkDir(path string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil {
			return rel
		}
	}
	return path
}

// resolve makes a path from the config file relative to the working
// directory (or absolute when it cannot be), for reading and for reports.
func (f *fileConfig) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return relativeToWorkDir(filepath.Join(f.dir, p))
}

func (f *fileConfig) resolveAll(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = f.resolve(p)
	}
	return out
}

// excludes reports whether the config excludes a file (pattern relative to
// the config file's directory, ** for any depth).
func (f *fileConfig) excludes(path string) bool {
	if f == nil || len(f.Exclude) == 0 {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(f.dir, abs)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, pattern := range f.Exclude {
		if ok, _ := doublestar.Match(pattern, rel); ok {
			return true
		}
		if ok, _ := doublestar.Match(strings.TrimSuffix(pattern, "/")+"/**", rel); ok { // a directory excludes what is below it
			return true
		}
	}
	return false
}

// validate checks the config's values the way flag values are checked.
func (f *fileConfig) validate() error {
	for _, p := range f.Exclude {
		if !doublestar.ValidatePattern(p) {
			return usageErrorf("%s: exclude: bad pattern %q", f.path, p)
		}
	}
	return nil
}

// settings answers "what is the value of this option": the flag when it was
// given on the command line, else the config file's value, else the default.
type settings struct {
	c   *cli.Context
	cfg *fileConfig // nil without a config file
}

func newSettings(c *cli.Context) (*settings, error) {
	cfg, err := loadConfig(c)
	if err != nil {
		return nil, err
	}
	if cfg != nil {
		if err := cfg.validate(); err != nil {
			return nil, err
		}
	}
	return &settings{c: c, cfg: cfg}, nil
}

func (s *settings) String(name string) string {
	if s.cfg != nil && !s.c.IsSet(name) {
		if v := s.configString(name); v != "" {
			return v
		}
	}
	return s.c.String(name)
}

func (s *settings) configString(name string) string {
	switch name {
	case "cluster-id":
		return s.cfg.ClusterID
	case "db-user":
		return s.cfg.DBUser
	case "vars-file":
		return s.cfg.resolve(s.cfg.VarsFile)
	case "format":
		return s.cfg.Format
	case "output":
		return s.cfg.resolve(s.cfg.Output)
	case "fail-on":
		return s.cfg.FailOn
	case "color":
		return s.cfg.Color
	}
	return ""
}

func (s *settings) Int(name string) int {
	if s.cfg != nil && !s.c.IsSet(name) && name == "max-chain" && s.cfg.MaxChain != nil {
		return *s.cfg.MaxChain
	}
	return s.c.Int(name)
}

// Slice: data paths from the command line replace the config's; rule lists add to them.
func (s *settings) Slice(name string) []string {
	flag := s.c.StringSlice(name)
	if s.cfg == nil {
		return flag
	}
	switch name {
	case "iam", "cluster":
		if s.c.IsSet(name) {
			return flag
		}
		if name == "iam" {
			return s.cfg.resolveAll(s.cfg.IAM)
		}
		return s.cfg.resolveAll(s.cfg.Cluster)
	case "enable":
		return append(append([]string(nil), s.cfg.Rules.Enable...), flag...)
	case "disable":
		return append(append([]string(nil), s.cfg.Rules.Disable...), flag...)
	}
	return flag
}

// paths are the PATH arguments, else the config's paths, else ".".
func (s *settings) paths() []string {
	if args := s.c.Args().Slice(); len(args) > 0 {
		return args
	}
	if s.cfg != nil && len(s.cfg.Paths) > 0 {
		return s.cfg.resolveAll(s.cfg.Paths)
	}
	return []string{"."}
}

// configSeverities are the config's [rules.severity] entries as RULE=LEVEL.
func (s *settings) configSeverities() []string {
	if s.cfg == nil {
		return nil
	}
	var out []string
	for id, level := range s.cfg.Rules.Severity {
		out = append(out, fmt.Sprintf("%s=%s", id, level))
	}
	sort.Strings(out) // map order is random: keep messages deterministic
	return out
}

// configVars are the config's [vars].
func (s *settings) configVars() map[string]string {
	if s.cfg == nil {
		return nil
	}
	return s.cfg.Vars
}
