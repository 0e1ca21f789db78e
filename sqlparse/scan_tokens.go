package sqlparse

// The token and keyword-kind numbers of pg_query's scanner this package
// reads (pg_query.proto's Token and KeywordKind enums; below 256 a token is
// the character itself). TestTokenNumbers holds them equal to the generated
// enums of github.com/pganalyze/pg_query_go/v5.
const (
	tokenIDENT    int32 = 258
	tokenSCONST   int32 = 261
	tokenUSCONST  int32 = 262
	tokenBCONST   int32 = 263
	tokenXCONST   int32 = 264
	tokenOp       int32 = 265
	tokenTYPECAST int32 = 268

	keywordNone int32 = 0 // KeywordKind NO_KEYWORD

	// tokenTableLen bounds the token numbers: TestTokenNumbers checks that
	// every value of the Token enum is below it.
	tokenTableLen = 768
)

// tokenClasses is what a token number says before its keyword kind is
// looked at: a string literal, an identifier, an operator or punctuation,
// or something else (numbers, parameters, keywords, which the keyword kind
// turns into words).
var tokenClasses = func() (c [tokenTableLen]tokKind) {
	for t := range c {
		c[t] = tokOther
		if t < 256 { // a single character: ( ) , ; = and the like
			c[t] = tokPunct
		}
	}
	for _, t := range []int32{tokenSCONST, tokenUSCONST, tokenBCONST, tokenXCONST} {
		c[t] = tokString
	}
	c[tokenIDENT] = tokWord
	c[tokenOp], c[tokenTYPECAST] = tokPunct, tokPunct
	return c
}()

// tokenClass looks a token number up. The scanner makes no number outside
// the table; a malformed message could, and gets the class the former rule
// gave it (t < 256: punctuation, larger: other).
func tokenClass(t int32) tokKind {
	switch {
	case t >= 0 && t < tokenTableLen:
		return tokenClasses[t]
	case t < 0:
		return tokPunct
	}
	return tokOther
}
