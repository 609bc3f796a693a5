package workflow

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ConsultationTx is what consultations of the user club (høringer) and the steering
// group's decisions outside the wish pipeline need of a transaction.
type ConsultationTx interface {
	// CreateConsultation stores c with its groups and returns its id.
	CreateConsultation(c Consultation) (int64, error)
	// Consultation returns consultation id; ErrNotFound when there is none.
	Consultation(id int64) (Consultation, error)
	// UpdateConsultation saves the closing and decision fields of c.
	UpdateConsultation(c Consultation) error
	// Consultations returns the consultations, newest first; openOnly keeps the open ones.
	Consultations(openOnly bool) ([]Consultation, error)
	// SetConsultAnswer inserts or replaces a person's answer (one per person).
	SetConsultAnswer(a ConsultAnswer) error
	// ConsultAnswers returns a consultation's answers in the order they were first given.
	ConsultAnswers(id int64) ([]ConsultAnswer, error)
	// Municipalities returns the name of the municipality (kommune) or other
	// organisation each of users chose for their support (issue 14); those who chose
	// none are left out, and a consultation none of whose answerers chose one is
	// counted by person only.
	Municipalities(users []string) (map[string]string, error)

	// CreateSteeringProposal stores p and returns its id.
	CreateSteeringProposal(p SteeringProposal) (int64, error)
	// SteeringProposal returns proposal id; ErrNotFound when there is none.
	SteeringProposal(id int64) (SteeringProposal, error)
	// UpdateSteeringProposal saves the decision fields of p.
	UpdateSteeringProposal(p SteeringProposal) error
	// SteeringProposals returns the proposals, newest first; pendingOnly keeps those
	// awaiting the steering group.
	SteeringProposals(pendingOnly bool) ([]SteeringProposal, error)
}

// The events of consultations and steering proposals.
const (
	EvConsultStarted   EventKind = "consult.started"  // Data consultation, deadline, groups
	EvConsultAnswered  EventKind = "consult.answered" // Data consultation, answer
	EvConsultClosed    EventKind = "consult.closed"   // Data consultation, early ("true" when closed by hand)
	EvConsultDecided   EventKind = "consult.decided"  // Data consultation; Note the decision
	EvSteeringProposed EventKind = "steering.proposed"
	EvSteeringDecided  EventKind = "steering.decided" // Data proposal, decision, internal
)

// The notices of consultations and steering proposals.
const (
	NoticeConsultation     NoticeKind = "consultation"      // user club: the consultation, updated in place
	NoticeConsultGroup     NoticeKind = "consult_group"     // a group asked as well: a short post with a link
	NoticeConsultResult    NoticeKind = "consult_result"    // the consultation's thread: the result, concerns quoted
	NoticeConsultDecision  NoticeKind = "consult_decision"  // user club: the secretariat's decision
	NoticeSteeringProposal NoticeKind = "steering_proposal" // steering channel: the proposal with Approve/Decline
	NoticeSteeringDecision NoticeKind = "steering_decision" // user club, or the secretariat when internal
)

// SecProposals is the steering digest's section of proposals awaiting a decision.
const SecProposals = "proposals"

// ConsultRef is the message key of a consultation's message in the user club.
func ConsultRef(id int64) string { return "consultation/" + itoa(id) }

// SteeringRef is the message key of a steering proposal's message.
func SteeringRef(id int64) string { return "steering/" + itoa(id) }

// DefaultConsultDays is how long a consultation runs unless the secretariat says otherwise.
const DefaultConsultDays = 14

// MaxConsultDays bounds a consultation's deadline.
const MaxConsultDays = 180

// DefaultConsultDeadline is the same wall-clock time DefaultConsultDays after now in loc.
func DefaultConsultDeadline(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return now.In(loc).AddDate(0, 0, DefaultConsultDays).UTC()
}

// ConsultState is where a consultation stands.
type ConsultState string

// The states of a consultation.
const (
	ConsultOpen    ConsultState = "open"
	ConsultClosed  ConsultState = "closed"  // answers are in; the secretariat has not decided yet
	ConsultDecided ConsultState = "decided" // the secretariat recorded its decision
)

// Consultation is the secretariat's consultation (høring) of the user club on a
// larger decision. It is advisory: the secretariat decides.
type Consultation struct {
	ID         int64
	Question   string
	Background string
	Link       string   // optional background link
	Groups     []string // working groups asked as well
	WishID     int64    // the wish it concerns, or 0
	State      ConsultState
	Deadline   time.Time
	StartedBy  string
	StartedAt  time.Time
	ClosedBy   string // the secretariat member who closed it early, or "system"
	ClosedAt   time.Time
	Decision   string // the secretariat's decision, with its note
	DecidedBy  string
	DecidedAt  time.Time
}

// Open reports whether answers are still taken at now.
func (c Consultation) Open(now time.Time) bool {
	return c.State == ConsultOpen && now.Before(c.Deadline)
}

// Answer is what a member answers a consultation.
type Answer string

