package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/web"
	"github.com/os2kitos/tovholder/workflow"
)

// TestWishPageShowsTheMeetingThatDiscussedIt: the wish's history on the web says what
// /wish N says, that the group discussed it at a meeting, with the minutes' note, by
// role and never by Slack id.
func TestWishPageShowsTheMeetingThatDiscussedIt(t *testing.T) {
	c := newCommunity(t)
	ctx := context.Background()
	w, err := c.svc.RouteToGroup(ctx, c.actor(t, secretary), c.ids["fresh"], "kontrakt", workflow.SizeNormal, "")
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.svc.Convene(ctx, c.actor(t, coord), workflow.ConveneInput{Group: "kontrakt", Date: "2026-12-15", Time: "10:00",
		Items: []string{"assessment:" + strconv.FormatInt(w.ID, 10)}})
	if err != nil {
		t.Fatal(err)
	}
	c.svc.Clock = func() time.Time { return m.Start.Add(time.Hour) }
	if _, err := c.svc.WriteMinutes(ctx, c.actor(t, coord), m.ID, workflow.MinutesInput{Notes: []string{"Worth a poll."}}); err != nil {
		t.Fatal(err)
	}
	body := get(t, c.server(t, false), "GET", "/wishes/"+strconv.FormatInt(w.ID, 10)).Body.String()
	if !strings.Contains(body, "discussed the wish at the group&#39;s meeting of "+m.Start.Format("2006-01-02")) || !strings.Contains(body, "Worth a poll.") {
		t.Errorf("the wish page lacks the meeting:\n%s", body)
	}
	if strings.Contains(body, coord) {
		t.Errorf("the wish page shows a Slack id")
	}
}

const hostileItem = `"><img src=x onerror=alert(3)> agenda`

// meetings gives the group kontrakt a convened meeting ahead and the group system
// minutes of a meeting held, with a hostile agenda item and a hostile note.
func (c *community) meetings(t *testing.T) (next, held workflow.Meeting) {
	t.Helper()
	ctx := context.Background()
	sec := c.actor(t, secretary)
	if _, err := c.svc.AddMembers(ctx, sec, "system", []string{member}); err != nil {
		t.Fatal(err)
	}
	w, err := c.svc.RouteToGroup(ctx, sec, c.ids["fresh"], "kontrakt", workflow.SizeNormal, "")
	if err != nil {
		t.Fatal(err)
	}
	next, err = c.svc.Convene(ctx, c.actor(t, coord), workflow.ConveneInput{Group: "kontrakt", Date: "2026-12-15", Time: "09:30",
		Duration: "1h30m", Place: "https://meet.example.org/kontrakt", Items: []string{"assessment:" + strconv.FormatInt(w.ID, 10)},
		Other: hostileItem})
	if err != nil {
		t.Fatal(err)
	}
	held, err = c.svc.Convene(ctx, sec, workflow.ConveneInput{Group: "system", Date: "2026-11-20", Time: "13:00", Place: "Room 2",
		Other: "Budget 2027"})
	if err != nil {
		t.Fatal(err)
	}
	clock := c.svc.Clock
	c.svc.Clock = func() time.Time { return held.Start.Add(time.Hour) }
	defer func() { c.svc.Clock = clock }()
	if _, err := c.svc.WriteMinutes(ctx, sec, held.ID, workflow.MinutesInput{Notes: []string{hostileTitle + " noted"},
		Decisions: "We ask for a budget " + hostileNote,
		Tasks:     []workflow.TaskDraft{{Owner: member, Text: "Write the budget note", Due: time.Date(2026, 12, 10, 22, 59, 0, 0, time.UTC)}}}); err != nil {
		t.Fatal(err)
	}
	return next, held
}

