package differential

import (
	"fmt"
	"sort"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// ours decides a case the way the tool decides verdicts: the case's files
// go through inventory/load, as the tool's --iam and --cluster inputs do;
// a hop is judged by chain.Walk, an S3 permission by access.Operation. It
// returns ok, fail or unknown, and the reason and message for reports.
func ours(c testCase) (verdict, detail string, err error) {
	names := make([]string, 0, len(c.Files))
	for n := range c.Files {
		names = append(names, n)
	}
	sort.Strings(names) // load order is part of the input: keep it fixed
	inv, err := load.Files(names, func(name string) ([]byte, error) { return []byte(c.Files[name]), nil })
	if err != nil {
		return "", "", fmt.Errorf("loading the generated IAM data: %w", err)
	}
	cl, err := inv.SelectCluster("")
	if err != nil {
		return "", "", err
	}
	w := chain.World{Inventory: inv, Cluster: cl, DBUser: c.DBUser}
	if c.Op == nil {
		hops := chain.Walk(w, c.Chain, nil)
		h := hops[len(hops)-1]
		return string(h.Verdict), detailOf(h.Reason, issueMessage(h)), nil
	}
	res := access.Operation(w, c.Chain[len(c.Chain)-1], access.Statement{Kind: c.Op.Kind,
		Target: &redshift.Target{Kind: redshift.TargetS3, URI: c.Op.URI}})
	if res == nil {
		return "", "", fmt.Errorf("access.Operation planned nothing for %s", c.Op.URI)
	}
	for _, ch := range res.Checks {
		if ch.Action == c.Op.Action {
			return string(ch.Verdict), detailOf(ch.Reason, ch.Message), nil
		}
	}
	return "", "", fmt.Errorf("access.Operation planned no %s request", c.Op.Action)
}

func issueMessage(h chain.Hop) string {
	if len(h.Issues) == 0 {
		return ""
	}
	return h.Issues[0].Message
}

func detailOf(r chain.Reason, msg string) string {
	if r == chain.NoReason {
		return msg
	}
	return r.String() + ": " + msg
}
