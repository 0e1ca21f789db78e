package main

// The harness of the hostile-input tests (hostile_test.go) and of the CLI
// fuzz targets (fuzz_cli_test.go): the planted secrets, a child process that
// runs the CLI with a timeout and a memory watchdog, and the checks of the
// promises that every run of every output format must keep (issue 10).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// Obviously fake (FAKE in each) but secret-shaped random values, planted in hostile inputs. None of
// them may appear in stdout, stderr or an --output file, in any format; the
// masked form (first and last four characters) may.
const (
	plantedKeyID   = "AKIAFAKEC36AN57RKC7U"                         // AKIA + 16 base32 characters
	plantedASIAKey = "ASIAFAKEEPXC2IWY2SQ5"                         // a temporary key id
	plantedSecret  = "fAkEwMUr6E4WfaEryMUEO538iPuC0Eee+MjktXVt"     // 40 characters, as a secret access key
	plantedMaster  = "fAkEmAsTeRom4vyS315FJswpI6Mvww9SP3CafQOFkH5=" // base64 of 32 bytes
	plantedToken   = "FwoGZXIvYXdzEFAKEZuX+EI9+iv/7Zr1SX/v4m1ea4igSltn6/r635RH62QtEPez9doL3FLlfnKu9sUZySxky2AmN725AIUoaA20" +
		"Wzi2lhSGU62yK7L+HZ4RSJ9599kUZv1iNcPPjYVKxEvNmgCj1y4cYzRyPggeUYPvupSvdSlY4Shs4854wT2R6Xym3tfxy2UWggvN" +
		"CgwmUxMfY2jSy/uvZ7Qeww1tYmYpEn2NLmS8FLbuXDm8mZBKTiydjZec3RwgTP8vcAqLzFFX1dqapdhwpXib3x1gvgW66QxeZ6/U" // a session token
)

var plantedSecrets = []string{plantedKeyID, plantedASIAKey, plantedSecret, plantedMaster, plantedToken}

func init() {
	// The shapes matter: a masker that recognises secrets by shape must see
	// these as secrets.
	if len(plantedKeyID) != 20 || len(plantedASIAKey) != 20 || len(plantedSecret) != 40 || len(plantedMaster) != 44 || len(plantedToken) < 200 {
		panic("planted secrets have the wrong shape")
	}
}

// leakedSecret returns the planted secret that out reveals, or "". Besides
// the whole value, any 8 characters of its middle (what a mask hides) count
// as a leak, so a partly masked or cut value is caught too.
func leakedSecret(out []byte, secrets []string) string {
	for _, s := range secrets {
		if bytes.Contains(out, []byte(s)) {
			return s
		}
		mid := s[4 : len(s)-4]
		for i := 0; i+8 <= len(mid); i++ {
			if bytes.Contains(out, []byte(mid[i:i+8])) {
				return s
			}
		}
	}
	return ""
}

// cliResult is one run of the CLI.
type cliResult struct {
	code           int
	stdout, stderr []byte
	output         []byte // the --output file, when the run names one
	stats          childStats
	hung, tooBig   bool
	signaled       string
}

func (r cliResult) String() string {
	return fmt.Sprintf("exit %d\n--- stdout (%d bytes)\n%s\n--- stderr\n%s", r.code, len(r.stdout), clip(r.stdout), clip(r.stderr))
}

func clip(b []byte) string {
	if len(b) > 3000 {
		return string(b[:3000]) + "\n[... cut]"
	}
	return string(b)
}

// --- the child process ---------------------------------------------------

// The hostile cases run the CLI in a child process (this test binary, in
// TestHostileChild) so that a hang is a timeout and a runaway allocation
// is a stopped process, both failures, instead of a stuck or killed test
// run; and so that the work is counted per run.
const childEnv = "REDSHIFT_PREFLIGHT_HOSTILE_CHILD"

// childTimeout is generous: every input here takes well under a second once
// fixed; a run that needs this long is hung, and fails instead of hanging.
// PREFLIGHT_HOSTILE_TIMEOUT (a Go duration) changes it.
var childTimeout = func() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("PREFLIGHT_HOSTILE_TIMEOUT")); err == nil && d > 0 {
		return d
	}
	return 60 * time.Second
}()

// childHeapLimit stops a child whose heap grows past it (exit code
// childOverLimit): no hostile input here needs a tenth of it.
const (
	childHeapLimit = 1 << 30
	childOverLimit = 97
)

type childRequest struct {
	Args  []string
	Stats string // where the child writes its childStats
}

// childStats are what the child counted: the growth tests compare them
// between n and 10n (no wall-clock bound).
type childStats struct {
	TotalAlloc uint64 // bytes allocated, cumulative
	Mallocs    uint64 // heap objects allocated
	HeapSys    uint64 // heap obtained from the OS: a high-water mark
	CPU        time.Duration
}

