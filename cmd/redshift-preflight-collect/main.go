// Command redshift-preflight-collect makes the AWS calls of
// `redshift-preflight collect`, which starts it; run that command, not
// this one. It reads one collect request (package job) on stdin, collects,
// writes the summary to stderr and exits with collect's exit code. It is a
// separate program so that check's program links no AWS SDK package (see
// package job for the figures).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/redshift-preflight/redshift-preflight/internal/collect/job"
	"github.com/redshift-preflight/redshift-preflight/internal/collectcmd"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
)

// RequestArg is the argument redshift-preflight passes; without it the
// program was started by hand and says what to run instead.
const requestArg = "--request-on-stdin"

func main() {
	if len(os.Args) != 2 || os.Args[1] != requestArg {
		collectcmd.Fail(os.Stderr, "redshift-preflight-collect is started by `redshift-preflight collect`; run that (see redshift-preflight collect --help)")
		os.Exit(collectcmd.ExitUsage)
	}
	data, err := files.ReadAll(os.Stdin, files.Limit{Bytes: job.MaxRequestSize})
	if err != nil {
		collectcmd.Fail(os.Stderr, fmt.Sprintf("cannot read the collect request on stdin: %v", err))
		os.Exit(collectcmd.ExitUsage)
	}
	req, err := job.Decode(data)
	if err != nil {
		collectcmd.Fail(os.Stderr, err.Error())
		os.Exit(collectcmd.ExitUsage)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := collectcmd.Run(ctx, req, os.Stderr, nil)
	stop()
	os.Exit(code)
}
