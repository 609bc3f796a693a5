package workflow

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that adapters can answer it properly: the bot shows
// every kind but Internal to the user; Internal is logged and hidden behind an apology.
type Kind int

// The kinds of error the workflow returns.
const (
	Internal  Kind = iota // a bug or an unavailable dependency; not the user's fault
	Invalid               // the input is malformed or breaks a rule of the process
	NotFound              // the wish, group or poll does not exist
	Conflict              // the state changed under the user, or the thing exists already
	Forbidden             // the actor lacks the mandate
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	}
	return "internal"
}

// Error is a domain error. Msg is a catalog key and Args its arguments, so that the
// bot can say it in the user's language; workflow never composes user-facing text.
type Error struct {
	Kind Kind
	Msg  string // message catalog key, e.g. "err.forbidden.triage"
	Args []any  // arguments for the catalog entry
	Err  error  // the underlying cause, for Internal errors
}

func (e *Error) Error() string {
	s := e.Kind.String() + ": " + e.Msg
	if len(e.Args) > 0 {
		s += fmt.Sprint(e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a domain error of kind k with catalog key msg.
func Errorf(k Kind, msg string, args ...any) *Error {
	return &Error{Kind: k, Msg: msg, Args: args}
}

// ErrNotFound is what a Store returns when a row does not exist; the service turns
// it into a NotFound error that names the thing.
var ErrNotFound = errors.New("not found")

// ErrExists is what a Store returns when a unique key is taken.
var ErrExists = errors.New("already exists")

// KindOf reports the Kind of err: the Kind of the first *Error in its chain, NotFound
// for ErrNotFound, Conflict for ErrExists, Internal otherwise.
func KindOf(err error) Kind {
	var e *Error
	var fe *FieldError
	switch {
	case err == nil:
		return Internal
	case errors.As(err, &e):
		return e.Kind
	case errors.As(err, &fe):
		return Invalid
	case errors.Is(err, ErrNotFound):
		return NotFound
	case errors.Is(err, ErrExists):
		return Conflict
	}
	return Internal
}

// AsError returns the first *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
