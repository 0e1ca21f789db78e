package collect

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"
)

// The read-only calls collect makes (the README lists them with a
// least-privilege policy): sts:GetCallerIdentity, sts:AssumeRole (for
// --role-arn), iam:GetAccountAuthorizationDetails,
// redshift:DescribeClusters, redshift-serverless:ListNamespaces and
// redshift-serverless:ListWorkgroups. Each paginator fetches every page;
// a failure on any page drops the whole list and records the gap.

// iam writes iam-ACCOUNT.json: every page of the account's authorization
// details, merged as the AWS CLI's auto-pagination prints them.
func (c *collector) iam(ctx context.Context, cfg aws.Config, account string) {
	// "If you do not include this parameter, the number of items defaults
	// to 100" (IAM API reference, MaxItems); 1000 is its largest value, so
	// an account of 5,000 roles takes 5 calls or more, not 50 or more.
	p := iam.NewGetAccountAuthorizationDetailsPaginator(iam.NewFromConfig(cfg),
		&iam.GetAccountAuthorizationDetailsInput{MaxItems: aws.Int32(1000)})
	var g gaad
	err := c.everyPage(p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		g.merge(page.RoleDetailList, page.UserDetailList, page.GroupDetailList, page.Policies)
		return nil
	})
	if err != nil {
		c.gap(gapOf("iam:GetAccountAuthorizationDetails", account, cfg.Region, err))
		return
	}
	g.sort()
	c.keep("iam-"+account+".json", fmt.Sprintf("IAM authorization details of account %s: %s, %s, %s, %s", account,
		count(len(g.RoleDetailList), "role"), count(len(g.Policies), "managed policy"), count(len(g.UserDetailList), "user"),
		count(len(g.GroupDetailList), "group")), g)
}

// clusters writes redshift-clusters-ACCOUNT-REGION.json, and says how
// many clusters it holds and whether the list was read.
func (c *collector) clusters(ctx context.Context, cfg aws.Config, account string) (int, bool) {
	p := redshift.NewDescribeClustersPaginator(redshift.NewFromConfig(cfg), &redshift.DescribeClustersInput{})
	out := clustersOut{Clusters: []clusterOut{}}
	err := c.everyPage(p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, cl := range page.Clusters {
			if c.opts.ClusterID == "" || str(cl.ClusterIdentifier) == c.opts.ClusterID {
				out.Clusters = append(out.Clusters, clusterOf(cl))
			}
		}
		return nil
	})
	if err != nil {
		c.gap(gapOf("redshift:DescribeClusters", account, cfg.Region, err))
		return 0, false
	}
	sortBy(out.Clusters, func(c clusterOut) string { return c.ClusterIdentifier })
	name := fmt.Sprintf("redshift-clusters-%s-%s.json", account, cfg.Region)
	c.keep(name, fmt.Sprintf("Redshift clusters of account %s in %s: %s", account, cfg.Region, count(len(out.Clusters), "cluster")), out)
	return len(out.Clusters), true
}

// serverless writes the region's namespaces and workgroups. With
// --cluster-id, the workgroup of that name and its namespace. It says how
// many workgroups it wrote and whether both lists were read.
func (c *collector) serverless(ctx context.Context, cfg aws.Config, account string) (int, bool) {
	client := redshiftserverless.NewFromConfig(cfg)
	wp := redshiftserverless.NewListWorkgroupsPaginator(client, &redshiftserverless.ListWorkgroupsInput{})
	wgs := workgroupsOut{Workgroups: []workgroupOut{}}
	wanted := map[string]bool{}
	err := c.everyPage(wp.HasMorePages, func() error {
		page, err := wp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, w := range page.Workgroups {
			if c.opts.ClusterID == "" || str(w.WorkgroupName) == c.opts.ClusterID {
				wgs.Workgroups = append(wgs.Workgroups, workgroupOf(w))
				wanted[str(w.NamespaceName)] = true
			}
		}
		return nil
	})
	if err != nil {
		c.gap(gapOf("redshift-serverless:ListWorkgroups", account, cfg.Region, err))
		return 0, false
	}
	np := redshiftserverless.NewListNamespacesPaginator(client, &redshiftserverless.ListNamespacesInput{})
	nss := namespacesOut{Namespaces: []namespaceOut{}}
	err = c.everyPage(np.HasMorePages, func() error {
		page, err := np.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, n := range page.Namespaces {
			if c.opts.ClusterID == "" || wanted[str(n.NamespaceName)] {
				nss.Namespaces = append(nss.Namespaces, namespaceOf(n))
			}
		}
		return nil
	})
	if err != nil {
		c.gap(gapOf("redshift-serverless:ListNamespaces", account, cfg.Region, err))
		return 0, false
	}
	sortBy(wgs.Workgroups, func(w workgroupOut) string { return w.WorkgroupName })
	sortBy(nss.Namespaces, func(n namespaceOut) string { return n.NamespaceName })
	suffix := account + "-" + cfg.Region + ".json"
	// A workgroup is read with its namespace: list-namespaces and
	// list-workgroups are written as a pair or not at all.
	c.keep("redshift-serverless-namespaces-"+suffix, fmt.Sprintf("Redshift Serverless namespaces of account %s in %s: %s",
		account, cfg.Region, count(len(nss.Namespaces), "namespace")), nss)
	c.keep("redshift-serverless-workgroups-"+suffix, fmt.Sprintf("Redshift Serverless workgroups of account %s in %s: %s",
		account, cfg.Region, count(len(wgs.Workgroups), "workgroup")), wgs)
	return len(wgs.Workgroups), true
}

// everyPage fetches pages while more says there are, each one call
// within the concurrency bound; the first error ends it.
func (c *collector) everyPage(more func() bool, next func() error) error {
	for more() {
		if err := c.call(next); err != nil {
			return err
		}
	}
	return nil
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case noun[len(noun)-1] == 'y':
		noun = noun[:len(noun)-1] + "ie"
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
