package bot_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

// meetingStart is 8 March 2027 at 10:00 in Copenhagen.
var meetingStart = time.Date(2027, 3, 8, 9, 0, 0, 0, time.UTC)

// convene opens the Convene modal with /tovholder meeting as user in channel and
// submits form; it returns the submission's response.
func convene(t *testing.T, e *bottest.Env, user, channel, args string, form map[string]string) slackemu.Response {
	t.Helper()
	e.Slash(user, channel, "/tovholder", strings.TrimSpace("meeting "+args))
	if v := e.TopView(user); v.Title != "Convene the group" {
		t.Fatalf("%s sees %q, not the Convene modal:\n%s", user, v.Title, e.Emu.RenderView(v))
	}
	return e.SubmitForm(user, form)
}

// meetingMessage is the meeting's message in the contract group's channel.
func meetingMessage(t *testing.T, e *bottest.Env) slackemu.Message {
	t.Helper()
	return e.MustFind(bottest.Contract, "Meeting of IT-kontrakter")
}

// dmsWith are the DMs to user whose rendering contains part.
func dmsWith(e *bottest.Env, user, part string) []slackemu.Message {
	var out []slackemu.Message
	for _, m := range e.Emu.DMs(user) {
		if strings.Contains(e.Text(m), part) {
			out = append(out, m)
		}
	}
	return out
}

