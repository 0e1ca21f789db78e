// Package corpus generates synthetic Redshift migration folders for benchmarks.
//
// The files imitate a Flyway migrations directory: V<n>__<words>.sql, 1–6 KB
// each, holding the statements real Redshift migrations hold (wide CREATE
// TABLEs, ALTERs, INSERT … SELECT with joins, views, grants, comments, the odd
// dollar-quoted procedure, literals with doubled quotes and \' escapes). A
// chosen fraction of files also carries 1–4 credential statements (COPY,
// UNLOAD, CREATE EXTERNAL SCHEMA/FUNCTION, CREATE MODEL, CREATE LIBRARY) with
// varied role values, placeholders and typical mistakes.
//
// Every other file contains neither "iam_role" nor "credentials" in any case,
// so a keyword pre-filter sees the fraction exactly.
package corpus
