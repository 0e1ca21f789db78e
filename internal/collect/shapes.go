package collect

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"time"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
	rsstypes "github.com/aws/aws-sdk-go-v2/service/redshiftserverless/types"
)

// The files' shapes: the members of the AWS CLI's output, in the order it
// prints them, for the members that say what an account allows. Left out
// are those that change while the account does not (RoleLastUsed, a
// managed policy's AttachmentCount and PermissionsBoundaryUsageCount, a
// cluster's status, snapshot and maintenance times) and instance profiles,
// which no check reads. Lists that inventory/awscli needs to know complete
// (RolePolicyList, AttachedManagedPolicies...) are always written, empty
// as [].

type gaad struct {
	UserDetailList  []userOut
	GroupDetailList []groupOut
	RoleDetailList  []roleOut
	Policies        []policyOut
}

type roleOut struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               string    `json:",omitempty"`
	AssumeRolePolicyDocument *document `json:",omitempty"`
	RolePolicyList           []inlineOut
	AttachedManagedPolicies  []attachedOut
	PermissionsBoundary      *boundaryOut `json:",omitempty"`
	Tags                     []tagOut
}

type userOut struct {
	Path                    string
	UserName                string
	UserId                  string
	Arn                     string
	CreateDate              string `json:",omitempty"`
	UserPolicyList          []inlineOut
	GroupList               []string
	AttachedManagedPolicies []attachedOut
	PermissionsBoundary     *boundaryOut `json:",omitempty"`
	Tags                    []tagOut
}

type groupOut struct {
	Path                    string
	GroupName               string
	GroupId                 string
	Arn                     string
	CreateDate              string `json:",omitempty"`
	GroupPolicyList         []inlineOut
	AttachedManagedPolicies []attachedOut
}

type policyOut struct {
	PolicyName        string
	PolicyId          string
	Arn               string
	Path              string
	DefaultVersionId  string
	IsAttachable      bool
	Description       string `json:",omitempty"`
	CreateDate        string `json:",omitempty"`
	UpdateDate        string `json:",omitempty"`
	PolicyVersionList []versionOut
}

type versionOut struct {
	Document         *document `json:",omitempty"`
	VersionId        string
	IsDefaultVersion bool
	CreateDate       string `json:",omitempty"`
}

type inlineOut struct {
	PolicyName     string
	PolicyDocument *document
}

type attachedOut struct {
	PolicyName string
	PolicyArn  string
}

type boundaryOut struct {
	PermissionsBoundaryType string
	PermissionsBoundaryArn  string
}

type tagOut struct {
	Key   string
	Value string
}

// document is a policy document as the CLI prints it: the API's
// URL-encoded text decoded into a JSON object, its members in their
// order. Text that does not decode to an object stays the API's string
// (inventory/awscli reads both).
type document struct {
	object json.RawMessage
	text   string
}

func (d *document) MarshalJSON() ([]byte, error) {
	if d.object != nil {
		return d.object, nil
	}
	return json.Marshal(d.text)
}

// policyDocument decodes the API's URL-encoded document. It is path
// unescaping: a '+' in a policy is a '+', not a space.
func policyDocument(s *string) *document {
	if s == nil {
		return nil
	}
	text, err := url.PathUnescape(*s)
	if err == nil {
		trimmed := strings.TrimSpace(text)
		if strings.HasPrefix(trimmed, "{") && json.Valid([]byte(trimmed)) {
			return &document{object: json.RawMessage(trimmed)}
		}
	}
	return &document{text: *s}
}

// cliTime is a time as the AWS CLI prints it: 2024-01-31T12:00:00+00:00.
func cliTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05") + "+00:00"
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func inlines(list []iamtypes.PolicyDetail) []inlineOut {
	return sortedOf(list, func(p iamtypes.PolicyDetail) inlineOut {
		return inlineOut{PolicyName: str(p.PolicyName), PolicyDocument: policyDocument(p.PolicyDocument)}
	}, func(o inlineOut) string { return o.PolicyName })
}

func attached(list []iamtypes.AttachedPolicy) []attachedOut {
	return sortedOf(list, func(p iamtypes.AttachedPolicy) attachedOut {
		return attachedOut{PolicyName: str(p.PolicyName), PolicyArn: str(p.PolicyArn)}
	}, func(o attachedOut) string { return o.PolicyArn })
}

func boundary(b *iamtypes.AttachedPermissionsBoundary) *boundaryOut {
	if b == nil || b.PermissionsBoundaryArn == nil {
		return nil
	}
	return &boundaryOut{PermissionsBoundaryType: string(b.PermissionsBoundaryType), PermissionsBoundaryArn: str(b.PermissionsBoundaryArn)}
}

