package sqlparse

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/redshift-preflight/redshift-preflight/internal/corpus"
)

// The package's own token numbers must be pg_query's: a new pg_query
// version that renumbered its enums would otherwise turn strings into
// keywords without a compile error.
func TestTokenNumbers(t *testing.T) {
	for _, c := range []struct {
		name      string
		own, want int32
	}{
		{"IDENT", tokenIDENT, int32(pg_query.Token_IDENT)},
		{"SCONST", tokenSCONST, int32(pg_query.Token_SCONST)},
		{"USCONST", tokenUSCONST, int32(pg_query.Token_USCONST)},
		{"BCONST", tokenBCONST, int32(pg_query.Token_BCONST)},
		{"XCONST", tokenXCONST, int32(pg_query.Token_XCONST)},
		{"Op", tokenOp, int32(pg_query.Token_Op)},
		{"TYPECAST", tokenTYPECAST, int32(pg_query.Token_TYPECAST)},
		{"NO_KEYWORD", keywordNone, int32(pg_query.KeywordKind_NO_KEYWORD)},
	} {
		if c.own != c.want {
			t.Errorf("%s: own constant %d, pg_query's enum %d", c.name, c.own, c.want)
		}
	}
	for n, name := range pg_query.Token_name {
		if n < 0 || n >= tokenTableLen {
			t.Errorf("token %s = %d lies outside the class table (length %d)", name, n, tokenTableLen)
		}
	}
	// The message layout decodeScanResult reads.
	fields := (&pg_query.ScanToken{}).ProtoReflect().Descriptor().Fields()
	for _, f := range []struct {
		name string
		num  protowire.Number
	}{{"start", fieldTokenStart}, {"end", fieldTokenEnd}, {"token", fieldTokenToken}, {"keyword_kind", fieldTokenKeyword}} {
		if fd := fields.ByName(protoreflect.Name(f.name)); fd == nil || protowire.Number(fd.Number()) != f.num {
			t.Errorf("ScanToken.%s: want field number %d, descriptor %v", f.name, f.num, fd)
		}
	}
	res := (&pg_query.ScanResult{}).ProtoReflect().Descriptor().Fields()
	if fd := res.ByName("version"); fd == nil || fd.Number() != fieldScanVersion {
		t.Errorf("ScanResult.version: descriptor %v, want field %d", fd, fieldScanVersion)
	}
	if fd := res.ByName("tokens"); fd == nil || fd.Number() != fieldScanTokens {
		t.Errorf("ScanResult.tokens: descriptor %v, want field %d", fd, fieldScanTokens)
	}
}

// The class table gives every token number the class the former
// predicates over pg_query's enum gave it.
func TestTokenClasses(t *testing.T) {
	old := func(t pg_query.Token) tokKind {
		switch {
		case t == pg_query.Token_SCONST || t == pg_query.Token_USCONST || t == pg_query.Token_BCONST || t == pg_query.Token_XCONST:
			return tokString
		case t == pg_query.Token_IDENT:
			return tokWord
		case t < 256 || t == pg_query.Token_Op || t == pg_query.Token_TYPECAST:
			return tokPunct
		}
		return tokOther
	}
	for n := int32(-3); n < tokenTableLen+3; n++ {
		if got, want := tokenClass(n), old(pg_query.Token(n)); got != want {
			t.Errorf("token %d (%s): class %d, want %d", n, pg_query.Token(n), got, want)
		}
	}
}

// decodeOld is what the package did before: proto.Unmarshal into
// pg_query's generated types.
func decodeOld(pb []byte) (int32, []rawToken, error) {
	var res pg_query.ScanResult
	if err := proto.Unmarshal(pb, &res); err != nil {
		return 0, nil, err
	}
	toks := make([]rawToken, 0, len(res.Tokens))
	for _, t := range res.Tokens {
		toks = append(toks, rawToken{t.Start, t.End, int32(t.Token), int32(t.KeywordKind)})
	}
	return res.Version, toks, nil
}

// checkSameDecoding fails unless decodeScanResult and proto.Unmarshal agree
// on pb: both reject it, or both read the same version and tokens.
func checkSameDecoding(t *testing.T, pb []byte) {
	t.Helper()
	wantV, want, wantErr := decodeOld(pb)
	prefix := []rawToken{{1, 2, 3, 4}} // decodeScanResult appends to a reused buffer
	gotV, got, gotErr := decodeScanResult(pb, prefix)
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("% x: decodeScanResult error %v, proto.Unmarshal error %v", pb, gotErr, wantErr)
	}
	if wantErr != nil {
		return
	}
	if gotV != wantV || !slices.Equal(got[1:], want) || got[0] != prefix[0] {
		t.Fatalf("% x:\n got version %d tokens %v\nwant version %d tokens %v", pb, gotV, got[1:], wantV, want)
	}
}

