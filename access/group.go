package access

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
)

// Group gathers the checks of one verdict into the groups one finding
// each reports: checks whose messages frame their request alike (one
// cause, one principal, one kind of help) share a group, placed where the
// first of them is; any other check is a group of its own. COPY from a
// prefix the role may not read is one finding, not one per action.
func Group(cs []Check, v chain.Verdict) [][]Check {
	var groups [][]Check
	at := map[string]int{}
	for _, c := range cs {
		if c.Verdict != v {
			continue
		}
		key, shares := c.shareKey()
		if i, ok := at[key]; shares && ok {
			groups[i] = append(groups[i], c)
			continue
		}
		if shares {
			at[key] = len(groups)
		}
		groups = append(groups, []Check{c})
	}
	return groups
}

// shareKey is what checks must have in common to share a message; false
// for a message that does not frame its request.
func (c *Check) shareKey() (string, bool) {
	if c.Lead == "" && c.Tail == "" {
		return "", false
	}
	help := "help\x00" + c.Help
	if c.Grant != "" {
		help = "grant\x00" + c.Grantee
	}
	return strings.Join([]string{string(c.Reason), c.Lead, c.Tail, help}, "\x00"), true
}

// Say is the message and help of a group of Group: its check's own, or
// the requests of its checks listed in their shared frame, with one help
// listing every statement to add.
func Say(g []Check) (message, help string) {
	if len(g) == 1 {
		return g[0].Message, g[0].Help
	}
	targets := make([]string, len(g))
	grants := make([]string, len(g))
	for i := range g {
		targets[i], grants[i] = g[i].target(), g[i].Grant
	}
	message, help = g[0].Lead+strings.Join(targets, ", ")+g[0].Tail, g[0].Help
	if g[0].Grant != "" {
		help = grantHelp(grants, g[0].Grantee)
	}
	return message, help
}
