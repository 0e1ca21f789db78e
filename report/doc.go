// Package report prints the results of package checks: text (compiler
// style), JSON, SARIF 2.1.0 and GitHub workflow commands for check; text,
// JSON, Mermaid and DOT for explain; text and JSON for connect. Every
// printer is a pure function of the results, one file per format, with no
// side effects beyond the writer; it imports only checks, sqlparse and
// redact, through which every string it prints passes (secrets masked,
// control characters escaped).
package report