// The answers.
const (
	AnswerSupport   Answer = "support"
	AnswerConcerns  Answer = "concerns" // needs a reason
	AnswerNoOpinion Answer = "no_opinion"
)

// Answers lists the answers in the order they are shown.
var Answers = []Answer{AnswerSupport, AnswerConcerns, AnswerNoOpinion}

// ParseAnswer reads an answer, accepting only the three known values.
func ParseAnswer(s string) (Answer, bool) {
	a := Answer(strings.TrimSpace(s))
	return a, slices.Contains(Answers, a)
}

// ConsultAnswer is one person's answer to a consultation.
type ConsultAnswer struct {
	ConsultationID int64
	UserID         string
	Answer         Answer
	Reason         string
	At             time.Time
}

// ConsultInput is what the secretariat fills in to start a consultation.
type ConsultInput struct {
	Question   string
	Background string
	Link       string
	Deadline   time.Time // zero for DefaultConsultDeadline
	Groups     []string
	WishID     int64
}

// Validate trims the input and reports what is missing, too long or malformed at now.
func (in *ConsultInput) Validate(now time.Time) FieldErrors {
	in.Question, in.Background, in.Link = strings.TrimSpace(in.Question), strings.TrimSpace(in.Background), strings.TrimSpace(in.Link)
	errs := FieldErrors{}
	required(errs, "question", in.Question, MaxTitle)
	if utf8.RuneCountInString(in.Background) > MaxText {
		errs["background"] = "err.field.too_long"
	}
	if in.Link != "" && !ValidLink(in.Link) {
		errs["link"] = "err.spec.link"
	}
	if !in.Deadline.IsZero() && (!in.Deadline.After(now) || in.Deadline.After(now.AddDate(0, 0, MaxConsultDays))) {
		errs["deadline"] = "err.consult.deadline"
	}
	if _, ok := distinctStrings(in.Groups); !ok {
		errs["groups"] = "err.consult.groups"
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// ValidLink reports whether s is a plain http(s) address that Slack can show as a link.
func ValidLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.ContainsAny(s, " \t\n<>|") && len(s) <= 1000
}

func distinctStrings(ss []string) ([]string, bool) {
	seen := map[string]bool{}
	for _, s := range ss {
		if s == "" || seen[s] {
			return nil, false
		}
		seen[s] = true
	}
	return ss, true
}

// CheckAnswer checks an answer and its reason: concerns need one. It returns the
// trimmed reason, or a FieldError on "reason".
func CheckAnswer(ans Answer, reason string) (string, error) {
	if !slices.Contains(Answers, ans) {
		return "", Errorf(Invalid, "err.consult.answer")
	}
	reason = strings.TrimSpace(reason)
	switch {
	case ans == AnswerConcerns && reason == "":
		return "", &FieldError{Fields: FieldErrors{"reason": "err.consult.reason"}}
	case utf8.RuneCountInString(reason) > MaxNote:
		return "", &FieldError{Fields: FieldErrors{"reason": "err.field.too_long"}}
	}
	return reason, nil
}

// ConsultCount is a count of answers.
type ConsultCount struct {
	Support, Concerns, NoOpinion int
}

// Total is the number of answers counted.
func (c ConsultCount) Total() int { return c.Support + c.Concerns + c.NoOpinion }

func (c *ConsultCount) add(a Answer) {
	switch a {
	case AnswerSupport:
		c.Support++
	case AnswerConcerns:
		c.Concerns++
	case AnswerNoOpinion:
		c.NoOpinion++
	}
}

// MunicipalityCount is the count of the answers of one municipality's people.
type MunicipalityCount struct {
	Municipality string // "" for people whose municipality is not known
	ConsultCount
}

// ConsultTally is the count of a consultation's answers: by answer, and by
// municipality where people's municipalities are known. It is advice, never a vote.
type ConsultTally struct {
	Count          ConsultCount
	ByMunicipality []MunicipalityCount // by name; the unknown last; empty when none is known
	Concerns       []ConsultAnswer     // the concerns with their reasons, in the order given
}

// TallyConsultation counts answers; muni maps a person to their municipality.
func TallyConsultation(answers []ConsultAnswer, muni map[string]string) ConsultTally {
	var t ConsultTally
	by := map[string]*ConsultCount{}
	known := false
	for _, a := range answers {
		t.Count.add(a.Answer)
		if a.Answer == AnswerConcerns {
			t.Concerns = append(t.Concerns, a)
		}
		m := muni[a.UserID]
		known = known || m != ""
		if by[m] == nil {
			by[m] = &ConsultCount{}
		}
		by[m].add(a.Answer)
	}
	if !known {
		return t
	}
	for m, c := range by {
		t.ByMunicipality = append(t.ByMunicipality, MunicipalityCount{Municipality: m, ConsultCount: *c})
	}
	slices.SortFunc(t.ByMunicipality, func(a, b MunicipalityCount) int {
		switch {
		case a.Municipality == "":
			return 1
		case b.Municipality == "":
			return -1
		}
		return strings.Compare(a.Municipality, b.Municipality)
	})
	return t
}
