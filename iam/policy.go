package iam

import (
	"encoding/json"
	"fmt"
)

// Version2012 is the policy language version under which policy variables
// are substituted [VARS], [VER]. Any other version, or none, reads
// "${...}" literally.
const Version2012 = "2012-10-17"

// Version2008 is the legacy policy language version (the default when a
// document has no Version element).
const Version2008 = "2008-10-17"

// Policy is one decoded policy document.
type Policy struct {
	Version    string // "" when the document has no Version element
	ID         string
	Statements []Statement
}

// variablesEnabled reports whether ${...} in this document are policy
// variables rather than literal text.
func (p *Policy) variablesEnabled() bool { return p.Version == Version2012 }

// Statement is one element of a policy's Statement list.
//
// The list fields distinguish an absent element (nil) from a present but
// empty one (non-nil, length 0), because an absent Action and an Action
// matching nothing evaluate differently.
type Statement struct {
	Sid          string
	Effect       Effect
	Principal    *Principal // nil when absent
	NotPrincipal *Principal // nil when absent
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Conditions are the Condition block flattened to one entry per
	// operator and key, sorted by operator then key so that evaluation
	// and reports are deterministic (JSON object order carries no meaning).
	Conditions []Condition
}

// Principal is a Principal or NotPrincipal element [PRIN].
// "Principal": "*" sets All; {"AWS": "*"} keeps "*" in AWS. Both match
// every principal, but the difference is kept because IAM accepts only the
// second form in a role trust policy.
type Principal struct {
	All           bool
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string
}

// IsWildcard reports whether the element names every principal, in either
// spelling ("*" or {"AWS": "*"}).
func (p *Principal) IsWildcard() bool {
	if p == nil {
		return false
	}
	if p.All {
		return true
	}
	for _, a := range p.AWS {
		if a == "*" {
			return true
		}
	}
	return false
}

// Condition is one operator/key pair of a Condition block with its values,
// which are OR-ed [MULTI].
type Condition struct {
	Operator string // as written, e.g. "ForAnyValue:StringLikeIfExists"
	Key      string // as written; matched case-insensitively [COND]
	Values   []ConditionValue
}

// ValueKind is the JSON kind a condition value was written with.
type ValueKind uint8

const (
	StringValue ValueKind = iota
	BoolValue
	NumberValue
)

// ConditionValue keeps a condition value's JSON kind next to its text, so a
// policy that wrote true (a JSON bool) and one that wrote "true" (a string)
// stay distinguishable. Text is the string, "true"/"false", or the number
// exactly as written.
type ConditionValue struct {
	Kind ValueKind
	Text string
}

// NamedPolicy is a policy document with the label results use to name it
// (a policy name or ARN chosen by the caller). A nil Document stands for a
// policy known to apply whose document is not available: it might allow and
// might deny, so it makes results Unknown rather than being skipped.
type NamedPolicy struct {
	Label    string
	Document *Policy
}

// PolicyVersion is one entry of a managed policy's version list, shaped so
// that get-account-authorization-details' PolicyVersionList decodes into
// []PolicyVersion directly.
type PolicyVersion struct {
	VersionID        string          `json:"VersionId"`
	IsDefaultVersion bool            `json:"IsDefaultVersion"`
	Document         json.RawMessage `json:"Document"`
}

// DefaultVersion returns the version marked default. Only that version is
// evaluated by AWS [EVAL §1]; the others are history. No default, or more
// than one, is an error because the effective document is then undefined.
func DefaultVersion(versions []PolicyVersion) (PolicyVersion, error) {
	found := -1
	for i, v := range versions {
		if !v.IsDefaultVersion {
			continue
		}
		if found >= 0 {
			return PolicyVersion{}, fmt.Errorf("versions %q and %q are both marked default",
				versions[found].VersionID, v.VersionID)
		}
		found = i
	}
	if found < 0 {
		return PolicyVersion{}, fmt.Errorf("none of %d policy versions is marked default", len(versions))
	}
	return versions[found], nil
}

// Decode decodes the version's document in any of the accepted encodings.
func (v PolicyVersion) Decode() (*Policy, error) {
	p, err := DecodePolicy(v.Document)
	return p, PrefixPath(err, "Document")
}