// TestWholeMeeting: convene → answers → reminder the day before → minutes with a
// task → a poll started from the minutes → the user club's post → the task in Home
// and the digest → done.
func TestWholeMeeting(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm")
	resp := convene(t, e, bottest.Soren, bottest.Contract, "", map[string]string{
		"Date": "2027-03-08", "Start": "10:00", "Place or link": "Room 2 <!channel> &",
		"Agenda": "assessment:" + itoa(w.ID), "Other items": "Budget 2028\n<@U0ANNA001> & <b>",
	})
	if len(resp.Errors) > 0 {
		t.Fatalf("convene refused: %v", resp.Errors)
	}
	msg := meetingMessage(t, e)
	text := e.Text(msg)
	if !bottest.ContainsAll(text, "Assess #"+itoa(w.ID)+" Notice-period alarm", "Budget 2028", "1h30m", "[Attend]", "[Write minutes]") {
		t.Errorf("meeting message:\n%s", text)
	}
	if raw := unJSON(msg.BlocksJSON); strings.Contains(raw, "<!channel>") || !strings.Contains(raw, "&lt;@U0ANNA001&gt; &amp; &lt;b&gt;") {
		t.Errorf("hostile text is not escaped:\n%s", raw)
	}
	if !strings.Contains(unJSON(msg.BlocksJSON), "<!date^1804496400^") {
		t.Errorf("the time is not in Slack's date formatting:\n%s", unJSON(msg.BlocksJSON))
	}

	// Answers: Anna attends, Lars cannot, Per is no member.
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Attend")
	e.Click(bottest.Lars, msg.Channel, msg.TS, "Can't attend")
	e.Click(bottest.Per, msg.Channel, msg.TS, "Attend")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "only the members of IT-kontrakter") {
		t.Errorf("Per was told: %s", got)
	}
	e.Advance(10 * time.Second) // updates of one message are coalesced
	msg, _ = e.Emu.Message(msg.Channel, msg.TS)
	if got := e.Text(msg); !bottest.ContainsAll(got, "Attending (1):* @anna", "Can't attend (1):* @lars", "Not answered:* @soren") {
		t.Errorf("answers on the message:\n%s", got)
	}

	// The day before at 10:00: Søren (no answer) and Anna (attending) are reminded, once.
	advanceTo(e, meetingStart.Add(-24*time.Hour-time.Minute))
	if n := len(dmsWith(e, bottest.Anna, "meets soon")); n != 0 {
		t.Errorf("reminded early")
	}
	advanceTo(e, meetingStart.Add(-24*time.Hour))
	e.Advance(time.Minute)
	for who, want := range map[string]int{bottest.Soren: 1, bottest.Anna: 1, bottest.Lars: 0} {
		if got := dmsWith(e, who, "meets soon"); len(got) != want {
			t.Errorf("%s got %d reminders, want %d", who, len(got), want)
		} else if want == 1 && !bottest.ContainsAll(e.Text(got[0]), "Budget 2028", "[Attend]", "[Can't attend]") {
			t.Errorf("reminder:\n%s", e.Text(got[0]))
		}
	}

	// Minutes: not before the start; then a bad task line is named; then published.
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Write minutes")
	if got := e.Text(e.LastEphemeral(bottest.Soren)); !strings.Contains(got, "once the meeting has started") {
		t.Errorf("minutes before the start: %s", got)
	}
	advanceTo(e, meetingStart.Add(time.Hour))
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Write minutes")
	if got := e.Text(e.LastEphemeral(bottest.Anna)); !strings.Contains(got, "only the coordinator of IT-kontrakter or the secretariat") {
		t.Errorf("Anna writing minutes: %s", got)
	}
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Write minutes")
	form := map[string]string{"1. Assess #" + itoa(w.ID) + " Notice-period alarm": "We agree to poll on it.",
		"Decisions": "Poll on the alarm.", "Tasks": "anna: ask the supplier"}
	resp = e.SubmitForm(bottest.Soren, form)
	if !strings.Contains(resp.Errors["tasks"], "Line 1: start with @") {
		t.Errorf("a line without @: %v", resp.Errors)
	}
	form["Tasks"] = "@anna: ask the supplier, by 2027-03-12\n@nobody: x"
	resp = e.SubmitForm(bottest.Soren, form)
	if !strings.Contains(resp.Errors["tasks"], "Line 2: start with @") {
		t.Errorf("an @name of nobody: %v", resp.Errors)
	}
	form["Tasks"] = "@anna: ask the supplier, by 2027-03-12"
	if resp = e.SubmitForm(bottest.Soren, form); len(resp.Errors) > 0 {
		t.Fatalf("minutes refused: %v", resp.Errors)
	}
	th := thread(e, msg)
	if !bottest.ContainsAll(th, "Minutes: IT-kontrakter, meeting of 2027-03-08", "We agree to poll on it.", "Poll on the alarm.",
		"@anna: ask the supplier (by 2027-03-12)", "[Start consensus poll on #"+itoa(w.ID)+"]") {
		t.Errorf("minutes in the thread:\n%s", th)
	}
	club := e.MustFind(bottest.UserClub, "IT-kontrakter* met on 2027-03-08: discussed #"+itoa(w.ID))
	if !strings.Contains(e.Text(club), "Read the minutes") {
		t.Errorf("user club post:\n%s", e.Text(club))
	}
	if got := answer(t, e, bottest.Per, "/wish", itoa(w.ID)); !bottest.ContainsAll(got, "discussed at the meeting of 2027-03-08", "We agree to poll on it.") {
		t.Errorf("the wish's history:\n%s", got)
	}

	// A poll from the minutes: the ordinary poll modal, for this wish.
	var minutes slackemu.Message
	for _, m := range e.Emu.Messages(bottest.Contract) {
		if m.ThreadTS == msg.TS && strings.Contains(e.Text(m), "Start consensus poll on") {
			minutes = m
		}
	}
	e.Click(bottest.Soren, minutes.Channel, minutes.TS, "Start consensus poll on #"+itoa(w.ID))
	e.SubmitForm(bottest.Soren, map[string]string{"Proposal": "Prioritise, high priority"})
	if pollOf(t, e, w).Poll.WishID != w.ID {
		t.Errorf("no poll on the wish from the minutes")
	}

	// The task: in Anna's Home, in Søren's digest (overdue by Monday 15 March), then done.
	if got, _ := home(t, e, bottest.Anna); !bottest.ContainsAll(got, "Your open tasks (1)", "ask the supplier", "[Done]") {
		t.Errorf("Anna's Home:\n%s", got)
	}
	advanceTo(e, time.Date(2027, 3, 15, 8, 0, 0, 0, time.UTC))
	dg := digestsTo(e, bottest.Soren)
	if len(dg) == 0 || !bottest.ContainsAll(dg[len(dg)-1], "Open tasks from the minutes (1)", "Tasks past their due date (1)", "ask the supplier", "[Convene the group]") {
		t.Errorf("Søren's digest:\n%v", dg)
	}
	task := dmsWith(e, bottest.Anna, "You have a task")
	if len(task) != 1 {
		t.Fatalf("Anna got %d task DMs", len(task))
	}
	e.Click(bottest.Lars, task[0].Channel, task[0].TS, "Done")
	e.Click(bottest.Anna, task[0].Channel, task[0].TS, "Done")
	if got := answer(t, e, bottest.Soren, "/tovholder", "tasks kontrakt"); !strings.Contains(got, "There are no open tasks.") {
		t.Errorf("/tovholder tasks after done: %s", got)
	}
}

