package web

import (
	"cmp"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// historyItem is one public event of a wish's timeline.
type historyItem struct {
	When, ISO string
	What      string
	Note      string
	Tally     string
}

type wishPage struct {
	Base
	W           workflow.Wish
	State       string
	Group       string
	GroupKey    string
	Size        string
	Priority    string
	Estimate    string
	Support     string // "Supported by 14 people from 9 municipalities"
	Rank        string // "No. 2 in IT-kontrakter", when the group has adopted an order
	Submitter   string
	Submitted   string
	SubmittedAt string
	History     []historyItem
}

func (s *Server) wish(q *req) error {
	id, err := parseNumber(q.r.PathValue("n"))
	if err != nil {
		return err
	}
	return q.read(func(tx workflow.Tx) error {
		w, err := tx.Wish(id)
		if err != nil {
			return err
		}
		h, err := tx.History(id)
		if err != nil {
			return err
		}
		groups, _, err := groupNames(tx)
		if err != nil {
			return err
		}
		p, err := s.peopleOf(tx, append(actors(h), w.SubmitterID))
		if err != nil {
			return err
		}
		gkey := wishGroup(w)
		pg := wishPage{Base: s.base(q, T(q.lang, "web.wish.title", w.ID, w.Title)), W: w, State: stateName(q.lang, w.State),
			Group: groups[gkey], GroupKey: gkey, Submitted: s.date(q.lang, w.CreatedAt),
			SubmittedAt: w.CreatedAt.UTC().Format(time.RFC3339), Submitter: p.name(w.SubmitterID, T(q.lang, "web.wish.member"))}
		pg.Section = "wishes"
		pg.W.Question = "" // the secretariat's question to the submitter is never public
		if w.Size != "" {
			pg.Size = T(q.lang, "size."+string(w.Size))
		}
		if w.Priority != "" {
			pg.Priority = T(q.lang, "priority."+string(w.Priority))
		}
		st, err := workflow.StandingIn(tx, w)
		if err != nil {
			return err
		}
		pg.Support = supportText(q.lang, st.Support)
		if st.Rank > 0 {
			pg.Rank = T(q.lang, "rank.line", st.Rank, cmp.Or(groups[w.Group], w.Group))
		}
		es, err := tx.Estimates(id)
		if err != nil {
			return err
		}
		if len(es) > 0 {
			e := es[len(es)-1]
			pg.Estimate = T(q.lang, "web.wish.estimate_of", amount(q.lang, e.Amount), hours(q.lang, e.Hours))
		}
		if pg.History, err = s.history(q.lang, tx, p, w, groups[w.Group], h); err != nil {
			return err
		}
		return q.render("wish", pg, tx)
	})
}

// history is the public timeline of w: the public events only, notes that are
// private left out, polls with their outcome and tally.
func (s *Server) history(l Lang, tx workflow.Tx, p people, w workflow.Wish, group string, h []workflow.Event) ([]historyItem, error) {
	var out []historyItem
	for _, e := range h {
		e, ok := workflow.PublicEvent(e)
		if !ok {
			continue
		}
		who := s.who(l, p, e, w, group)
		it := historyItem{When: s.dateTime(l, e.At), ISO: e.At.UTC().Format(time.RFC3339), Note: e.Note}
		switch e.Kind {
		case workflow.EvWishSubmitted:
			it.What = T(l, "web.history.submitted", who)
		case workflow.EvWishEdited:
			it.What = T(l, "web.history.edited", who)
		case workflow.EvWishMoved:
			it.What = T(l, "web.history.moved", who, stateName(l, e.To))
		case workflow.EvEstimate:
			a, hs := workflow.EstimateOfEvent(e.Data)
			it.What = T(l, "web.history.estimate", who, T(l, "web.wish.estimate_of", amount(l, a), hours(l, hs)))
		case workflow.EvInitiativeWishLeft:
			it.What, it.Note = T(l, "web.history.left", e.Note), ""
		case workflow.EvWishDiscussed:
			it.What = T(l, "web.history.discussed", who, e.Data["day"])
		case workflow.EvPollStarted, workflow.EvPollClosed:
			if err := s.pollItem(l, tx, who, e, &it); err != nil {
				return nil, err
			}
		}
		it.What = capital(it.What)
		out = append(out, it)
	}
	return out, nil
}

// capital starts a sentence with a capital letter: roles are written in lower case
// so that they fit inside a sentence too.
func capital(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// pollItem says a poll's start (its proposal) or its close (outcome and tally).
func (s *Server) pollItem(l Lang, tx workflow.Tx, who string, e workflow.Event, it *historyItem) error {
	pl, err := tx.Poll(e.PollID)
	if err != nil {
		return err
	}
	proposal := T(l, "web.poll.reject")
	if pl.Proposal == workflow.ProposePrioritise {
		proposal = T(l, "web.poll.prioritise", T(l, "priority."+string(pl.Priority)))
	}
	if e.Kind == workflow.EvPollStarted {
		it.What, it.Note = T(l, "web.history.poll", who, proposal), ""
		return nil
	}
	outcome := T(l, "web.poll."+string(cmp.Or(pl.Outcome, workflow.OutcomeNoConsensus)))
	it.What, it.Note = T(l, "web.history.closed", outcome), ""
	st, err := tx.Stances(pl.ID)
	if err != nil {
		return err
	}
	t := workflow.Count(pl.Electorate, pl.Quorum, st)
	it.Tally = T(l, "web.poll.tally", t.Agree, t.Abstain, t.Object, len(pl.Electorate))
	return nil
}

// oneLine keeps a note readable in a feed's title.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}

// supportText is a wish's support as the bot says it: people, and the municipalities
// among their organisations (never who they are).
func supportText(l Lang, s workflow.Support) string {
	if s.Municipalities == 0 {
		return T(l, "support.line_people", i18n.N(l, "count.people", s.People))
	}
	return T(l, "support.line", i18n.N(l, "count.people", s.People), i18n.N(l, "count.municipalities", s.Municipalities))
}
