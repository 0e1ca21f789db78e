package checks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// DataOptions say where the IAM and cluster data are, which cluster the SQL
// runs on, and which database user runs it.
type DataOptions struct {
	IAM, Cluster []string     // files or directories of exports (SPEC §4)
	ClusterID    string       // the cluster or serverless workgroup; needed only when the data holds several
	DBUser       string       // the database user; "" when not known
	Limits       files.Limits // bound each data file's size; the zero value holds the defaults
}

// Cluster names the cluster (or serverless workgroup) checked against.
type Cluster struct {
	ID, Account, Region string
	Serverless          bool
}

// loadWorld reads the data once. It returns a nil World when none was
// given, and notes on what the data cannot support.
func loadWorld(o DataOptions) (*chain.World, []string, error) {
	if len(o.IAM)+len(o.Cluster) == 0 {
		if o.ClusterID != "" {
			return nil, nil, errors.New("--cluster-id needs cluster data (--cluster)")
		}
		return nil, nil, nil
	}
	inv, err := load.LoadLimited(o.IAM, o.Cluster, o.Limits.Of(files.Data))
	if err != nil {
		return nil, nil, err
	}
	cluster, err := inv.SelectCluster(o.ClusterID)
	missing, gapped := clusterInGap(err)
	if err != nil && !gapped {
		return nil, nil, err
	}
	w := &chain.World{Inventory: inv, Cluster: cluster, DBUser: o.DBUser}
	notes := incompleteWorld(w, len(o.IAM) > 0)
	if gapped {
		notes[0] = missing
	}
	if cluster != nil && o.ClusterID != "" {
		notes = append(notes, unlistedElsewhere(inv, cluster, o.ClusterID)...)
	}
	return w, notes, nil
}

// unlistedElsewhere: the cluster --cluster-id names was found, but collect
// could not list another account's clusters, which may hold one of the
// same name; the choice is then only as good as the data, and the note
// says so rather than hiding it.
func unlistedElsewhere(inv *inventory.Inventory, cluster *inventory.Cluster, id string) []string {
	var notes []string
	for _, g := range inv.ClusterListGaps() {
		if g.Account != cluster.Account {
			notes = append(notes, fmt.Sprintf("--cluster-id %s is the cluster of account %s; collect could not make %s (%s), where another of that name would not be seen",
				id, cluster.Account, g, g.Source.File))
		}
	}
	return notes
}

// clusterInGap: a --cluster-id that names nothing is an input error (a
// typo), unless collect could not list the clusters of an account: the
// cluster may be there, so the checks that need it are unknown, as for
// no cluster data, and the note says which list is missing.
func clusterInGap(err error) (string, bool) {
	var nf *inventory.ClusterNotFound
	if !errors.As(err, &nf) || len(nf.Gaps) == 0 {
		return "", false
	}
	lists := make([]string, len(nf.Gaps))
	for i, g := range nf.Gaps {
		lists[i] = fmt.Sprintf("%s (%s)", g, g.Source.File)
	}
	return fmt.Sprintf("--cluster-id %s is not in the cluster data, and collect could not make %s, where it may be: role associations, IAM_ROLE default and bucket regions cannot be checked",
		nf.ID, strings.Join(lists, "; ")), true
}

// incompleteWorld says which checks the data cannot support, so that
// unknown verdicts do not come as a surprise.
func incompleteWorld(w *chain.World, haveIAM bool) []string {
	var notes []string
	switch {
	case w.Cluster == nil:
		notes = append(notes, "no cluster data (--cluster): role associations and IAM_ROLE default cannot be checked")
	case w.Cluster.Region == "":
		notes = append(notes, fmt.Sprintf("the region of cluster %s is not in the data: regional trust and external ids cannot be checked", w.Cluster.ID))
	}
	if !haveIAM {
		notes = append(notes, "no IAM data (--iam): roles cannot be looked up")
	}
	for _, g := range w.Inventory.Gaps() {
		notes = append(notes, fmt.Sprintf("collect could not make %s (%s)", g, g.Source.File))
	}
	if w.DBUser == "" {
		notes = append(notes, "no --db-user: trust conditions on sts:ExternalId cannot be checked")
	}
	return notes
}

// decode makes sure the policy documents of the named roles (and users,
// and the cluster's default role) decode: documents are decoded lazily,
// and those the checks read must be sound, or the data is an input error,
// not an unknown verdict. Strings that are no ARN in the data are ignored.
func decode(w *chain.World, named []string) error {
	if w == nil {
		return nil
	}
	if w.Cluster != nil && w.Cluster.Default != "" {
		named = append(named, w.Cluster.Default)
	}
	return w.Inventory.Decode(named...)
}

// clusterOf names the world's cluster for results; nil when there is none.
func clusterOf(w *chain.World) *Cluster {
	if w == nil || w.Cluster == nil {
		return nil
	}
	c := w.Cluster
	return &Cluster{ID: c.ID, Account: c.Account, Region: c.Region, Serverless: c.Serverless}
}

// namedRoles lists every role ARN the SQL may name; strings that are no
// role ARN are ignored by decode.
func namedRoles(parsed []*sqlparse.Result) []string {
	var roles []string
	for _, res := range parsed {
		for _, ref := range res.References {
			for _, part := range strings.Split(ref.Value.Text, ",") {
				roles = append(roles, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), sqlparse.CredIAMRole+"=")))
			}
		}
	}
	return roles
}
