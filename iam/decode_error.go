package iam

import (
	"errors"
	"strconv"
	"strings"
)

// DecodeError reports a policy document that cannot be read, naming where
// in the document the problem is, so a user can find it in a large export.
type DecodeError struct {
	// Path is the JSON path inside the document, e.g.
	// "Statement[2].Condition.StringEquals"; "" for the document itself.
	Path string
	Msg  string
}

func (e *DecodeError) Error() string {
	if e.Path == "" {
		return "policy document: " + e.Msg
	}
	return e.Path + ": " + e.Msg
}

// PrefixPath puts prefix in front of the JSON path of a *DecodeError, so a
// caller that found the document at, say, PolicyVersionList[1].Document
// can report the full path. Other errors and nil are returned unchanged.
func PrefixPath(err error, prefix string) error {
	var de *DecodeError
	if prefix == "" || !errors.As(err, &de) {
		return err
	}
	return &DecodeError{Path: JoinPath(prefix, de.Path), Msg: de.Msg}
}

// JoinPath joins JSON path parts as DecodeError paths read: "a.b", "a[1]",
// "a[1].b".
func JoinPath(prefix, path string) string {
	switch {
	case path == "":
		return prefix
	case prefix == "" || strings.HasPrefix(path, "["):
		return prefix + path
	default:
		return prefix + "." + path
	}
}

func fieldPath(path, name string) string { return JoinPath(path, name) }

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func decodeErrorf(path, msg string) error { return &DecodeError{Path: path, Msg: msg} }
