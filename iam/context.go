package iam

import "strings"

// KeyState says what is known about a condition key in a request.
type KeyState uint8

const (
	// KeyUnknown: the key cannot be known offline; it might be absent or
	// hold any value. The zero value, so forgetting a key is safe.
	KeyUnknown KeyState = iota
	// KeyPresent: the key is in the request with the given values.
	KeyPresent
	// KeyAbsent: the key is certainly not in the request.
	KeyAbsent
)

func (s KeyState) String() string {
	switch s {
	case KeyUnknown:
		return "unknown"
	case KeyPresent:
		return "present"
	case KeyAbsent:
		return "absent"
	}
	return "KeyState(?)"
}

// Context is the request context: what is known about each condition key.
// A key never mentioned is KeyUnknown, because offline most keys
// (aws:SourceIp, aws:CurrentTime, ...) cannot be known [§7]. Key names are
// case-insensitive [COND]. A nil *Context knows nothing.
type Context struct {
	keys           map[string]contextEntry
	absentPrefixes []string
}

type contextEntry struct {
	state  KeyState
	values []string
}

// NewContext returns a context in which every key is unknown.
func NewContext() *Context {
	return &Context{keys: map[string]contextEntry{}}
}

// Set records the key as present with these values; several values make a
// multivalued key [MULTI]. With no values the key is recorded absent,
// because AWS treats an empty set like a missing key.
func (c *Context) Set(key string, values ...string) *Context {
	if len(values) == 0 {
		return c.SetAbsent(key)
	}
	c.keys[strings.ToLower(key)] = contextEntry{state: KeyPresent, values: append([]string(nil), values...)}
	return c
}

// SetAbsent records the keys as certainly not in the request.
func (c *Context) SetAbsent(keys ...string) *Context {
	for _, k := range keys {
		c.keys[strings.ToLower(k)] = contextEntry{state: KeyAbsent}
	}
	return c
}

// SetUnknown records the keys as unknowable, overriding earlier facts and
// absent prefixes.
func (c *Context) SetUnknown(keys ...string) *Context {
	for _, k := range keys {
		c.keys[strings.ToLower(k)] = contextEntry{state: KeyUnknown}
	}
	return c
}

// SetAbsentPrefix makes every key that starts with prefix and is not
// recorded otherwise absent, e.g. "aws:PrincipalTag/" once all of a role's
// tags have been Set.
func (c *Context) SetAbsentPrefix(prefix string) *Context {
	c.absentPrefixes = append(c.absentPrefixes, strings.ToLower(prefix))
	return c
}

// Lookup returns the key's state and, when present, its values.
func (c *Context) Lookup(key string) ([]string, KeyState) {
	if c == nil {
		return nil, KeyUnknown
	}
	lower := strings.ToLower(key)
	if e, ok := c.keys[lower]; ok {
		return e.values, e.state
	}
	for _, p := range c.absentPrefixes {
		if strings.HasPrefix(lower, p) {
			return nil, KeyAbsent
		}
	}
	return nil, KeyUnknown
}

// Clone returns an independent copy, so a caller can derive one context per
// request from a shared base.
func (c *Context) Clone() *Context {
	out := NewContext()
	if c == nil {
		return out
	}
	for k, e := range c.keys {
		out.keys[k] = e
	}
	out.absentPrefixes = append(out.absentPrefixes, c.absentPrefixes...)
	return out
}
