package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

const (
	testUser    = "U0ANNA001"
	testChannel = "C0BRUG001"
)

// panicLog counts the panics a bot logs as recovered.
type panicLog struct {
	mu    sync.Mutex
	n     int
	first string // the first line that tells of one, to show in a failure
}

func (l *panicLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := bytes.Count(p, []byte("recovered from a panic")); n > 0 {
		if l.n == 0 {
			l.first = string(p)
		}
		l.n += n
	}
	return len(p), nil
}

func (l *panicLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// socketBot is a running bot on the emulator (one user, one channel) and a real
// database; its log keeps only the count of recovered panics.
func socketBot(tb testing.TB) (*Bot, *slackemu.Server, *slack.Client, *panicLog) {
	tb.Helper()
	emu := slackemu.New()
	tb.Cleanup(emu.Close)
	emu.AddUser(slackemu.User{ID: testUser, Name: "anna", RealName: "Anna Andersen", Locale: "en-US"})
	emu.AddChannel(slackemu.Channel{ID: testChannel, Name: "brugerklubben", Members: []string{testUser}})
	db := storagetest.Open(tb)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	svc := workflow.New(db, nil, nil)
	svc.Location = loc
	client := slack.New(slackemu.BotToken, slack.OptionAPIURL(emu.APIURL()), slack.OptionAppLevelToken(slackemu.AppToken))
	panics := &panicLog{}
	b, err := New(Config{Slack: client, Store: db, Service: svc, Log: zerolog.New(panics).Level(zerolog.ErrorLevel),
		Lang: i18n.English, Location: loc, SigningSecret: slackemu.SigningSecret})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = b.Run(ctx) }()
	tb.Cleanup(func() { cancel(); <-done })
	return b, emu, client, panics
}

// clickFrame is the Socket Mode frame the emulator sends for a click on the Follow
// button of a 40-block message, as the bot's connection reads it.
func clickFrame(tb testing.TB) []byte {
	tb.Helper()
	b, emu, client, _ := socketBot(tb)
	emu.UseSocketMode()
	frames := make(chan []byte, 1)
	o := defaultSocketOptions()
	o.onFrame = func(f []byte) {
		if env, err := parseEnvelope(f); err == nil && env.Type == envInteractive {
			select {
			case frames <- bytes.Clone(f):
			default:
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	done := make(chan struct{})
	go func() { defer close(done); _ = b.runSocket(ctx, client, o) }()
	defer func() { cancel(); <-done }()
	if err := emu.WaitSocket(ctx); err != nil {
		tb.Fatal(err)
	}
	blocks := make([]slack.Block, 0, 40)
	for i := range 39 {
		text := fmt.Sprintf("*Line %d* of a long message, with a <https://example.org/%d|link> and some words to read.", i, i)
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil))
	}
	blocks = append(blocks, slack.NewActionBlock("follow", slack.NewButtonBlockElement(view.ActFollow, "1",
		slack.NewTextBlockObject(slack.PlainTextType, "Follow", false, false))))
	_, ts, err := client.PostMessage(testChannel, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText("A long message", false))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := emu.Click(ctx, testUser, testChannel, ts, "Follow"); err != nil {
		tb.Fatal(err)
	}
	_ = b.Settle(ctx)
	return <-frames
}

// slackGoDecode is what slack-go's socketmode did with every interactive frame: the
// envelope, then the whole interaction, clicked message and all.
func slackGoDecode(frame []byte) (*slack.InteractionCallback, error) {
	var req socketmode.Request
	if err := json.Unmarshal(frame, &req); err != nil {
		return nil, err
	}
	var ic slack.InteractionCallback
	return &ic, json.Unmarshal(req.Payload, &ic)
}

// socketDecode is what the bot's connection does with it: the envelope's header, then
// the one decode of the payload, without the clicked message.
func socketDecode(frame []byte) (payload, error) {
	env, err := parseEnvelope(frame)
	if err != nil {
		return payload{}, err
	}
	return decodePayload(&env)
}

// A click over Socket Mode is decoded once, without the clicked message: the handler
// gets the action, at a fraction of the allocations of slack-go's full decode.
func TestSocketClickIsDecodedOnce(t *testing.T) {
	frame := clickFrame(t)
	full, err := slackGoDecode(frame)
	if err != nil || len(full.Message.Blocks.BlockSet) != 40 {
		t.Fatalf("the frame holds no 40-block message: %v, %d blocks", err, len(full.Message.Blocks.BlockSet))
	}
	p, err := socketDecode(frame)
	if err != nil {
		t.Fatal(err)
	}
	acts := p.ic.ActionCallback.BlockActions
	if len(acts) != 1 || acts[0].ActionID != view.ActFollow || acts[0].Value != "1" || p.ic.User.ID != testUser || p.ic.TriggerID == "" || p.ic.ResponseURL == "" {
		t.Errorf("decoded %+v", p.ic)
	}
	if n := len(p.ic.Message.Blocks.BlockSet); n != 0 {
		t.Errorf("the clicked message was decoded: %d blocks", n)
	}
	slackGo := testing.AllocsPerRun(50, func() { _, _ = slackGoDecode(frame) })
	once := testing.AllocsPerRun(50, func() { _, _ = socketDecode(frame) })
	t.Logf("allocations per click frame of %d bytes: slack-go %.0f, decoded once %.0f", len(frame), slackGo, once)
	if once*4 > slackGo {
		t.Errorf("decoding a click allocates %.0f times, slack-go's full decode %.0f: want at most a quarter", once, slackGo)
	}
}

// BenchmarkSocketClickDecode compares slack-go's full decode of a click frame with the
// bot's, on the same frame in the same run.
func BenchmarkSocketClickDecode(b *testing.B) {
	frame := clickFrame(b)
	b.Run("slack-go", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = slackGoDecode(frame)
		}
	})
	b.Run("once", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = socketDecode(frame)
		}
	})
}

