package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pelletier/go-toml/v2"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
)

// Config is a decoded .redshift-preflight.toml whose every key and value
// keeps its position, so that any later message about it can say where.
type Config struct {
	Path string // as messages name it: as given, or relative to the working directory
	Dir  string // the file's absolute directory, base of its relative paths
	Data []byte // its text, for findings that point into it ([[connections]])

	workDir     string
	tree        *tree
	connections []Connection
}

// CommandLine is what the command line says: urfave/cli's *cli.Context has all
// of it but Args, which is c.Args().Slice().
type CommandLine interface {
	IsSet(name string) bool
	String(name string) string
	StringSlice(name string) []string
	Int(name string) int
	Bool(name string) bool
	Args() []string
}

// Load reads the configuration the command line asks for: none with
// --no-config, the --config file, else the first .redshift-preflight.toml
// found walking up from workDir. It returns nil when there is none.
func Load(flags CommandLine, workDir string) (*Config, error) {
	if flags.Bool("no-config") {
		if flags.IsSet("config") {
			return nil, errors.New("--config and --no-config contradict each other")
		}
		return nil, nil
	}
	path := flags.String("config")
	if path == "" {
		found, err := Find(workDir)
		if found == "" || err != nil {
			return nil, err
		}
		path = relativeTo(workDir, found)
	}
	return read(path, workDir, flagLimits(flags).Of(files.Config))
}

// flagLimits are the --max-file-size limits. The config file is read
// before its own [max_file_size], so only the flag can raise its limit; a
// bad value is ignored here and reported by Resolve.
func flagLimits(flags CommandLine) files.Limits {
	var l files.Limits
	for _, kv := range flags.StringSlice("max-file-size") {
		if name, value, ok := splitPair(kv); ok {
			_ = l.Set(name, value)
		}
	}
	return l
}

// Find walks up from dir to the first .redshift-preflight.toml and returns
// its absolute path, or "" when no directory up to the root has one. A
// directory of that name is no config; anything else is, even a dangling
// link or a file it cannot read, so that Read reports it instead of a
// config further up being used in its place.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, configFile)
		info, err := os.Stat(candidate)
		switch {
		case err == nil && !info.IsDir():
			return candidate, nil
		case errors.Is(err, fs.ErrNotExist):
			if _, lerr := os.Lstat(candidate); lerr == nil {
				return candidate, nil // a dangling link
			}
		case err != nil:
			return "", fmt.Errorf("cannot look for config %s: %v", candidate, cleanErr(err))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Read reads and decodes the config file at path (relative to workDir,
// the directory relative paths are resolved against).
func Read(path, workDir string) (*Config, error) {
	return read(path, workDir, files.Limits{}.Of(files.Config))
}

// read is Read within a size limit. A byte-order mark, which TOML does not
// allow but Windows editors write, is dropped.
func read(path, workDir string, limit files.Limit) (*Config, error) {
	data, err := files.ReadFile(inDir(workDir, path), limit)
	if err != nil {
		return nil, fmt.Errorf("cannot read config %s: %v", path, cleanErr(err))
	}
	return Parse(path, files.TrimBOM(data), workDir)
}

// Parse decodes a config file's text. path names the file in messages and
// places it: relative paths inside it are relative to its directory.
func Parse(path string, data []byte, workDir string) (*Config, error) {
	dir, err := filepath.Abs(filepath.Dir(inDir(workDir, path)))
	if err != nil {
		return nil, fmt.Errorf("config %s: %v", path, err)
	}
	cfg := &Config{Path: path, Dir: dir, Data: data, workDir: workDir}
	ln := newLines(data)
	// go-toml's decoder judges TOML itself (syntax, keys defined twice,
	// tables redefined); the tree then only records positions.
	var generic map[string]any
	if err := toml.Unmarshal(data, &generic); err != nil {
		return nil, cfg.tomlError(ln, err)
	}
	if cfg.tree, err = buildTree(data, ln); err != nil {
		return nil, cfg.named(err)
	}
	if err := cfg.named(firstError(checkDocument(cfg.tree.root))); err != nil {
		return nil, err
	}
	if cfg.connections, err = decodeConnections(cfg); err != nil {
		return nil, cfg.named(err)
	}
	return cfg, nil
}

func (c *Config) tomlError(ln *lines, err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return &Error{File: c.Path, Pos: ln.lineColumn(row, col), Msg: de.Error()}
	}
	return fmt.Errorf("%s: %v", c.Path, err)
}

// named puts the file's name into an *Error.
func (c *Config) named(err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.File = c.Path
		return e
	}
	return err
}

// Errorf reports a problem with the value of key (a path as messages show
// it: "iam", "rules.severity", "connections[1].chain", "paths[0]"),
// positioned at that value; at the start of the file when the key is absent.
func (c *Config) Errorf(key, format string, args ...any) error {
	e := &Error{File: c.Path, Key: key, Msg: fmt.Sprintf(format, args...), Pos: Pos{Line: 1, Column: 1}}
	if n := c.node(key); n != nil {
		e.Pos = n.value
	}
	return e
}

// Position says where key and its value are written.
func (c *Config) Position(key string) (keyPos, valuePos Pos, ok bool) {
	n := c.node(key)
	if n == nil {
		return Pos{}, Pos{}, false
	}
	return n.key, n.value, true
}

// Connections are the config's [[connections]] tables, in order.
func (c *Config) Connections() []Connection {
	if c == nil {
		return nil
	}
	return c.connections
}

func (c *Config) node(key string) *node {
	if c == nil {
		return nil
	}
	return c.tree.index[key]
}

// resolve makes a path written in the config relative to the working
// directory (absolute when it cannot be), for reading and for reports.
func (c *Config) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return relativeTo(c.workDir, filepath.Join(c.Dir, p))
}

// relativeTo shortens an absolute path for messages and reports.
func relativeTo(workDir, path string) string {
	abs, err := filepath.Abs(workDir)
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(abs, path); err == nil {
		return rel
	}
	return path
}

// inDir is path as seen from dir: the OS resolves relative paths against
// the process's working directory, which dir normally is.
func inDir(dir, path string) string {
	if dir == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}
