package collect

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// AWS Organizations (read-only): organizations:DescribeOrganization,
// ListRoots, ListAccounts, ListOrganizationalUnitsForParent,
// ListAccountsForParent, ListPolicies, DescribePolicy and
// ListTargetsForPolicy, as the caller. Only the management account and a
// delegated administrator may list the tree and the policies; a member
// account gets AccessDenied there, which is a gap like any other: the
// file keeps what was read, and check reports what it cannot decide as
// unknown (a policy type whose listing failed is left out of
// OrganizationPolicyTypes, so a Deny it may hold is never assumed away).
//
// organizations.json is the bundle inventory/awscli/orgs.go reads: the
// CLI's describe-organization Organization, list-roots Roots,
// list-accounts Accounts, one list-parents answer per child
// (OrganizationParents, found here by walking the tree from the roots,
// two calls per root or OU instead of one per account), and per SCP and
// RCP describe-policy's Policy with list-targets-for-policy's Targets.

// OrganizationsFile is the bundle's name.
const OrganizationsFile = "organizations.json"

type orgBundle struct {
	OrganizationsFormat     int
	Organization            orgOut
	Roots                   []orgEntity
	Accounts                *[]orgEntity `json:",omitempty"` // absent when list-accounts failed
	OrganizationParents     []orgParent
	OrganizationPolicyTypes []string
	OrganizationPolicies    []orgPolicyOut
}

type orgOut struct {
	Id, Arn, FeatureSet, MasterAccountArn, MasterAccountId string
}

type orgEntity struct {
	Id, Arn, Name string
}

type orgParent struct {
	ChildId string
	Parents []orgParentRef
}

type orgParentRef struct{ Id, Type string }

type orgPolicyOut struct {
	Policy struct {
		PolicySummary orgPolicySummary
		Content       string
	}
	Targets []orgTarget
}

type orgPolicySummary struct {
	Id, Arn, Name, Description, Type string
	AwsManaged                       bool
}

type orgTarget struct{ TargetId, Arn, Name, Type string }

// orgPolicyTypes are the types check evaluates.
var orgPolicyTypes = []orgtypes.PolicyType{orgtypes.PolicyTypeServiceControlPolicy, orgtypes.PolicyTypeResourceControlPolicy}

// organizations writes organizations.json of the caller's organization.
func (c *collector) organizations(ctx context.Context, cfg aws.Config, account string) {
	client := organizations.NewFromConfig(cfg)
	var d *organizations.DescribeOrganizationOutput
	err := c.call(func() (err error) {
		d, err = client.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
		return err
	})
	var notInUse *orgtypes.AWSOrganizationsNotInUseException
	switch {
	case errors.As(err, &notInUse):
		return // a fact, not a gap: no SCP or RCP applies, and no file says otherwise
	case err != nil:
		c.gap(gapOf("organizations:DescribeOrganization", account, cfg.Region, err))
		return
	}
	o := d.Organization
	b := orgBundle{OrganizationsFormat: 1, Roots: []orgEntity{}, OrganizationParents: []orgParent{},
		OrganizationPolicyTypes: []string{}, OrganizationPolicies: []orgPolicyOut{},
		Organization: orgOut{Id: str(o.Id), Arn: str(o.Arn), FeatureSet: string(o.FeatureSet),
			MasterAccountArn: str(o.MasterAccountArn), MasterAccountId: str(o.MasterAccountId)}}
	og := orgGaps{c: c, account: account, region: cfg.Region}
	if roots, ok := c.orgRoots(ctx, client, &og); ok {
		b.Roots = roots
		b.OrganizationParents = c.orgTree(ctx, client, roots, &og)
	}
	b.Accounts = c.orgAccounts(ctx, client, &og)
	for _, t := range orgPolicyTypes {
		if pols, ok := c.orgPolicies(ctx, client, t, &og); ok {
			b.OrganizationPolicyTypes = append(b.OrganizationPolicyTypes, string(t))
			b.OrganizationPolicies = append(b.OrganizationPolicies, pols...)
		}
	}
	sortBy(b.OrganizationPolicies, func(p orgPolicyOut) string { return p.Policy.PolicySummary.Id })
	accounts := 0
	if b.Accounts != nil {
		accounts = len(*b.Accounts)
	}
	c.keep(OrganizationsFile, fmt.Sprintf("Organizations data of %s (management account %s): %s, %s, %s",
		b.Organization.Id, b.Organization.MasterAccountId, count(accounts, "account"), count(len(b.OrganizationParents), "parent link"),
		count(len(b.OrganizationPolicies), "policy")+" (SCPs and RCPs)"), b)
}

// orgGaps records the gaps of the Organizations calls.
type orgGaps struct {
	c               *collector
	account, region string
}

func (g *orgGaps) add(call string, err error) {
	g.c.gap(gapOf("organizations:"+call, g.account, g.region, err))
}

func (c *collector) orgRoots(ctx context.Context, client *organizations.Client, g *orgGaps) ([]orgEntity, bool) {
	var roots []orgEntity
	p := organizations.NewListRootsPaginator(client, &organizations.ListRootsInput{})
	err := c.everyPage(p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, r := range page.Roots {
			roots = append(roots, orgEntity{Id: str(r.Id), Arn: str(r.Arn), Name: str(r.Name)})
		}
		return nil
	})
	if err != nil {
		g.add("ListRoots", err)
		return nil, false
	}
	sortBy(roots, func(e orgEntity) string { return e.Id })
	return roots, true
}

