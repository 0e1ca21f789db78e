package checks

import (
	"fmt"
	"slices"
	"strings"
)

// mergeAdvisories reports each advisory once per run (Rule.Advisory): at
// its first reference in the order of the report (files by name, findings
// by position), with the number of references that would have repeated
// it; the others are dropped. Ignore directives have been applied: a
// silenced reference neither carries nor counts the advice.
func mergeAdvisories(files []*FileResult) {
	ordered := slices.Clone(files)
	slices.SortStableFunc(ordered, func(a, b *FileResult) int { return strings.Compare(a.File.Name, b.File.Name) })
	first := map[string]*Finding{}
	count := map[*Finding]int{}
	for _, fr := range ordered {
		kept := fr.Findings[:0]
		for i := range fr.Findings {
			f := fr.Findings[i]
			if f.advice != "" && first[f.advice] != nil {
				count[first[f.advice]]++
				continue
			}
			kept = append(kept, f)
			if f.advice != "" {
				first[f.advice] = &kept[len(kept)-1]
				count[&kept[len(kept)-1]] = 1
			}
		}
		fr.Findings = kept
	}
	for f, n := range count {
		if n > 1 {
			f.Message += fmt.Sprintf(" (%d references)", n)
		}
	}
}
