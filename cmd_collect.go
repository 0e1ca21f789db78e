package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"slices"

	"github.com/aws/smithy-go/middleware"
	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/collect"
	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
)

// collectAPIOptions are added to collect's AWS clients: the tests deny a
// call with them, which a real endpoint's emulator cannot be told to do.
var collectAPIOptions []func(*middleware.Stack) error

// exitNothingCollected: collect could not read anything usable (SPEC §2
// keeps 0, 1 and 2 for check; collect adds 3).
const exitNothingCollected = 3

func collectCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:         "collect",
		Usage:        "read IAM, cluster, bucket and function data from a live account into a directory for check (read-only AWS calls)",
		ArgsUsage:    "[PATH...]",
		Flags:        flagsOf(config.Collect),
		Description:  collectHelp(),
		OnUsageError: onUsageError,
		Action:       func(c *cli.Context) error { return runCollect(e, c) },
	}
}

func runCollect(e *env, c *cli.Context) error {
	// collect reads no config file: its flags are about the AWS side.
	s, err := config.Resolve(config.Collect, nil, flagReader{c}, nil)
	if err != nil {
		return usageError(err)
	}
	targets, err := collectTargets(s, c.Args().Slice())
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := collect.Options{Out: s.Collect.Out, Region: s.Collect.Region,
		ClusterID: s.ClusterID, RoleARNs: s.Collect.RoleARNs, Targets: targets, APIOptions: collectAPIOptions}
	if p := s.Collect.Profiles; len(p) > 0 {
		opts.Profile, opts.OtherProfiles = p[0], p[1:]
	}
	if isTerminal(e.stderr) {
		opts.Progress = e.stderr
	}
	res, err := collect.Run(ctx, opts)
	if res != nil {
		printCollectSummary(e, res)
	}
	switch {
	case errors.Is(err, collect.ErrNothingCollected):
		return &exitError{code: exitNothingCollected, msg: fmt.Sprintf("nothing was collected (%s, listed above); %s is left as it was",
			plural(len(res.Gaps), "failed call"), res.Dir)}
	case err != nil:
		return usageError(err)
	}
	return nil
}

// printCollectSummary says on stderr what was written and what was not.
func printCollectSummary(e *env, res *collect.Result) {
	for _, w := range res.Written {
		printLine(e.stderr, "collected: ", fmt.Sprintf("%s: %s", w.Name, w.What))
	}
	for _, name := range res.Removed {
		printLine(e.stderr, "removed: ", name+" (written by the previous run, not collected by this one)")
	}
	for _, w := range res.Warnings {
		printLine(e.stderr, "warning: ", w)
	}
	for _, g := range res.Gaps {
		word := "not collected: "
		if g.Denied() {
			word = "not collected (denied): "
		}
		printLine(e.stderr, word, g.String())
	}
	where := res.Dir
	if res.Usable() {
		where += " (gaps recorded in " + collect.ManifestName + ")"
		if len(res.Gaps) == 0 {
			where = res.Dir
		}
	}
	printLine(e.stderr, "", fmt.Sprintf("collect: %s, %s, %s (%s) in %.1fs: %s",
		plural(len(res.Written), "file"), plural(len(res.Gaps), "gap"), plural(int(res.Calls), "API call"),
		plural(int(res.Sends), "HTTP request"), res.Elapsed.Seconds(), where))
}

// isTerminal: w is a terminal, for the progress line.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// collectTargets reads the SQL under paths as check does (the same
// discovery, migration-tool layouts and project values; no --var) and
// lists the buckets and Lambda functions its statements name, whose
// policies and facts collect then reads. No paths: none.
func collectTargets(s *config.Settings, paths []string) (collect.Targets, error) {
	var t collect.Targets
	manifestTargets(&t, s.Manifests)
	if len(paths) == 0 {
		return t, nil
	}
	inputs, err := config.Expand(paths, nil, layouts(s)...)
	if err != nil {
		return t, usageError(err)
	}
	opts := checks.RunOptions{Limits: s.Limits,
		Project: projectvars.NewFinder(projectvars.Options{Environ: os.Environ(), Limit: s.Limits.Of(files.Config)})}
	for _, in := range inputs {
		if !in.Stdin {
			opts.Sources = append(opts.Sources, checks.Source{Name: in.Name, Path: in.Path, Prepare: in.Prepare, Step: in.Step})
		}
	}
	res, err := checks.Run(opts)
	if err != nil {
		return t, usageError(err)
	}
	for _, f := range res.Files {
		for _, ref := range f.References {
			if ref.Target != nil {
				t.Add(ref.Target.Kind, ref.Target.URI)
			}
		}
		for _, id := range checks.KMSKeyIDs(f.File) {
			t.AddKMSKey(id)
		}
		for _, uri := range checks.OptionValues(f.File, "JSONPATHS") {
			t.Add("s3", uri) // a JSONPaths file's bucket: "auto" and the like are no s3:// URL
		}
	}
	return t, nil
}

// manifestTargets adds the buckets of the objects that the local copies of
// COPY manifests (--manifest URL=FILE, as check takes them) list: check
// decides the region, owner and policy of each, so collect reads their
// facts as it does for the buckets the SQL names. Every given manifest
// counts, PATH or not: the user named it.
func manifestTargets(t *collect.Targets, manifests map[string][]string) {
	for _, url := range slices.Sorted(maps.Keys(manifests)) {
		t.Add("s3", url)
		for _, entry := range manifests[url] {
			t.Add("s3", entry)
		}
	}
}