// TestFindADateWithThreeCandidates: the lead proposes three times, members answer
// each, the message counts them, and Pick this time tells everyone who answered.
func TestFindADateWithThreeCandidates(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "meeting")
	v := e.TopView(bottest.Soren)
	if _, err := e.Emu.ClickInView(e.Ctx(), bottest.Soren, v.ID, "Find a date instead"); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	form := map[string]string{"Candidate 1: date": "2027-03-08", "Candidate 1: start": "10:00",
		"Candidate 2: date": "2027-03-09", "Candidate 2: start": "13:00", "Other items": "Budget 2028"}
	resp := e.SubmitForm(bottest.Soren, map[string]string{"Candidate 1: date": "2027-03-08", "Candidate 1: start": "10:00",
		"Candidate 2: date": "2027-03-08", "Candidate 2: start": "10:00", "Other items": "Budget 2028"})
	if !strings.Contains(resp.Errors["cand1date"], "The same time is given twice") {
		t.Errorf("the same time twice: %v", resp.Errors)
	}
	form["Candidate 3: date"], form["Candidate 3: start"] = "2027-03-10", "09:00"
	if resp = e.SubmitForm(bottest.Soren, form); len(resp.Errors) > 0 {
		t.Fatalf("refused: %v", resp.Errors)
	}
	msg := meetingMessage(t, e)
	if got := e.Text(msg); !bottest.ContainsAll(got, "Finding a date", "[Pick time 3]", "Not answered yet: @anna, @lars, @soren") {
		t.Errorf("message:\n%s", got)
	}
	answer := func(who string, byLabel map[string]string) {
		e.Click(who, msg.Channel, msg.TS, "Answer the times")
		e.SubmitForm(who, byLabel)
	}
	answer(bottest.Anna, map[string]string{"Candidate 1: 2027-03-08 10:00": "No", "Candidate 2: 2027-03-09 13:00": "Yes", "Candidate 3: 2027-03-10 09:00": "If need be"})
	answer(bottest.Lars, map[string]string{"Candidate 2: 2027-03-09 13:00": "If need be"})
	e.Click(bottest.Per, msg.Channel, msg.TS, "Answer the times")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "only the members of IT-kontrakter") {
		t.Errorf("Per was told: %s", got)
	}
	e.Advance(10 * time.Second)
	msg, _ = e.Emu.Message(msg.Channel, msg.TS)
	if got := e.Text(msg); !bottest.ContainsAll(got, "Yes 1 · If need be 1 · No 0", "Not answered yet: @soren") {
		t.Errorf("counts:\n%s", got)
	}
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Pick time 2")
	if got := e.Text(e.LastEphemeral(bottest.Anna)); !strings.Contains(got, "only the coordinator of IT-kontrakter or the secretariat") {
		t.Errorf("Anna picking: %s", got)
	}
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Pick time 2")
	for _, who := range []string{bottest.Anna, bottest.Lars} {
		if got := dmsWith(e, who, "is fixed"); len(got) != 1 || !strings.Contains(e.Text(got[0]), "2027-03-09 13:00") {
			t.Errorf("%s was not told the time: %d", who, len(got))
		}
	}
	if len(dmsWith(e, bottest.Soren, "is fixed")) != 0 {
		t.Errorf("Søren, who did not answer, was told")
	}
	e.Advance(10 * time.Second)
	msg, _ = e.Emu.Message(msg.Channel, msg.TS)
	if got := e.Text(msg); !bottest.ContainsAll(got, "2027-03-09 13:00", "[Attend]") || strings.Contains(got, "Pick time") {
		t.Errorf("the message after the pick:\n%s", got)
	}
}

