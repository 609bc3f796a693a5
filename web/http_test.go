package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/web"
	"github.com/os2kitos/tovholder/workflow"
)

func TestMethodsAndHeaders(t *testing.T) {
	c := newCommunity(t)
	h := c.server(t, false)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		w := get(t, h, m, "/wishes")
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
	}
	for _, path := range []string{"/", "/wishes", "/feed.atom", "/api/wishes.json", "/nowhere", "/static/style.css"} {
		w := get(t, h, "GET", path)
		for k, v := range map[string]string{"Content-Security-Policy": "default-src 'self'",
			"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
			if got := w.Header().Get(k); got != v {
				t.Errorf("%s: %s is %q, want %q", path, k, got, v)
			}
		}
		if w.Header().Get("Set-Cookie") != "" {
			t.Errorf("%s sets a cookie", path)
		}
	}
	head := get(t, h, "HEAD", "/wishes")
	if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("ETag") == "" {
		t.Errorf("HEAD: %d, %d bytes, ETag %q", head.Code, head.Body.Len(), head.Header().Get("ETag"))
	}
}

func TestConditional(t *testing.T) {
	c := newCommunity(t)
	h := c.server(t, false)
	first := get(t, h, "GET", "/wishes?lang=en")
	etag, lm := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, lm)
	}
	if w := get(t, h, "GET", "/wishes?lang=en", "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", w.Code)
	}
	if w := get(t, h, "GET", "/wishes?lang=en", "If-Modified-Since", lm); w.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", w.Code)
	}
	if w := get(t, h, "GET", "/wishes?lang=da", "If-None-Match", etag); w.Code != http.StatusOK {
		t.Errorf("another language answered %d to the English ETag", w.Code)
	}
	// A change makes the copy stale.
	if _, err := c.svc.SubmitWish(t.Context(), c.actor(t, submitter), workflow.WishInput{Title: "Later", Purpose: "p", Value: "v"}); err != nil {
		t.Fatal(err)
	}
	if w := get(t, h, "GET", "/wishes?lang=en", "If-None-Match", etag); w.Code != http.StatusOK {
		t.Errorf("after a change: %d", w.Code)
	}
}

func TestLanguage(t *testing.T) {
	c := newCommunity(t)
	h := c.server(t, false)
	for _, tc := range []struct{ query, accept, want string }{
		{"", "", "en"},
		{"", "da-DK,da;q=0.9,en;q=0.8", "da"},
		{"", "de-DE, en;q=0.5, da;q=0.7", "da"},
		{"?lang=en", "da", "en"},
		{"?lang=xx", "da", "da"},
		{"", "en;q=0.1, da;q=0.2", "da"},
		{"", "da;q=bogus", "en"},
	} {
		w := get(t, h, "GET", "/"+tc.query, "Accept-Language", tc.accept)
		if !strings.Contains(w.Body.String(), `<html lang="`+tc.want+`">`) || w.Header().Get("Content-Language") != tc.want {
			t.Errorf("%q with %q: want %s, got Content-Language %q", tc.query, tc.accept, tc.want, w.Header().Get("Content-Language"))
		}
	}
	// The switch goes to the same page in the other language.
	w := get(t, h, "GET", "/wishes?state=delivered&lang=en")
	if !strings.Contains(w.Body.String(), `href="/wishes?lang=da&amp;state=delivered"`) {
		t.Error("no link to the Danish page")
	}
}

