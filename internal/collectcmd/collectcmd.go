// Package collectcmd is the body of the companion program
// redshift-preflight-collect: it runs one collect job.Request with the AWS
// SDK and writes collect's summary. The companion's main and the tests of
// redshift-preflight (in process, with their fake or denying API options)
// both call Run; the check side never imports it (see package job).
package collectcmd

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/smithy-go/middleware"

	"github.com/redshift-preflight/redshift-preflight/internal/collect"
	"github.com/redshift-preflight/redshift-preflight/internal/collect/job"
	"github.com/redshift-preflight/redshift-preflight/redact"
)

// Exit codes of collect (SPEC §2 keeps 0, 1 and 2 for check; collect adds 3).
const (
	ExitOK               = 0
	ExitUsage            = 2
	ExitNothingCollected = 3
)

// Run collects as req says, prints the summary (and progress, when
// req.Progress) on stderr and returns collect's exit code. apiOptions are
// added to every AWS client (tests deny or fake calls with them).
func Run(ctx context.Context, req job.Request, stderr io.Writer, apiOptions []func(*middleware.Stack) error) int {
	opts := collect.Options{Out: req.Out, Region: req.Region, ClusterID: req.ClusterID,
		RoleARNs: req.RoleARNs, Targets: req.Targets, APIOptions: apiOptions}
	if p := req.Profiles; len(p) > 0 {
		opts.Profile, opts.OtherProfiles = p[0], p[1:]
	}
	if req.Progress {
		opts.Progress = stderr
	}
	res, err := collect.Run(ctx, opts)
	if res != nil {
		printSummary(stderr, res)
	}
	switch {
	case errors.Is(err, collect.ErrNothingCollected):
		Fail(stderr, fmt.Sprintf("nothing was collected (%s, listed above); %s is left as it was",
			plural(len(res.Gaps), "failed call"), res.Dir))
		return ExitNothingCollected
	case err != nil:
		Fail(stderr, err.Error())
		return ExitUsage
	}
	return ExitOK
}

// Fail prints collect's error line, as redshift-preflight prints its own.
func Fail(stderr io.Writer, msg string) { printLine(stderr, "redshift-preflight: ", msg) }

// printSummary says on stderr what was written and what was not.
func printSummary(stderr io.Writer, res *collect.Result) {
	for _, w := range res.Written {
		printLine(stderr, "collected: ", fmt.Sprintf("%s: %s", w.Name, w.What))
	}
	for _, name := range res.Removed {
		printLine(stderr, "removed: ", name+" (written by the previous run, not collected by this one)")
	}
	for _, w := range res.Warnings {
		printLine(stderr, "warning: ", w)
	}
	for _, g := range res.Gaps {
		word := "not collected: "
		if g.Denied() {
			word = "not collected (denied): "
		}
		printLine(stderr, word, g.String())
	}
	where := res.Dir
	if res.Usable() && len(res.Gaps) > 0 {
		where += " (gaps recorded in " + collect.ManifestName + ")"
	}
	printLine(stderr, "", fmt.Sprintf("collect: %s, %s, %s (%s) in %.1fs: %s",
		plural(len(res.Written), "file"), plural(len(res.Gaps), "gap"), plural(int(res.Calls), "API call"),
		plural(int(res.Sends), "HTTP request"), res.Elapsed.Seconds(), where))
}

// printLine writes one line made safe as redshift-preflight's own lines
// are: secrets masked, control characters escaped, no workflow command.
func printLine(w io.Writer, prefix, msg string) {
	io.WriteString(w, redact.GuardLines(prefix+redact.Text(msg)+"\n"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
