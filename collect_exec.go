package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"

	"github.com/redshift-preflight/redshift-preflight/internal/collect/job"
)

// companionName is the program that makes collect's AWS calls (package job
// says why it is a program of its own); companionEnv names it explicitly.
const (
	companionName = "redshift-preflight-collect"
	companionEnv  = "REDSHIFT_PREFLIGHT_COLLECT"
	companionArg  = "--request-on-stdin" // as cmd/redshift-preflight-collect expects
)

// collectBackend runs a collect request and returns collect's exit code,
// having printed its summary or error on e.stderr. The program runs the
// companion; the tests replace it with the same code run in process.
var collectBackend = runCompanion

// runCompanion starts redshift-preflight-collect with req on its stdin and
// its stdout and stderr ours, and returns its exit code. An interrupt
// reaches it too (same process group); this program waits for it to clean up.
func runCompanion(e *env, req job.Request) int {
	path, err := findCompanion()
	if err != nil {
		printLine(e.stderr, "redshift-preflight: ", err.Error())
		return exitUsage
	}
	data, err := req.Encode()
	if err != nil {
		printLine(e.stderr, "redshift-preflight: ", "cannot encode the collect request: "+err.Error())
		return exitUsage
	}
	cmd := exec.Command(path, companionArg)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(data), e.stdout, e.stderr
	signal.Ignore(os.Interrupt)
	defer signal.Reset(os.Interrupt)
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.Exited():
		return exit.ExitCode()
	case err != nil:
		printLine(e.stderr, "redshift-preflight: ", fmt.Sprintf("cannot run %s: %v", path, err))
		return exitUsage
	}
	return exitOK
}

// findCompanion: $REDSHIFT_PREFLIGHT_COLLECT, else the companion beside
// this program (go install puts both in one directory), else on PATH.
func findCompanion() (string, error) {
	if p := os.Getenv(companionEnv); p != "" {
		return p, nil
	}
	if self, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		beside := filepath.Join(filepath.Dir(self), companionName)
		if st, err := os.Stat(beside); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return beside, nil
		}
	}
	if p, err := exec.LookPath(companionName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("collect makes its AWS calls in the program %s, which is neither beside this program nor on PATH: "+
		"install it with `go install github.com/redshift-preflight/redshift-preflight/cmd/%s@%s` "+
		"(from a clone: `go install ./...`), or name it in $%s", companionName, companionName, installVersion(), companionEnv)
}

// installVersion is this build's module version for `go install …@V`:
// the tag it was installed at, else latest.
func installVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "latest"
}
