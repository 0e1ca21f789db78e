// Package redact makes strings safe to print: it masks secret-shaped values
// wherever they appear (Secrets, Find, Mask) and shows every character that
// could steer a terminal or a CI log as a visible escape (Escape, Next,
// GuardLines, Strip, AppendJSON). Every printer of this module passes what
// it prints through it, so a secret the SQL parser did not recognise, or a
// file name holding an escape sequence or a forged workflow command, is
// harmless in any output format.
//
// It imports nothing of this module: the list of credential keys it knows
// is kept equal to the SQL parser's by a test.
package redact
