package inventory

import (
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Apply statuses of a cluster's role association [BOTO ClusterIamRole].
const (
	StatusInSync   = "in-sync"
	StatusAdding   = "adding"
	StatusRemoving = "removing"
)

func validStatus(s string) bool {
	return s == StatusInSync || s == StatusAdding || s == StatusRemoving
}

const wantStatus = `want "in-sync", "adding" or "removing", got `

// namespaceDef is a serverless namespace as read; clusters are built from
// namespaces and workgroups once every file is read.
type namespaceDef struct {
	name    string
	arn     iam.ARN // zero when the data has no namespaceArn
	arnText string
	roles   []Association
	def     string
	src     Source

	// Terraform plans: see Cluster.RolesIncomplete and DefaultUnknown.
	rolesIncomplete, defaultUnknown bool
	rolesGap, defaultGap            string
}

// workgroupDef is a serverless workgroup as read.
type workgroupDef struct {
	name, namespace string
	arn             iam.ARN // zero when the data has no workgroupArn
	endpoint        string
	src             Source
}

// cluster reads one element of describe-clusters' Clusters.
func (p *fileParser) cluster(base string) error {
	s := &p.s
	c := &Cluster{Source: Source{File: p.out.name, Path: base}}
	var nsText, endpoint string
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "ClusterIdentifier":
			c.ID, err = s.str()
		case "IamRoles":
			c.Roles, err = p.clusterRoles()
		case "DefaultIamRoleArn":
			c.Default, err = s.optStr()
		case "ClusterNamespaceArn":
			nsText, err = s.optStr()
		case "Endpoint":
			endpoint, err = p.endpoint("Address")
		case "Tags":
			c.Tags, err = p.tags()
		default:
			err = s.skip()
		}
		return err
	})
	switch {
	case err != nil:
		return err
	case c.ID == "":
		return dataError("missing ClusterIdentifier")
	}
	if c.Default != "" {
		if _, err := parseRoleARN(c.Default); err != nil {
			return within(err, "DefaultIamRoleArn")
		}
	}
	var ns iam.ARN
	if nsText != "" {
		var ok bool
		if ns, ok = splitARN(nsText); !ok || ns.Service != "redshift" || !strings.HasPrefix(ns.Resource, "namespace:") ||
			ns.Region == "" || !iam.IsAccountID(ns.Account) {
			return within(dataError("want arn:PARTITION:redshift:REGION:ACCOUNT:namespace:ID, got "+short(nsText)), "ClusterNamespaceArn")
		}
		c.Namespace = nsText
	}
	if err := c.resolve(ns, endpoint); err != nil {
		return err
	}
	p.out.clusters = append(p.out.clusters, c)
	return nil
}

func (p *fileParser) clusterRoles() ([]Association, error) {
	s := &p.s
	if null, err := s.isNull(); null || err != nil {
		return nil, err
	}
	var out []Association
	err := s.array(func(int) error {
		var a Association
		var haveStatus bool
		err := s.object(func(key string) error {
			var err error
			switch key {
			case "IamRoleArn":
				a.RoleARN, err = s.str()
			case "ApplyStatus":
				a.Status, err = s.str()
				haveStatus = true
			default:
				err = s.skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case a.RoleARN == "":
			return dataError("missing IamRoleArn")
		case !haveStatus:
			return dataError("missing ApplyStatus")
		case !validStatus(a.Status):
			return within(dataError(wantStatus+short(a.Status)), "ApplyStatus")
		}
		if _, err := parseRoleARN(a.RoleARN); err != nil {
			return within(err, "IamRoleArn")
		}
		if err := addAssociation(&out, a); err != nil {
			return within(err, "IamRoleArn")
		}
		return nil
	})
	return out, err
}

func addAssociation(list *[]Association, a Association) error {
	for _, o := range *list {
		if o.RoleARN == a.RoleARN {
			return dataError("role " + short(a.RoleARN) + " is associated twice")
		}
	}
	*list = append(*list, a)
	return nil
}

// endpoint reads an Endpoint object's address member (null allowed).
func (p *fileParser) endpoint(member string) (string, error) {
	s := &p.s
	if null, err := s.isNull(); null || err != nil {
		return "", err
	}
	var addr string
	err := s.object(func(key string) error {
		var err error
		if key == member {
			addr, err = s.optStr()
		} else {
			err = s.skip()
		}
		return err
	})
	return addr, err
}

// namespace reads a serverless namespace (get-namespace, list-namespaces).
func (p *fileParser) namespace(base string) error {
	s := &p.s
	n := &namespaceDef{src: Source{File: p.out.name, Path: base}}
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "namespaceName":
			n.name, err = s.str()
		case "namespaceArn":
			n.arnText, err = s.optStr()
		case "defaultIamRoleArn":
			n.def, err = s.optStr()
		case "iamRoles":
			n.roles, err = p.serverlessRoles()
		default:
			err = s.skip()
		}
		return err
	})
	switch {
	case err != nil:
		return err
	case n.name == "":
		return dataError("missing namespaceName")
	}
	if n.def != "" {
		if _, err := parseRoleARN(n.def); err != nil {
			return within(err, "defaultIamRoleArn")
		}
	}
	if n.arnText != "" {
		if n.arn, err = parseServerlessARN(n.arnText, "namespace/"); err != nil {
			return within(err, "namespaceArn")
		}
	}
	p.out.namespaces = append(p.out.namespaces, n)
	return nil
}

