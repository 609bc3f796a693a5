package web

import (
	"cmp"
	"slices"

	"github.com/os2kitos/tovholder/workflow"
)

type planCycle struct {
	cycleRow
	Rows []wishRow
}

type planPage struct {
	Base
	One    bool
	Cycles []planCycle
}

// plan is every cycle's plan at /plan, or one cycle's at /plan/{cycle}.
func (s *Server) plan(q *req) error {
	name := q.r.PathValue("cycle")
	if name != "" && !workflow.ValidCycleName(name) {
		return errBadRequest
	}
	return q.read(func(tx workflow.Tx) error {
		pg := planPage{Base: s.base(q, T(q.lang, "web.plan.title")), One: name != ""}
		pg.Section = "plan"
		var cs []workflow.Cycle
		if name != "" {
			c, err := tx.Cycle(name)
			if err != nil {
				return err
			}
			cs = []workflow.Cycle{c}
			pg.Title = T(q.lang, "web.plan.cycle_title", c.Name)
		} else {
			var err error
			if cs, err = tx.Cycles(); err != nil {
				return err
			}
		}
		groups, _, err := groupNames(tx)
		if err != nil {
			return err
		}
		for _, c := range cs {
			ws, err := tx.WishesInCycle(c.Name)
			if err != nil {
				return err
			}
			row, err := s.cycleRow(q.lang, tx, c)
			if err != nil {
				return err
			}
			pg.Cycles = append(pg.Cycles, planCycle{row, s.rows(q.lang, ws, groups)})
		}
		return q.render("plan", pg, tx)
	})
}

type groupRow struct {
	Key, Name   string
	Coordinator string
	Members     int
	Queue       int
}

type groupsPage struct {
	Base
	Groups []groupRow
}

// queueStates are the states in which a wish waits for its working group.
var queueStates = []workflow.State{workflow.StateInAssessment, workflow.StatePrioritised}

func (s *Server) groups(q *req) error {
	return q.read(func(tx workflow.Tx) error {
		pg := groupsPage{Base: s.base(q, T(q.lang, "web.groups.title"))}
		pg.Section = "groups"
		gs, err := tx.Groups()
		if err != nil {
			return err
		}
		var coords []string
		for _, g := range gs {
			coords = append(coords, g.CoordinatorID)
		}
		p, err := s.peopleOf(tx, coords)
		if err != nil {
			return err
		}
		for _, g := range gs {
			n, err := tx.CountWishes(workflow.WishFilter{Group: g.Key, States: queueStates})
			if err != nil {
				return err
			}
			pg.Groups = append(pg.Groups, groupRow{Key: g.Key, Name: cmp.Or(g.Name, g.Key),
				Coordinator: s.coordinator(q.lang, p, g), Members: len(g.Members), Queue: n})
		}
		return q.render("groups", pg, tx)
	})
}

func (s *Server) coordinator(l Lang, p people, g workflow.Group) string {
	if g.CoordinatorID == "" {
		return T(l, "web.group.vacant")
	}
	return p.name(g.CoordinatorID, T(l, "web.group.has_coord"))
}

type groupPage struct {
	Base
	G         groupRow
	Queue     []wishRow
	Order     []wishRow // the group's adopted order of its backlog, rank 1 first
	Decisions []decisionRow
	meetingPart
}

func (s *Server) group(q *req) error {
	key := q.r.PathValue("key")
	if !workflow.ValidGroupKey(key) {
		return errBadRequest
	}
	return q.read(func(tx workflow.Tx) error {
		g, err := tx.Group(key)
		if err != nil {
			return err
		}
		groups, _, err := groupNames(tx)
		if err != nil {
			return err
		}
		ws, err := tx.Wishes(workflow.WishFilter{Group: key, States: queueStates, Limit: 100})
		if err != nil {
			return err
		}
		es, err := tx.AnnouncedEvents(key, 20)
		if err != nil {
			return err
		}
		p, err := s.peopleOf(tx, append(actors(es), g.CoordinatorID))
		if err != nil {
			return err
		}
		pg := groupPage{Base: s.base(q, T(q.lang, "web.group.title", groups[key])), Queue: s.rows(q.lang, ws, groups)}
		pg.Section = "groups"
		if pg.Order, err = s.adoptedOrder(q.lang, tx, key, groups); err != nil {
			return err
		}
		pg.G = groupRow{Key: g.Key, Name: groups[key], Coordinator: s.coordinator(q.lang, p, g), Members: len(g.Members), Queue: len(ws)}
		es = slices.DeleteFunc(es, func(e workflow.Event) bool {
			return e.To != workflow.StatePrioritised && e.To != workflow.StateRejected
		})
		if pg.Decisions, err = s.decisionRows(q, tx, es, groups, p); err != nil {
			return err
		}
		if pg.meetingPart, err = s.meetings(q.lang, tx, key, groups[key]); err != nil {
			return err
		}
		return q.render("group", pg, tx)
	})
}

