//go:build !unix

package files

// MapFile is ReadFile where files are not mapped; release is nil.
func MapFile(path string, limit Limit) (data []byte, release func(upto int), err error) {
	data, err = ReadFile(path, limit)
	return data, nil, err
}