func iamTags(list []iamtypes.Tag) []tagOut {
	return sortedOf(list, func(t iamtypes.Tag) tagOut { return tagOut{Key: str(t.Key), Value: str(t.Value)} },
		func(t tagOut) string { return t.Key })
}

// merge adds one page of get-account-authorization-details to the export.
func (g *gaad) merge(roles []iamtypes.RoleDetail, users []iamtypes.UserDetail, groups []iamtypes.GroupDetail, policies []iamtypes.ManagedPolicyDetail) {
	for _, r := range roles {
		g.RoleDetailList = append(g.RoleDetailList, roleOut{
			Path: str(r.Path), RoleName: str(r.RoleName), RoleId: str(r.RoleId), Arn: str(r.Arn),
			CreateDate: cliTime(r.CreateDate), AssumeRolePolicyDocument: policyDocument(r.AssumeRolePolicyDocument),
			RolePolicyList: inlines(r.RolePolicyList), AttachedManagedPolicies: attached(r.AttachedManagedPolicies),
			PermissionsBoundary: boundary(r.PermissionsBoundary), Tags: iamTags(r.Tags),
		})
	}
	for _, u := range users {
		groupList := append([]string{}, u.GroupList...)
		slices.Sort(groupList)
		g.UserDetailList = append(g.UserDetailList, userOut{
			Path: str(u.Path), UserName: str(u.UserName), UserId: str(u.UserId), Arn: str(u.Arn),
			CreateDate: cliTime(u.CreateDate), UserPolicyList: inlines(u.UserPolicyList), GroupList: groupList,
			AttachedManagedPolicies: attached(u.AttachedManagedPolicies), PermissionsBoundary: boundary(u.PermissionsBoundary),
			Tags: iamTags(u.Tags),
		})
	}
	for _, gr := range groups {
		g.GroupDetailList = append(g.GroupDetailList, groupOut{
			Path: str(gr.Path), GroupName: str(gr.GroupName), GroupId: str(gr.GroupId), Arn: str(gr.Arn),
			CreateDate: cliTime(gr.CreateDate), GroupPolicyList: inlines(gr.GroupPolicyList),
			AttachedManagedPolicies: attached(gr.AttachedManagedPolicies),
		})
	}
	for _, p := range policies {
		var versions []versionOut
		for _, v := range p.PolicyVersionList {
			versions = append(versions, versionOut{Document: policyDocument(v.Document), VersionId: str(v.VersionId),
				IsDefaultVersion: v.IsDefaultVersion, CreateDate: cliTime(v.CreateDate)})
		}
		if versions == nil {
			versions = []versionOut{}
		}
		slices.SortFunc(versions, func(a, b versionOut) int { return strings.Compare(a.VersionId, b.VersionId) })
		g.Policies = append(g.Policies, policyOut{
			PolicyName: str(p.PolicyName), PolicyId: str(p.PolicyId), Arn: str(p.Arn), Path: str(p.Path),
			DefaultVersionId: str(p.DefaultVersionId), IsAttachable: p.IsAttachable, Description: str(p.Description),
			CreateDate: cliTime(p.CreateDate), UpdateDate: cliTime(p.UpdateDate), PolicyVersionList: versions,
		})
	}
}

// sort orders every list by ARN: the API's page order is not promised.
func (g *gaad) sort() {
	if g.UserDetailList == nil {
		g.UserDetailList = []userOut{}
	}
	if g.GroupDetailList == nil {
		g.GroupDetailList = []groupOut{}
	}
	if g.RoleDetailList == nil {
		g.RoleDetailList = []roleOut{}
	}
	if g.Policies == nil {
		g.Policies = []policyOut{}
	}
	slices.SortFunc(g.UserDetailList, func(a, b userOut) int { return strings.Compare(a.Arn, b.Arn) })
	slices.SortFunc(g.GroupDetailList, func(a, b groupOut) int { return strings.Compare(a.Arn, b.Arn) })
	slices.SortFunc(g.RoleDetailList, func(a, b roleOut) int { return strings.Compare(a.Arn, b.Arn) })
	slices.SortFunc(g.Policies, func(a, b policyOut) int { return strings.Compare(a.Arn, b.Arn) })
}

// describe-clusters, the members check reads and the stable facts beside them.
type clustersOut struct {
	Clusters []clusterOut
}

