package web

import (
	"cmp"
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// The Atom 1.0 document (RFC 4287): a feed with its id, title, updated and links, and
// entries with the same.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary atomText `xml:"summary"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// feedSize is how many announcements a feed carries.
const feedSize = 50

// feed is /feed.atom, or a group's at /groups/{key}/feed.atom: the announced
// decisions, newest first.
func (s *Server) feed(q *req) error {
	key := q.r.PathValue("key")
	if key != "" && !workflow.ValidGroupKey(key) {
		return errBadRequest
	}
	base := s.baseURL(q.r)
	return q.read(func(tx workflow.Tx) error {
		groups, _, err := groupNames(tx)
		if err != nil {
			return err
		}
		self, alt, title := base+"/feed.atom", base+"/", T(q.lang, "web.feed.title")
		if key != "" {
			if _, err := tx.Group(key); err != nil {
				return err
			}
			self, alt = base+"/groups/"+key+"/feed.atom", base+"/groups/"+key
			title = T(q.lang, "web.feed.group_title", groups[key])
		}
		es, err := tx.AnnouncedEvents(key, feedSize)
		if err != nil {
			return err
		}
		p, err := s.peopleOf(tx, actors(es))
		if err != nil {
			return err
		}
		f := atomFeed{Lang: string(q.lang), ID: withLang(self, q.lang), Title: title,
			Author: atomPerson{T(q.lang, "web.site.name")},
			Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: withLang(self, q.lang)},
				{Rel: "alternate", Type: "text/html", Href: withLang(alt, q.lang)}}}
		var newest time.Time
		for _, e := range es {
			w, err := tx.Wish(e.WishID)
			if err != nil {
				return err
			}
			e, _ = workflow.PublicEvent(e)
			href := withLang(base+"/wishes/"+strconv.FormatInt(w.ID, 10), q.lang)
			summary := T(q.lang, "web.history.moved", s.who(q.lang, p, e, w, groups[w.Group]), stateName(q.lang, e.To))
			if e.Note != "" {
				summary += ". " + T(q.lang, "web.history.why") + ": " + e.Note
			}
			f.Entries = append(f.Entries, atomEntry{
				ID:    base + "/wishes/" + strconv.FormatInt(w.ID, 10) + "#event-" + strconv.FormatInt(e.ID, 10),
				Title: T(q.lang, "web.feed.entry", w.ID, oneLine(w.Title), stateName(q.lang, e.To)), Updated: iso(e.At),
				Link: atomLink{Rel: "alternate", Type: "text/html", Href: href}, Summary: atomText{"text", summary}})
			if e.At.After(newest) {
				newest = e.At
			}
		}
		if key == "" {
			more, err := s.decisionEntries(q.lang, tx, base)
			if err != nil {
				return err
			}
			f.Entries = newestEntries(append(f.Entries, more...))
			if len(f.Entries) > 0 && f.Entries[0].Updated > iso(newest) {
				newest, _ = time.Parse(time.RFC3339, f.Entries[0].Updated)
			}
		}
		last, err := tx.LastChange()
		if err != nil {
			return err
		}
		f.Updated = iso(cmp.Or(newest, last, time.Unix(0, 0)))
		out, err := xml.MarshalIndent(f, "", " ")
		if err != nil {
			return err
		}
		q.body, q.ctype, q.lastMod = append([]byte(xml.Header), out...), "application/atom+xml; charset=utf-8", last
		return nil
	})
}

// baseURL is the pages' public URL, or the request's own when none is configured.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return s.cfg.PublicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