// TestHostileChild is not a test: it is the child process of runChild, and
// does nothing in an ordinary test run.
func TestHostileChild(t *testing.T) {
	spec := os.Getenv(childEnv)
	if spec == "" {
		return
	}
	var req childRequest
	if err := json.Unmarshal([]byte(spec), &req); err != nil {
		fmt.Fprintln(os.Stderr, "hostile child:", err)
		syscall.Exit(3)
	}
	go watchHeap()
	code := run(req.Args, os.Stdin, os.Stdout, os.Stderr)
	writeStats(req.Stats)
	// syscall.Exit: the testing package turns os.Exit(0) inside a test into
	// a failure, and must not print its PASS line on the CLI's stdout.
	syscall.Exit(code)
}

func watchHeap() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	for {
		metrics.Read(sample)
		if sample[0].Value.Uint64() > childHeapLimit {
			fmt.Fprintf(os.Stderr, "hostile child: heap over %d bytes, stopped\n", childHeapLimit)
			syscall.Exit(childOverLimit)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func writeStats(path string) {
	if path == "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	data, _ := json.Marshal(childStats{TotalAlloc: ms.TotalAlloc, Mallocs: ms.Mallocs, HeapSys: ms.HeapSys, CPU: cpu})
	_ = os.WriteFile(path, data, 0o644)
}

// childRun says how to start one child.
type childRun struct {
	dir    string   // working directory
	args   []string // after "redshift-preflight"
	stdout *os.File // nil: captured
	output string   // --output file to read back, relative to dir
}

// runChild runs the CLI in a child process and waits at most childTimeout.
func runChild(t *testing.T, r childRun) cliResult {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	statsPath := filepath.Join(t.TempDir(), "stats.json")
	spec, _ := json.Marshal(childRequest{Args: append([]string{"redshift-preflight"}, r.args...), Stats: statsPath})
	ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-test.run=^TestHostileChild$", "-test.count=1")
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), childEnv+"="+string(spec), "NO_COLOR=1")
	cmd.WaitDelay = 5 * time.Second // a grandchild holding the pipes cannot keep us waiting
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if r.stdout != nil {
		cmd.Stdout = r.stdout
	}
	err = cmd.Run()
	res := cliResult{stdout: stdout.Bytes(), stderr: stderr.Bytes()}
	res.code = cmd.ProcessState.ExitCode()
	if ctx.Err() != nil {
		res.hung = true
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		res.signaled = ws.Signal().String()
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) && !res.hung {
		t.Fatalf("cannot run the child: %v", err)
	}
	res.tooBig = res.code == childOverLimit
	if data, err := os.ReadFile(statsPath); err == nil {
		_ = json.Unmarshal(data, &res.stats)
	}
	if r.output != "" {
		res.output, _ = os.ReadFile(filepath.Join(r.dir, r.output))
	}
	return res
}

// --- the promises every run keeps ------------------------------------------

// Promise names: each hostile case names those it guards.
const (
	secretNotPrinted   = "secret-not-printed"
	noForgedLine       = "no-forged-line"
	exitCode           = "exit-code"
	noHang             = "no-hang"
	bounded            = "bounded"
	statementNotHidden = "statement-not-hidden"
)

// machineFormats print JSON.
var machineFormats = map[string]bool{"json": true, "sarif": true}

// commonProblems checks what every run of every format must keep, whatever
// the input: a documented exit code, no panic, valid JSON, no forged
// workflow command, no planted secret. secrets are the values planted in
// the input. It returns the broken promises, empty when all hold.
func commonProblems(format string, r cliResult, secrets []string) []string {
	var bad []string
	if r.hung {
		return []string{noHang + ": still running after " + childTimeout.String() + " (killed)"}
	}
	if r.tooBig {
		return []string{bounded + ": heap grew past the child's limit (stopped)"}
	}
	if r.signaled != "" {
		bad = append(bad, fmt.Sprintf("%s: killed by %s", exitCode, r.signaled))
	} else if r.code < 0 || r.code > 2 {
		bad = append(bad, fmt.Sprintf("%s: exit code %d is not 0, 1 or 2", exitCode, r.code))
	}
	for _, out := range []struct {
		name string
		data []byte
	}{{"stdout", r.stdout}, {"stderr", r.stderr}, {"--output file", r.output}} {
		if panicText.Match(out.data) {
			bad = append(bad, exitCode+": panic text in "+out.name)
		}
		if s := leakedSecret(out.data, secrets); s != "" {
			bad = append(bad, fmt.Sprintf("%s: %s reveals the planted %.8s…", secretNotPrinted, out.name, s))
		}
		ownCommands := format == "github" && out.name != "stderr"
		if line := forgedLine(out.data, ownCommands); line != "" {
			bad = append(bad, fmt.Sprintf("%s: %s has a line a CI runner would take as a command: %q", noForgedLine, out.name, line))
		}
	}
	if machineFormats[format] && r.code != 2 {
		report := r.stdout
		if r.output != nil {
			report = r.output
		}
		if !json.Valid(report) {
			bad = append(bad, fmt.Sprintf("%s: %s output is not valid JSON", exitCode, format))
		}
	}
	return bad
}

