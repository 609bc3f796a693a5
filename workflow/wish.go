package workflow

import (
	"strings"
	"time"
	"unicode/utf8"
)

// State is where a wish is in its life (domain.md, "A wish's life").
type State string

// The states of a wish. The Danish names are in the bot's message catalog.
const (
	StateSubmitted    State = "submitted"     // indsendt
	StateNeedsInfo    State = "needs_info"    // mangler oplysninger
	StateMinor        State = "minor"         // håndteres af sekretariatet
	StateInAssessment State = "in_assessment" // til vurdering
	StatePrioritised  State = "prioritised"   // prioriteret
	StateRejected     State = "rejected"      // afvist (by the working group)
	StateDeclined     State = "declined"      // afvist (by the secretariat)
	StateSpecified    State = "specified"     // kravspecificeret
	StateEstimated    State = "estimated"     // prisoverslag indhentet
	StateRecommended  State = "recommended"   // indstillet til styregruppen
	StateApproved     State = "approved"      // godkendt
	StateNotApproved  State = "not_approved"  // ikke godkendt (by the steering group)
	StatePlanned      State = "planned"       // i udviklingsplan
	StateDelivered    State = "delivered"     // leveret
	StateWithdrawn    State = "withdrawn"     // trukket tilbage
	StateDuplicate    State = "duplicate"     // dublet
)

// States lists every state in the order of a wish's life, for listings and exports.
var States = []State{
	StateSubmitted, StateNeedsInfo, StateMinor, StateInAssessment, StatePrioritised,
	StateSpecified, StateEstimated, StateRecommended, StateApproved, StatePlanned,
	StateDelivered, StateRejected, StateDeclined, StateNotApproved, StateWithdrawn, StateDuplicate,
}

// transitions is the graph of domain.md. Who may take each edge is checked by the use
// case; this table only says which edges exist.
var transitions = map[State][]State{
	StateSubmitted:    {StateMinor, StateNeedsInfo, StateInAssessment, StateDeclined, StateDuplicate, StateWithdrawn},
	StateNeedsInfo:    {StateSubmitted, StateWithdrawn},
	StateMinor:        {StateDelivered, StateDeclined, StateWithdrawn},
	StateInAssessment: {StatePrioritised, StateRejected, StateWithdrawn},
	StatePrioritised:  {StatePlanned, StateSpecified, StateWithdrawn},
	StateSpecified:    {StateEstimated, StateWithdrawn},
	StateEstimated:    {StateEstimated, StateRecommended, StateWithdrawn},
	StateRecommended:  {StateApproved, StateNotApproved, StateWithdrawn},
	StateApproved:     {StatePlanned},
	StatePlanned:      {StatePlanned, StateDelivered},
}

// CanMove reports whether a wish may go from one state to another.
func CanMove(from, to State) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Open reports whether a wish in state s is still being worked on.
func (s State) Open() bool { return len(transitions[s]) > 0 }

// Withdrawable reports whether the submitter may still withdraw a wish in state s:
// any open state before the steering group has approved it.
func (s State) Withdrawable() bool { return CanMove(s, StateWithdrawn) }

// Size says whether a routed wish is a normal change or a larger development
// initiative that needs a specification, an estimate and the steering group.
type Size string

// The sizes of a wish.
const (
	SizeNormal Size = "normal"
	SizeMajor  Size = "major"
)

// Priority is a working group's priority for a wish.
type Priority string

// The priorities a working group can give.
const (
	PriorityHigh   Priority = "high"
	PriorityMedium Priority = "medium"
	PriorityLow    Priority = "low"
)

// ParsePriority reads a priority, accepting only the three known values.
func ParsePriority(s string) (Priority, bool) {
	switch p := Priority(strings.ToLower(strings.TrimSpace(s))); p {
	case PriorityHigh, PriorityMedium, PriorityLow:
		return p, true
	}
	return "", false
}

