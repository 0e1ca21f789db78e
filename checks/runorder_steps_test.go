package checks

import (
	"reflect"
	"testing"
)

// TestRunOrderSteps: files a tool places (a sqitch plan: step > 0) run
// after Flyway's migrations, by step whatever their names, before the
// other files; a negative step is not part of the run.
func TestRunOrderSteps(t *testing.T) {
	names := []string{"deploy/b.sql", "deploy/a.sql", "V2__x.sql", "revert/a.sql", "other.sql", "deploy/V1__c.sql", "R__r.sql"}
	steps := []int{1, 3, 0, -1, 0, 2, 0}
	var got []string
	for _, i := range RunOrderSteps(names, steps) {
		got = append(got, names[i])
	}
	want := []string{"V2__x.sql", "R__r.sql", "deploy/b.sql", "deploy/V1__c.sql", "deploy/a.sql", "other.sql"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := RunOrderSteps(names, nil), RunOrder(names); !reflect.DeepEqual(got, want) {
		t.Errorf("no steps: %v, RunOrder %v", got, want)
	}
}