// A Go panic's own text: "panic: " opening a line, or a goroutine header
// of a stack trace. SQL echoed in an excerpt never starts a line (excerpts
// are indented behind a line number).
var panicText = regexp.MustCompile(`(?m)^panic: |goroutine \d+ \[[a-z ]+\]:`)

// forgedLine returns the first line of out that the GitHub Actions runner
// would read as a workflow command ("::name ...::"): the runner trims
// leading white space and splits lines on \n and on a lone \r. With
// ownCommands (stdout of --format github) the tool's own annotations are
// allowed, if well formed and escaped.
func forgedLine(out []byte, ownCommands bool) string {
	for _, line := range strings.FieldsFunc(string(out), func(r rune) bool { return r == '\n' || r == '\r' }) {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if !strings.HasPrefix(trimmed, "::") {
			continue
		}
		if ownCommands && line == trimmed && wellFormedAnnotation(line) == "" {
			continue
		}
		return line
	}
	return ""
}

// annotation is the shape of the tool's own commands in --format github.
var annotation = regexp.MustCompile(`^::(error|warning|notice) ([^:]*)::(.*)$`)

var annotationProperties = map[string]*regexp.Regexp{
	"file": nil, "title": nil,
	"line": regexp.MustCompile(`^[1-9][0-9]*$`), "endLine": regexp.MustCompile(`^[1-9][0-9]*$`),
	"col": regexp.MustCompile(`^[1-9][0-9]*$`), "endColumn": regexp.MustCompile(`^[1-9][0-9]*$`),
}

// wellFormedAnnotation says what is wrong with one of the tool's own
// workflow commands, "" when nothing: properties escaped as the runner's
// escapeProperty requires (%, CR, LF, ':' and ','), the message as
// escapeData requires (%, CR, LF), and no control characters left in either.
func wellFormedAnnotation(line string) string {
	m := annotation.FindStringSubmatch(line)
	if m == nil {
		return "not an ::error/::warning/::notice command"
	}
	seen := map[string]bool{}
	for _, prop := range strings.Split(m[2], ",") {
		key, value, ok := strings.Cut(prop, "=")
		pattern, known := annotationProperties[key]
		switch {
		case !ok || !known || seen[key]:
			return fmt.Sprintf("property %q", prop)
		case pattern != nil && !pattern.MatchString(value):
			return fmt.Sprintf("property %s=%q is not a number", key, value)
		case badPercent(value, "25", "0D", "0A", "3A", "2C"):
			return fmt.Sprintf("property %s=%q has an unescaped %%", key, value)
		}
		seen[key] = true
	}
	if !seen["file"] || !seen["line"] || !seen["title"] {
		return "a property is missing"
	}
	if badPercent(m[3], "25", "0D", "0A") {
		return "message has an unescaped %"
	}
	if r, ok := controlRune(line); ok {
		return fmt.Sprintf("control character %U", r)
	}
	return ""
}

// badPercent: a % that does not start one of the escapes.
func badPercent(s string, escapes ...string) bool {
	for i := strings.IndexByte(s, '%'); i >= 0; i = strings.IndexByte(s, '%') {
		s = s[i+1:]
		ok := false
		for _, e := range escapes {
			if strings.HasPrefix(s, e) {
				ok = true
			}
		}
		if !ok {
			return true
		}
	}
	return false
}

// controlRune finds what text output must show escaped (issue 10, point 2):
// C0 controls but tab and newline, DEL, C1, and the bidirectional
// overrides and isolates.
func controlRune(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return r, true
		}
	}
	return 0, false
}

// textProblems: text written for a terminal or a CI log (text and github
// formats, explain's text and diagrams, stderr always) carries no control
// character raw, and is UTF-8.
func textProblems(format string, r cliResult) []string {
	var bad []string
	outs := map[string][]byte{"stderr": r.stderr}
	if !machineFormats[format] {
		outs["stdout"], outs["--output file"] = r.stdout, r.output
	}
	for name, data := range outs {
		if c, ok := controlRune(string(data)); ok {
			bad = append(bad, fmt.Sprintf("%s: %s carries the control character %U raw", noForgedLine, name, c))
		}
		if !utf8.Valid(data) {
			bad = append(bad, fmt.Sprintf("%s: %s is not UTF-8", noForgedLine, name))
		}
	}
	return bad
}
