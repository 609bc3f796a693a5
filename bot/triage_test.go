package bot_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// wishFor files a wish as Per for group (or none) and returns it with its card in the
// secretariat channel.
func wishFor(t *testing.T, e *bottest.Env, title, group string) (workflow.Wish, slackemu.Message) {
	t.Helper()
	a, err := e.Svc.Actor(context.Background(), bottest.Per)
	if err != nil {
		t.Fatal(err)
	}
	w, err := e.Svc.SubmitWish(context.Background(), a, workflow.WishInput{Title: title,
		Purpose: "Municipalities miss notice deadlines.", Value: "Avoids renewals.", Group: group})
	if err != nil {
		t.Fatal(err)
	}
	e.Settle()
	return w, e.MustFind(bottest.Secretary, "#"+itoa(w.ID)+" "+title)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// now is the message as it is now, after updates in place: the clock moves on past
// the dispatcher's pacing (one update a message a second) so that every update is out.
func now(t *testing.T, e *bottest.Env, m slackemu.Message) string {
	t.Helper()
	e.Advance(2 * time.Second)
	cur, ok := e.Emu.Message(m.Channel, m.TS)
	if !ok {
		t.Fatalf("message %s in %s is gone", m.TS, m.Channel)
	}
	return e.Text(cur)
}

func wishState(t *testing.T, e *bottest.Env, id int64) workflow.Wish {
	t.Helper()
	d, err := e.Svc.Wish(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Wish
}

func TestTriageHandleAsMinorThenDone(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w, card := wishFor(t, e, "New contract role: data protection adviser", "kontrakt")
	if got := e.Text(card); !bottest.ContainsAll(got, "[Send to working group]", "[Handle as minor]", "[Ask for more info]", "[Duplicate of…]", "[Decline]", "[Follow]") {
		t.Fatalf("a submitted wish's card lacks the triage buttons:\n%s", got)
	}
	e.Click(bottest.Mette, card.Channel, card.TS, "Handle as minor")
	got := now(t, e, card)
	if !bottest.ContainsAll(got, "handled by the secretariat", "(@mette", "[Done]", "[Decline]", "[Follow]") || strings.Contains(got, "[Handle as minor]") {
		t.Errorf("card after Handle as minor:\n%s", got)
	}
	if dm := e.Text(e.LastDM(bottest.Per)); !strings.Contains(dm, "is now *handled by the secretariat*") {
		t.Errorf("the submitter was told:\n%s", dm)
	}
	e.Click(bottest.Mette, card.Channel, card.TS, "Done")
	if got := now(t, e, card); !strings.Contains(got, "delivered") || strings.Contains(got, "[Done]") {
		t.Errorf("card after Done:\n%s", got)
	}
	if s := wishState(t, e, w.ID).State; s != workflow.StateDelivered {
		t.Errorf("wish is %s", s)
	}
}

func TestTriageSendToWorkingGroup(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w, card := wishFor(t, e, "Notice-period alarm on contracts", "kontrakt")
	e.Click(bottest.Mette, card.Channel, card.TS, "Send to working group")
	v := e.TopView(bottest.Mette)
	if v.Title != "Send to working group" || !strings.Contains(string(v.JSON), `"initial_option":{"text":{"emoji":false,"text":"IT-kontrakter"`) {
		t.Fatalf("route modal %q does not preselect the submitter's group:\n%s", v.Title, v.JSON)
	}
	e.SubmitForm(bottest.Mette, map[string]string{"Size": "major", "Note (optional)": "A larger initiative."})
	got := now(t, e, card)
	if !bottest.ContainsAll(got, "in assessment", "IT-kontrakter", "major", "(@mette", "A larger initiative.") || strings.Contains(got, "[Handle as minor]") {
		t.Errorf("secretariat card after routing:\n%s", got)
	}
	group := e.MustFind(bottest.Contract, "#1 Notice-period alarm on contracts")
	if got := e.Text(group); !bottest.ContainsAll(got, "[Start consensus poll]", "Coordinator of IT-kontrakter: @soren. The coordinator starts a consensus poll when the group is ready.", "[Follow]") || strings.Contains(got, "[Decline]") {
		t.Errorf("group card:\n%s", got)
	}
	if w := wishState(t, e, w.ID); w.Group != "kontrakt" || w.Size != workflow.SizeMajor {
		t.Errorf("routed wish %+v", w)
	}
	if dm := e.Text(e.LastDM(bottest.Per)); !strings.Contains(dm, "#1") || !strings.Contains(dm, "in assessment") {
		t.Errorf("the submitter was told:\n%s", dm)
	}
	// A group without a coordinator is convened by the secretariat.
	_, card2 := wishFor(t, e, "Show data processors on the system page", "")
	e.Click(bottest.Mette, card2.Channel, card2.TS, "Send to working group")
	e.SubmitForm(bottest.Mette, map[string]string{"Working group": "IT-systemer"})
	if got := e.Text(e.MustFind(bottest.Systems, "#2 Show data processors")); !strings.Contains(got, "IT-systemer has no coordinator, so the secretariat convenes it: @mette") {
		t.Errorf("group card of a group without coordinator:\n%s", got)
	}
}

func TestTriageAskForInfoThenEdit(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w, card := wishFor(t, e, "Notice-period alarm", "kontrakt")
	e.Click(bottest.Mette, card.Channel, card.TS, "Ask for more info")
	e.SubmitForm(bottest.Mette, map[string]string{"Your question to the submitter": "Which contract types? <!channel>"})
	if got := now(t, e, card); !strings.Contains(got, "needs more information") || strings.Contains(got, "[Ask for more info]") {
		t.Errorf("card while waiting:\n%s", got)
	}
	dms := e.Emu.DMs(bottest.Per)
	dm := dms[len(dms)-1]
	if got := e.Text(dm); !bottest.ContainsAll(got, "@mette from the secretariat asks", "Which contract types?", "[Edit wish]") {
		t.Fatalf("question DM:\n%s", got)
	}
	if raw := strings.Join(messageTexts(dm), "\n"); strings.Contains(raw, "<!channel>") || !strings.Contains(raw, "&lt;!channel&gt;") {
		t.Errorf("the question is not escaped:\n%s", raw)
	}
	if strings.Contains(e.Text(dms[len(dms)-2]), "needs more information") {
		t.Errorf("the submitter got the change as well as the question:\n%s", e.Text(dms[len(dms)-2]))
	}
	e.Click(bottest.Per, dm.Channel, dm.TS, "Edit wish")
	v := e.TopView(bottest.Per)
	if v.Title != "Edit wish" || !bottest.ContainsAll(string(v.JSON), "Municipalities miss notice deadlines.", "The secretariat asks") {
		t.Fatalf("edit modal not prefilled:\n%s", e.Emu.RenderView(v))
	}
	e.SubmitForm(bottest.Per, map[string]string{"Description": "All contract types."})
	if got := now(t, e, card); !bottest.ContainsAll(got, "submitted", "(@per", "All contract types.", "[Send to working group]") {
		t.Errorf("card after the edit is not back in triage:\n%s", got)
	}
	if s := wishState(t, e, w.ID).State; s != workflow.StateSubmitted {
		t.Errorf("wish is %s after the edit", s)
	}
}

func TestTriageDeclineAndDuplicate(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	orig, _ := wishFor(t, e, "Notice-period alarm", "kontrakt")
	dup, card := wishFor(t, e, "Alarm before notice periods", "kontrakt")
	e.Slash(bottest.Anna, bottest.UserClub, "/wish", "follow 2")
	e.Click(bottest.Mette, card.Channel, card.TS, "Duplicate of…")
	v := e.TopView(bottest.Mette)
	resp, err := e.Emu.Submit(e.Ctx(), bottest.Mette, v.ID, map[string]map[string]slackemu.Value{"other": {"input": {Value: "the first one"}}})
	if err != nil || resp.Errors["other"] == "" {
		t.Fatalf("a wish number that is no number: %v %v", resp.Errors, err)
	}
	e.SubmitForm(bottest.Mette, map[string]string{"Number of the other wish": "#1"})
	if got := now(t, e, card); !bottest.ContainsAll(got, "duplicate", "of #1") {
		t.Errorf("card of the duplicate:\n%s", got)
	}
	d, err := e.Svc.Wish(e.Ctx(), orig.ID)
	if err != nil || !slices.Contains(d.Followers, bottest.Anna) {
		t.Errorf("Anna does not follow #1 after #2 was marked its duplicate: %v %v", d.Followers, err)
	}
	if dm := e.Text(e.LastDM(bottest.Anna)); !strings.Contains(dm, "#2") || !strings.Contains(dm, "duplicate") {
		t.Errorf("follower was told:\n%s", dm)
	}
	_ = dup
	_, card3 := wishFor(t, e, "Make KITOS pink", "")
	e.Click(bottest.Mette, card3.Channel, card3.TS, "Decline")
	v = e.TopView(bottest.Mette)
	resp, err = e.Emu.Submit(e.Ctx(), bottest.Mette, v.ID, map[string]map[string]slackemu.Value{"reason": {"input": {Value: "   "}}})
	if err != nil || resp.Errors["reason"] != "Please write a reason." {
		t.Fatalf("decline without a reason answered %v %v", resp.Errors, err)
	}
	e.Settle()
	e.SubmitForm(bottest.Mette, map[string]string{"Reason": "Out of scope for KITOS."})
	if got := now(t, e, card3); !bottest.ContainsAll(got, "declined by the secretariat", "Out of scope for KITOS.") || strings.Contains(got, "[Decline]") {
		t.Errorf("declined card:\n%s", got)
	}
	if dm := e.Text(e.LastDM(bottest.Per)); !bottest.ContainsAll(dm, "#3", "declined by the secretariat", "Out of scope for KITOS.") {
		t.Errorf("the submitter was told:\n%s", dm)
	}
}

// mandateCase is one button of the mandate matrix: where it is, who may press it, and
// what pressing it does when allowed.
type mandateCase struct {
	label   string
	setup   func(t *testing.T, e *bottest.Env) slackemu.Message
	allowed []string
	refusal string
	modal   bool // allowed: a modal opens; otherwise the press changes something at once
	// refusedAs overrides refusal for some people, who are told something more exact.
	refusedAs map[string]string
}

const (
	triageRefusal = "Only the secretariat (@mette) can triage wishes. Nothing was changed."
	leadRefusal   = "only the coordinator of IT-kontrakter or the secretariat can do that"
	memberRefusal = "Only members of the working group IT-kontrakter can take a stance"
)

func secretariatCard(t *testing.T, e *bottest.Env) slackemu.Message {
	_, card := wishFor(t, e, "Notice-period alarm", "kontrakt")
	return card
}

func minorCard(t *testing.T, e *bottest.Env) slackemu.Message {
	w, card := wishFor(t, e, "New contract role", "kontrakt")
	if _, err := e.Svc.HandleAsMinor(e.Ctx(), actorOf(t, e, bottest.Mette), w.ID, ""); err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	return card
}

func groupCard(t *testing.T, e *bottest.Env) slackemu.Message {
	w := routedWish(t, e, "Notice-period alarm")
	return e.MustFind(bottest.Contract, "#"+itoa(w.ID)+" ", "[Follow]")
}

func pollMessage(t *testing.T, e *bottest.Env) slackemu.Message {
	_, m := pollWith(t, e)
	return m
}

// pollAfterMemberChanges is a poll message after the secretariat removed Anna from
// the group and added Per, both while the poll was open.
func pollAfterMemberChanges(t *testing.T, e *bottest.Env) slackemu.Message {
	_, m := pollWith(t, e)
	mette := actorOf(t, e, bottest.Mette)
	if _, err := e.Svc.RemoveMembers(e.Ctx(), mette, "kontrakt", []string{bottest.Anna}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.AddMembers(e.Ctx(), mette, "kontrakt", []string{bottest.Per}); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	return m
}

var lateMember = map[string]string{bottest.Per: "You joined IT-kontrakter after this poll started"}

var mandateCases = []mandateCase{
	{"Handle as minor", secretariatCard, []string{bottest.Mette}, triageRefusal, false, nil},
	{"Send to working group", secretariatCard, []string{bottest.Mette}, triageRefusal, true, nil},
	{"Ask for more info", secretariatCard, []string{bottest.Mette}, triageRefusal, true, nil},
	{"Decline", secretariatCard, []string{bottest.Mette}, triageRefusal, true, nil},
	{"Duplicate of…", secretariatCard, []string{bottest.Mette}, triageRefusal, true, nil},
	{"Done", minorCard, []string{bottest.Mette}, triageRefusal, false, nil},
	{"Decline", minorCard, []string{bottest.Mette}, triageRefusal, true, nil},
	{"Start consensus poll", groupCard, []string{bottest.Mette, bottest.Soren}, leadRefusal, true, nil},
	{"Close now", pollMessage, []string{bottest.Mette, bottest.Soren}, leadRefusal, false, nil},
	{"Agree", pollMessage, []string{bottest.Soren, bottest.Anna}, memberRefusal, false, nil},
	{"Abstain", pollMessage, []string{bottest.Soren, bottest.Anna}, memberRefusal, false, nil},
	{"Object", pollMessage, []string{bottest.Soren, bottest.Anna}, memberRefusal, true, nil},
	// Remove a member during a poll (issue 9, item 1): Anna, removed, keeps her say in
	// the poll she was asked in; Per, added after it started, takes no stance in it.
	{"Agree", pollAfterMemberChanges, []string{bottest.Soren, bottest.Anna}, memberRefusal, false, lateMember},
	{"Object", pollAfterMemberChanges, []string{bottest.Soren, bottest.Anna}, memberRefusal, true, lateMember},
	{"Close now", pollAfterMemberChanges, []string{bottest.Mette, bottest.Soren}, leadRefusal, false, nil},
}

// The mandate matrix: each action × the secretariat, a coordinator, a member, a
// member of the user club in no group, and the steering group. A refusal is private,
// says who may, and changes nothing.
func TestMandateMatrix(t *testing.T) {
	who := map[string]string{bottest.Mette: "secretariat", bottest.Soren: "coordinator", bottest.Anna: "member",
		bottest.Per: "non-member", bottest.Jens: "steering"}
	for _, c := range mandateCases {
		t.Run(c.label, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{})
			m := c.setup(t, e)
			for _, u := range []string{bottest.Mette, bottest.Soren, bottest.Anna, bottest.Per, bottest.Jens} {
				if slices.Contains(c.allowed, u) {
					continue
				}
				before, shown := len(events(t, e)), now(t, e, m)
				e.Click(u, m.Channel, m.TS, c.label)
				want := c.refusal
				if r, ok := c.refusedAs[u]; ok {
					want = r
				}
				if got := e.Text(e.LastEphemeral(u)); !strings.Contains(got, want) {
					t.Errorf("%s was told %q, want %q", who[u], got, want)
				}
				if n := len(events(t, e)); n != before || len(e.Emu.OpenViews(u)) != 0 || now(t, e, m) != shown {
					t.Errorf("refusing the %s changed something: %d events, %d modals", who[u], n-before, len(e.Emu.OpenViews(u)))
				}
			}
			for _, u := range c.allowed {
				e := e
				if u != c.allowed[0] && !c.modal {
					e = bottest.New(t, bottest.Options{}) // the first allowed press changed the state
					m = c.setup(t, e)
				}
				before := len(events(t, e))
				e.Click(u, m.Channel, m.TS, c.label)
				switch {
				case c.modal && len(e.Emu.OpenViews(u)) != 1:
					t.Errorf("the %s pressed %q and got no modal", who[u], c.label)
				case !c.modal && len(events(t, e)) == before:
					t.Errorf("the %s pressed %q and nothing happened", who[u], c.label)
				}
			}
		})
	}
}
