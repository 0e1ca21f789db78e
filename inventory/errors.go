package inventory

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// LoadError is IAM or cluster data that cannot be read: a file that cannot
// be opened, is not JSON, is not a recognised export, or holds something
// that contradicts the AWS model or another file. Error() is
// "FILE: JSON-PATH: message", or "FILE: message" when no path applies.
// Messages never quote whole documents, and quote values only shortened.
type LoadError struct {
	File string
	Path string // e.g. RoleDetailList[3].AssumeRolePolicyDocument.Statement[0].Effect
	Msg  string

	seq uint64 // orders errors found lazily by file, then position
}

func (e *LoadError) Error() string {
	if e.Path == "" {
		return e.File + ": " + e.Msg
	}
	return e.File + ": " + e.Path + ": " + e.Msg
}

// dataError is a LoadError whose file and path are filled in as it unwinds.
func dataError(msg string) *LoadError { return &LoadError{Msg: msg} }

// within puts a member name in front of the error's relative path.
func within(err error, key string) error {
	var le *LoadError
	if errors.As(err, &le) && le.File == "" {
		le.Path = iam.JoinPath(key, le.Path)
	}
	return err
}

// withinIndex puts an array index in front of the error's relative path.
func withinIndex(err error, i int) error {
	return within(err, "["+strconv.Itoa(i)+"]")
}

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// inFile completes an error from a file's parser with the file name.
func inFile(err error, file string) error {
	var le *LoadError
	if errors.As(err, &le) && le.File == "" {
		le.File = file
		return le
	}
	return err
}

// docError turns an iam.DecodePolicy error for the document at src into a
// LoadError whose path runs from the top of the file into the document.
func docError(src Source, err error) *LoadError {
	var de *iam.DecodeError
	if errors.As(iam.PrefixPath(err, src.Path), &de) {
		return &LoadError{File: src.File, Path: de.Path, Msg: de.Msg}
	}
	return &LoadError{File: src.File, Path: src.Path, Msg: err.Error()}
}

// short quotes a value from the data for a message, cut to a length that
// names it without reproducing long (possibly sensitive) content.
func short(s string) string {
	const max = 80
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}
