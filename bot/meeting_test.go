package bot_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
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

// TestVacantGroupVolunteers: the systems group has no coordinator; the secretariat
// convenes it; Kirsten volunteers and is declined, volunteers again and is confirmed,
// then steps down.
func TestVacantGroupVolunteers(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	if resp := convene(t, e, bottest.Mette, bottest.Secretary, "systemer", map[string]string{"Date": "2027-03-08", "Start": "10:00", "Other items": "Kick-off"}); len(resp.Errors) > 0 {
		t.Fatalf("the secretariat convening a vacant group: %v", resp.Errors)
	}
	e.MustFind(bottest.Systems, "Meeting of IT-systemer")
	if got, _ := home(t, e, bottest.Kirsten); !bottest.ContainsAll(got, "IT-systemer", "next meeting", "[Volunteer as coordinator]") {
		t.Errorf("Kirsten's Home:\n%s", got)
	}
	e.Slash(bottest.Per, bottest.Systems, "/tovholder", "group volunteer systemer")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "only a member of IT-systemer") {
		t.Errorf("Per volunteering: %s", got)
	}
	e.Slash(bottest.Kirsten, bottest.Systems, "/tovholder", "group volunteer systemer")
	ask := e.MustFind(bottest.Secretary, "volunteers as coordinator of *IT-systemer*")
	e.Click(bottest.Anna, ask.Channel, ask.TS, "Confirm")
	e.Click(bottest.Mette, ask.Channel, ask.TS, "Decline")
	if got := dmsWith(e, bottest.Kirsten, "did not confirm you"); len(got) != 1 {
		t.Errorf("Kirsten was not told of the decline")
	}
	e.Slash(bottest.Kirsten, bottest.Systems, "/tovholder", "group volunteer systemer")
	ask = e.MustFind(bottest.Secretary, "volunteers as coordinator", "[Confirm]")
	e.Click(bottest.Mette, ask.Channel, ask.TS, "Confirm")
	e.MustFind(bottest.Systems, "@kirsten is now the coordinator of *IT-systemer*")
	if got := answer(t, e, bottest.Mette, "/tovholder", "group list"); !strings.Contains(got, "IT-systemer") || !strings.Contains(got, "@kirsten") || !strings.Contains(got, "next meeting: 2027-03-08 10:00") {
		t.Errorf("group list:\n%s", got)
	}
	es, err := e.DB.Events(e.Ctx(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var volunteered, confirmed bool
	for _, ev := range es {
		volunteered = volunteered || ev.Kind == "coordinator.volunteered" && ev.Actor == bottest.Kirsten
		confirmed = confirmed || ev.Kind == "coordinator.confirmed" && ev.Actor == bottest.Mette
	}
	if !volunteered || !confirmed {
		t.Errorf("audit log: volunteered %v, confirmed %v", volunteered, confirmed)
	}
	e.Slash(bottest.Kirsten, bottest.Systems, "/tovholder", "group step-down systemer")
	e.MustFind(bottest.Secretary, "@kirsten stepped down as coordinator of *IT-systemer*")
	vac := e.MustFind(bottest.Systems, "has no coordinator now", "[Volunteer as coordinator]")
	e.Click(bottest.Kirsten, vac.Channel, vac.TS, "Volunteer as coordinator")
	e.MustFind(bottest.Secretary, "volunteers as coordinator", "[Confirm]")
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

// TestMeetingMessageWithinSlackLimits: ten agenda items with long titles, five
// candidates and thirty members' answers stay within Block Kit's limits (the
// emulator fails the test otherwise); so do minutes with a long note per item.
func TestMeetingMessageWithinSlackLimits(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	voters := addVoters(t, e, 27) // with Søren, Anna and Lars: 30 members
	for i := range 12 {
		w, err := e.Svc.SubmitWish(e.Ctx(), actorOf(t, e, bottest.Per), workflow.WishInput{Title: itoa(int64(i)) + strings.Repeat(" Langt ønske <!channel> &", 5),
			Purpose: "p", Value: "v", Group: "kontrakt"})
		if err == nil {
			_, err = e.Svc.RouteToGroup(e.Ctx(), actorOf(t, e, bottest.Mette), w.ID, "kontrakt", workflow.SizeNormal, "")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	drain(e)
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "meeting")
	v := e.TopView(bottest.Soren)
	if got := e.Emu.RenderView(v); !strings.Contains(got, "2 more in the queue") {
		t.Errorf("the hint does not name the items left out:\n%s", got)
	}
	var keys []string
	for i := 1; i <= 10; i++ {
		keys = append(keys, "assessment:"+itoa(int64(i)))
	}
	if _, err := e.Emu.ClickInView(e.Ctx(), bottest.Soren, v.ID, "Find a date instead"); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	form := map[string]string{"Agenda": strings.Join(keys, ","), "Other items": strings.Repeat("x", 190) + "\n" + strings.Repeat("y", 190)}
	for i := 1; i <= 5; i++ {
		form["Candidate "+itoa(int64(i))+": date"] = "2027-03-1" + itoa(int64(i))
		form["Candidate "+itoa(int64(i))+": start"] = "10:00"
	}
	if resp := e.SubmitForm(bottest.Soren, form); len(resp.Errors) > 0 {
		t.Fatalf("refused: %v", resp.Errors)
	}
	d, err := e.Svc.NextMeetings(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	m := d["kontrakt"]
	for _, u := range append(voters, bottest.Anna, bottest.Lars) {
		if err := e.Svc.Answer(e.Ctx(), actorOf(t, e, u), m.ID, map[int]workflow.Reply{1: workflow.ReplyYes, 2: workflow.ReplyMaybe, 5: workflow.ReplyNo}); err != nil {
			t.Fatal(err)
		}
	}
	drain(e)
	msg := meetingMessage(t, e)
	if n := len(msg.Blocks); n > 50 {
		t.Errorf("%d blocks", n)
	}
	if _, err := e.Svc.PickTime(e.Ctx(), actorOf(t, e, bottest.Soren), m.ID, 1); err != nil {
		t.Fatal(err)
	}
	for _, u := range voters {
		if err := e.Svc.Answer(e.Ctx(), actorOf(t, e, u), m.ID, map[int]workflow.Reply{0: workflow.ReplyYes}); err != nil {
			t.Fatal(err)
		}
	}
	advanceTo(e, time.Date(2027, 3, 11, 10, 0, 0, 0, time.UTC))
	msg, _ = e.Emu.Message(msg.Channel, msg.TS)
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Write minutes")
	values := map[string]map[string]slackemu.Value{"decisions": {"input": {Value: strings.Repeat("Beslutning & <!here> ", 140)}}}
	for i := range 12 {
		values["note"+itoa(int64(i))] = map[string]slackemu.Value{"input": {Value: strings.Repeat("Note <@U0ANNA001> & ", 145)}}
	}
	v = e.TopView(bottest.Soren)
	resp, err := e.Emu.Submit(e.Ctx(), bottest.Soren, v.ID, values)
	if err != nil || len(resp.Errors) > 0 {
		t.Fatalf("minutes refused: %v %v", err, resp.Errors)
	}
	e.Settle()
	if th := thread(e, msg); !strings.Contains(th, "Minutes:") {
		t.Errorf("no minutes in the thread")
	}
}

// drain lets the paced posts to busy channels go out: a few a second per channel.
func drain(e *bottest.Env) {
	for range 30 {
		e.Advance(2 * time.Second)
	}
}

// TestMinutesRefuseAnOwnerOutsideTheWorkspace and a note over the limit, beside the
// input, and nothing is published.
func TestMinutesRefuseAnOwnerOutsideTheWorkspace(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	convene(t, e, bottest.Soren, bottest.Contract, "", map[string]string{"Date": "2027-03-08", "Start": "10:00", "Other items": "Budget"})
	msg := meetingMessage(t, e)
	advanceTo(e, meetingStart)
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Write minutes")
	v := e.TopView(bottest.Soren)
	rich := map[string]any{"type": "rich_text", "elements": []any{map[string]any{"type": "rich_text_section", "elements": []any{
		map[string]any{"type": "user", "user_id": bottest.Anna}, map[string]any{"type": "text", "text": ": fine\n"},
		map[string]any{"type": "user", "user_id": "U0GHOST01"}, map[string]any{"type": "text", "text": ": who?"},
	}}}}
	resp, err := e.Emu.Submit(e.Ctx(), bottest.Soren, v.ID, map[string]map[string]slackemu.Value{"tasks": {"input": {RichText: rich}}})
	if err != nil || !strings.Contains(resp.Errors["tasks"], "Line 2:") || !strings.Contains(resp.Errors["tasks"], "is not in this workspace") {
		t.Errorf("an owner outside the workspace: %v %v", err, resp.Errors)
	}
	resp, err = e.Emu.Submit(e.Ctx(), bottest.Soren, v.ID, map[string]map[string]slackemu.Value{"note0": {"input": {Value: strings.Repeat("x", 5000)}}})
	if err != nil || !strings.Contains(resp.Errors["note0"], "At most 3000 characters") {
		t.Errorf("a 5,000-character note: %v", resp.Errors)
	}
	e.Settle()
	if th := thread(e, msg); th != "" {
		t.Errorf("refused minutes were published:\n%s", th)
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

// TestCoordinatorSetToNoneAsksForAVolunteer: the group's channel is told, with
// Volunteer as coordinator, and convening falls to the secretariat.
func TestCoordinatorSetToNoneAsksForAVolunteer(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Slash(bottest.Admin, bottest.Secretary, "/tovholder", "group coordinator kontrakt none")
	vac := e.MustFind(bottest.Contract, "*IT-kontrakter* has no coordinator now", "[Volunteer as coordinator]")
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "meeting")
	if got := e.Text(e.LastEphemeral(bottest.Soren)); !strings.Contains(got, "only the coordinator of IT-kontrakter or the secretariat") {
		t.Errorf("the former coordinator convening: %s", got)
	}
	e.Click(bottest.Anna, vac.Channel, vac.TS, "Volunteer as coordinator")
	e.MustFind(bottest.Secretary, "@anna volunteers as coordinator of *IT-kontrakter*", "[Confirm]")
	e.Click(bottest.Lars, vac.Channel, vac.TS, "Volunteer as coordinator")
	ask := e.MustFind(bottest.Secretary, "@lars volunteers", "[Confirm]")
	first := e.MustFind(bottest.Secretary, "@anna volunteers", "[Confirm]")
	e.Click(bottest.Mette, first.Channel, first.TS, "Confirm")
	e.Advance(10 * time.Second)
	ask, _ = e.Emu.Message(ask.Channel, ask.TS)
	if got := e.Text(ask); strings.Contains(got, "[Confirm]") || !strings.Contains(got, "not confirmed") {
		t.Errorf("the other volunteer's message after the confirm:\n%s", got)
	}
}
