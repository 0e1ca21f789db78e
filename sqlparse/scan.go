package sqlparse

import (
	"errors"
	"sync"

	"google.golang.org/protobuf/encoding/protowire"
)

// pg_query's scanner returns a ScanResult protobuf message (pg_query.proto):
//
//	message ScanResult { int32 version = 1; repeated ScanToken tokens = 2; }
//	message ScanToken  { int32 start = 1; int32 end = 2; Token token = 4; KeywordKind keyword_kind = 5; }
//
// It is decoded here with protowire alone: the generated Go types of the
// root pg_query package would link protobuf-go's registry, whose
// initialisation every start of the command paid for (issue 13).
const (
	fieldScanVersion = 1
	fieldScanTokens  = 2

	fieldTokenStart   = 1
	fieldTokenEnd     = 2
	fieldTokenToken   = 4
	fieldTokenKeyword = 5
)

// rawToken is one ScanToken: byte offsets into the scanned text, the
// token number (a character code below 256, else pg_query's Token enum)
// and the keyword kind (KeywordKind enum, 0 for none).
type rawToken struct {
	start, end  int32
	token       int32
	keywordKind int32
}

var errScanResult = errors.New("malformed scan result from pg_query")

// decodeScanResult appends the tokens of a ScanResult message to toks.
// It follows proto.Unmarshal's rules, so that the two agree on every input
// (FuzzDecodeScanResult): the last value of a scalar field wins, a field
// with an unexpected wire type is skipped like an unknown field, and a
// field number outside 1..2^29-1, a truncated value or a stray end-group
// is an error.
func decodeScanResult(b []byte, toks []rawToken) (version int32, _ []rawToken, err error) {
	for len(b) > 0 {
		num, typ, n := consumeTag(b)
		if n < 0 {
			return 0, toks, errScanResult
		}
		b = b[n:]
		switch {
		case num == fieldScanVersion && typ == protowire.VarintType:
			var v uint64
			v, n = protowire.ConsumeVarint(b)
			version = int32(v)
		case num == fieldScanTokens && typ == protowire.BytesType:
			var m []byte
			m, n = protowire.ConsumeBytes(b)
			if n >= 0 {
				var t rawToken
				if t, err = decodeScanToken(m); err != nil {
					return 0, toks, err
				}
				toks = append(toks, t)
			}
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return 0, toks, errScanResult
		}
		b = b[n:]
	}
	return version, toks, nil
}

// decodeScanToken decodes one ScanToken message.
func decodeScanToken(b []byte) (t rawToken, _ error) {
	for len(b) > 0 {
		num, typ, n := consumeTag(b)
		if n < 0 {
			return t, errScanResult
		}
		b = b[n:]
		if typ != protowire.VarintType || num != fieldTokenStart && num != fieldTokenEnd && num != fieldTokenToken && num != fieldTokenKeyword {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return t, errScanResult
			}
			b = b[n:]
			continue
		}
		v, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return t, errScanResult
		}
		b = b[n:]
		switch num { // int32 and enum fields keep the low 32 bits, as proto.Unmarshal does
		case fieldTokenStart:
			t.start = int32(v)
		case fieldTokenEnd:
			t.end = int32(v)
		case fieldTokenToken:
			t.token = int32(v)
		case fieldTokenKeyword:
			t.keywordKind = int32(v)
		}
	}
	return t, nil
}

// consumeTag is protowire.ConsumeTag with proto.Unmarshal's upper bound on
// field numbers.
func consumeTag(b []byte) (protowire.Number, protowire.Type, int) {
	num, typ, n := protowire.ConsumeTag(b)
	if n >= 0 && num > protowire.MaxValidNumber {
		return 0, 0, -1
	}
	return num, typ, n
}

// scanBuffer holds what scanStatement needs only while it runs: the masked
// text handed to the scanner and the decoded tokens. Statements are scanned
// on several goroutines at once (the checker parses files concurrently),
// so each call takes a buffer of its own from the pool.
type scanBuffer struct {
	masked []byte
	raw    []rawToken
}

var scanBuffers = sync.Pool{New: func() any { return new(scanBuffer) }}
