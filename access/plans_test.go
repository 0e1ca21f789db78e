package access

import (
	"testing"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// TestEveryKindHasAPlanner: a statement kind added to package redshift
// needs its operation planner here.
func TestEveryKindHasAPlanner(t *testing.T) {
	for _, k := range redshift.Kinds() {
		if planners[k] == nil {
			t.Errorf("statement kind %s has no operation planner in plans.go", k)
		}
	}
}
