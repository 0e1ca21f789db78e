package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The migrations the pre-commit end-to-end test commits. The bad one has a
// space after the comma of its role chain: [chain-whitespace] at 1:67.
const (
	precommitBadSQL   = "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B';\n"
	precommitFixedSQL = "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B';\n"
	precommitFinding  = "migrations/0001_copy.sql:1:67: error: role chain must not contain whitespace [chain-whitespace]"
)

// TestPreCommitHook installs this repository's .pre-commit-hooks.yaml with
// the real pre-commit into a scratch git repository and commits through it:
// a migration with an error is refused, the fixed migration is accepted, and
// a non-SQL file with the same text is not looked at (types: [sql]).
//
// pre-commit builds the hook from the committed HEAD of this repository (go
// install ./... in a clone, which compiles pg_query with cgo: minutes on a
// small machine), so uncommitted changes are not tested. It needs pre-commit
// (>= 3.0.0), git, go and a C compiler on PATH, plus the module proxy.
func TestPreCommitHook(t *testing.T) {
	if os.Getenv("PREFLIGHT_E2E_PRECOMMIT") != "1" {
		t.Skip("end-to-end pre-commit test; run it with: " +
			"PREFLIGHT_E2E_PRECOMMIT=1 go test -run TestPreCommitHook -v -timeout 20m . " +
			"(needs pre-commit >= 3.0.0, git, go and gcc on PATH; it builds the hook from HEAD)")
	}
	for _, tool := range []string{"pre-commit", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not on PATH (install the Debian package pre-commit, which brings git): %v", tool, err)
		}
	}

	// Leave room after the commands for logging and cleanup; a hung
	// command is killed before the test binary's own timeout panics.
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		if left := time.Until(deadline); left < 5*time.Minute {
			t.Fatalf("only %v left before the test timeout; the hook build compiles pg_query (minutes): run with -timeout 20m", left.Round(time.Second))
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-30*time.Second))
		defer cancel()
	}

	self, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	env := precommitEnv(t)
	self = strings.TrimSpace(precommitMust(t, ctx, self, env, "git", "rev-parse", "--show-toplevel"))
	rev := strings.TrimSpace(precommitMust(t, ctx, self, env, "git", "rev-parse", "HEAD"))
	if _, err := precommitRun(ctx, self, env, "git", "cat-file", "-e", rev+":.pre-commit-hooks.yaml"); err != nil {
		t.Fatalf("HEAD %s of %s has no .pre-commit-hooks.yaml: commit it first", rev, self)
	}
	version := strings.TrimSpace(precommitMust(t, ctx, self, env, "pre-commit", "--version"))
	if dirty := strings.TrimSpace(precommitMust(t, ctx, self, env, "git", "status", "--porcelain", "--untracked-files=no")); dirty != "" {
		t.Logf("note: uncommitted changes in %s are not part of this test; the hook is built from HEAD %s", self, rev)
	}
	t.Logf("%s; hook repository %s at %s", version, self, rev)

	home := t.TempDir()
	// go install leaves a read-only module cache in the hook environment
	// when it fails half-way; make it removable for t.TempDir's cleanup.
	t.Cleanup(func() { precommitMakeWritable(home) })
	env = append(env, "PRE_COMMIT_HOME="+home, "GOTOOLCHAIN=local")
	t.Cleanup(func() {
		if t.Failed() {
			if log, err := os.ReadFile(filepath.Join(home, "pre-commit.log")); err == nil {
				t.Logf("%s/pre-commit.log:\n%s", home, log)
			}
		}
	})

	repo := t.TempDir()
	git := func(args ...string) string { return precommitMust(t, ctx, repo, env, "git", args...) }
	head := func() string { return strings.TrimSpace(git("rev-parse", "--verify", "-q", "HEAD")) }
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q")
	git("config", "user.name", "redshift-preflight test")
	git("config", "user.email", "test@redshift-preflight.invalid")
	git("config", "commit.gpgsign", "false")
	write(".pre-commit-config.yaml", "repos:\n"+
		"  - repo: "+strconv.Quote(self)+"\n"+
		"    rev: "+rev+"\n"+
		"    hooks:\n"+
		"      - id: redshift-preflight\n"+
		"        args: [--fail-on, error, --color, never]\n")
	if err := os.MkdirAll(filepath.Join(repo, "migrations"), 0o755); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	out := precommitMust(t, ctx, repo, env, "pre-commit", "install")
	t.Logf("pre-commit install (%v):\n%s", time.Since(start).Round(time.Millisecond), out)

	// Building the environment is the slow part; doing it here rather than
	// in the first commit keeps the commits' timings and failures apart.
	start = time.Now()
	out = precommitMust(t, ctx, repo, env, "pre-commit", "install-hooks")
	t.Logf("pre-commit install-hooks: go install ./... at %s (%v):\n%s", rev, time.Since(start).Round(time.Second), out)

	// commit stages paths and commits them through the installed hook.
	commit := func(msg string, paths ...string) (string, error) {
		t.Helper()
		git(append([]string{"add", "--"}, paths...)...)
		start := time.Now()
		out, err := precommitRun(ctx, repo, env, "git", "commit", "-m", msg)
		t.Logf("git commit -m %q (%v): %v\n%s", msg, time.Since(start).Round(time.Millisecond), err, out)
		return out, err
	}
	mustContain := func(what, out string, wants ...string) {
		t.Helper()
		for _, want := range wants {
			if !strings.Contains(out, want) {
				t.Fatalf("%s: output lacks %q; pre-commit said:\n%s", what, want, out)
			}
		}
	}

	// 1. The configuration alone: no SQL staged, the hook is skipped.
	out, err = commit("pre-commit configuration", ".pre-commit-config.yaml")
	if err != nil {
		t.Fatalf("committing the configuration: %v\n%s", err, out)
	}
	mustContain("configuration commit", out, "redshift-preflight", "Skipped")
	before := head()

	// 2. A migration with an error: the commit is refused.
	write("migrations/0001_copy.sql", precommitBadSQL)
	out, err = commit("bad migration", "migrations/0001_copy.sql")
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("the commit of a migration with an error was not refused (err %v):\n%s", err, out)
	}
	if after := head(); after != before {
		t.Fatalf("the refused commit moved HEAD from %s to %s:\n%s", before, after, out)
	}
	mustContain("refused commit", out,
		"Failed", "- hook id: redshift-preflight", "- exit code: 1", precommitFinding)

	// 3. The fixed migration commits, and the hook did run on it.
	write("migrations/0001_copy.sql", precommitFixedSQL)
	out, err = commit("fixed migration", "migrations/0001_copy.sql")
	if err != nil {
		t.Fatalf("the commit of the fixed migration was refused: %v\n%s", err, out)
	}
	mustContain("fixed commit", out, "Passed")
	fixed := head()
	if fixed == before {
		t.Fatalf("the fixed commit did not move HEAD (still %s):\n%s", before, out)
	}
	if files := strings.Fields(git("show", "--name-only", "--format=", "HEAD")); len(files) != 1 || files[0] != "migrations/0001_copy.sql" {
		t.Fatalf("the fixed commit holds %q, want only migrations/0001_copy.sql", files)
	}

	// 4. The same bad text in a file that is not SQL: types: [sql] keeps
	// the hook away from it.
	write("notes.txt", precommitBadSQL)
	out, err = commit("notes", "notes.txt")
	if err != nil {
		t.Fatalf("the commit of notes.txt was refused; types: [sql] should exclude it: %v\n%s", err, out)
	}
	mustContain("notes commit", out, "Skipped")
	if strings.Contains(out, "chain-whitespace") {
		t.Fatalf("the hook looked at notes.txt:\n%s", out)
	}
	if head() == fixed {
		t.Fatalf("the notes commit did not move HEAD:\n%s", out)
	}
}

