package bot_test

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

var copenhagen = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err)
	}
	return loc
}()

// newEnv is a bottest environment whose emulator does not rate-limit by the wall
// clock: these tests post many cards in a moment of wall time and move the bot's
// clock instead.
func newEnv(t *testing.T, o bottest.Options) *bottest.Env {
	o.EmuOptions = append(o.EmuOptions, slackemu.WithoutRateLimit())
	return bottest.New(t, o)
}

// digestsTo are the reminder digests user got by DM, rendered.
func digestsTo(e *bottest.Env, user string) []string {
	var out []string
	for _, m := range e.Emu.DMs(user) {
		if s := e.Text(m); strings.Contains(s, "What awaits") {
			out = append(out, s)
		}
	}
	return out
}

// remindersTo are the before-deadline poll reminders user got by DM.
func remindersTo(e *bottest.Env, user string) []string {
	var out []string
	for _, m := range e.Emu.DMs(user) {
		if s := e.Text(m); strings.Contains(s, "Reminder: consensus poll") {
			out = append(out, s)
		}
	}
	return out
}

// advanceTo moves the clock to t and ticks the scheduler there.
func advanceTo(e *bottest.Env, t time.Time) { e.Advance(t.Sub(e.Clock.Now())) }

// pollOn starts a poll to prioritise w as Søren, with a deadline after days.
func pollOn(t *testing.T, e *bottest.Env, w workflow.Wish, days int) workflow.Poll {
	t.Helper()
	p, err := e.Svc.StartPoll(e.Ctx(), actorOf(t, e, bottest.Soren), workflow.PollInput{WishID: w.ID,
		Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh, Deadline: e.Clock.Now().AddDate(0, 0, days)})
	if err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	return p
}

func agree(t *testing.T, e *bottest.Env, user string, p workflow.Poll) {
	t.Helper()
	if _, err := e.Svc.TakeStance(e.Ctx(), actorOf(t, e, user), p.ID, workflow.Agree, ""); err != nil {
		t.Fatal(err)
	}
}

// newWish submits a wish as Per, asking for group, and lets its card through the
// channel's pacing.
func newWish(t *testing.T, e *bottest.Env, title, group string) workflow.Wish {
	t.Helper()
	w, err := e.Svc.SubmitWish(e.Ctx(), actorOf(t, e, bottest.Per), workflow.WishInput{Title: title,
		Purpose: "Municipalities miss notice deadlines.", Value: "Avoids renewals.", Group: group})
	if err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	return w
}

func routeTo(t *testing.T, e *bottest.Env, title, group string, size workflow.Size) workflow.Wish {
	t.Helper()
	w, err := e.Svc.RouteToGroup(e.Ctx(), actorOf(t, e, bottest.Mette), newWish(t, e, title, group).ID, group, size, "")
	if err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	return w
}

// nextMonday is Monday 8 March 2027 at 09:00 in Copenhagen, the first run of the
// default schedule after bottest's start (Monday 1 March, 10:00).
var nextMonday = time.Date(2027, 3, 8, 9, 0, 0, 0, copenhagen)

