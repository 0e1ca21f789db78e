// Package config turns the command line and .redshift-preflight.toml into
// a command's settings (SPEC §1, §11).
//
// One table of options (Options, Flags) says, for every setting, its flag,
// its config key, its key in a [[connections]] table, the shape of its
// value, its default, the fixed set of values it takes, its help text and
// the commands that have it. The CLI builds its flags from the table;
// Resolve reads values through it: the flag when it was given, else the
// config's value, else the default. Lists of rules add the flags' values to
// the config's; data paths from flags replace the config's.
//
// A config file is decoded by go-toml and then walked with go-toml's
// parser, which keeps the position of every key and value. Every message
// about a value of the file therefore reads FILE:LINE:COLUMN: KEY: MESSAGE
// (an *Error), whether it is found while decoding (a wrong TOML type, a
// value outside its set, an unknown key), while resolving (an unknown rule
// id, a bad exclude pattern, an unreadable vars file) or later by the
// caller (Config.Errorf, Connection.Errorf). Messages never name Go types.
// Errors about flags keep the wording users know ("unknown --format ...").
//
// Expand turns check's PATH arguments into inputs (files, directories
// walked for *.sql, globs, stdin), skipping what the config excludes.
//
// Relative paths are relative to the working directory given to Load,
// which must be the process's own: Expand and Excluder leave relative
// paths to the operating system.
//
// Files (the config, vars files, manifests) are read through
// internal/files, within the config kind's size limit; --max-file-size and
// [max_file_size] set the limits of every kind.
//
// The package imports none of the project's packages but internal/files:
// rule ids are checked through a function the caller passes, statement
// kinds by the caller.
package config