// TestCancelAndMoveTellThoseWhoAnswered.
func TestCancelAndMoveTellThoseWhoAnswered(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	convene(t, e, bottest.Soren, bottest.Contract, "", map[string]string{"Date": "2027-03-08", "Start": "10:00", "Other items": "Budget"})
	msg := meetingMessage(t, e)
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Attend")
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Move")
	resp := e.SubmitForm(bottest.Soren, map[string]string{"Date": "2027-03-09", "Start": "14:00"})
	if len(resp.Errors) > 0 {
		t.Fatalf("move refused: %v", resp.Errors)
	}
	if got := dmsWith(e, bottest.Anna, "is moved to"); len(got) != 1 || !strings.Contains(e.Text(got[0]), "2027-03-09 14:00") {
		t.Errorf("Anna was not told of the move")
	}
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Cancel meeting")
	if resp := e.SubmitForm(bottest.Soren, map[string]string{"Why is it cancelled?": "The supplier is ill. <!channel>"}); len(resp.Errors) > 0 {
		t.Fatalf("cancel refused: %v", resp.Errors)
	}
	got := dmsWith(e, bottest.Anna, "is cancelled")
	if len(got) != 1 || !strings.Contains(e.Text(got[0]), "The supplier is ill.") || strings.Contains(unJSON(got[0].BlocksJSON), "<!channel>") {
		t.Errorf("Anna was not told of the cancellation, or the reason is not escaped")
	}
	e.Advance(10 * time.Second)
	msg, _ = e.Emu.Message(msg.Channel, msg.TS)
	if got := e.Text(msg); !strings.Contains(got, "Cancelled.") || strings.Contains(got, "[Attend]") {
		t.Errorf("cancelled message:\n%s", got)
	}
	// Reminded of nothing.
	advanceTo(e, time.Date(2027, 3, 8, 12, 0, 0, 0, time.UTC))
	if n := len(dmsWith(e, bottest.Anna, "meets soon")); n != 0 {
		t.Errorf("reminded of a cancelled meeting")
	}
}

// TestConveneRefusesBadInput: a clear answer in the modal, nothing posted.
func TestConveneRefusesBadInput(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	routedWish(t, e, "Notice-period alarm") // the agenda is proposed, and may be unticked
	for _, c := range []struct {
		form  map[string]string
		block string
		says  string
	}{
		{map[string]string{"Date": "2027-02-28", "Start": "10:00", "Other items": "x"}, "date", "That time has passed"},
		{map[string]string{"Date": "2027-03-28", "Start": "02:30", "Other items": "x"}, "start", "2027-03-28 at 02:30 does not exist here"},
		{map[string]string{"Date": "2027-03-08", "Start": "10:00"}, "other", "The agenda is empty"},
		{map[string]string{"Date": "2027-03-08", "Start": "10:00", "Other items": "x", "Duration": "10 hours"}, "duration", "is not a duration"},
	} {
		resp := convene(t, e, bottest.Soren, bottest.Contract, "", c.form)
		if !strings.Contains(resp.Errors[c.block], c.says) {
			t.Errorf("%v: errors %v, want %q beside %s", c.form, resp.Errors, c.says, c.block)
		}
		e.Emu.CloseView(e.Ctx(), bottest.Soren, e.TopView(bottest.Soren).ID)
	}
	if _, ok := e.Find(bottest.Contract, "Meeting of"); ok {
		t.Errorf("a refused meeting was posted")
	}
	e.Slash(bottest.Anna, bottest.Contract, "/tovholder", "meeting")
	if got := e.Text(e.LastEphemeral(bottest.Anna)); !strings.Contains(got, "only the coordinator of IT-kontrakter or the secretariat") {
		t.Errorf("Anna convening: %s", got)
	}
}