// Known reports whether p is one of the three priorities a working group can give.
func (p Priority) Known() bool {
	return p == PriorityHigh || p == PriorityMedium || p == PriorityLow
}

// Wish is a change or development wish from a member of the user club.
type Wish struct {
	ID             int64
	Title          string
	Purpose        string
	Value          string // the business value
	Description    string
	RequestedGroup string // the submitter's choice of working group; "" for not sure
	Group          string // the working group it was routed to
	Size           Size
	Priority       Priority
	State          State
	SubmitterID    string
	DuplicateOf    int64
	Question       string // the secretariat's open question while it needs info
	SpecLink       string
	SpecSummary    string
	Cycle          string // the development cycle it is planned in
	SourceLink     string // the Slack message it was made from by the shortcut, or ""
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Revision counts the submitter's versions of the wish's text: 1 when submitted,
	// one more on each edit. A triage decision may name the revision it was made on.
	Revision Revision
}

// Revision is a version of a wish's text (Wish.Revision). The zero Revision is none
// known: a card posted by a release before revisions carries none.
type Revision int64

// checkSeen refuses to decide on wish w when the actor read another revision of its
// text than the one stored (the submitter edited it after the card or modal was
// shown). A zero revision, or none, is not checked.
func checkSeen(w Wish, seen []Revision) error {
	for _, r := range seen {
		if r != 0 && r != w.Revision {
			return Errorf(Conflict, "err.wish.changed", w.ID, w.ID)
		}
	}
	return nil
}

// Field limits of a wish; the bot's modal uses the same numbers.
const (
	MaxTitle = 150
	MaxText  = 3000
	MaxNote  = 2000
)

// WishInput is what a member fills in the wish modal.
type WishInput struct {
	Title, Purpose, Value, Description string
	Group                              string // "" for not sure
	// SourceLink is the permalink of the Slack message the wish is made from (the
	// Turn into a wish shortcut), or "".
	SourceLink string
}

// FieldErrors maps a field name ("title", "purpose", "value", "description", "group")
// to a catalog key saying what is wrong with it.
type FieldErrors map[string]string

// Validate trims the input and reports what is missing or too long.
func (in *WishInput) Validate() FieldErrors {
	in.Title = strings.TrimSpace(in.Title)
	in.Purpose = strings.TrimSpace(in.Purpose)
	in.Value = strings.TrimSpace(in.Value)
	in.Description = strings.TrimSpace(in.Description)
	errs := FieldErrors{}
	required(errs, "title", in.Title, MaxTitle)
	required(errs, "purpose", in.Purpose, MaxText)
	required(errs, "value", in.Value, MaxText)
	if utf8.RuneCountInString(in.Description) > MaxText {
		errs["description"] = "err.field.too_long"
	}
	if in.SourceLink = strings.TrimSpace(in.SourceLink); in.SourceLink != "" && !ValidLink(in.SourceLink) {
		errs["source"] = "err.spec.link"
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func required(errs FieldErrors, field, v string, max int) {
	switch {
	case v == "":
		errs[field] = "err.field.required"
	case utf8.RuneCountInString(v) > max:
		errs[field] = "err.field.too_long"
	}
}

// WishFilter selects wishes for listings. Zero fields do not filter.
type WishFilter struct {
	Submitter string
	Group     string // the group it was routed to; before routing, the group asked for
	States    []State
	OpenOnly  bool
	Sizes     []Size // only wishes of these sizes; "" is a wish not yet sized
	BeforeID  int64  // for paging, newest first: only wishes with a smaller number
	Limit     int
	Oldest    bool // oldest first, as work is done, instead of newest first
}

// TransitionError refuses to move wish id from state from to state to: it is already
// there ("Wish #1 is already withdrawn"), or the move is not one the charter allows.
func TransitionError(id int64, from, to State) error {
	if from == to {
		return Errorf(Conflict, "err.wish.already", id, string(to))
	}
	return Errorf(Conflict, "err.wish.transition", id, string(from), string(to))
}
