package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// dataFlags are the inputs of the hop walk, shared by check and explain.
func dataFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "iam", Usage: "IAM data: a file or directory of AWS CLI exports (repeatable)"},
		&cli.StringSliceFlag{Name: "cluster", Usage: "cluster or namespace data: describe-clusters, get-namespace, list-namespaces (repeatable)"},
		&cli.StringFlag{Name: "cluster-id", Usage: "the cluster or serverless workgroup the SQL runs on (when the data holds several)"},
		&cli.StringFlag{Name: "db-user", Usage: "the database user that runs the SQL (Redshift passes its ARN as sts:ExternalId)"},
	}
}

// loadWorld reads --iam and --cluster once per process. It returns nil when
// neither was given: references are then unchecked.
func loadWorld(e *env, s *settings) (*chain.World, error) {
	iamPaths, clusterPaths := s.Slice("iam"), s.Slice("cluster")
	if len(iamPaths)+len(clusterPaths) == 0 {
		if s.String("cluster-id") != "" {
			return nil, usageErrorf("--cluster-id needs cluster data (--cluster)")
		}
		return nil, nil
	}
	inv, err := load.Load(iamPaths, clusterPaths)
	if err != nil {
		return nil, &exitError{code: exitUsage, msg: err.Error()}
	}
	cluster, err := inv.SelectCluster(s.String("cluster-id"))
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	w := &chain.World{Inventory: inv, Cluster: cluster, DBUser: s.String("db-user")}
	warnIncompleteWorld(e, w, len(iamPaths) > 0)
	return w, nil
}

// warnIncompleteWorld says on stderr which checks the data cannot support,
// so that "unknown" verdicts do not come as a surprise.
func warnIncompleteWorld(e *env, w *chain.World, haveIAM bool) {
	switch {
	case w.Cluster == nil:
		fmt.Fprintln(e.stderr, "note: no cluster data (--cluster): role associations and IAM_ROLE default cannot be checked")
	case w.Cluster.Region == "":
		fmt.Fprintf(e.stderr, "note: the region of cluster %s is not in the data: regional trust and external ids cannot be checked\n", w.Cluster.ID)
	}
	if !haveIAM {
		fmt.Fprintln(e.stderr, "note: no IAM data (--iam): roles cannot be looked up")
	}
	if w.DBUser == "" {
		fmt.Fprintln(e.stderr, "note: no --db-user: trust conditions on sts:ExternalId cannot be checked")
	}
}