// scanSeeds: the white-box inputs and the statements of a generated corpus.
func scanSeeds() []string {
	seeds := []string{"", "SELECT 1", "COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::1:role/R' CSV;", `SELECT U&'\0041' UESCAPE '!', B'01', X'1F', E'\n', $$x$$, 1::int, "Qu""o", $1`}
	seeds = append(seeds, WhiteBoxTestInputs()...)
	for _, f := range corpus.Generate(20, 1, 1) {
		seeds = append(seeds, string(f.Content))
	}
	return seeds
}

func TestDecodeScanResult(t *testing.T) {
	tokens := 0
	for _, sql := range scanSeeds() {
		pb, err := pgparser.ScanToProtobuf(sql)
		if err != nil {
			continue
		}
		checkSameDecoding(t, pb)
		_, toks, _ := decodeScanResult(pb, nil)
		tokens += len(toks)
	}
	if tokens < 1000 {
		t.Errorf("the seeds gave only %d tokens", tokens)
	}
}

// Malformed messages: each is rejected by both decoders or read alike.
func TestDecodeScanResultMalformed(t *testing.T) {
	valid, err := pgparser.ScanToProtobuf("COPY t FROM 's3://b' IAM_ROLE default;")
	if err != nil {
		t.Fatal(err)
	}
	cases := [][]byte{
		{0x08},                   // version without a value
		{0x00, 0x01},             // field number 0
		{0x0c},                   // end group at the top level
		{0x12, 0x05, 0x08},       // tokens longer than the message
		{0x12, 0x02, 0x08, 0x80}, // truncated varint inside a token
		{0x0a, 0x01, 0x01},       // version as bytes: skipped as an unknown field
		{0x10, 0x07},             // tokens as a varint: skipped
		{0x12, 0x02, 0x22, 0x00}, // token number as bytes: skipped
		protowire.AppendVarint(protowire.AppendTag(nil, protowire.MaxValidNumber, protowire.VarintType), 1),   // the largest valid field number: unknown, skipped
		protowire.AppendVarint(protowire.AppendTag(nil, protowire.MaxValidNumber+1, protowire.VarintType), 1), // one more: invalid
		protowire.AppendVarint(protowire.AppendVarint(nil, 1<<35|uint64(protowire.VarintType)), 1),            // a tag beyond 32 bits
		{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},                                    // version -1 in ten bytes
		{0x1b, 0x08, 0x01, 0x1c}, // a group, skipped
		{0x1b, 0x08, 0x01, 0x24}, // a group closed by the wrong number
	}
	for i := 0; i <= len(valid); i++ {
		cases = append(cases, valid[:i])
	}
	for _, pb := range cases {
		checkSameDecoding(t, pb)
	}
}

// FuzzScanDecoder: on any SQL the scanner accepts, its message decoded here
// gives the version and tokens proto.Unmarshal gives.
func FuzzScanDecoder(f *testing.F) {
	for _, s := range scanSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		pb, err := pgparser.ScanToProtobuf(sql)
		if err != nil {
			return
		}
		checkSameDecoding(t, pb)
	})
}

// FuzzDecodeScanResultBytes: arbitrary bytes never panic the decoder, and
// it accepts and reads them exactly as proto.Unmarshal does.
func FuzzDecodeScanResultBytes(f *testing.F) {
	for _, s := range scanSeeds()[:8] {
		if pb, err := pgparser.ScanToProtobuf(s); err == nil {
			f.Add(pb)
			f.Add(bytes.Repeat(pb, 2))
		}
	}
	f.Add([]byte{0x1b, 0x08, 0x01, 0x1c})
	f.Add([]byte{0x80, 0x80, 0x80, 0x80, 0x02, 0x00})
	f.Fuzz(func(t *testing.T, pb []byte) {
		checkSameDecoding(t, pb)
	})
}

// Statements scanned on several goroutines at once, as the checker parses
// files, get the tokens they get alone: the pooled buffers are not shared
// (go test -race checks the rest).
func TestScanStatementConcurrent(t *testing.T) {
	jobs, _ := scanJobs(corpus.Generate(40, 1, 2))
	want := make([][]token, len(jobs))
	for i, j := range jobs {
		want[i], _ = scanStatement(j.src, j.span, j.segs)
	}
	errs := make(chan string, 4)
	for w := range 4 {
		go func() {
			for k := range jobs {
				i := (k + w*len(jobs)/4) % len(jobs)
				got, _ := scanStatement(jobs[i].src, jobs[i].span, jobs[i].segs)
				if !slices.Equal(got, want[i]) {
					errs <- fmt.Sprintf("statement %d: tokens differ when scanned concurrently", i)
					return
				}
			}
			errs <- ""
		}()
	}
	for range 4 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

// upperWord is strings.ToUpper: word tokens keep the text they had.
func TestUpperWord(t *testing.T) {
	words := []string{"", "iam_role", "IAM_Role", "a1$_", `"quoted id"`, "straße", "ǆemal", "ıi", "\xff\xfe", "tæble", "Z[`{"}
	for _, s := range scanSeeds() {
		words = append(words, strings.Fields(s)...)
	}
	for _, w := range words {
		if got, want := upperWord([]byte(w)), strings.ToUpper(w); got != want {
			t.Errorf("upperWord(%q) = %q, want %q", w, got, want)
		}
	}
}