// FuzzSocketEnvelope: whatever frame arrives, the envelope decoder never panics; an
// envelope the bot handles is acked exactly once, with an answer only for an
// interaction; a payload that decodes has what its handler needs; no handler, before
// the ack or after it, panics.
func FuzzSocketEnvelope(f *testing.F) {
	for _, s := range []string{
		`{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"},"debug_info":{"host":"h","approximate_connection_time":3600}}`,
		`{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"h"}}`,
		`{"type":"slash_commands","envelope_id":"e1","accepts_response_payload":true,"payload":{"team_id":"T1","channel_id":"` + testChannel + `","user_id":"` + testUser + `","command":"/wish","text":"help","response_url":"http://127.0.0.1:1/r","trigger_id":"1.2.3"}}`,
		`{"type":"interactive","envelope_id":"e2","accepts_response_payload":true,"payload":{"type":"block_actions","user":{"id":"` + testUser + `"},"channel":{"id":"` + testChannel + `"},"message":{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x"}}]},"actions":[{"action_id":"wish.follow","value":"1","type":"button"}]}}`,
		`{"type":"interactive","envelope_id":"e3","accepts_response_payload":true,"payload":{"type":"view_submission","user":{"id":"` + testUser + `"},"view":{"callback_id":"wish.new","state":{"values":{}}}}}`,
		`{"type":"interactive","envelope_id":"e4","accepts_response_payload":true,"payload":{"type":"message_action","callback_id":"wish.from_message","user":{"id":"` + testUser + `"},"message":{"text":"x","ts":"1.2"}}}`,
		`{"type":"events_api","envelope_id":"e5","retry_attempt":1,"retry_reason":"timeout","accepts_response_payload":false,"payload":{"type":"event_callback","event_id":"Ev1","event":{"type":"app_home_opened","user":"` + testUser + `","tab":"home"}}}`,
		`{"type":"interactive","envelope_id":"e9","payload":{"type":"view_submission","user":{"id":"` + testUser + `"},"view":{"callback_id":"no.such.modal"}}}`,
		`{"type":"interactive","envelope_id":"e10","payload":{"type":"view_submission","user":{"id":"` + testUser + `"},"view":{"callback_id":"wish.new"}}}`,
		`{"type":"apps_notice","envelope_id":"e6","payload":{}}`,
		`{"type":"interactive","envelope_id":"e7","payload":"x"}`,
		`{"type":"interactive","envelope_id":"e8","retry_attempt":"1"}`,
		`{"type":"events_api"`,
		``,
	} {
		f.Add([]byte(s))
	}
	b, _, _, panics := socketBot(f)
	seq := 0
	f.Fuzz(func(t *testing.T, frame []byte) {
		env, err := parseEnvelope(frame)
		var generic struct {
			EnvelopeID any `json:"envelope_id"`
		}
		if json.Unmarshal(frame, &generic) == nil {
			if id, ok := generic.EnvelopeID.(string); ok && id != env.EnvelopeID {
				t.Fatalf("envelope_id %q read as %q", id, env.EnvelopeID)
			}
		}
		if err != nil || (env.Type != envSlash && env.Type != envInteractive && env.Type != envEvents) {
			return // the reader acks what it can of these, and handles nothing
		}
		if p, err := decodePayload(&env); err == nil {
			switch {
			case env.Type == envSlash && (p.slash.Command == "" || p.slash.UserID == ""):
				t.Fatalf("a slash command without command or user: %+v", p.slash)
			case env.Type == envInteractive && (p.ic == nil || p.ic.User.ID == ""):
				t.Fatalf("an interaction without user: %+v", p.ic)
			}
		}
		if env.EnvelopeID != "" {
			// A new id each time: a repeated one would only be acked as redelivered.
			seq++
			env.EnvelopeID += "-" + strconv.Itoa(seq)
		}
		acks, before := 0, panics.count()
		var answer any
		b.handleEnvelope(t.Context(), &env, func(p any) { acks++; answer = p })
		if acks != 1 {
			t.Fatalf("acked %d times", acks)
		}
		if answer != nil && env.Type != envInteractive {
			t.Fatalf("a %s envelope acked with an answer", env.Type)
		}
		_ = b.Settle(t.Context())
		if n := panics.count() - before; n > 0 {
			t.Fatalf("%d panics recovered handling %q; the first of the run: %s", n, frame, panics.first)
		}
	})
}