func TestDigestOfGroupsWithAndWithoutACoordinator(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Advance(time.Minute) // the scheduler's first run: the schedules start counting
	waiting := routeTo(t, e, "Notice-period alarm", "kontrakt", workflow.SizeNormal)
	polled := routeTo(t, e, "New contract role", "kontrakt", workflow.SizeNormal)
	p := pollOn(t, e, polled, 10)
	agree(t, e, bottest.Anna, p)
	major := routeTo(t, e, "Contract economy module", "kontrakt", workflow.SizeMajor)
	done := pollOn(t, e, major, 10)
	agree(t, e, bottest.Anna, done)
	agree(t, e, bottest.Lars, done)
	if _, err := e.Svc.ClosePoll(e.Ctx(), actorOf(t, e, bottest.Soren), done.ID); err != nil {
		t.Fatal(err)
	}
	systems := routeTo(t, e, "Show data processors", "systemer", workflow.SizeNormal)
	untriaged := newWish(t, e, "Export to CSV", "")

	advanceTo(e, nextMonday.Add(-time.Minute))
	if n := len(digestsTo(e, bottest.Soren)) + len(digestsTo(e, bottest.Mette)); n != 0 {
		t.Fatalf("%d digests before Monday 09:00", n)
	}
	advanceTo(e, nextMonday)
	soren := digestsTo(e, bottest.Soren)
	if len(soren) != 1 {
		t.Fatalf("Søren got %d digests, want 1", len(soren))
	}
	for _, want := range []string{"What awaits IT-kontrakter", "coordinator of IT-kontrakter",
		"Wishes awaiting assessment (1)", "#" + itoa(waiting.ID) + " Notice-period alarm",
		"Open consensus polls (1)", "Poll on #" + itoa(polled.ID) + " New contract role", "No stance yet: @lars, @soren",
		"Prioritised major wishes without a requirements specification (1)", "#" + itoa(major.ID) + " Contract economy module",
		"/archives/" + bottest.Contract + "/p", "2027-03-08 09:00"} {
		if !strings.Contains(soren[0], want) {
			t.Errorf("Søren's digest lacks %q:\n%s", want, soren[0])
		}
	}
	if strings.Contains(soren[0], "Show data processors") || strings.Contains(soren[0], "@anna") {
		t.Errorf("Søren's digest shows another group's wish or a member who took a stance:\n%s", soren[0])
	}
	mette := strings.Join(digestsTo(e, bottest.Mette), "\n=====\n")
	for _, want := range []string{"What awaits IT-systemer", "IT-systemer has no coordinator, so the secretariat gets its reminder",
		"#" + itoa(systems.ID) + " Show data processors", "What awaits the secretariat", "Wishes awaiting triage (1)",
		"#" + itoa(untriaged.ID) + " Export to CSV", "/archives/" + bottest.Secretary + "/p"} {
		if !strings.Contains(mette, want) {
			t.Errorf("the secretariat's digests lack %q:\n%s", want, mette)
		}
	}
	if n := len(digestsTo(e, bottest.Mette)); n != 2 {
		t.Errorf("Mette got %d digests, want IT-systemer's and the secretariat's", n)
	}
	for _, u := range []string{bottest.Jens, bottest.Kirsten, bottest.Anna} {
		if d := digestsTo(e, u); len(d) != 0 {
			t.Errorf("%s got a digest with nothing waiting for them:\n%s", u, d[0])
		}
	}
}

func TestDigestIsQuietWhenNothingWaits(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Advance(time.Minute)
	advanceTo(e, nextMonday)
	for _, u := range []string{bottest.Soren, bottest.Mette, bottest.Jens} {
		if n := len(e.Emu.DMs(u)); n != 0 {
			t.Errorf("%s got %d DMs with nothing waiting", u, n)
		}
	}
	for _, ev := range events(t, e) {
		if ev.Kind == workflow.EvReminderSent {
			t.Errorf("a reminder was recorded: %+v", ev)
		}
	}
}

// Durations are said with the right number in both languages: 1 hour, 2 timer.
func TestRemindBeforeSaysOneHour(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	for text, want := range map[string]string{
		"group remind-before kontrakt 1h":  "reminded 1 hour before",
		"group remind-before kontrakt 90m": "reminded 90 minutes before",
		"group remind-before kontrakt 2h":  "reminded 2 hours before",
	} {
		if got := answer(t, e, bottest.Mette, "/tovholder", text); !strings.Contains(got, want) {
			t.Errorf("%s answered:\n%s\nwant %q", text, got, want)
		}
	}
	da := newEnv(t, bottest.Options{})
	da.Emu.AddUser(slackemu.User{ID: bottest.Mette, Name: "mette", RealName: "Mette Sekretariat", Locale: "da-DK"})
	if got := answer(t, da, bottest.Mette, "/tovholder", "group remind-before kontrakt 1h"); !strings.Contains(got, "1 time før") {
		t.Errorf("remind-before 1h in Danish answered:\n%s", got)
	}
}

