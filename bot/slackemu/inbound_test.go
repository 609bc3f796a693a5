package slackemu

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// fakeApp is a tiny HTTP-mode app: it verifies signatures with slack-go,
// records what it parsed and answers with reply.
type fakeApp struct {
	mu    sync.Mutex
	slash []slack.SlashCommand
	ics   []slack.InteractionCallback
	evs   []slackevents.EventsAPIEvent
	reply func(kind string) (int, string)
}

func (a *fakeApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	sv, err := slack.NewSecretsVerifier(r.Header, SigningSecret)
	if err == nil {
		_, _ = sv.Write(body)
		err = sv.Ensure()
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	kind := a.parse(r, body)
	status, out := http.StatusOK, ""
	if a.reply != nil {
		status, out = a.reply(kind)
	}
	if len(out) > 0 && out[0] == '{' {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, out)
}

func (a *fakeApp) parse(r *http.Request, body []byte) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.Header.Get("Content-Type") == "application/json" {
		ev, _ := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		a.evs = append(a.evs, ev)
		return "event"
	}
	if bytes.HasPrefix(body, []byte("payload=")) {
		ic, _ := slack.InteractionCallbackParse(r)
		a.ics = append(a.ics, ic)
		return string(ic.Type)
	}
	sc, _ := slack.SlashCommandParse(r)
	a.slash = append(a.slash, sc)
	return "slash"
}

