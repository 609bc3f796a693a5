package workflow

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ProposalKind is what a steering proposal that is not a wish is about: the charter's
// "sekretariatets økonomi, organisering og ... udviklingsspørgsmål".
type ProposalKind string

// The kinds of steering proposal.
const (
	KindEconomy      ProposalKind = "economy"
	KindOrganisation ProposalKind = "organisation"
	KindDevelopment  ProposalKind = "development"
	KindOther        ProposalKind = "other"
)

// ProposalKinds lists the kinds in the order they are offered.
var ProposalKinds = []ProposalKind{KindEconomy, KindOrganisation, KindDevelopment, KindOther}

// ParseProposalKind reads a kind, accepting only the known values.
func ParseProposalKind(s string) (ProposalKind, bool) {
	k := ProposalKind(strings.TrimSpace(s))
	return k, slices.Contains(ProposalKinds, k)
}

// ProposalState is where a steering proposal stands.
type ProposalState string

// The states of a steering proposal.
const (
	ProposalPending  ProposalState = "pending"
	ProposalApproved ProposalState = "approved"
	ProposalDeclined ProposalState = "declined"
)

// MaxProposalLinks bounds a proposal's attachments.
const MaxProposalLinks = 5

// SteeringProposal is the secretariat's proposal to the steering group on something
// that is not a wish, and the steering group's decision on it.
type SteeringProposal struct {
	ID           int64
	Title        string
	Text         string
	Kind         ProposalKind
	Amount       Amount // 0 when no amount is relevant
	Links        []string
	Internal     bool // only the secretariat and the steering group are told of the decision
	State        ProposalState
	ProposedBy   string
	ProposedAt   time.Time
	DecisionNote string
	DecidedBy    string
	DecidedAt    time.Time
}

// ProposalInput is what the secretariat fills in. Amount is as typed (ParseAmount).
type ProposalInput struct {
	Title, Text string
	Kind        string
	Amount      string
	Links       []string
	Internal    bool
}

// Parse trims and checks the input and returns the proposal it describes, or the
// fields in error.
func (in ProposalInput) Parse() (SteeringProposal, FieldErrors) {
	p := SteeringProposal{Title: strings.TrimSpace(in.Title), Text: strings.TrimSpace(in.Text), Internal: in.Internal, State: ProposalPending}
	errs := FieldErrors{}
	required(errs, "title", p.Title, MaxTitle)
	required(errs, "text", p.Text, MaxText)
	var ok bool
	if p.Kind, ok = ParseProposalKind(in.Kind); !ok {
		errs["kind"] = "err.steering.kind"
	}
	if a := strings.TrimSpace(in.Amount); a != "" {
		amt, err := ParseAmount(a)
		if e, isErr := AsError(err); isErr {
			errs["amount"] = e.Msg
		}
		p.Amount = amt
	}
	for _, l := range in.Links {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if !ValidLink(l) {
			errs["links"] = "err.spec.link"
		}
		p.Links = append(p.Links, l)
	}
	if len(p.Links) > MaxProposalLinks {
		errs["links"] = "err.steering.links"
	}
	if len(errs) > 0 {
		return p, errs
	}
	return p, nil
}

// Public reports whether the decision on p is announced in the user club, listed to
// everyone, exported and shown on the public pages.
func (p SteeringProposal) Public() bool { return !p.Internal }

// checkNote trims a decision note; required says a reason is needed (a decline).
func checkNote(note string, required bool) (string, error) {
	note = strings.TrimSpace(note)
	switch {
	case required && note == "":
		return "", &FieldError{Fields: FieldErrors{"note": "err.note.required"}}
	case utf8.RuneCountInString(note) > MaxNote:
		return "", &FieldError{Fields: FieldErrors{"note": "err.field.too_long"}}
	}
	return note, nil
}

// DecisionAction is one step of a consultation or a steering proposal.
type DecisionAction string

// The steps whose mandate MayDecide checks.
const (
	ActConsult DecisionAction = "consult" // start a consultation
	ActAnswer  DecisionAction = "answer"  // answer one
	ActClose   DecisionAction = "close"   // close one before its deadline
	ActRecord  DecisionAction = "record"  // record the secretariat's decision after it
	ActPropose DecisionAction = "propose" // propose to the steering group
	ActApprove DecisionAction = "approve" // approve a steering proposal
	ActDecline DecisionAction = "decline" // decline one
)

// MayDecide is the mandate matrix of consultations and steering proposals (domain.md,
// "Mandates"): the secretariat consults, closes, records and proposes; anyone in the
// user club answers; only the steering group approves or declines.
func MayDecide(a Actor, act DecisionAction) bool {
	switch act {
	case ActConsult, ActClose, ActRecord, ActPropose:
		return a.Has(RoleSecretariat)
	case ActAnswer:
		return a.UserID != "" && a.UserID != System.UserID
	case ActApprove, ActDecline:
		return a.Has(RoleSteering)
	}
	return false
}

func requireDecide(a Actor, act DecisionAction) error {
	if MayDecide(a, act) {
		return nil
	}
	return Errorf(Forbidden, "err.forbidden.decide."+string(act))
}

// MaySeeInternal reports whether a sees internal steering proposals and decisions.
func MaySeeInternal(a Actor) bool { return a.Has(RoleSecretariat) || a.Has(RoleSteering) }

// ProposalSection is the steering digest's section of the proposals awaiting the
// steering group's decision; props are newest first, the section oldest first.
func ProposalSection(props []SteeringProposal) DigestSection {
	var ids []int64
	for i := len(props) - 1; i >= 0; i-- {
		if props[i].State == ProposalPending {
			ids = append(ids, props[i].ID)
		}
	}
	return digestSection(SecProposals, ids)
}
