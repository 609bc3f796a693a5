package slackemu

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

// newTestServer starts an emulator with two users and a channel, and a real
// slack-go client pointed at it.
func newTestServer(t *testing.T, opts ...Option) (*Server, *slack.Client) {
	t.Helper()
	s := New(opts...)
	t.Cleanup(s.Close)
	s.AddUser(User{ID: "U1", Name: "anna", RealName: "Anna A", Locale: "da-DK", TZ: "Europe/Copenhagen"})
	s.AddUser(User{ID: "U2", Name: "bo", RealName: "Bo B", Locale: "en-US", TZ: "America/New_York"})
	s.AddChannel(Channel{ID: "C1", Name: "general", Members: []string{"U1"}})
	api := slack.New(BotToken, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(AppToken))
	return s, api
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", text, false, false), nil, nil)
}

func TestPostUpdateEphemeralPermalink(t *testing.T) {
	s, api := newTestServer(t)
	ch, ts, err := api.PostMessage("C1", slack.MsgOptionText("hello", false), slack.MsgOptionBlocks(section("*hi* <@U1>")))
	if err != nil {
		t.Fatal(err)
	}
	if ch != "C1" || ts == "" {
		t.Fatalf("PostMessage = %q, %q", ch, ts)
	}
	if _, _, _, err := api.UpdateMessage("C1", ts, slack.MsgOptionText("edited", false)); err != nil {
		t.Fatal(err)
	}
	m, ok := s.Message("C1", ts)
	if !ok || m.Text != "edited" || m.Edits != 1 || len(m.Blocks) != 1 {
		t.Fatalf("Message = %+v, %v", m, ok)
	}
	if got := s.RenderMessage(m); !strings.Contains(got, "*hi* @anna") {
		t.Errorf("RenderMessage = %q", got)
	}
	if _, err := api.PostEphemeral("C1", "U1", slack.MsgOptionText("psst", false)); err != nil {
		t.Fatal(err)
	}
	if e := s.Ephemerals("U1"); len(e) != 1 || e[0].Text != "psst" {
		t.Errorf("Ephemerals = %+v", e)
	}
	link, err := api.GetPermalink(&slack.PermalinkParameters{Channel: "C1", Ts: ts})
	if err != nil || !strings.Contains(link, "/archives/C1/p") {
		t.Errorf("GetPermalink = %q, %v", link, err)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("Violations = %+v", v)
	}
}

func TestWebAPIErrors(t *testing.T) {
	s, api := newTestServer(t)
	s.AddChannel(Channel{ID: "C2", Name: "quiet"})
	s.RemoveMember("C2", BotUserID)
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"channel_not_found", func() error { _, _, err := api.PostMessage("C404", slack.MsgOptionText("x", false)); return err }, "channel_not_found"},
		{"not_in_channel", func() error { _, _, err := api.PostMessage("C2", slack.MsgOptionText("x", false)); return err }, "not_in_channel"},
		{"no_text", func() error { _, _, err := api.PostMessage("C1"); return err }, "no_text"},
		{"message_not_found", func() error {
			_, _, _, err := api.UpdateMessage("C1", "1.000001", slack.MsgOptionText("x", false))
			return err
		}, "message_not_found"},
		{"user_not_in_channel", func() error { _, err := api.PostEphemeral("C1", "U2", slack.MsgOptionText("x", false)); return err }, "user_not_in_channel"},
		{"user_not_found", func() error { _, err := api.GetUserInfo("U404"); return err }, "user_not_found"},
		{"invalid_auth", func() error {
			_, err := slack.New("xoxb-wrong", slack.OptionAPIURL(s.APIURL())).AuthTest()
			return err
		}, "invalid_auth"},
		{"invalid_trigger_id", func() error { _, err := api.OpenView("nope", modal("T")); return err }, "invalid_trigger_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var se slack.SlackErrorResponse
			if !errors.As(err, &se) || se.Err != tt.want {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
		})
	}
}

