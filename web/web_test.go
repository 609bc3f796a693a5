package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	c := newCommunity(t)
	h := c.server(t, false)
	alarm, hostile, major := c.ids["alarm"], c.ids["hostile"], c.ids["major"]
	cases := []struct {
		path   string
		status int
		want   []string
	}{
		{"/?lang=en", 200, []string{`<html lang="en">`, "Development cycle 2027.1", "Wishes by state", "delivered", "Notice-period alarm"}},
		{"/?lang=da", 200, []string{`<html lang="da">`, "Udviklingsrunde 2027.1", "Ønsker efter status", "leveret", "Spring til indhold"}},
		{"/wishes?lang=en", 200, []string{"6 wishes", "Notice-period alarm", "A wish later withdrawn", "withdrawn", "duplicate"}},
		{"/wishes?lang=da", 200, []string{"6 ønsker", "trukket tilbage", "dublet"}},
		{"/wishes?state=delivered&lang=en", 200, []string{"1 wish", "Notice-period alarm"}},
		{"/wishes?q=gdpr&lang=en", 200, []string{"1 wish", "data processors"}},
		{"/wishes?q=100%25&lang=en", 200, []string{"0 wishes", "No wish matches."}},
		{"/wishes?cycle=2027.1&lang=en", 200, []string{"1 wish", "Notice-period alarm"}},
		{"/wishes?group=system&lang=en", 200, []string{"0 wishes"}},
		{fmt.Sprintf("/wishes/%d?lang=en", alarm), 200, []string{"Wish #", "Municipalities miss notice deadlines",
			"The working group, by consensus: prioritised", "consensus", "2 agree, 0 stand aside, 0 object, of 2 members",
			"The secretariat: delivered", "in release 7", "a member of the user club"}},
		{fmt.Sprintf("/wishes/%d?lang=da", alarm), 200, []string{"Ønske nr.", "Arbejdsgruppen i konsensus: prioriteret", "2 enige", "Sekretariatet: leveret"}},
		{fmt.Sprintf("/wishes/%d?lang=en", major), 200, []string{"250,000.50 kr., 200 hours", "The steering group: approved", "major"}},
		{fmt.Sprintf("/wishes/%d?lang=da", major), 200, []string{"250.000,50 kr., 200 timer", "Styregruppen: godkendt"}},
		{fmt.Sprintf("/wishes/%d?lang=en", hostile), 200, []string{"&lt;script&gt;alert(1)&lt;/script&gt;",
			"&#34;&gt;&lt;img src=x onerror=alert(2)&gt;", "&lt;!channel&gt; look", "needs more information"}},
		{"/plan?lang=en", 200, []string{"Development cycle 2027.1", "Delivered", "Notice-period alarm"}},
		{"/plan/2027.1?lang=da", 200, []string{"Udviklingsrunde 2027.1", "Leveret"}},
		{"/groups?lang=en", 200, []string{"IT-kontrakter", "IT-systemer", "vacant: the secretariat convenes the group", "a member of the group"}},
		{"/groups/kontrakt?lang=da", 200, []string{"Arbejdsgruppen IT-kontrakter", "Tovholder", "prioriteret"}},
		{"/decisions?lang=en", 200, []string{"Data processors on the system page", "approved", "Within the development frame", "250,000.50 kr."}},
		{"/decisions?lang=da", 200, []string{"Styregruppens beslutninger", "Inden for rammen", "250.000,50 kr."}},
		{"/wishes/999?lang=en", 404, []string{"Not found"}},
		{"/wishes/999?lang=da", 404, []string{"Ikke fundet"}},
		{"/wishes/abc?lang=en", 400, []string{"Bad request"}},
		{"/wishes/abc?lang=da", 400, []string{"Ugyldig forespørgsel"}},
		{"/wishes?page=-1", 400, nil},
		{"/wishes?page=99999999999999999999", 400, nil},
		{"/wishes?page=0", 400, nil},
		{"/wishes?page=3", 404, nil},
		{"/wishes?state=nonsense", 400, nil},
		{"/wishes?q=" + strings.Repeat("x", 10*1024), 400, nil},
		{"/groups/nogroup", 404, nil},
		{"/groups/NO%20GROUP", 400, nil},
		{"/plan/2099.9", 404, nil},
		{"/plan/%3Cx%3E", 400, nil},
		{"/nowhere", 404, nil},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			w := get(t, h, "GET", tc.path)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d\n%s", w.Code, tc.status, w.Body)
			}
			body := w.Body.String()
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			checkPublic(t, body)
		})
	}
}

var slackID = regexp.MustCompile(`\b[UW][A-Z0-9]{8,}\b`)

// checkPublic fails when a page shows anything private or, unless it is data (JSON,
// CSV) where text is text, anything unescaped.
func checkPublic(t *testing.T, body string) {
	t.Helper()
	checkPrivate(t, body)
	for _, s := range []string{hostileTitle, "<img src=x", "<!channel>"} {
		if strings.Contains(body, s) {
			t.Errorf("page shows %q unescaped", s)
		}
	}
}

// checkPrivate fails when a page or a file shows anything private.
func checkPrivate(t *testing.T, body string) {
	t.Helper()
	for _, s := range []string{secretQuestion, "SECRET-QUESTION", privateNote, dmText} {
		if strings.Contains(body, s) {
			t.Errorf("page shows %q", s)
		}
	}
	if id := slackID.FindString(body); id != "" {
		t.Errorf("page shows the Slack ID %s", id)
	}
}