// TestGroupPageShowsMeetings: the next meeting with its time in the community's zone,
// its duration, place and agenda linked to the wishes, and the published minutes with
// their notes, decisions and tasks, owners by role (by name only with the setting),
// in both languages, hostile text as text and no Slack id.
func TestGroupPageShowsMeetings(t *testing.T) {
	c := newCommunity(t)
	c.meetings(t)
	fresh := strconv.FormatInt(c.ids["fresh"], 10)
	for _, tc := range []struct {
		lang  string
		names bool
		want  map[string][]string // path -> texts
		not   []string
	}{
		{"en", false, map[string][]string{
			"/groups/kontrakt": {"Next meeting", "15 December 2026, 10:30", "1 h 30 min",
				`href="https://meet.example.org/kontrakt"`, `href="/wishes/` + fresh + `?lang=en">#` + fresh + `</a>`,
				"&#34;&gt;&lt;img src=x onerror=alert(3)&gt; agenda", "No minutes are published yet."},
			"/groups/system": {"No meeting is convened.", "Meeting of 20 November 2026, 14:00", "Budget 2027",
				"&lt;script&gt;alert(1)&lt;/script&gt; noted", "We ask for a budget &lt;!channel&gt; look",
				"Write the budget note (owner: a member of IT-systemer; due 10 December 2026)"},
		}, []string{"<img src=x", "<script>alert", "Tovholder Member"}},
		{"da", false, map[string][]string{
			"/groups/kontrakt": {"Næste møde", "15. december 2026 kl. 10.30", "1 t. 30 min.", "Dagsorden",
				"Der er endnu ikke offentliggjort referater."},
			"/groups/system": {"Der er ikke indkaldt til et møde.", "Mødet den 20. november 2026 kl. 14.00", "Beslutninger",
				"Write the budget note (ansvarlig: et medlem af IT-systemer; frist 10. december 2026)"},
		}, []string{"<img src=x", "<script>alert"}},
		{"en", true, map[string][]string{
			"/groups/system": {"Write the budget note (owner: Tovholder Member; due 10 December 2026)"},
		}, nil},
	} {
		h := c.server(t, tc.names)
		if tc.names {
			if err := c.db.Atomic(context.Background(), func(tx workflow.Tx) error {
				return tx.SetDisplayName(member, "Tovholder Member", c.now())
			}); err != nil {
				t.Fatal(err)
			}
		}
		for path, want := range tc.want {
			body := get(t, h, "GET", path+"?lang="+tc.lang).Body.String()
			for _, w := range want {
				if !strings.Contains(body, w) {
					t.Errorf("%s (%s, names %v) lacks %q", path, tc.lang, tc.names, w)
				}
			}
			for _, n := range append(tc.not, secretary, coord, member, steering, submitter) {
				if strings.Contains(body, n) {
					t.Errorf("%s (%s, names %v) shows %q", path, tc.lang, tc.names, n)
				}
			}
		}
	}
}

// TestGroupPageCountsOlderMinutes: at most ten meetings' minutes, newest first, and a
// count of the older ones; a meeting past its end is not the next one.
func TestGroupPageCountsOlderMinutes(t *testing.T) {
	c := newCommunity(t)
	ctx := context.Background()
	for d := 1; d <= 12; d++ {
		m, err := c.svc.Convene(ctx, c.actor(t, coord), workflow.ConveneInput{Group: "kontrakt",
			Date: "2026-12-" + pad(d), Time: "10:00", Other: "Item of day " + strconv.Itoa(d)})
		if err != nil {
			t.Fatal(err)
		}
		if d == 12 {
			break // convened, but over by the time the page is read and without minutes
		}
		c.svc.Clock = func() time.Time { return m.Start.Add(time.Hour) }
		if _, err := c.svc.WriteMinutes(ctx, c.actor(t, coord), m.ID, workflow.MinutesInput{Notes: []string{"Note " + strconv.Itoa(d)}}); err != nil {
			t.Fatal(err)
		}
		c.svc.Clock = func() time.Time { return m.Start.Add(-time.Hour) }
	}
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	s, err := web.New(web.Config{Store: c.db, Lang: web.English, Location: loc,
		Now: func() time.Time { return time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	body := get(t, s.Handler(), "GET", "/groups/kontrakt").Body.String()
	if strings.Count(body, `<section class="minutes">`) != 10 || !strings.Contains(body, "Older meetings with minutes, not shown: 1") {
		t.Errorf("want 10 minutes and 1 older:\n%s", body)
	}
	if strings.Contains(body, "Note 1<") || strings.Index(body, "Note 11") > strings.Index(body, "Note 10") {
		t.Errorf("minutes not newest first, or the oldest shown")
	}
	if !strings.Contains(body, "No meeting is convened.") {
		t.Errorf("a meeting over is shown as the next one")
	}
}

func pad(d int) string {
	if d < 10 {
		return "0" + strconv.Itoa(d)
	}
	return strconv.Itoa(d)
}
