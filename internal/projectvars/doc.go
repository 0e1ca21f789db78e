// Package projectvars reads placeholder values where migration tools keep
// them, so that a templated project is checked without configuration.
//
// A Source is one such place (a Flyway flyway.conf or flyway.toml, Flyway's
// environment variables); each value remembers where it was written. A
// Finder walks up from a checked file to the repository root, reads the
// sources it finds there once per directory, and merges them in the tools'
// own precedence. Other tools (Liquibase, dbt, sqitch) plug in as more
// Source readers of the same shape.
package projectvars
