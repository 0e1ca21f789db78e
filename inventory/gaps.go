package inventory

import (
	"fmt"
	"slices"
)

// A Gap is a call that redshift-preflight collect could not make (it
// records them in the gaps.json it writes beside the data). A gap of an
// account's IAM data means that the account's roles are not known: a role
// missing from the data may exist, so it is unknown, never role-not-found,
// even where another file lists the account's roles (that file may be
// older than the account's present state).
type Gap struct {
	Call    string // service:Operation
	Account string // "" when collect could not learn it
	Region  string
	Code    string
	Message string
	// Resource is the bucket or function of a per-resource call (s3:GetBucketPolicy); "" otherwise.
	Resource string
	Source   Source
}

// IAM reports whether the gap leaves the account's IAM data uncollected:
// its authorization details were not read, or the role to read them as
// could not be assumed.
func (g Gap) IAM() bool {
	switch g.Call {
	case "iam:GetAccountAuthorizationDetails", "sts:AssumeRole", "sts:GetCallerIdentity":
		return g.Account != ""
	}
	return false
}

func (g Gap) String() string {
	account := g.Account
	if account == "" {
		account = "unknown"
	}
	if g.Resource != "" {
		return fmt.Sprintf("%s on %s in account %s: %s", g.Call, g.Resource, account, g.Code)
	}
	return fmt.Sprintf("%s in account %s: %s", g.Call, account, g.Code)
}

// ResourceGap is the first gap of call on resource (a bucket, a function).
func (inv *Inventory) ResourceGap(call, resource string) (Gap, bool) {
	for _, g := range inv.gaps {
		if g.Call == call && g.Resource == resource {
			return g, true
		}
	}
	return Gap{}, false
}

// AddGap records a gap that the file lists.
func (f *File) AddGap(g Gap) { f.gaps = append(f.gaps, g) }

// Gaps lists the gaps of the data, in file order.
func (inv *Inventory) Gaps() []Gap { return slices.Clone(inv.gaps) }

// IAMGap is the first gap that leaves the account's IAM data uncollected.
func (inv *Inventory) IAMGap(account string) (Gap, bool) {
	for _, g := range inv.gaps {
		if g.IAM() && g.Account == account {
			return g, true
		}
	}
	return Gap{}, false
}
