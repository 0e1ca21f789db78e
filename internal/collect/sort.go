package collect

import (
	"slices"
	"strings"
)

func sortBy[T any](list []T, key func(T) string) {
	slices.SortFunc(list, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}

// sortedOf converts each element of list and sorts the results by key;
// never nil, so that an empty list is written [] (a list that is absent
// would make check read the entry's policies as unknown).
func sortedOf[T, U any](list []T, convert func(T) U, key func(U) string) []U {
	out := make([]U, 0, len(list))
	for _, v := range list {
		out = append(out, convert(v))
	}
	sortBy(out, key)
	return out
}
