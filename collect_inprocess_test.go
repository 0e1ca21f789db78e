package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/aws/smithy-go/middleware"

	"github.com/redshift-preflight/redshift-preflight/internal/collect/job"
	"github.com/redshift-preflight/redshift-preflight/internal/collectcmd"
)

// collectAPIOptions are added to collect's AWS clients in the tests: they
// deny a call with them, which a real endpoint's emulator cannot be told
// to do.
var collectAPIOptions []func(*middleware.Stack) error

// The tests run collect's calls in process, with collectAPIOptions, rather
// than in the companion program (TestCollectCompanion runs that one).
func init() {
	collectBackend = func(e *env, req job.Request) int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		return collectcmd.Run(ctx, req, e.stderr, collectAPIOptions)
	}
}