func TestNames(t *testing.T) {
	c := newCommunity(t)
	err := c.db.Atomic(t.Context(), func(tx workflow.Tx) error {
		for id, n := range map[string]string{secretary: "Sanne Sekretær", steering: "Stig Styregruppe", coord: "Karin Tovholder", submitter: "Søren Submitter"} {
			if err := tx.SetDisplayName(id, n, time.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{fmt.Sprintf("/wishes/%d", c.ids["major"]), "/groups", "/", "/feed.atom", "/api/wishes.json", "/api/wishes.csv"}
	for _, names := range []bool{false, true} {
		h := c.server(t, names)
		var all strings.Builder
		for _, p := range paths {
			w := get(t, h, "GET", p+"?lang=en")
			if w.Code != 200 {
				t.Fatalf("%s: %d", p, w.Code)
			}
			if strings.Contains(p, "/api/") {
				checkPrivate(t, w.Body.String())
			} else {
				checkPublic(t, w.Body.String())
			}
			all.WriteString(w.Body.String())
		}
		for _, n := range []string{"Sanne Sekretær", "Karin Tovholder", "Søren Submitter"} {
			if got := strings.Contains(all.String(), n); got != names {
				t.Errorf("names %v: %q shown %v", names, n, got)
			}
		}
	}
}

func TestFeedIsAtom(t *testing.T) {
	c := newCommunity(t)
	h := c.server(t, false)
	for _, path := range []string{"/feed.atom?lang=en", "/groups/kontrakt/feed.atom?lang=da"} {
		w := get(t, h, "GET", path)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %s", path, w.Code, w.Header().Get("Content-Type"))
		}
		checkPublic(t, w.Body.String())
		var f struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			ID      string   `xml:"id"`
			Title   string   `xml:"title"`
			Updated string   `xml:"updated"`
			Author  struct {
				Name string `xml:"name"`
			} `xml:"author"`
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Link    struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if f.ID == "" || f.Title == "" || f.Author.Name == "" || !rfc3339(f.Updated) || len(f.Links) < 1 || f.Links[0].Rel != "self" {
			t.Errorf("%s: feed lacks a required element: %+v", path, f)
		}
		if len(f.Entries) < 3 {
			t.Errorf("%s: %d entries", path, len(f.Entries))
		}
		ids := map[string]bool{}
		for _, e := range f.Entries {
			if e.ID == "" || ids[e.ID] || e.Title == "" || !rfc3339(e.Updated) || !strings.HasPrefix(e.Link.Href, "http://example.com/wishes/") {
				t.Errorf("%s: bad entry %+v", path, e)
			}
			ids[e.ID] = true
		}
	}
	if w := get(t, h, "GET", "/groups/nogroup/feed.atom"); w.Code != 404 {
		t.Errorf("unknown group's feed: %d", w.Code)
	}
}

func rfc3339(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil }

func TestOpenData(t *testing.T) {
	c := newCommunity(t)
	h := c.server(t, false)
	w := get(t, h, "GET", "/api/wishes.json")
	checkPrivate(t, w.Body.String())
	var ws []struct {
		ID        int64  `json:"id"`
		Title     string `json:"title"`
		Submitter string `json:"submitter"`
		History   []struct {
			By   string `json:"by"`
			Kind string `json:"kind"`
			Note string `json:"note"`
		} `json:"history"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &ws); err != nil {
		t.Fatal(err)
	}
	if len(ws) != 6 || ws[1].Title != hostileTitle || ws[0].Submitter != "" {
		t.Fatalf("open data: %+v", ws)
	}
	for _, e := range ws[0].History {
		if e.By == "" || e.Kind == string(workflow.EvStanceTaken) {
			t.Errorf("event %+v", e)
		}
	}
	w = get(t, h, "GET", "/api/wishes.csv")
	checkPrivate(t, w.Body.String())
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "wish" || len(rows) < 10 || strings.Contains(strings.Join(rows[0], ","), "submitter") {
		t.Errorf("csv header %v, %d rows", rows[0], len(rows))
	}
}

// The pages read through the read pool: they answer while a use case holds the writer.
func TestPagesDoNotWaitForTheWriter(t *testing.T) {
	c := newCommunity(t)
	h := c.server(t, false)
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- c.db.Atomic(t.Context(), func(workflow.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	for _, path := range []string{"/", "/wishes", fmt.Sprintf("/wishes/%d", c.ids["alarm"]), "/feed.atom", "/decisions", "/groups/kontrakt"} {
		if w := get(t, h, "GET", path); w.Code != http.StatusOK {
			t.Errorf("%s while the writer is held: %d", path, w.Code)
		}
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A request that runs out of time gets the error page, not a hang.
func TestRequestTimeout(t *testing.T) {
	c := newCommunity(t)
	s, err := web.New(web.Config{Store: c.db, Timeout: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	w := get(t, s.Handler(), "GET", "/wishes?lang=da")
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "Noget gik galt") {
		t.Errorf("timed out: %d\n%s", w.Code, w.Body)
	}
}
