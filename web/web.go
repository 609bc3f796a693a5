// Package web serves Tovholder's public, read-only pages: the overview, the wishes,
// the development plan, the working groups, the steering group's decisions, Atom feeds
// and open data. It shows what every member of the user club sees in Slack, never more
// (domain.md, "What is public"), in Danish and English, without JavaScript.
//
// Pages are html/template files embedded with the stylesheet; each request reads one
// snapshot through the store's read pool and never holds the writer.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

//go:embed templates/*.html static/*
var files embed.FS

// Reader is what the pages need of the store: read transactions on a snapshot.
type Reader interface {
	Read(ctx context.Context, fn func(workflow.Tx) error) error
}

// Config is what the pages are served with.
type Config struct {
	Store    Reader
	Lang     Lang           // the language when neither ?lang nor Accept-Language says
	Location *time.Location // dates are shown in this zone
	// Names shows people by their stored display names instead of their role.
	Names bool
	// PublicURL is the pages' public base URL, for the feeds' absolute links; when ""
	// the request's host is used.
	PublicURL string
	// Timeout bounds the work of one request; 0 means 10 seconds.
	Timeout time.Duration
	// Now is the clock, for which meeting is next; nil means time.Now.
	Now func() time.Time
}

// Server serves the pages.
type Server struct {
	cfg   Config
	pages map[string]*template.Template
	css   []byte
	etag  string // of the stylesheet
}

// New parses the templates once.
func New(cfg Config) (*Server, error) {
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Lang == "" {
		cfg.Lang = English
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	s := &Server{cfg: cfg, pages: map[string]*template.Template{}}
	base, err := template.New("base.html").Funcs(funcs).ParseFS(files, "templates/base.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "base" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(files, n)
		if err != nil {
			return nil, err
		}
		s.pages[name] = t
	}
	if s.css, err = files.ReadFile("static/style.css"); err != nil {
		return nil, err
	}
	s.etag = etagOf(s.css)
	return s, nil
}

// Handler is every route of the pages. Only GET and HEAD are answered; anything else
// is 405.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	route := func(pattern string, h func(*req) error) {
		mux.Handle(pattern, s.page(h))
	}
	route("/{$}", s.overview)
	route("/wishes", s.wishes)
	route("/wishes/{n}", s.wish)
	route("/plan", s.plan)
	route("/plan/{cycle}", s.plan)
	route("/groups", s.groups)
	route("/groups/{key}", s.group)
	route("/groups/{key}/feed.atom", s.feed)
	route("/decisions", s.decisions)
	route("/feed.atom", s.feed)
	route("/api/wishes.json", s.dataJSON)
	route("/api/wishes.csv", s.dataCSV)
	mux.HandleFunc("/static/style.css", s.stylesheet)
	route("/", func(*req) error { return errNotFound })
	return s.guard(mux)
}

// guard is what every answer gets: the methods, the headers and a time limit.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// req is one request being answered.
type req struct {
	w    http.ResponseWriter
	r    *http.Request
	lang Lang
	s    *Server
	// what the handler produced
	status  int
	ctype   string
	body    []byte
	name    string // template to render, with data
	data    any
	lastMod time.Time
}

var (
	errNotFound   = errors.New("not found")
	errBadRequest = errors.New("bad request")
)

// page runs a handler and writes what it produced, or the error page.
func (s *Server) page(h func(*req) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := &req{w: w, r: r, s: s, status: http.StatusOK}
		q.lang = s.language(r)
		if len(r.URL.RawQuery) > 2048 {
			s.fail(q, errBadRequest)
			return
		}
		if err := h(q); err != nil {
			s.fail(q, err)
			return
		}
		s.write(q)
	})
}

// write renders the page if needed and answers, with 304 on a matching validator.
func (s *Server) write(q *req) {
	if q.name != "" {
		var buf bytes.Buffer
		if err := s.pages[q.name].ExecuteTemplate(&buf, "base.html", q.data); err != nil {
			s.fail(q, err)
			return
		}
		q.body, q.ctype = buf.Bytes(), "text/html; charset=utf-8"
	}
	h := q.w.Header()
	h.Set("Content-Type", q.ctype)
	h.Set("Content-Language", string(q.lang))
	h.Set("Vary", "Accept-Language")
	h.Set("Cache-Control", "no-cache")
	etag := etagOf(q.body)
	h.Set("ETag", etag)
	if !q.lastMod.IsZero() {
		h.Set("Last-Modified", q.lastMod.UTC().Format(http.TimeFormat))
	}
	if q.status == http.StatusOK && notModified(q.r, etag, q.lastMod) {
		q.w.WriteHeader(http.StatusNotModified)
		return
	}
	q.w.WriteHeader(q.status)
	if q.r.Method != http.MethodHead {
		_, _ = q.w.Write(q.body)
	}
}

// notModified reports whether the reader's copy is current: If-None-Match wins over
// If-Modified-Since, as RFC 9110 says.
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !lastMod.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !lastMod.Truncate(time.Second).After(t)
	}
	return false
}

func etagOf(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// fail answers with the error page in the reader's language.
func (s *Server) fail(q *req, err error) {
	key, status := "web.err.500", http.StatusInternalServerError
	switch {
	case errors.Is(err, errNotFound), workflow.KindOf(err) == workflow.NotFound:
		key, status = "web.err.404", http.StatusNotFound
	case errors.Is(err, errBadRequest):
		key, status = "web.err.400", http.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusServiceUnavailable // the request's time ran out
	}
	q.status, q.lastMod = status, time.Time{}
	q.name, q.data = "error", errorPage{s.base(q, T(q.lang, key+".title")), T(q.lang, key+".text")}
	var buf bytes.Buffer
	if terr := s.pages["error"].ExecuteTemplate(&buf, "base.html", q.data); terr != nil {
		http.Error(q.w, http.StatusText(status), status)
		return
	}
	h := q.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(q.lang))
	h.Set("Cache-Control", "no-store")
	q.w.WriteHeader(status)
	if q.r.Method != http.MethodHead {
		_, _ = q.w.Write(buf.Bytes())
	}
}

type errorPage struct {
	Base
	Text string
}

// stylesheet serves the one stylesheet.
func (s *Server) stylesheet(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("ETag", s.etag)
	if notModified(r, s.etag, time.Time{}) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method != http.MethodHead {
		_, _ = w.Write(s.css)
	}
}

// language is ?lang=, else the first language of Accept-Language the pages speak,
// else the configured one.
func (s *Server) language(r *http.Request) Lang {
	if l, ok := ParseLang(r.URL.Query().Get("lang")); ok {
		return l
	}
	return acceptLanguage(r.Header.Get("Accept-Language"), s.cfg.Lang)
}

// acceptLanguage picks the reader's most preferred language the pages speak: the
// highest q, the earlier on a tie; def when none is spoken.
func acceptLanguage(h string, def Lang) Lang {
	best, bestQ := def, 0.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			q = parseQ(v)
		}
		if l, ok := ParseLang(tag); ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// parseQ reads a quality value ("0.8"); anything malformed counts as 0.
func parseQ(s string) float64 {
	if s == "1" || strings.HasPrefix(s, "1.") && strings.Trim(s[2:], "0") == "" {
		return 1
	}
	if len(s) < 1 || len(s) > 5 || s[0] != '0' {
		return 0
	}
	q, scale := 0.0, 1.0
	for i, c := range s[1:] {
		switch {
		case i == 0 && c == '.':
		case i > 0 && c >= '0' && c <= '9':
			scale /= 10
			q += float64(c-'0') * scale
		default:
			return 0
		}
	}
	return q
}
