package web

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// read runs fn in one read transaction of the request.
func (q *req) read(fn func(workflow.Tx) error) error {
	return q.s.cfg.Store.Read(q.r.Context(), fn)
}

// render sets the page to render and when what it shows last changed.
func (q *req) render(name string, data any, tx workflow.Tx) error {
	at, err := tx.LastChange()
	if err != nil {
		return err
	}
	q.name, q.data, q.lastMod = name, data, at
	return nil
}

// wishRow is one wish in a listing.
type wishRow struct {
	ID        int64
	Title     string
	State     string
	Group     string
	GroupKey  string
	Submitted string
	Delivered bool
}

// groupNames maps group keys to their names.
func groupNames(tx workflow.Tx) (map[string]string, []workflow.Group, error) {
	gs, err := tx.Groups()
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string]string, len(gs))
	for _, g := range gs {
		m[g.Key] = cmp.Or(g.Name, g.Key)
	}
	return m, gs, nil
}

func wishGroup(w workflow.Wish) string { return cmp.Or(w.Group, w.RequestedGroup) }

func (s *Server) rows(l Lang, ws []workflow.Wish, groups map[string]string) []wishRow {
	out := make([]wishRow, 0, len(ws))
	for _, w := range ws {
		g := wishGroup(w)
		out = append(out, wishRow{ID: w.ID, Title: w.Title, State: stateName(l, w.State), Group: groups[g],
			GroupKey: g, Submitted: s.date(l, w.CreatedAt), Delivered: w.State == workflow.StateDelivered})
	}
	return out
}

// decisionRow is an announced decision on a wish.
type decisionRow struct {
	When, ISO string
	WishID    int64
	Href      string // the wish's page in the reader's language
	Title     string
	What      string
	Who       string
}

func (s *Server) decisionRows(q *req, tx workflow.Tx, es []workflow.Event, groups map[string]string, p people) ([]decisionRow, error) {
	var out []decisionRow
	for _, e := range es {
		if !workflow.Announced(e) {
			continue
		}
		w, err := tx.Wish(e.WishID)
		if err != nil {
			return nil, err
		}
		out = append(out, decisionRow{When: s.date(q.lang, e.At), ISO: e.At.UTC().Format(time.RFC3339), WishID: w.ID,
			Href: withLang("/wishes/"+strconv.FormatInt(w.ID, 10), q.lang), Title: w.Title, What: stateName(q.lang, e.To), Who: s.who(q.lang, p, e, w, groups[w.Group])})
	}
	return out, nil
}

// peopleOf loads the display names of users when names are on.
func (s *Server) peopleOf(tx workflow.Tx, users []string) (people, error) {
	p := people{on: s.cfg.Names}
	if !p.on {
		return p, nil
	}
	var err error
	p.names, err = tx.DisplayNames(users)
	return p, err
}

func actors(es []workflow.Event) []string {
	var out []string
	for _, e := range es {
		if !slices.Contains(out, e.Actor) {
			out = append(out, e.Actor)
		}
	}
	return out
}

type stateCount struct {
	State, Key string
	N          int
}

type cycleRow struct {
	Name, Expected, Delivered string
	Wishes, Done              int
}

type overviewPage struct {
	Base
	Cycles    []cycleRow
	Decisions []decisionRow
	Counts    []stateCount
	Total     int
}

func (s *Server) overview(q *req) error {
	return q.read(func(tx workflow.Tx) error {
		pg := overviewPage{Base: s.base(q, T(q.lang, "web.overview.title"))}
		pg.Section = "overview"
		cs, err := tx.Cycles()
		if err != nil {
			return err
		}
		for _, c := range cs {
			if !c.DeliveredAt.IsZero() {
				continue
			}
			row, err := s.cycleRow(q.lang, tx, c)
			if err != nil {
				return err
			}
			pg.Cycles = append(pg.Cycles, row)
		}
		groups, _, err := groupNames(tx)
		if err != nil {
			return err
		}
		es, err := tx.AnnouncedEvents("", 10)
		if err != nil {
			return err
		}
		p, err := s.peopleOf(tx, actors(es))
		if err != nil {
			return err
		}
		if pg.Decisions, err = s.decisionRows(q, tx, es, groups, p); err != nil {
			return err
		}
		counts, err := tx.StateCounts()
		if err != nil {
			return err
		}
		for _, st := range workflow.States {
			if n := counts[st]; n > 0 {
				pg.Counts = append(pg.Counts, stateCount{stateName(q.lang, st), string(st), n})
				pg.Total += n
			}
		}
		return q.render("overview", pg, tx)
	})
}

func (s *Server) cycleRow(l Lang, tx workflow.Tx, c workflow.Cycle) (cycleRow, error) {
	ws, err := tx.WishesInCycle(c.Name)
	if err != nil {
		return cycleRow{}, err
	}
	row := cycleRow{Name: c.Name, Expected: s.date(l, c.Expected), Delivered: s.date(l, c.DeliveredAt), Wishes: len(ws)}
	for _, w := range ws {
		if w.State == workflow.StateDelivered {
			row.Done++
		}
	}
	return row, nil
}

type option struct {
	Value, Label string
	Selected     bool
}

type wishesPage struct {
	Base
	Query              string
	States, Groups     []option
	Cycles             []option
	Rows               []wishRow
	Total, Page, Pages int
	PrevHref, NextHref string
}

func (s *Server) wishes(q *req) error {
	f, page, err := parseListQuery(q.r.URL.Query())
	if err != nil {
		return err
	}
	return q.read(func(tx workflow.Tx) error {
		pg := wishesPage{Base: s.base(q, T(q.lang, "web.wishes.title")), Query: f.Query, Page: page}
		pg.Section = "wishes"
		ws, n, err := tx.PublicWishes(f)
		if err != nil {
			return err
		}
		groups, gs, err := groupNames(tx)
		if err != nil {
			return err
		}
		cs, err := tx.Cycles()
		if err != nil {
			return err
		}
		pg.Rows, pg.Total = s.rows(q.lang, ws, groups), n
		pg.Pages = max(1, (n+workflow.PageSize-1)/workflow.PageSize)
		if page > pg.Pages && page > 1 {
			return errNotFound
		}
		for _, st := range workflow.States {
			pg.States = append(pg.States, option{string(st), stateName(q.lang, st), st == f.State})
		}
		for _, g := range gs {
			pg.Groups = append(pg.Groups, option{g.Key, groups[g.Key], g.Key == f.Group})
		}
		for _, c := range cs {
			pg.Cycles = append(pg.Cycles, option{c.Name, c.Name, c.Name == f.Cycle})
		}
		if page > 1 {
			pg.PrevHref = pageHref(q, page-1)
		}
		if page < pg.Pages {
			pg.NextHref = pageHref(q, page+1)
		}
		return q.render("wishes", pg, tx)
	})
}

func pageHref(q *req, page int) string {
	v := q.r.URL.Query()
	v.Set("page", strconv.Itoa(page))
	v.Set("lang", string(q.lang))
	return "/wishes?" + v.Encode()
}
