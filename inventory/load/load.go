package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Load reads IAM data (iamPaths) and cluster data (clusterPaths) and merges
// them into one Inventory. Each path is a file or a directory, whose *.json
// files are read recursively in lexical order (hidden directories skipped).
//
// Supported: aws iam get-account-authorization-details (AWS CLI output, or
// the raw API/SDK shape with IsTruncated), aws iam get-role (trust policy,
// boundary and tags; the role's permission policies are then unknown), aws
// redshift describe-clusters, aws redshift-serverless get-namespace,
// list-namespaces, get-workgroup and list-workgroups, aws s3api
// get-bucket-policy and aws lambda get-policy, and terraform show -json
// output of a state or a saved plan (IAM and cluster resources, in the
// root module and every child module).
//
// Every error is a *inventory.LoadError naming the file and, where one
// applies, the JSON path. Policy documents are checked to be JSON objects
// or strings; they are decoded on first use (see Inventory.Decode).
func Load(iamPaths, clusterPaths []string) (*inventory.Inventory, error) {
	return LoadLimited(iamPaths, clusterPaths, files.Limits{}.Of(files.Data))
}

// LoadLimited is Load reading at most limit.Bytes of each file; only
// regular files are read (a named pipe or a device is an error).
func LoadLimited(iamPaths, clusterPaths []string, limit files.Limit) (*inventory.Inventory, error) {
	names, err := collectFiles(append(slices.Clone(iamPaths), clusterPaths...))
	if err != nil {
		return nil, err
	}
	return loadFiles(names, func(name string) ([]byte, func(int), error) { return readFile(name, limit) })
}

// Files reads, detects and merges the named files in order, reading each
// with read: Load reads them from disk, tests and callers holding data in
// memory give their own.
func Files(names []string, read func(name string) ([]byte, error)) (*inventory.Inventory, error) {
	return loadFiles(names, func(name string) ([]byte, func(int), error) {
		data, err := read(name)
		return data, nil, err
	})
}

// loadFiles is Files whose read may map a file: release, when not nil,
// gives back the pages behind the reader (files.MapFile).
func loadFiles(names []string, read func(name string) (data []byte, release func(upto int), err error)) (*inventory.Inventory, error) {
	b := inventory.NewBuilder()
	for _, name := range names {
		data, release, err := read(name)
		if err != nil {
			return nil, err
		}
		f := b.NewFile(name, files.TrimBOM(data))
		if err := readData(f, data, release); err != nil {
			return nil, inventory.InFile(err, name)
		}
		if err := b.Add(f); err != nil {
			return nil, err
		}
	}
	return b.Finish()
}

// readFile reads a whole file, mapping a large one (files.MapFile); the
// inventory keeps it, as undecoded documents are slices of it.
func readFile(name string, limit files.Limit) ([]byte, func(int), error) {
	data, release, err := files.MapFile(name, limit)
	if err != nil {
		return nil, nil, &inventory.LoadError{File: name, Msg: "cannot read: " + pathErr(err)}
	}
	return data, release, nil
}

// collectFiles expands the paths into files, each once, in order.
func collectFiles(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if key := filepath.Clean(name); !seen[key] {
			seen[key] = true
			out = append(out, name)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, &inventory.LoadError{File: root, Msg: "cannot read: " + pathErr(err)}
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		found, err := walkJSON(root, add)
		if err != nil {
			return nil, err
		}
		if found == 0 {
			return nil, &inventory.LoadError{File: root, Msg: "no *.json files in this directory"}
		}
	}
	return out, nil
}

// walkJSON calls add with every *.json file under root, in lexical order,
// skipping hidden directories, and counts them.
func walkJSON(root string, add func(string)) (int, error) {
	found := 0
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return &inventory.LoadError{File: name, Msg: "cannot read: " + pathErr(err)}
		}
		if d.IsDir() {
			if name != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.EqualFold(filepath.Ext(name), ".json") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link to a directory is not a data file; a dangling link is
			// read, to be reported rather than skipped without a word.
			if target, err := os.Stat(name); err == nil && target.IsDir() {
				return nil
			}
		}
		found++
		add(name)
		return nil
	})
	return found, err
}

// pathErr is an fs error without the path, which the LoadError names.
func pathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
