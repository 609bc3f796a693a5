package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

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
