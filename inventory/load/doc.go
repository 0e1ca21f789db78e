// Package load reads IAM and cluster data files into one inventory: it
// finds the files, detects each file's format from its content (never its
// name, so a file given on the wrong side is still read correctly) and
// hands the file to its reader (inventory/awscli, inventory/terraform),
// which fills an inventory.Builder. detect.go says which top-level key
// belongs to which format and reader.
package load
