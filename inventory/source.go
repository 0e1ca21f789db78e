package inventory

import (
	"bytes"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Source locates a definition: the file and the JSON path inside it.
type Source struct {
	File string
	Path string // e.g. "RoleDetailList[3]"
	// Line is the 1-based line of File where a policy document starts (the
	// sources of Origin) or one of its statements (StatementSource); for a
	// document held in a JSON string, where the string starts. It is 0 for
	// other definitions and for documents that are not in the data.
	Line int
}

// String is "FILE: PATH", without the line: messages and golden files
// name definitions by JSON path, which does not move when a file is
// re-indented.
func (s Source) String() string { return s.File + ": " + s.Path }

// inputFile is one file's content; the documents read from it are slices
// of data. Lines are counted only when a Source asks for one, and only as
// far as it needs: chunks[k] is the count of newlines before byte
// k*lineChunk, so that a later question counts within one chunk.
type inputFile struct {
	name string
	data []byte
	idx  int // the file's position in the load order

	mu     sync.Mutex // the inventory is read from several goroutines
	chunks []int
}

const lineChunk = 64 << 10

var newline = []byte("\n")

// line is the 1-based line of byte offset off.
func (f *inputFile) line(off int) int {
	k := off / lineChunk
	return f.newlinesBefore(k) + bytes.Count(f.data[k*lineChunk:off], newline) + 1
}

// newlinesBefore counts the newlines before chunk k, extending the table.
func (f *inputFile) newlinesBefore(k int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.chunks == nil {
		f.chunks = []int{0}
	}
	for len(f.chunks) <= k {
		n := len(f.chunks) - 1
		f.chunks = append(f.chunks, f.chunks[n]+bytes.Count(f.data[n*lineChunk:(n+1)*lineChunk], newline))
	}
	return f.chunks[k]
}

// DocPath is where a document is: Base, then List[Index] when the document
// is a member of a list's element, then Leaf; e.g. RoleDetailList[3] +
// RolePolicyList[1] + PolicyDocument. Readers share Base among a
// definition's documents; the parts are joined only when a path is shown.
type DocPath struct {
	Base  string
	List  string // "" when the document is a member of Base itself
	Index int
	Leaf  string
}

func (p DocPath) String() string {
	path := p.Base
	if p.List != "" {
		path = IndexPath(iam.JoinPath(path, p.List), p.Index)
	}
	return iam.JoinPath(path, p.Leaf)
}

// Doc is a policy document as a file holds it: a JSON object, or a JSON
// string holding JSON text or URL-encoded JSON text. It is decoded on
// first use (see lazy.go). Readers make Docs with File.Doc.
type Doc struct {
	raw  []byte // a slice of file.data
	off  int    // where raw starts in file.data
	file *inputFile
	at   DocPath
	// unknown: a Terraform plan does not know the document until apply; it
	// decodes to nil (unknown) without error, and raw is nil.
	unknown bool
	// absent: the file lacks the document (File.AbsentDoc); unknown too.
	absent bool
	// sensitive: Terraform marks the attribute sensitive, so a decode error
	// names the place but not the problem, which may quote the value.
	sensitive bool
}

// SetSensitive marks the document as one whose content messages must not
// show (a Terraform attribute marked sensitive).
func (d *Doc) SetSensitive(sensitive bool) { d.sensitive = sensitive }

// Source is where the document is, with the line it starts on.
func (d *Doc) Source() Source {
	src := d.source()
	if !d.unknown {
		src.Line = d.file.line(d.off)
	}
	return src
}

// source is where the document is, without counting lines.
func (d *Doc) source() Source { return Source{File: d.file.name, Path: d.at.String()} }

// seq orders documents, and so their errors, by file and offset.
func (d *Doc) seq() uint64 { return uint64(d.file.idx)<<40 | uint64(d.off) }

// statementSource is where statement index of the document is: its path as
// iam.DecodeError paths name it and, for a document given as an object,
// the line the statement starts on (else the document's line).
func (d *Doc) statementSource(index int) (Source, bool) {
	if d.unknown {
		return Source{}, false
	}
	path, at, ok := iam.LocateStatement(d.raw, index)
	if !ok {
		return Source{}, false
	}
	src := d.Source()
	src.Path = iam.JoinPath(src.Path, path)
	if at >= 0 {
		src.Line = d.file.line(d.off + at)
	}
	return src, true
}
