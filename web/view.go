package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// Base is what every page's layout needs.
type Base struct {
	Lang      Lang
	Title     string
	Path      string // the page's path, for the language switch
	Other     Lang   // the language the switch offers
	OtherHref string
	Section   string // the menu entry to mark current
}

// T translates key in the page's language.
func (b Base) T(key string, args ...any) string { return T(b.Lang, key, args...) }

// Href is path with the page's language, so that links keep it.
func (b Base) Href(path string) string { return withLang(path, b.Lang) }

func withLang(path string, l Lang) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set("lang", string(l))
	u.RawQuery = q.Encode()
	return u.String()
}

// base fills the layout's part of a page.
func (s *Server) base(q *req, title string) Base {
	other := Danish
	if q.lang == Danish {
		other = English
	}
	path := q.r.URL.Path
	if q.r.URL.RawQuery != "" {
		path += "?" + q.r.URL.RawQuery
	}
	return Base{Lang: q.lang, Title: title, Path: q.r.URL.Path, Other: other, OtherHref: withLang(path, other)}
}

var funcs = template.FuncMap{
	"wishHref":  func(id int64) string { return "/wishes/" + strconv.FormatInt(id, 10) },
	"groupHref": func(key string) string { return "/groups/" + url.PathEscape(key) },
	"cycleHref": func(name string) string { return "/plan/" + url.PathEscape(name) },
	"iso":       iso,
	"agendaArgs": func(page interface{ Href(string) string }, it agendaRow) agendaArgs {
		return agendaArgs{Page: page, Item: it}
	},
}

// agendaArgs hand an agenda item and its page (for links in the page's language) to
// the agendaitem template.
type agendaArgs struct {
	Page interface{ Href(string) string }
	Item agendaRow
}

var monthsDa = []string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
	"september", "oktober", "november", "december"}

// date is a day in the reader's language: "1. december 2026" or "1 December 2026".
func (s *Server) date(l Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(s.cfg.Location)
	if l == Danish {
		return fmt.Sprintf("%d. %s %d", t.Day(), monthsDa[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

// dateTime is a day and a time: "1. december 2026 kl. 10.30" or "1 December 2026, 10:30".
func (s *Server) dateTime(l Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(s.cfg.Location)
	if l == Danish {
		return s.date(l, t) + lt.Format(" kl. 15.04")
	}
	return s.date(l, t) + lt.Format(", 15:04")
}

// amount is kroner the reader's way: 250.000,50 or 250,000.50.
func amount(l Lang, a workflow.Amount) string {
	if l == Danish {
		return a.Format(".", ",")
	}
	return a.Format(",", ".")
}

func hours(l Lang, h workflow.Hours) string {
	if l == Danish {
		return h.Format(".", ",")
	}
	return h.Format(",", ".")
}

// people names people: by role, or by their stored display names when the community
// turned names on. Never by Slack ID.
type people struct {
	on    bool
	names map[string]string
}

// name is user's display name, or fallback when names are off or none is stored.
func (p people) name(user, fallback string) string {
	if p.on {
		if n := p.names[user]; n != "" {
			return n
		}
	}
	return fallback
}

// who says who made change e to wish w, in lang.
func (s *Server) who(l Lang, p people, e workflow.Event, w workflow.Wish, groupName string) string {
	role := workflow.WhoDid(e, w)
	var said string
	switch role {
	case workflow.WhoGroup:
		said = T(l, "web.who.group_none")
		if groupName != "" {
			said = T(l, "web.who.group", groupName)
		}
	default:
		said = T(l, whoKeys[role])
	}
	if role == workflow.WhoConsensus || role == workflow.WhoSystem {
		return said // a group's consensus is not one person's
	}
	return p.name(e.Actor, said)
}

func stateName(l Lang, st workflow.State) string { return T(l, "state."+string(st)) }

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// whoKeys are the catalog's words for each role; the working group's consensus and
// Tovholder itself are said as the bot says them.
var whoKeys = map[workflow.Who]string{
	workflow.WhoSubmitter:   "web.who.submitter",
	workflow.WhoSecretariat: "web.who.secretariat",
	workflow.WhoSteering:    "web.who.steering",
	workflow.WhoConsensus:   "actor.consensus",
	workflow.WhoSystem:      "actor.system",
}