func (c *collector) orgAccounts(ctx context.Context, client *organizations.Client, g *orgGaps) *[]orgEntity {
	accounts := []orgEntity{}
	p := organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{})
	err := c.everyPage(p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.Accounts {
			accounts = append(accounts, orgEntity{Id: str(a.Id), Arn: str(a.Arn), Name: str(a.Name)})
		}
		return nil
	})
	if err != nil {
		g.add("ListAccounts", err)
		return nil
	}
	sortBy(accounts, func(e orgEntity) string { return e.Id })
	return &accounts
}

// orgTree walks the tree from the roots: the OUs and accounts under each
// parent, each recorded with its parent. A parent whose children cannot
// be listed leaves its subtree out (a gap): those accounts' paths are
// then unknown to check.
func (c *collector) orgTree(ctx context.Context, client *organizations.Client, roots []orgEntity, g *orgGaps) []orgParent {
	out := []orgParent{}
	queue := make([]orgParentRef, 0, len(roots))
	for _, r := range roots {
		queue = append(queue, orgParentRef{Id: r.Id, Type: "ROOT"})
	}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		ous := organizations.NewListOrganizationalUnitsForParentPaginator(client, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent.Id)})
		var children []string
		err := c.everyPage(ous.HasMorePages, func() error {
			page, err := ous.NextPage(ctx)
			if err != nil {
				return err
			}
			for _, ou := range page.OrganizationalUnits {
				children = append(children, str(ou.Id))
				queue = append(queue, orgParentRef{Id: str(ou.Id), Type: "ORGANIZATIONAL_UNIT"})
			}
			return nil
		})
		if err != nil {
			g.add("ListOrganizationalUnitsForParent", err)
			continue
		}
		accts := organizations.NewListAccountsForParentPaginator(client, &organizations.ListAccountsForParentInput{ParentId: aws.String(parent.Id)})
		err = c.everyPage(accts.HasMorePages, func() error {
			page, err := accts.NextPage(ctx)
			if err != nil {
				return err
			}
			for _, a := range page.Accounts {
				children = append(children, str(a.Id))
			}
			return nil
		})
		if err != nil {
			g.add("ListAccountsForParent", err)
			continue
		}
		for _, child := range children {
			out = append(out, orgParent{ChildId: child, Parents: []orgParentRef{parent}})
		}
	}
	sortBy(out, func(p orgParent) string { return p.ChildId })
	return out
}

// orgPolicies lists the policies of a type with their content and
// targets. Any failure makes the type's listing incomplete (false).
func (c *collector) orgPolicies(ctx context.Context, client *organizations.Client, t orgtypes.PolicyType, g *orgGaps) ([]orgPolicyOut, bool) {
	var summaries []orgtypes.PolicySummary
	p := organizations.NewListPoliciesPaginator(client, &organizations.ListPoliciesInput{Filter: t})
	err := c.everyPage(p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		summaries = append(summaries, page.Policies...)
		return nil
	})
	if err != nil {
		g.add("ListPolicies", err)
		return nil, false
	}
	out := make([]orgPolicyOut, 0, len(summaries))
	complete := true
	for _, s := range summaries {
		pol, ok := c.orgPolicy(ctx, client, s, g)
		complete = complete && ok
		if ok {
			out = append(out, pol)
		}
	}
	return out, complete
}

func (c *collector) orgPolicy(ctx context.Context, client *organizations.Client, s orgtypes.PolicySummary, g *orgGaps) (orgPolicyOut, bool) {
	var out orgPolicyOut
	var d *organizations.DescribePolicyOutput
	err := c.call(func() (err error) {
		d, err = client.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: s.Id})
		return err
	})
	if err != nil {
		g.add("DescribePolicy", err)
		return out, false
	}
	sum := s
	if d.Policy != nil && d.Policy.PolicySummary != nil {
		sum = *d.Policy.PolicySummary
	}
	out.Policy.PolicySummary = orgPolicySummary{Id: str(sum.Id), Arn: str(sum.Arn), Name: str(sum.Name), Description: str(sum.Description),
		Type: string(sum.Type), AwsManaged: sum.AwsManaged}
	if d.Policy != nil {
		out.Policy.Content = str(d.Policy.Content)
	}
	out.Targets = []orgTarget{}
	p := organizations.NewListTargetsForPolicyPaginator(client, &organizations.ListTargetsForPolicyInput{PolicyId: s.Id})
	err = c.everyPage(p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, t := range page.Targets {
			out.Targets = append(out.Targets, orgTarget{TargetId: str(t.TargetId), Arn: str(t.Arn), Name: str(t.Name), Type: string(t.Type)})
		}
		return nil
	})
	if err != nil {
		g.add("ListTargetsForPolicy", err)
		return out, false
	}
	slices.SortFunc(out.Targets, func(a, b orgTarget) int { return cmpString(a.TargetId, b.TargetId) })
	return out, true
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
