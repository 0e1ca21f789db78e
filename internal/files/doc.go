// Package files opens the inputs the tool reads and writes its reports,
// so that no input can hang or exhaust the process and no report is left
// half written.
//
// Reading: only regular files are read (a named pipe, a socket or a device
// given as a path would block or never end), and at most a limit of bytes
// per kind of input (SQL, IAM and cluster data, settings files), which
// --max-file-size overrides. Writing: a report replaces the previous one
// only once it is completely on disk.
//
// It imports nothing of this module: the configuration, the inventory
// loader, the check pipeline and the command all use it.
package files