func TestPollReminderReachesOnlyNonVotersOnce(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	if got := answer(t, e, bottest.Mette, "/tovholder", "group remind-before kontrakt 2d"); !bottest.ContainsAll(got, "reminded 2 days before", "a poll shorter than 4 days reminds them halfway through") {
		t.Fatalf("remind-before answered:\n%s", got)
	}
	w := routeTo(t, e, "Notice-period alarm", "kontrakt", workflow.SizeNormal)
	p := pollOn(t, e, w, 7)
	agree(t, e, bottest.Anna, p)
	remindAt := p.Deadline.Add(-48 * time.Hour)
	advanceTo(e, remindAt.Add(-time.Minute))
	if n := len(remindersTo(e, bottest.Lars)); n != 0 {
		t.Fatalf("Lars was reminded %d times before the time", n)
	}
	advanceTo(e, remindAt)
	for _, step := range []time.Duration{time.Minute, time.Hour, 24 * time.Hour} {
		e.Advance(step)
	}
	for user, want := range map[string]int{bottest.Soren: 1, bottest.Lars: 1, bottest.Anna: 0, bottest.Kirsten: 0} {
		if got := remindersTo(e, user); len(got) != want {
			t.Errorf("%s got %d reminders, want %d: %q", user, len(got), want, got)
		}
	}
	got := remindersTo(e, bottest.Lars)[0]
	for _, want := range []string{"Reminder: consensus poll in IT-kontrakter", "you have not taken a stance yet",
		"#" + itoa(w.ID) + " Notice-period alarm", "[Agree]", "[Abstain]", "[Object]", "/archives/" + bottest.Contract} {
		if !strings.Contains(got, want) {
			t.Errorf("the reminder lacks %q:\n%s", want, got)
		}
	}
	dm := e.Emu.DMs(bottest.Lars)
	e.Click(bottest.Lars, dm[len(dm)-1].Channel, dm[len(dm)-1].TS, "Agree")
	if d, err := e.Svc.Poll(e.Ctx(), p.ID); err != nil || d.Tally.Agree != 2 {
		t.Errorf("after Lars agreed from the reminder: %+v, %v", d.Tally, err)
	}
}

func TestDigestMadeUpOnceAfterDowntime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	first := newEnv(t, bottest.Options{DBPath: path})
	first.Advance(time.Minute)
	newWish(t, first, "Export to CSV", "")
	first.Stop()

	// Down for three weeks and two days: Mondays 8, 15 and 22 March passed.
	second := newEnv(t, bottest.Options{DBPath: path, Bare: true})
	second.Clock.Set(time.Date(2027, 3, 24, 12, 0, 0, 0, copenhagen))
	second.Advance(0) // the first tick at start
	second.Advance(time.Minute)
	got := digestsTo(second, bottest.Mette)
	if len(got) != 1 {
		t.Fatalf("Mette got %d digests after the downtime, want one make-up run", len(got))
	}
	if !strings.Contains(got[0], "2027-03-22 09:00") {
		t.Errorf("the make-up run is not for the latest Monday:\n%s", got[0])
	}
}

func TestDigestNotSentTwiceAcrossARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	first := newEnv(t, bottest.Options{DBPath: path})
	first.Advance(time.Minute)
	newWish(t, first, "Export to CSV", "")
	advanceTo(first, nextMonday)
	first.Advance(0) // the same minute again: a double fire
	var wg sync.WaitGroup
	for range 4 { // overlapping runs for one time
		wg.Add(1)
		go func() { defer wg.Done(); first.Sched.Tick(first.Ctx(), nextMonday) }()
	}
	wg.Wait()
	first.Settle()
	if n := len(digestsTo(first, bottest.Mette)); n != 1 {
		t.Errorf("Mette got %d digests from double and overlapping runs, want 1", n)
	}
	first.Stop()

	second := newEnv(t, bottest.Options{DBPath: path, Bare: true})
	second.Clock.Set(nextMonday.Add(30 * time.Second))
	second.Advance(0)
	if n := len(digestsTo(second, bottest.Mette)); n != 0 {
		t.Errorf("the restarted bot sent the Monday digest again (%d)", n)
	}
}

// countDigests ticks every minute from start to end and returns the fire times the
// secretariat's digests show.
func countDigests(e *bottest.Env, start, end time.Time) []string {
	e.Clock.Set(start)
	before := len(digestsTo(e, bottest.Mette))
	for e.Clock.Now().Before(end) {
		e.Advance(time.Minute)
	}
	var out []string
	for _, d := range digestsTo(e, bottest.Mette)[before:] {
		_, at, _ := strings.Cut(d, "Sent on schedule at ")
		out = append(out, strings.Split(at, " (")[0])
	}
	return out
}

func TestDigestAcrossDaylightSavingTime(t *testing.T) {
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2027, m, d, h, min, 0, 0, copenhagen) }
	for _, c := range []struct {
		name, cron string
		from, to   time.Time
		want       []string
	}{
		{"09:00 over the March change", "0 9 * * *", at(3, 27, 8, 50), at(3, 28, 9, 10),
			[]string{"2027-03-27 09:00", "2027-03-28 09:00"}},
		{"09:00 over the October change", "0 9 * * *", at(10, 30, 8, 50), at(10, 31, 9, 10),
			[]string{"2027-10-30 09:00", "2027-10-31 09:00"}},
		{"02:30 does not exist on 28 March", "30 2 * * *", at(3, 28, 0, 0), at(3, 28, 5, 0),
			[]string{"2027-03-28 03:30"}},
		{"02:30 occurs twice on 31 October", "30 2 * * *", at(10, 31, 0, 0), at(10, 31, 5, 0),
			[]string{"2027-10-31 02:30"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, bottest.Options{})
			newWish(t, e, "Export to CSV", "")
			e.Clock.Set(c.from.Add(-time.Hour))
			answer(t, e, bottest.Mette, "/tovholder", `schedule secretariat "`+c.cron+`"`)
			if got := countDigests(e, c.from, c.to); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("digests at %q, want %q", got, c.want)
			}
		})
	}
}

func TestDigestOfTheSteeringGroupAndTheSecretariatsPipeline(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Advance(time.Minute)
	economy := plEstimate(t, e, "Contract economy module", 250000)
	alarm := plEstimate(t, e, "Notice-period alarm", 50000)
	if _, err := e.Svc.Recommend(e.Ctx(), actorOf(t, e, bottest.Mette),
		workflow.RecommendInput{WishIDs: []int64{economy}, Title: "Contract economy", Text: "Worth it."}); err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	advanceTo(e, nextMonday)
	jens := digestsTo(e, bottest.Jens)
	if len(jens) != 1 || !bottest.ContainsAll(jens[0], "What awaits the steering group",
		"Recommendations awaiting the steering group's decision (1)", "Recommendation: Contract economy", "/archives/"+bottest.Steering+"/p") {
		t.Errorf("the steering group's digests:\n%s", strings.Join(jens, "\n====\n"))
	}
	mette := strings.Join(digestsTo(e, bottest.Mette), "\n====\n")
	if !bottest.ContainsAll(mette, "What awaits the secretariat", "Estimated wishes awaiting a recommendation to the steering group (1)",
		"#"+itoa(alarm)+" Notice-period alarm") || strings.Contains(mette, "Contract economy module") {
		t.Errorf("the secretariat's digest:\n%s", mette)
	}
}
