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

// Readers build errors the way the old pull parser did: an error starts
// without file and path (DataError), and each object and array it unwinds
// through puts its member name or index in front (Within, WithinIndex), so
// that building paths costs nothing on success; the file is named last
// (InFile). An error that already names its file is complete and passes
// through unchanged.

// DataError is a LoadError whose file and path are filled in as it unwinds.
func DataError(msg string) *LoadError { return &LoadError{Msg: msg} }

// Within puts a member name in front of the error's relative path.
func Within(err error, key string) error {
	if err == nil {
		return nil
	}
	var le *LoadError
	if errors.As(err, &le) && le.File == "" {
		le.Path = iam.JoinPath(key, le.Path)
	}
	return err
}

// WithinIndex puts an array index in front of the error's relative path.
func WithinIndex(err error, i int) error {
	return Within(err, "["+strconv.Itoa(i)+"]")
}

// IndexPath is the JSON path of element i of the array at path.
func IndexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// InFile completes an error of a file's reader with the file name.
func InFile(err error, file string) error {
	if err == nil {
		return nil
	}
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

// Short quotes a value from the data for a message, cut to a length that
// names it without reproducing long (possibly sensitive) content.
func Short(s string) string {
	const max = 80
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}

// Conflict is the error for a second, different definition of what: here,
// naming the first one (there).
func Conflict(what string, here, there Source, detail string) error {
	return &LoadError{File: here.File, Path: here.Path,
		Msg: "conflicting definitions of " + what + ": " + detail + " differs from the one at " + there.String()}
}
