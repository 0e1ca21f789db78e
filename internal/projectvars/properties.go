package projectvars

import (
	"strconv"
	"strings"
)

// property is one key=value of a Java properties file, at the line where
// its logical line starts.
type property struct {
	key, value string
	line       int
}

// readProperties reads Java properties syntax (java.util.Properties.load):
// # and ! comments, key and value separated by '=', ':' or white space,
// a line ending in an odd number of backslashes continued on the next
// (whose leading white space is dropped), and \t \n \r \f \uXXXX escapes,
// any other escaped character standing for itself.
func readProperties(file, src string) ([]property, error) {
	var props []property
	lines := splitLines(src)
	for i := 0; i < len(lines); i++ {
		start := i
		text := strings.TrimLeft(lines[i], " \t\f")
		if text == "" || text[0] == '#' || text[0] == '!' {
			continue
		}
		for continued(text) && i+1 < len(lines) {
			i++
			text = text[:len(text)-1] + strings.TrimLeft(lines[i], " \t\f")
		}
		if continued(text) { // a continuation at the end of the file
			text = text[:len(text)-1]
		}
		key, value := splitProperty(text)
		k, err := unescapeProperty(key)
		if err == nil {
			value, err = unescapeProperty(value)
		}
		if err != nil {
			return nil, &InputError{File: file, Line: start + 1, Msg: err.Error()}
		}
		props = append(props, property{key: k, value: value, line: start + 1})
	}
	return props, nil
}

// splitLines splits at \n, \r\n and \r, as properties files may use any.
func splitLines(src string) []string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	return strings.Split(strings.ReplaceAll(src, "\r", "\n"), "\n")
}

// continued: the line ends in an odd number of backslashes.
func continued(text string) bool {
	n := 0
	for n < len(text) && text[len(text)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

// splitProperty cuts a logical line into its escaped key and value.
func splitProperty(text string) (key, value string) {
	end := len(text)
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' {
			i++
			continue
		}
		if strings.IndexByte("=: \t\f", text[i]) >= 0 {
			end = i
			break
		}
	}
	rest := strings.TrimLeft(text[end:], " \t\f")
	if rest != "" && (rest[0] == '=' || rest[0] == ':') {
		rest = strings.TrimLeft(rest[1:], " \t\f")
	}
	return text[:end], rest
}

type escapeError string

func (e escapeError) Error() string { return string(e) }

// unescapeProperty resolves the escapes of a key or value.
func unescapeProperty(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			r, err := unicodeEscape(s[i+1:])
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
			i += 4
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func unicodeEscape(s string) (rune, error) {
	if len(s) >= 4 {
		if n, err := strconv.ParseUint(s[:4], 16, 16); err == nil {
			return rune(n), nil
		}
	}
	return 0, escapeError(`malformed \uXXXX escape: want four hexadecimal digits`)
}
