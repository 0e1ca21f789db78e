// Command redshift-preflight checks, before a deploy, that every credential
// in Amazon Redshift SQL will work and is safe. See README.md.
//
// The command line is thin: each command turns its flags and the
// configuration file (package internal/config) into the options of one
// pipeline of package checks, calls it, prints the result with a printer of
// package report, and chooses the exit code.
package main