func (p *fileParser) serverlessRoles() ([]Association, error) {
	s := &p.s
	if null, err := s.isNull(); null || err != nil {
		return nil, err
	}
	var out []Association
	err := s.array(func(int) error {
		text, err := s.str()
		if err != nil {
			return err
		}
		a, err := parseIamRoleEntry(text)
		if err != nil {
			return err
		}
		return addAssociation(&out, a)
	})
	return out, err
}

// parseIamRoleEntry reads one element of a namespace's iamRoles, which the
// service returns as "IamRole(applyStatus=in-sync, iamRoleArn=arn:...)",
// keys in either order, and which SDK users and Terraform reduce to the
// bare role ARN (conventions.md §3.5). A bare ARN is an association in
// effect: the list is the namespace's associated roles. Role names may
// hold ',' and '=', so the ARN is what remains once the status is taken
// from its end of the list.
func parseIamRoleEntry(text string) (Association, error) {
	t := strings.TrimSpace(text)
	bad := func() (Association, error) {
		return Association{}, dataError(`want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got ` + short(text))
	}
	inner, ok := strings.CutPrefix(t, "IamRole(")
	if !ok {
		if !strings.HasPrefix(t, "arn:") {
			return bad()
		}
		if _, err := parseRoleARN(t); err != nil {
			return Association{}, err
		}
		return Association{RoleARN: t, Status: StatusInSync}, nil
	}
	inner, ok = strings.CutSuffix(inner, ")")
	if !ok {
		return bad()
	}
	const statusKey, arnKey = "applyStatus=", "iamRoleArn="
	inner = strings.TrimSpace(inner)
	var a Association
	switch {
	case strings.HasPrefix(inner, statusKey):
		status, rest, found := strings.Cut(inner[len(statusKey):], ",")
		if !found {
			return bad()
		}
		arn, found := strings.CutPrefix(strings.TrimSpace(rest), arnKey)
		if !found {
			return bad()
		}
		a = Association{RoleARN: strings.TrimSpace(arn), Status: strings.TrimSpace(status)}
	case strings.HasPrefix(inner, arnKey):
		rest := inner[len(arnKey):]
		k := strings.LastIndex(rest, statusKey)
		if k < 0 {
			return bad()
		}
		arn, found := strings.CutSuffix(strings.TrimSpace(rest[:k]), ",")
		if !found {
			return bad()
		}
		a = Association{RoleARN: strings.TrimSpace(arn), Status: strings.TrimSpace(rest[k+len(statusKey):])}
	default:
		return bad()
	}
	if !validStatus(a.Status) {
		return Association{}, dataError("applyStatus: " + wantStatus + short(a.Status))
	}
	if _, err := parseRoleARN(a.RoleARN); err != nil {
		return Association{}, err
	}
	return a, nil
}

