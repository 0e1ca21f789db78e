package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// reorderArgs puts a command's flags before its paths, so that
// "check x.sql --format json" reads --format as a flag: urfave/cli stops
// at the first argument that is not a flag. args are the arguments after
// the command's name; valued says whether a flag (its name without
// dashes) takes a value, which stays with it. "--" ends the flags: what
// follows is paths, as typed. The paths come back after a "--" of their
// own, so that a path starting with - is not read as a flag; "-" (stdin)
// is a path.
func reorderArgs(args []string, valued func(name string) bool) []string {
	var flags, paths []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			paths = append(paths, args[i+1:]...)
			i = len(args)
		case len(a) < 2 || a[0] != '-':
			paths = append(paths, a)
		case !strings.Contains(a, "=") && valued(strings.TrimLeft(a, "-")) && i+1 < len(args):
			flags = append(flags, a, args[i+1])
			i++
		default:
			flags = append(flags, a)
		}
	}
	if len(paths) == 0 {
		return flags
	}
	return append(append(flags, "--"), paths...)
}

// reorderCommandArgs reorders the arguments of the command args[1] names
// (program name first, as os.Args); other command lines are left alone.
func reorderCommandArgs(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil {
		return args
	}
	out := append([]string{args[0], args[1]}, reorderArgs(args[2:], valuedFlags(cmd.Flags))...)
	return out
}

// valuedFlags says which of flags take a value.
func valuedFlags(flags []cli.Flag) func(string) bool {
	valued := map[string]bool{}
	for _, f := range flags {
		if df, ok := f.(cli.DocGenerationFlag); ok && df.TakesValue() {
			for _, n := range f.Names() {
				valued[n] = true
			}
		}
	}
	return func(name string) bool { return valued[name] }
}
