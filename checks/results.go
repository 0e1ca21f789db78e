package checks

import "sort"

// Summary counts what a run looked at and found.
type Summary struct {
	Files, Statements, References int
	Errors, Warnings, Infos       int
}

// Results is the outcome of a whole run.
type Results struct {
	Files   []*FileResult // sorted by file name
	Summary Summary
}

// Collect orders file results by name, numbers references across files
// (findings then point at the global ids) and counts the summary.
func Collect(files []*FileResult) *Results {
	sort.SliceStable(files, func(i, j int) bool { return files[i].File.Name < files[j].File.Name })
	res := &Results{Files: files}
	next := 0
	for _, fr := range files {
		base := next
		for _, cr := range fr.References {
			cr.ID = base + cr.ID
			next++
		}
		for i := range fr.Findings {
			if fr.Findings[i].Reference >= 0 {
				fr.Findings[i].Reference += base
			}
			res.Summary.count(fr.Findings[i].Severity)
		}
		res.Summary.Files++
		res.Summary.Statements += len(fr.Parsed.Statements)
		res.Summary.References += len(fr.References)
	}
	return res
}

func (s *Summary) count(sev Severity) {
	switch sev {
	case Error:
		s.Errors++
	case Warning:
		s.Warnings++
	case Info:
		s.Infos++
	}
}

// AtOrAbove counts findings at or above a severity (for --fail-on).
func (s *Summary) AtOrAbove(min Severity) int {
	n := 0
	if min <= Error {
		n += s.Errors
	}
	if min <= Warning {
		n += s.Warnings
	}
	if min <= Info {
		n += s.Infos
	}
	return n
}
