package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/internal/suggest"
	"github.com/redshift-preflight/redshift-preflight/redact"
)

func main() {
	keepWritingAfterClosedPipe()
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes (SPEC §2).
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// exitError carries an exit code and a message for stderr up to run.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// usageError makes an error of the pipelines or of the configuration a
// usage error: the input cannot be used (exit 2).
func usageError(err error) error { return &exitError{code: exitUsage, msg: err.Error()} }

// findings is the exit of a run whose findings reach --fail-on.
var findings = &exitError{code: exitFindings}

// env is what a command may touch of the outside world; tests pass their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run is the whole program, testable end to end: it never calls os.Exit.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stdout = &pipeEnd{w: stdout}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	code := exitOK
	app := &cli.App{
		Name:                      "redshift-preflight",
		Usage:                     "check the IAM credentials in Amazon Redshift SQL before a deploy",
		Description:               appHelp(),
		Version:                   version,
		HideVersion:               true,
		Reader:                    stdin,
		Writer:                    stdout,
		ErrWriter:                 stderr,
		DisableSliceFlagSeparator: true, // --var values hold commas (role chains)
		ExitErrHandler:            func(*cli.Context, error) {},
		OnUsageError:              onUsageError,
		Commands:                  []*cli.Command{checkCommand(e), explainCommand(e), connectCommand(e), collectCommand(e), rulesCommand(e), versionCommand(e)},
		Flags:                     []cli.Flag{&cli.BoolFlag{Name: "version", Usage: "print the version and exit"}},
		Action: func(c *cli.Context) error {
			if c.Bool("version") {
				printVersion(e)
				return nil
			}
			if c.NArg() > 0 {
				c.App.CommandNotFound(c, c.Args().First())
				return nil
			}
			return cli.ShowAppHelp(c)
		},
	}
	app.CommandNotFound = func(c *cli.Context, name string) {
		printLine(stderr, "redshift-preflight: ", fmt.Sprintf("unknown command %q%s (commands: %s)",
			name, suggest.Hint(name, commandNames(app), "%q"), strings.Join(commandNames(app), ", ")))
		code = exitUsage
	}
	if err := app.Run(reorderCommandArgs(app, args)); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.msg != "" {
				printLine(stderr, "redshift-preflight: ", ee.msg)
			}
			return ee.code
		}
		printLine(stderr, "redshift-preflight: ", err.Error())
		return exitUsage
	}
	return code
}

// printLine writes one line to stderr: messages quote what the user
// gave (a --var, a file name, a JSON path), so the message is made safe
// (redact.Text: secrets masked, control characters and line breaks
// escaped) and the line guarded against reading as a workflow command.
func printLine(w io.Writer, prefix, msg string) {
	io.WriteString(w, redact.GuardLines(prefix+redact.Text(msg)+"\n"))
}

func commandNames(app *cli.App) []string {
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Name)
	}
	return names
}

// undefinedFlag starts urfave/cli's (and package flag's) message about a
// flag the command does not have; the flag's name follows.
const undefinedFlag = "flag provided but not defined: -"

func onUsageError(c *cli.Context, err error, _ bool) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, undefinedFlag); ok {
		msg = fmt.Sprintf("unknown flag --%s%s", name, suggest.Hint(name, flagNames(c.Command.Flags), "--%s"))
	}
	return usageErrorf("%s (see '%s --help')", msg, c.Command.HelpName)
}

// flagNames are the names of flags, without dashes.
func flagNames(flags []cli.Flag) []string {
	var names []string
	for _, f := range flags {
		names = append(names, f.Names()...)
	}
	return names
}
