package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/collect/job"
	"github.com/redshift-preflight/redshift-preflight/internal/collectcmd"
)

// The other collect tests run collect's calls in process; these run the two
// programs as a user does: redshift-preflight starts its companion
// redshift-preflight-collect (found beside it) and passes its exit code on.

var (
	programsOnce sync.Once
	programsDir  string
	programsErr  error
)

// builtPrograms builds both programs into one directory, as go install does.
func builtPrograms(t *testing.T) string {
	t.Helper()
	programsOnce.Do(func() {
		programsDir, programsErr = os.MkdirTemp("", "preflight-programs")
		for _, pkg := range []string{".", "./cmd/redshift-preflight-collect"} {
			if programsErr != nil {
				break
			}
			out, err := exec.Command("go", "build", "-o", programsDir+string(os.PathSeparator), pkg).CombinedOutput()
			if err != nil {
				programsErr = &buildError{pkg: pkg, out: string(out), err: err}
			}
		}
	})
	if programsErr != nil {
		t.Fatal(programsErr)
	}
	return programsDir
}

type buildError struct {
	pkg, out string
	err      error
}

func (e *buildError) Error() string { return "go build " + e.pkg + ": " + e.err.Error() + "\n" + e.out }

func TestMain(m *testing.M) {
	code := m.Run()
	if programsDir != "" {
		os.RemoveAll(programsDir)
	}
	os.Exit(code)
}

// closedEndpoint is a loopback address nothing listens on.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "http://" + l.Addr().String()
}

// The whole path through both programs: the companion's summary and error
// reach the user's stderr, its exit code is collect's, --out is not made.
func TestCollectCompanion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both programs")
	}
	bin := builtPrograms(t)
	motoEnv(t, closedEndpoint(t))
	t.Setenv(companionEnv, "") // found beside redshift-preflight, not named
	dir := t.TempDir()
	cmd := exec.Command(filepath.Join(bin, "redshift-preflight"), "collect", "--out", "aws")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != collectcmd.ExitNothingCollected {
		t.Errorf("exit %d, want %d\n%s", code, collectcmd.ExitNothingCollected, stderr.String())
	}
	for _, want := range []string{"not collected: sts:GetCallerIdentity (account unknown, us-east-1): RequestSendError: cannot reach the endpoint",
		"redshift-preflight: nothing was collected (1 failed call, listed above); aws is left as it was"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if strings.Count(stderr.String(), "nothing was collected") != 1 || stdout.Len() != 0 {
		t.Errorf("want one error line and no stdout; stdout %q, stderr:\n%s", stdout.String(), stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "aws")); !os.IsNotExist(err) {
		t.Errorf("--out made although nothing was collected: %v", err)
	}
}

// Neither beside nor on PATH nor named: exit 2 with the command that installs it.
func TestCollectCompanionMissing(t *testing.T) {
	t.Setenv(companionEnv, "")
	t.Setenv("PATH", t.TempDir())
	var stderr bytes.Buffer
	code := runCompanion(&env{stdout: &bytes.Buffer{}, stderr: &stderr}, job.Request{Out: "aws"})
	want := "redshift-preflight: collect makes its AWS calls in the program redshift-preflight-collect, which is neither beside this program nor on PATH: " +
		"install it with `go install github.com/redshift-preflight/redshift-preflight/cmd/redshift-preflight-collect@latest` (from a clone: `go install ./...`), or name it in $REDSHIFT_PREFLIGHT_COLLECT\n"
	if code != exitUsage || stderr.String() != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and:\n%s", code, stderr.String(), want)
	}
}

// The companion started by hand, or with a request of another format:
// exit 2 and what to do, and no call made.
func TestCompanionRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both programs")
	}
	companion := filepath.Join(builtPrograms(t), companionName)
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"by hand", nil, "", "redshift-preflight: redshift-preflight-collect is started by `redshift-preflight collect`; run that (see redshift-preflight collect --help)\n"},
		{"old format", []string{companionArg}, `{"Format":0,"Out":"aws","Targets":{}}`,
			"redshift-preflight: collect request format 0, this program reads format 1: install redshift-preflight and redshift-preflight-collect from the same version\n"},
		{"not JSON", []string{companionArg}, "\x00\xff", "redshift-preflight: not a collect request: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(companion, c.args...)
			cmd.Dir = t.TempDir()
			cmd.Stdin = strings.NewReader(c.stdin)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != collectcmd.ExitUsage || !strings.HasPrefix(stderr.String(), c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr.String(), c.want)
			}
			if strings.ContainsAny(stderr.String(), "\x00\xff") {
				t.Errorf("stderr echoes raw input bytes: %q", stderr.String())
			}
		})
	}
}
