package invtest

import (
	"errors"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// CheckLoad is the property every fuzz target of the readers checks: a
// load returns either a complete *LoadError or an inventory whose every
// accessor works (document errors surfacing as *LoadError from DecodeAll).
func CheckLoad(t *testing.T, inv *inventory.Inventory, err error) {
	t.Helper()
	if err != nil {
		var le *inventory.LoadError
		if !errors.As(err, &le) {
			t.Fatalf("error %v (%T) is not a *LoadError", err, err)
		}
		if le.File == "" || le.Msg == "" {
			t.Fatalf("incomplete error %#v", le)
		}
		return
	}
	Exercise(t, inv)
}

// Exercise calls every accessor of the inventory.
func Exercise(t *testing.T, inv *inventory.Inventory) {
	t.Helper()
	if err := inv.DecodeAll(); err != nil {
		var le *inventory.LoadError
		if !errors.As(err, &le) {
			t.Fatalf("DecodeAll: %v (%T) is not a *LoadError", err, err)
		}
	}
	for _, r := range inv.Roles() {
		if r.Account == "" || r.Name == "" {
			t.Fatalf("role %+v", r)
		}
		labels := []string{r.Trust.Label}
		for _, p := range inv.IdentityPolicies(r) {
			labels = append(labels, p.Label)
		}
		if b := inv.BoundaryPolicy(r); b != nil {
			labels = append(labels, b.Label)
		}
		for _, l := range labels {
			if _, ok := inv.Origin(l); !ok {
				t.Fatalf("label %q has no origin", l)
			}
			_, _ = inv.StatementSource(l, 0)
		}
		_ = inv.Decode(r.ARN)
	}
	for _, c := range inv.Clusters {
		if c.ID == "" {
			t.Fatalf("cluster without ID: %+v", c)
		}
		for _, a := range c.Roles {
			if !inventory.ValidStatus(a.Status) {
				t.Fatalf("cluster %s: status %q", c.ID, a.Status)
			}
		}
		_ = c.Gaps()
	}
	_, _ = inv.SelectCluster("")
}