type decisionItem struct {
	When, ISO string
	Title     string
	Approved  bool
	Financing string
	Estimate  string
	Revised   string
	Note      string
	Wishes    []wishRow
}

type decisionsPage struct {
	Base
	Items         []decisionItem
	Proposals     []proposalItem // the steering group's decisions beyond wishes
	Consultations []consultItem  // the consultations of the user club
}

func (s *Server) decisions(q *req) error {
	return q.read(func(tx workflow.Tx) error {
		pg := decisionsPage{Base: s.base(q, T(q.lang, "web.decisions.title"))}
		pg.Section = "decisions"
		var ins []workflow.Initiative
		for _, st := range []workflow.InitiativeState{workflow.InitiativeApproved, workflow.InitiativeDeclined} {
			part, err := tx.Initiatives(st)
			if err != nil {
				return err
			}
			ins = append(ins, part...)
		}
		slices.SortFunc(ins, func(a, b workflow.Initiative) int { return b.DecidedAt.Compare(a.DecidedAt) })
		groups, _, err := groupNames(tx)
		if err != nil {
			return err
		}
		for _, in := range ins {
			it, err := s.decisionItem(q.lang, tx, in, groups)
			if err != nil {
				return err
			}
			pg.Items = append(pg.Items, it)
		}
		if pg.Proposals, pg.Consultations, err = s.decisionsBeyondWishes(q.lang, tx); err != nil {
			return err
		}
		return q.render("decisions", pg, tx)
	})
}

func (s *Server) decisionItem(l Lang, tx workflow.Tx, in workflow.Initiative, groups map[string]string) (decisionItem, error) {
	it := decisionItem{When: s.date(l, in.DecidedAt), ISO: iso(in.DecidedAt), Title: in.Title,
		Approved: in.State == workflow.InitiativeApproved, Note: in.DecisionNote,
		Estimate: T(l, "web.wish.estimate_of", amount(l, in.DecidedAmount), hours(l, in.DecidedHours))}
	if it.Approved {
		it.Financing = cmp.Or(in.FinancingName, T(l, "financing."+in.Financing))
	}
	var latest workflow.Amount
	revised := false
	for _, id := range in.WishIDs {
		w, err := tx.Wish(id)
		if err != nil {
			return it, err
		}
		it.Wishes = append(it.Wishes, s.rows(l, []workflow.Wish{w}, groups)...)
		es, err := tx.Estimates(id)
		if err != nil {
			return it, err
		}
		if len(es) > 0 {
			e := es[len(es)-1]
			latest += e.Amount
			revised = revised || e.ID > in.DecidedEstimate
		}
	}
	if revised && in.DecidedEstimate > 0 {
		it.Revised = T(l, "web.decisions.revised", amount(l, latest))
	}
	return it, nil
}

// adoptedOrder is group key's ranked backlog as the group adopted it by consensus
// (prioriteret rækkefølge), rank 1 first.
func (s *Server) adoptedOrder(l Lang, tx workflow.Tx, key string, groups map[string]string) ([]wishRow, error) {
	ranks, err := tx.Ranks(key)
	if err != nil {
		return nil, err
	}
	ws := make([]workflow.Wish, 0, len(ranks))
	for id := range ranks {
		w, err := tx.Wish(id)
		if err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(a, b workflow.Wish) int { return cmp.Compare(ranks[a.ID], ranks[b.ID]) })
	return s.rows(l, ws, groups), nil
}
