package iam

// Tri is a three-valued truth: a test over offline data is true, false, or
// cannot be decided (Maybe). Maybe is never rounded to true or false: that is
// how the evaluator avoids a false "allowed" (Kleene's strong logic).
type Tri uint8

const (
	False Tri = iota
	True
	Maybe
)

// triOf turns a Go bool into a Tri.
func triOf(b bool) Tri {
	if b {
		return True
	}
	return False
}

// And is false if either side is false, true if both are true, else Maybe.
func (t Tri) And(u Tri) Tri {
	switch {
	case t == False || u == False:
		return False
	case t == True && u == True:
		return True
	default:
		return Maybe
	}
}

// Or is true if either side is true, false if both are false, else Maybe.
func (t Tri) Or(u Tri) Tri {
	switch {
	case t == True || u == True:
		return True
	case t == False && u == False:
		return False
	default:
		return Maybe
	}
}

// Not swaps True and False and keeps Maybe.
func (t Tri) Not() Tri {
	switch t {
	case True:
		return False
	case False:
		return True
	default:
		return Maybe
	}
}

func (t Tri) String() string {
	switch t {
	case False:
		return "false"
	case True:
		return "true"
	case Maybe:
		return "maybe"
	}
	return "Tri(?)"
}
