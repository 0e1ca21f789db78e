package checks

import (
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Migration says where a file sits in a run of migrations.
type Migration struct {
	Kind        MigrationKind
	Version     []string // versioned: the version's numeric parts, leading zeros dropped
	Description string   // the text after "__", without the extension
}

// MigrationKind is how Flyway names a migration file.
type MigrationKind int

const (
	MigrationOther      MigrationKind = iota // not a Flyway name: path order, after Flyway's
	MigrationVersioned                       // V<version>__<description>.sql
	MigrationRepeatable                      // R__<description>.sql: after every versioned one
	MigrationUndo                            // U<version>__<description>.sql: not part of a forward run
)

// flywayName matches Flyway's default naming: prefix V, U or R, a version
// whose parts are separated by dots or underscores (none for R), "__", a
// description.
// Regular expressions are compiled on first use (sync.OnceValue): package
// initialisation runs at every start of the program, pre-commit's included.
var flywayName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:([VU])(\d+(?:[._]\d+)*)|R)__(.*)$`) })

// ParseMigration reads a file name (its base name decides).
func ParseMigration(name string) Migration {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	m := flywayName().FindStringSubmatch(base)
	if m == nil {
		return Migration{Kind: MigrationOther}
	}
	desc := m[3]
	if ext := path.Ext(desc); ext != "" {
		desc = strings.TrimSuffix(desc, ext)
	}
	if m[1] == "" {
		return Migration{Kind: MigrationRepeatable, Description: desc}
	}
	kind := MigrationVersioned
	if m[1] == "U" {
		kind = MigrationUndo
	}
	parts := strings.FieldsFunc(m[2], func(r rune) bool { return r == '.' || r == '_' })
	for i, p := range parts {
		if p = strings.TrimLeft(p, "0"); p == "" {
			p = "0"
		}
		parts[i] = p
	}
	return Migration{Kind: kind, Version: parts, Description: desc}
}

// compareVersions compares numerically part by part; a missing part is 0
// (Flyway: 1 = 1.0). Parts have no leading zeros, so a longer part is larger.
func compareVersions(a, b []string) int {
	for i := 0; i < max(len(a), len(b)); i++ {
		x, y := "0", "0"
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		switch {
		case len(x) != len(y):
			return len(x) - len(y)
		case x != y:
			return strings.Compare(x, y)
		}
	}
	return 0
}

// RunOrder returns the indices of names in the order the migrations run:
// Flyway versioned migrations by version (V1 < V1.1 < V2 < V10), then
// repeatable ones (R__) by description, then every other file by path.
// Undo migrations (U__) are left out: they are not part of a forward run.
// Ties keep path order, so the order is total and stable.
func RunOrder(names []string) []int { return RunOrderSteps(names, nil) }

// RunOrderSteps is RunOrder when a tool's own files place some files
// (steps[i] > 0: a sqitch plan's order, Source.Step): those run after
// Flyway's migrations, by step, and before the other files, whatever their
// names; a file whose step is negative is not part of the run.
func RunOrderSteps(names []string, steps []int) []int {
	const stepped = MigrationUndo + 1 // a rank of its own
	migs := make([]Migration, len(names))
	step := func(i int) int {
		if i < len(steps) {
			return steps[i]
		}
		return 0
	}
	var idx []int
	for i, n := range names {
		migs[i] = ParseMigration(n)
		if step(i) > 0 {
			migs[i].Kind = stepped
		}
		if migs[i].Kind != MigrationUndo && step(i) >= 0 {
			idx = append(idx, i)
		}
	}
	rank := map[MigrationKind]int{MigrationVersioned: 0, MigrationRepeatable: 1, stepped: 2, MigrationOther: 3}
	sort.SliceStable(idx, func(x, y int) bool {
		a, b := migs[idx[x]], migs[idx[y]]
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] < rank[b.Kind]
		}
		switch a.Kind {
		case MigrationVersioned:
			if c := compareVersions(a.Version, b.Version); c != 0 {
				return c < 0
			}
		case MigrationRepeatable:
			if a.Description != b.Description {
				return a.Description < b.Description
			}
		case stepped:
			return step(idx[x]) < step(idx[y])
		}
		return filepathLess(names[idx[x]], names[idx[y]])
	})
	return idx
}

// filepathLess orders paths by their slash-separated form.
func filepathLess(a, b string) bool {
	return strings.ReplaceAll(a, `\`, "/") < strings.ReplaceAll(b, `\`, "/")
}
