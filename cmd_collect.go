package main

import (
	"maps"
	"os"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/collect/job"
	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
)

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

// runCollect resolves the flags and reads the SQL under PATH here, then
// hands the calls to collectBackend (the companion program; see package job).
func runCollect(e *env, c *cli.Context) error {
	// collect reads no config file: its flags are about the AWS side.
	s, err := config.Resolve(config.Collect, nil, flagReader{c}, nil)
	if err != nil {
		return usageError(err)
	}
	req := job.Request{Out: s.Collect.Out, Region: s.Collect.Region, Profiles: s.Collect.Profiles,
		ClusterID: s.ClusterID, RoleARNs: s.Collect.RoleARNs, Progress: isTerminal(e.stderr)}
	if err := req.Check(); err != nil {
		return usageError(err)
	}
	if req.Targets, err = collectTargets(s, c.Args().Slice()); err != nil {
		return err
	}
	if code := collectBackend(e, req); code != exitOK {
		return &exitError{code: code} // the backend printed why
	}
	return nil
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

// collectTargets reads the SQL under paths as check does (the same
// discovery, migration-tool layouts and project values; no --var) and
// lists the buckets and Lambda functions its statements name, whose
// policies and facts collect then reads. No paths: none.
func collectTargets(s *config.Settings, paths []string) (job.Targets, error) {
	var t job.Targets
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
func manifestTargets(t *job.Targets, manifests map[string][]string) {
	for _, url := range slices.Sorted(maps.Keys(manifests)) {
		t.Add("s3", url)
		for _, entry := range manifests[url] {
			t.Add("s3", entry)
		}
	}
}
