// Package jsonpull is how inventory readers read JSON: a pull reader over
// go-json-experiment's jsontext for the shapes that are walked member by
// member (the top level of every file, the long lists of an
// authorization-details export, Terraform's generic values), and struct
// decoding with go-json-experiment's json for the small shapes (one role,
// one cluster). Either way, every error is an *inventory.LoadError with
// the JSON path from the top of the file.
//
// Errors of the readers' own checks start relative (inventory.DataError)
// and get their path while they unwind through Object and Array. Errors of
// the JSON libraries (syntax, a value of the wrong kind, a duplicate
// member name) are complete at once: their path comes from the JSON
// pointer the library reports, their line and column from its byte
// offset.
package jsonpull