// precommitEnv is the test's environment (GOPROXY, GOFLAGS, GOCACHE, PATH
// and HOME pass through to pre-commit and its go install) without what
// would point git or pre-commit elsewhere when the test itself runs inside
// a git hook, or would skip the hook.
func precommitEnv(t *testing.T) []string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "SKIP", name == "PRE_COMMIT_HOME", name == "GOTOOLCHAIN",
			strings.HasPrefix(name, "GIT_") && name != "GIT_SSH" && name != "GIT_SSH_COMMAND":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// precommitRun runs a command in dir and returns its combined output.
func precommitRun(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = nil
	cmd.WaitDelay = 10 * time.Second // children (go, cc1) may hold the pipes after a kill
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if ctx.Err() != nil {
		err = errors.Join(err, errors.New("killed: the test's -timeout is near (the hook build compiles pg_query; use -timeout 20m)"))
	}
	return out.String(), err
}

// precommitMust is precommitRun that fails the test, showing the output.
func precommitMust(t *testing.T, ctx context.Context, dir string, env []string, name string, args ...string) string {
	t.Helper()
	out, err := precommitRun(ctx, dir, env, name, args...)
	if err != nil {
		t.Fatalf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return out
}

func precommitMakeWritable(root string) {
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(path, 0o755)
		}
		return nil
	})
}
