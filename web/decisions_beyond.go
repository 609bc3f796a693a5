package web

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

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

// decisionEntries are the feed's entries of the decisions beyond wishes that were
// announced in the user club: the public steering decisions on proposals and the
// secretariat's decisions after consultations.
func (s *Server) decisionEntries(l Lang, tx workflow.Tx, base string) ([]atomEntry, error) {
	ps, err := tx.SteeringProposals(false)
	if err != nil {
		return nil, err
	}
	href := withLang(base+"/decisions", l)
	var out []atomEntry
	for _, p := range workflow.PublicSteering(ps) {
		title := T(l, "web.feed.proposal_"+string(p.State), oneLine(p.Title))
		out = append(out, atomEntry{ID: base + "/decisions#proposal-" + strconv.FormatInt(p.ID, 10), Title: title,
			Updated: iso(p.DecidedAt), Link: atomLink{Rel: "alternate", Type: "text/html", Href: href},
			Summary: atomText{"text", cmp.Or(p.DecisionNote, title)}})
	}
	cs, err := tx.Consultations(false)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.State != workflow.ConsultDecided {
			continue
		}
		out = append(out, atomEntry{ID: base + "/decisions#consultation-" + strconv.FormatInt(c.ID, 10),
			Title: T(l, "web.feed.consultation", oneLine(c.Question)), Updated: iso(c.DecidedAt),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: href}, Summary: atomText{"text", c.Decision}})
	}
	return out, nil
}

// newestEntries orders entries newest first (their times are RFC 3339 in UTC, which
// sort as text) and keeps feedSize of them.
func newestEntries(es []atomEntry) []atomEntry {
	slices.SortStableFunc(es, func(a, b atomEntry) int { return strings.Compare(b.Updated, a.Updated) })
	return es[:min(len(es), feedSize)]
}