// workgroup reads a serverless workgroup (get-workgroup, list-workgroups).
func (p *fileParser) workgroup(base string) error {
	s := &p.s
	w := &workgroupDef{src: Source{File: p.out.name, Path: base}}
	var arnText string
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "workgroupName":
			w.name, err = s.str()
		case "namespaceName":
			w.namespace, err = s.str()
		case "workgroupArn":
			arnText, err = s.optStr()
		case "endpoint":
			w.endpoint, err = p.endpoint("address")
		default:
			err = s.skip()
		}
		return err
	})
	switch {
	case err != nil:
		return err
	case w.name == "":
		return dataError("missing workgroupName")
	case w.namespace == "":
		return dataError("missing namespaceName")
	}
	if arnText != "" {
		if w.arn, err = parseServerlessARN(arnText, "workgroup/"); err != nil {
			return within(err, "workgroupArn")
		}
	}
	p.out.workgroups = append(p.out.workgroups, w)
	return nil
}

func parseServerlessARN(text, kind string) (iam.ARN, error) {
	a, ok := splitARN(text)
	if !ok || a.Service != "redshift-serverless" || !strings.HasPrefix(a.Resource, kind) || a.Region == "" || !iam.IsAccountID(a.Account) {
		return iam.ARN{}, dataError("want arn:PARTITION:redshift-serverless:REGION:ACCOUNT:" + kind + "ID, got " + short(text))
	}
	return a, nil
}

// resolve sets partition, account and region from the namespace ARN (zero
// when absent), else from the associated roles' ARNs (account, partition)
// and the endpoint address (region).
func (c *Cluster) resolve(ns iam.ARN, endpoint string) error {
	c.Partition, c.Account, c.Region = ns.Partition, ns.Account, ns.Region
	if c.Account == "" {
		accounts := map[string]bool{}
		for _, arn := range c.roleARNs() {
			a, _ := splitARN(arn)
			accounts[a.Account] = true
			c.Account, c.Partition = a.Account, a.Partition
		}
		if len(accounts) > 1 {
			list := make([]string, 0, len(accounts))
			for a := range accounts {
				list = append(list, a)
			}
			sort.Strings(list)
			c.Account, c.Partition = "", ""
			return dataError("the associated roles are in several accounts (" + strings.Join(list, ", ") +
				") and no namespace ARN gives the cluster's own; a role can only be associated with a cluster of its account")
		}
	}
	if c.Region == "" {
		c.Region = regionOfEndpoint(endpoint)
	}
	if c.Partition == "" {
		c.Partition = partitionOfRegion(c.Region)
	}
	c.RegionUnknown = c.Region == ""
	return nil
}

func (c *Cluster) roleARNs() []string {
	out := make([]string, 0, len(c.Roles)+1)
	for _, a := range c.Roles {
		out = append(out, a.RoleARN)
	}
	if c.Default != "" {
		out = append(out, c.Default)
	}
	return out
}

// regionOfEndpoint reads the region from an endpoint address such as
// NAME.HASH.us-east-1.redshift.amazonaws.com or
// WORKGROUP.ACCOUNT.us-east-1.redshift-serverless.amazonaws.com(.cn).
func regionOfEndpoint(addr string) string {
	labels := strings.Split(strings.ToLower(strings.TrimSuffix(addr, ".")), ".")
	for i := 1; i+1 < len(labels); i++ {
		if (labels[i] == "redshift" || labels[i] == "redshift-serverless") && labels[i+1] == "amazonaws" && isRegion(labels[i-1]) {
			return labels[i-1]
		}
	}
	return ""
}

// isRegion checks the shape of a region name: us-east-1, ap-southeast-2,
// us-gov-west-1, cn-north-1, eu-central-2.
func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	for i, part := range parts {
		if part == "" {
			return false
		}
		for _, c := range []byte(part) {
			digit, letter := c >= '0' && c <= '9', c >= 'a' && c <= 'z'
			if i == len(parts)-1 && !digit || i < len(parts)-1 && !letter {
				return false
			}
		}
	}
	return true
}

func partitionOfRegion(region string) string {
	switch {
	case region == "":
		return ""
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	}
	return "aws"
}
