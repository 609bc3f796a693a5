package web

import (
	"github.com/os2kitos/tovholder/workflow"
)

// proposalItem is a steering decision on a proposal that is not a wish, as the pages
// show it: only those workflow.PublicSteering keeps.
type proposalItem struct {
	When, ISO string
	Title     string
	Kind      string
	Amount    string
	Approved  bool
	Note      string
	Text      string
}

// consultItem is a consultation of the user club with its counts and the
// secretariat's decision; never who answered what.
type consultItem struct {
	Question, Background string
	State                string
	Deadline, ISO        string
	Count                string
	Decision             string
	WishID               int64
}

// decisionsBeyondWishes loads the public steering decisions on proposals and the
// consultations, newest first.
func (s *Server) decisionsBeyondWishes(l Lang, tx workflow.Tx) ([]proposalItem, []consultItem, error) {
	ps, err := tx.SteeringProposals(false)
	if err != nil {
		return nil, nil, err
	}
	var props []proposalItem
	for _, p := range workflow.PublicSteering(ps) {
		it := proposalItem{When: s.date(l, p.DecidedAt), ISO: iso(p.DecidedAt), Title: p.Title, Text: p.Text,
			Kind: T(l, "steering.kind."+string(p.Kind)), Approved: p.State == workflow.ProposalApproved, Note: p.DecisionNote}
		if p.Amount != 0 {
			it.Amount = amount(l, p.Amount) + " kr."
		}
		props = append(props, it)
	}
	cs, err := tx.Consultations(false)
	if err != nil {
		return nil, nil, err
	}
	var consults []consultItem
	for _, c := range cs {
		answers, err := tx.ConsultAnswers(c.ID)
		if err != nil {
			return nil, nil, err
		}
		n := workflow.TallyConsultation(answers, nil).Count
		consults = append(consults, consultItem{Question: c.Question, Background: c.Background,
			State: T(l, "consult.state."+string(c.State)), Deadline: s.date(l, c.Deadline), ISO: iso(c.Deadline),
			Count: T(l, "web.consult.count", n.Support, n.Concerns, n.NoOpinion), Decision: c.Decision, WishID: c.WishID})
	}
	return props, consults, nil
}