type clusterOut struct {
	ClusterIdentifier   string
	NodeType            string       `json:",omitempty"`
	Endpoint            *endpointOut `json:",omitempty"`
	Encrypted           *bool        `json:",omitempty"`
	KmsKeyId            string       `json:",omitempty"`
	VpcId               string       `json:",omitempty"`
	EnhancedVpcRouting  *bool        `json:",omitempty"`
	IamRoles            []clusterRole
	DefaultIamRoleArn   string `json:",omitempty"`
	ClusterNamespaceArn string `json:",omitempty"`
	Tags                []tagOut
}

type endpointOut struct {
	Address string `json:",omitempty"`
	Port    *int32 `json:",omitempty"`
}

type clusterRole struct {
	IamRoleArn  string
	ApplyStatus string
}

func clusterOf(c rstypes.Cluster) clusterOut {
	out := clusterOut{
		ClusterIdentifier: str(c.ClusterIdentifier), NodeType: str(c.NodeType), Encrypted: c.Encrypted,
		KmsKeyId: str(c.KmsKeyId), VpcId: str(c.VpcId), EnhancedVpcRouting: c.EnhancedVpcRouting,
		IamRoles: []clusterRole{}, DefaultIamRoleArn: str(c.DefaultIamRoleArn),
		ClusterNamespaceArn: str(c.ClusterNamespaceArn), Tags: []tagOut{},
	}
	if c.Endpoint != nil {
		out.Endpoint = &endpointOut{Address: str(c.Endpoint.Address), Port: c.Endpoint.Port}
	}
	for _, r := range c.IamRoles {
		out.IamRoles = append(out.IamRoles, clusterRole{IamRoleArn: str(r.IamRoleArn), ApplyStatus: str(r.ApplyStatus)})
	}
	slices.SortFunc(out.IamRoles, func(a, b clusterRole) int { return strings.Compare(a.IamRoleArn, b.IamRoleArn) })
	for _, t := range c.Tags {
		out.Tags = append(out.Tags, tagOut{Key: str(t.Key), Value: str(t.Value)})
	}
	slices.SortFunc(out.Tags, func(a, b tagOut) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// redshift-serverless list-namespaces and list-workgroups, as the CLI
// prints them (camelCase members).
type namespacesOut struct {
	Namespaces []namespaceOut `json:"namespaces"`
}

type namespaceOut struct {
	NamespaceName     string   `json:"namespaceName"`
	NamespaceArn      string   `json:"namespaceArn,omitempty"`
	NamespaceId       string   `json:"namespaceId,omitempty"`
	DefaultIamRoleArn string   `json:"defaultIamRoleArn,omitempty"`
	IamRoles          []string `json:"iamRoles"`
	KmsKeyId          string   `json:"kmsKeyId,omitempty"`
}

type workgroupsOut struct {
	Workgroups []workgroupOut `json:"workgroups"`
}

type workgroupOut struct {
	WorkgroupName      string              `json:"workgroupName"`
	WorkgroupArn       string              `json:"workgroupArn,omitempty"`
	WorkgroupId        string              `json:"workgroupId,omitempty"`
	NamespaceName      string              `json:"namespaceName"`
	Endpoint           *serverlessEndpoint `json:"endpoint,omitempty"`
	EnhancedVpcRouting *bool               `json:"enhancedVpcRouting,omitempty"`
	PubliclyAccessible *bool               `json:"publiclyAccessible,omitempty"`
}

type serverlessEndpoint struct {
	Address string `json:"address,omitempty"`
	Port    *int32 `json:"port,omitempty"`
}

func namespaceOf(n rsstypes.Namespace) namespaceOut {
	roles := append([]string{}, n.IamRoles...)
	slices.Sort(roles)
	return namespaceOut{NamespaceName: str(n.NamespaceName), NamespaceArn: str(n.NamespaceArn), NamespaceId: str(n.NamespaceId),
		DefaultIamRoleArn: str(n.DefaultIamRoleArn), IamRoles: roles, KmsKeyId: str(n.KmsKeyId)}
}

func workgroupOf(w rsstypes.Workgroup) workgroupOut {
	out := workgroupOut{WorkgroupName: str(w.WorkgroupName), WorkgroupArn: str(w.WorkgroupArn), WorkgroupId: str(w.WorkgroupId),
		NamespaceName: str(w.NamespaceName), EnhancedVpcRouting: w.EnhancedVpcRouting, PubliclyAccessible: w.PubliclyAccessible}
	if w.Endpoint != nil {
		out.Endpoint = &serverlessEndpoint{Address: str(w.Endpoint.Address), Port: w.Endpoint.Port}
	}
	return out
}
