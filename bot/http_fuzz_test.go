package bot_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// FuzzSlackRequest: whatever body and headers reach POST /slack/events, the bot never
// panics (in the handler or in the work it starts after the ack); a request without a
// valid, fresh signature is refused with 401 before it is read; a signed request whose
// content cannot be read is refused with a 4xx, never a 5xx.
func FuzzSlackRequest(f *testing.F) {
	for _, c := range []struct {
		body       string
		ct, signed uint8
	}{
		{string(setChannel()), 0, 1},
		{string(setChannel()), 0, 0},
		{string(setChannel()), 0, 2},
		{string(setChannel()), 0, 3},
		{`{"type":"url_verification","challenge":"abc"}`, 1, 1},
		{`{"type":"event_callback","event_id":"Ev1","event":{"type":"app_home_opened","user":"U0ANNA001","tab":"home"}}`, 1, 1},
		{`{"type":"block_actions","user":{"id":"U0ANNA001"},"actions":[{"action_id":"poll.vote.agree","value":"x"}]}`, 2, 1},
		{`{"type":"view_submission","user":{"id":"U0ANNA001"},"view":{"callback_id":"wish.new","state":{"values":{}}}}`, 2, 1},
		{`{"type":"block_actions"}`, 2, 1},
		{`not json`, 2, 1},
		{`{"type":1}`, 1, 1},
		{"%zz=%", 0, 1},
		{"command=%2Fwish&text=withdraw+abc&user_id=U0PER0001&channel_id=C0BRUG001&team_id=T0KITOS01", 0, 1},
		{"", 3, 1},
	} {
		f.Add([]byte(c.body), c.ct, c.signed)
	}
	b := fuzzBot(f)
	h := b.HTTPHandler()
	f.Fuzz(func(t *testing.T, body []byte, ct, signed uint8) {
		contentType := []string{"application/x-www-form-urlencoded", "application/json", "payload", "text/plain"}[ct%4]
		if contentType == "payload" {
			// An interaction: the bytes are the payload of a form.
			body, contentType = []byte(url.Values{"payload": {string(body)}}.Encode()), "application/x-www-form-urlencoded"
		}
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		now := time.Now()
		switch signed % 4 {
		case 1: // signed as Slack signs
			ts := strconv.FormatInt(now.Unix(), 10)
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			req.Header.Set("X-Slack-Signature", slackemu.Sign(ts, body))
		case 2: // signed, but too long ago
			ts := strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10)
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			req.Header.Set("X-Slack-Signature", slackemu.Sign(ts, body))
		case 3: // the bytes as the signature
			req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
			req.Header.Set("X-Slack-Signature", string(body))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		_ = b.Settle(t.Context()) // only the panics of the work after the ack matter here
		switch {
		case signed%4 != 1 && rec.Code != http.StatusUnauthorized:
			t.Fatalf("unsigned request answered %d, want 401", rec.Code)
		case signed%4 == 1 && rec.Code >= 500:
			t.Fatalf("signed %s request answered %d:\n%s\n%q", contentType, rec.Code, rec.Body, body)
		}
	})
}

// fuzzBot is the bot on the emulator and a real database, as bottest.New starts it but
// with a silent log: a fuzz target may not log through the *testing.F.
func fuzzBot(f *testing.F) *bot.Bot {
	emu := slackemu.New()
	f.Cleanup(emu.Close)
	bottest.AddWorkspace(emu)
	db := storagetest.Open(f)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	svc := workflow.New(db, nil, []string{bottest.Admin})
	svc.Location = loc
	client := slack.New(slackemu.BotToken, slack.OptionAPIURL(emu.APIURL()), slack.OptionAppLevelToken(slackemu.AppToken))
	b, err := bot.New(bot.Config{Slack: client, Store: db, Service: svc, Log: zerolog.Nop(), Lang: i18n.English,
		Location: loc, SigningSecret: slackemu.SigningSecret, FollowLocale: true})
	if err != nil {
		f.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = b.Run(ctx) }()
	f.Cleanup(func() { cancel(); <-done })
	return b
}