// TestMeetingOnTheDaySummerTimeStarts is shown and reminded at its wall-clock time.
func TestMeetingOnTheDaySummerTimeStarts(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	advanceTo(e, time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC))
	convene(t, e, bottest.Soren, bottest.Contract, "", map[string]string{"Date": "2027-03-28", "Start": "10:00", "Other items": "x"})
	msg := meetingMessage(t, e)
	start := time.Date(2027, 3, 28, 10, 0, 0, 0, copenhagen) // 08:00 UTC, summer time
	if raw := unJSON(msg.BlocksJSON); !strings.Contains(raw, "<!date^"+itoa(start.Unix())+"^{date_short_pretty} {time}|2027-03-28 10:00>") {
		t.Errorf("the start is not 10:00 summer time:\n%s", raw)
	}
	dayBefore := time.Date(2027, 3, 27, 10, 0, 0, 0, copenhagen) // winter time
	advanceTo(e, dayBefore.Add(-time.Minute))
	if n := len(dmsWith(e, bottest.Soren, "meets soon")); n != 0 {
		t.Errorf("reminded before 10:00 the day before")
	}
	advanceTo(e, dayBefore)
	if n := len(dmsWith(e, bottest.Soren, "meets soon")); n != 1 {
		t.Errorf("%d reminders at 10:00 the day before, want 1", n)
	}
}

// TestMeetingReminderAcrossARestart: convened, then down while the reminder fell
// due; the restarted bot reminds once, and a second restart does not again.
func TestMeetingReminderAcrossARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	first := newEnv(t, bottest.Options{DBPath: path})
	convene(t, first, bottest.Soren, bottest.Contract, "", map[string]string{"Date": "2027-03-08", "Start": "10:00", "Other items": "x"})
	first.Stop()
	for i, back := range []time.Time{meetingStart.Add(-20 * time.Hour), meetingStart.Add(-19 * time.Hour)} {
		again := newEnv(t, bottest.Options{DBPath: path, Bare: true})
		again.Clock.Set(back)
		again.Advance(0)
		again.Advance(time.Minute)
		want := map[bool]int{true: 1, false: 0}[i == 0]
		if n := len(dmsWith(again, bottest.Soren, "meets soon")); n != want {
			t.Errorf("restart %d: Søren got %d reminders, want %d", i+1, n, want)
		}
		again.Stop()
	}
}

// TestMeetingInDanish: the modal, the message and the answers in Danish.
func TestMeetingInDanish(t *testing.T) {
	e := newEnv(t, bottest.Options{Lang: i18n.Danish})
	for _, u := range e.Emu.Users() {
		u.Locale = "da-DK"
		e.Emu.AddUser(u)
	}
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "meeting")
	if v := e.TopView(bottest.Soren); v.Title != "Indkald gruppen" {
		t.Fatalf("modal %q", v.Title)
	}
	e.SubmitForm(bottest.Soren, map[string]string{"Dato": "2027-03-08", "Start": "10:00", "Andre punkter": "Budget 2028"})
	msg := e.MustFind(bottest.Contract, "Møde i IT-kontrakter")
	if got := e.Text(msg); !bottest.ContainsAll(got, "*Dagsorden*", "*Indkaldt af*", "[Deltager]", "[Kan ikke deltage]", "[Skriv referat]", "[Aflys mødet]") {
		t.Errorf("Danish message:\n%s", got)
	}
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Deltager")
	if got := e.Text(e.LastEphemeral(bottest.Anna)); !strings.Contains(got, "Du deltager i mødet") {
		t.Errorf("Danish answer: %s", got)
	}
}