func TestUsersAndConversations(t *testing.T) {
	s, api := newTestServer(t)
	u, err := api.GetUserInfo("U1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Locale != "da-DK" || u.TZ != "Europe/Copenhagen" || u.Name != "anna" {
		t.Errorf("GetUserInfo = %+v", u)
	}
	ch, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U2"}})
	if err != nil {
		t.Fatal(err)
	}
	ch2, _, _, _ := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U2"}})
	if !strings.HasPrefix(ch.ID, "D") || ch2.ID != ch.ID {
		t.Fatalf("OpenConversation = %q then %q", ch.ID, ch2.ID)
	}
	if _, _, err := api.PostMessage(ch.ID, slack.MsgOptionText("dm", false)); err != nil {
		t.Fatal(err)
	}
	if dms := s.DMs("U2"); len(dms) != 1 || dms[0].Text != "dm" {
		t.Errorf("DMs = %+v", dms)
	}
	var members []string
	s.AddChannel(Channel{ID: "C9", Name: "big", Members: []string{"U1", "U2"}})
	params := &slack.GetUsersInConversationParameters{ChannelID: "C9", Limit: 2}
	for {
		page, next, err := api.GetUsersInConversation(params)
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, page...)
		if next == "" {
			break
		}
		params.Cursor = next
	}
	if diff := cmp.Diff([]string{"U1", "U2", BotUserID}, members); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	info, err := api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: "C1"})
	if err != nil || info.Name != "general" {
		t.Errorf("GetConversationInfo = %+v, %v", info, err)
	}
}

func TestFailureInjection(t *testing.T) {
	s, api := newTestServer(t)
	s.Fail("chat.postMessage", Failure{Status: 500, Times: 1})
	_, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false))
	var sce slack.StatusCodeError
	if !errors.As(err, &sce) || sce.Code != 500 {
		t.Errorf("500: err = %v", err)
	}
	s.Fail("chat.postMessage", Failure{Status: 429, RetryAfter: 7, Times: 1})
	_, _, err = api.PostMessage("C1", slack.MsgOptionText("x", false))
	var rle *slack.RateLimitedError
	if !errors.As(err, &rle) || rle.RetryAfter != 7*time.Second {
		t.Errorf("429: err = %v", err)
	}
	s.Fail("users.info", Failure{Error: "fatal_error"})
	for range 2 {
		if _, err := api.GetUserInfo("U1"); err == nil || err.Error() != "fatal_error" {
			t.Errorf("ok:false: err = %v", err)
		}
	}
	s.ClearFailures()
	if _, err := api.GetUserInfo("U1"); err != nil {
		t.Errorf("after ClearFailures: %v", err)
	}
	if _, _, err = api.PostMessage("C1", slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("after Times ran out: %v", err)
	}
	if _, err := slack.New(BotToken, slack.OptionAPIURL(s.APIURL())).GetBotInfo(slack.GetBotInfoParameters{Bot: "B1"}); err == nil || err.Error() != "unknown_method" {
		t.Errorf("unknown method: err = %v", err)
	}
}

func TestPostRateLimit(t *testing.T) {
	s, api := newTestServer(t)
	var limited error
	for i := range postBurst + 1 {
		if _, _, err := api.PostMessage("C1", slack.MsgOptionText("spam", false)); err != nil {
			limited = err
			if i != postBurst {
				t.Fatalf("limited after %d posts, want %d", i, postBurst)
			}
		}
	}
	var rle *slack.RateLimitedError
	if !errors.As(limited, &rle) || rle.RetryAfter != time.Second {
		t.Fatalf("err = %v, want RateLimitedError of 1s", limited)
	}
	if s.RateLimited() != 1 || len(s.Violations()) != 0 {
		t.Errorf("RateLimited = %d, Violations = %v", s.RateLimited(), s.Violations())
	}
	// Another channel has its own budget.
	s.AddChannel(Channel{ID: "C3", Name: "other"})
	if _, _, err := api.PostMessage("C3", slack.MsgOptionText("ok", false)); err != nil {
		t.Error(err)
	}
}

func TestWaitSeesPost(t *testing.T) {
	s, api := newTestServer(t)
	changes, stop := s.Subscribe()
	defer stop()
	go func() { _, _, _ = api.PostMessage("C1", slack.MsgOptionText("later", false)) }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Wait(ctx, func() bool { return len(s.Messages("C1")) == 1 }); err != nil {
		t.Fatal(err)
	}
	for c := range changes {
		if c.Kind == "message_posted" {
			if c.Channel != "C1" {
				t.Errorf("change = %+v", c)
			}
			break
		}
	}
}