func (a *fakeApp) lastIC() slack.InteractionCallback {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.ics[len(a.ics)-1]
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestHTTPSignedRequests(t *testing.T) {
	s, _ := newTestServer(t)
	app := &fakeApp{reply: func(kind string) (int, string) {
		if kind == "slash" {
			return 200, `{"response_type":"ephemeral","text":"Hej &lt;du&gt;"}`
		}
		return 200, ""
	}}
	srv := httptest.NewServer(app)
	defer srv.Close()
	s.UseHTTP(srv.URL)
	ctx := ctxT(t)

	if _, err := s.SlashCommand(ctx, "U1", "C1", "/tovholder", "help me"); err != nil {
		t.Fatal(err)
	}
	got := app.slash[0]
	want := slack.SlashCommand{
		Token: "emulator-verification-token", TeamID: TeamID, TeamDomain: TeamDomain, ChannelID: "C1",
		ChannelName: "general", UserID: "U1", UserName: "anna", Command: "/tovholder", Text: "help me",
		APIAppID: AppID, ResponseURL: got.ResponseURL, TriggerID: got.TriggerID,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("slash command (-want +got):\n%s", diff)
	}
	if e := s.Ephemerals("U1"); len(e) != 1 || RenderMessage(e[0]) != "(only visible to you)\nHej <du>\n" {
		t.Errorf("Ephemerals = %+v", e)
	}

	id, _, err := s.SendEvent(ctx, map[string]any{"type": "app_mention", "user": "U1", "channel": "C1", "text": "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redeliver(ctx, id); err != nil {
		t.Fatal(err)
	}
	if len(app.evs) != 2 || app.evs[0].Type != slackevents.CallbackEvent {
		t.Fatalf("events = %+v", app.evs)
	}

	// Tampering is caught by slack-go's verifier.
	resp, err := s.SignedRequest(ctx, "application/json", []byte(`{}`), func(r *http.Request) {
		r.Header.Set("X-Slack-Request-Timestamp", "1531420618")
	})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("stale timestamp: status %d", resp.StatusCode)
	}
}

func TestClickAndSubmitPayloads(t *testing.T) {
	s, api := newTestServer(t)
	reply := "{}"
	app := &fakeApp{reply: func(kind string) (int, string) {
		if kind == "view_submission" {
			return 200, reply
		}
		return 200, ""
	}}
	srv := httptest.NewServer(app)
	defer srv.Close()
	s.UseHTTP(srv.URL)
	ctx := ctxT(t)

	btn := slack.NewButtonBlockElement("poll.vote.agree", "42", plain("Agree"))
	_, ts, err := api.PostMessage("C1", slack.MsgOptionText("Vote", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("vote", btn)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Click(ctx, "U1", "C1", ts, "Disagree"); err == nil {
		t.Error("Click on a missing label succeeded")
	}
	if _, err := s.Click(ctx, "U1", "C1", ts, "Agree"); err != nil {
		t.Fatal(err)
	}
	ic := app.lastIC()
	a := ic.ActionCallback.BlockActions[0]
	if ic.Type != slack.InteractionTypeBlockActions || a.ActionID != "poll.vote.agree" || a.Value != "42" || a.BlockID != "vote" ||
		ic.Container.Type != "message" || ic.Container.MessageTs != ts || ic.Container.ChannelID != "C1" || ic.User.ID != "U1" {
		t.Fatalf("block_actions parsed as %+v / %+v", ic, a)
	}

	// The click's trigger opens a modal once, within three seconds.
	in := slack.NewInputBlock("when", plain("When"), nil, slack.NewDatePickerBlockElement("date"))
	choice := slack.NewOptionsSelectBlockElement("static_select", plain("Pick"), "pick",
		slack.NewOptionBlockObject("a", plain("Alpha"), nil), slack.NewOptionBlockObject("b", plain("Beta"), nil))
	mv := modal("Plan", in, slack.NewInputBlock("what", plain("What"), nil, choice))
	mv.Submit, mv.CallbackID = plain("Save"), "plan"
	vr, err := api.OpenView(ic.TriggerID, mv)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.OpenView(ic.TriggerID, mv); err == nil || err.Error() != "exchanged_trigger_id" {
		t.Errorf("second use: %v", err)
	}

	reply = `{"response_action":"errors","errors":{"when":"Not in the past"}}`
	resp, err := s.SubmitForm(ctx, "U1", vr.ID, map[string]string{"When": "2026-01-31", "What": "Beta"})
	if err != nil {
		t.Fatal(err)
	}
	vals := app.lastIC().View.State.Values
	if vals["when"]["date"].SelectedDate != "2026-01-31" || vals["what"]["pick"].SelectedOption.Value != "b" {
		t.Errorf("state values = %+v", vals)
	}
	if resp.Errors["when"] != "Not in the past" || len(s.OpenViews("U1")) != 1 {
		t.Errorf("errors ack: %+v, open %d", resp, len(s.OpenViews("U1")))
	}
	reply = ""
	if _, err := s.Submit(ctx, "U1", vr.ID, map[string]map[string]Value{"when": {"date": {SelectedDate: "2026-02-01"}}}); err != nil {
		t.Fatal(err)
	}
	if len(s.OpenViews("U1")) != 0 || len(s.Violations()) != 0 {
		t.Errorf("after empty ack: open %v, violations %v", s.OpenViews("U1"), s.Violations())
	}
}

func TestTriggerExpiry(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s, api := newTestServer(t, WithClock(clock))
	trigger := s.mintTrigger("U1", "C1", "")
	mu.Lock()
	now = now.Add(4 * time.Second)
	mu.Unlock()
	if _, err := api.OpenView(trigger, modal("Late")); err == nil || err.Error() != "expired_trigger_id" {
		t.Errorf("err = %v, want expired_trigger_id", err)
	}
}

func TestSocketMode(t *testing.T) {
	s, api := newTestServer(t, WithPingInterval(50*time.Millisecond))
	s.UseSocketMode()
	client := socketmode.New(api)
	ctx := ctxT(t)
	go func() { _ = client.RunContext(ctx) }()
	go func() {
		for evt := range client.Events {
			if evt.Type == socketmode.EventTypeSlashCommand {
				cmd := evt.Data.(slack.SlashCommand)
				client.Ack(*evt.Request, map[string]any{"text": "pong " + cmd.Text})
			}
		}
	}()
	if _, err := s.SlashCommand(ctx, "U1", "C1", "/tovholder", "1"); err != nil {
		t.Fatal(err)
	}
	s.Disconnect("refresh_requested")
	if err := s.Wait(ctx, func() bool { return s.SocketConnects() == 2 && s.SocketConnected() }); err != nil {
		t.Fatal(err)
	}
	resp, err := s.SlashCommand(ctx, "U1", "C1", "/tovholder", "2")
	if err != nil {
		t.Fatal(err)
	}
	var ack map[string]string
	if err := json.Unmarshal(resp.Body, &ack); err != nil || ack["text"] != "pong 2" {
		t.Errorf("ack = %s (%v)", resp.Body, err)
	}
	var texts []string
	for _, m := range s.Ephemerals("U1") {
		texts = append(texts, m.Text)
	}
	if diff := cmp.Diff([]string{"pong 1", "pong 2"}, texts); diff != "" {
		t.Errorf("ephemerals (-want +got):\n%s", diff)
	}
	if _, err := slack.New(AppToken, slack.OptionAPIURL(s.APIURL())).AuthTest(); !errors.As(err, new(slack.SlackErrorResponse)) {
		t.Errorf("app token on auth.test: %v", err)
	}
}
