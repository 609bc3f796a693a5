package bot_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// posts counts the chat.postMessage calls to channel (any channel for ""), by outcome.
func posts(e *bottest.Env, channel string) (ok, failed int) {
	for _, c := range e.Emu.CallsTo("chat.postMessage") {
		if channel != "" && c.Params.Get("channel") != channel {
			continue
		}
		if c.Status == 200 && c.Error == "" {
			ok++
		} else {
			failed++
		}
	}
	return ok, failed
}

// delivered checks that the wish's receipt and card each arrived exactly once.
func delivered(t *testing.T, e *bottest.Env, title string) {
	t.Helper()
	if n := len(e.Emu.DMs(bottest.Per)); n != 1 {
		t.Errorf("%d receipts to the submitter, want 1", n)
	}
	cards := 0
	for _, m := range e.Emu.Messages(bottest.Secretary) {
		if strings.Contains(e.Text(m), title) {
			cards++
		}
	}
	if cards != 1 {
		t.Errorf("%d cards in the secretariat channel, want 1:\n%s", cards, e.Dump(bottest.Secretary))
	}
	pending, dead, err := e.DB.OutboxStats(context.Background())
	if err != nil || pending != 0 || dead != 0 {
		t.Errorf("outbox: %d pending, %d dead, %v", pending, dead, err)
	}
}

func TestOutboxDeliversOnceWhenSlackComesBack(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	e.Emu.Fail("chat.postMessage", slackemu.Failure{Status: 500, Times: 5})
	submit(t, e, bottest.Per, "Notice-period alarm")
	e.Settle()
	_, failed := posts(e, "")
	if failed != 2 {
		t.Fatalf("%d failed posts, want the receipt and the card tried once each", failed)
	}
	e.Settle()
	if _, again := posts(e, ""); again != failed {
		t.Errorf("retried before the backoff: %d failed posts, was %d", again, failed)
	}
	for range 8 {
		e.Advance(time.Minute)
	}
	ok, failed := posts(e, "")
	if ok != 2 || failed != 5 {
		t.Errorf("posts: %d delivered, %d failed; want 2 and 5", ok, failed)
	}
	delivered(t, e, "#1 Notice-period alarm")
}

func TestOutboxHonoursRetryAfter(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	e.Emu.Fail("chat.postMessage", slackemu.Failure{Status: 429, RetryAfter: 30, Times: 1})
	submit(t, e, bottest.Per, "Notice-period alarm")
	e.Settle()
	if ok, failed := posts(e, ""); ok != 0 || failed != 1 {
		t.Fatalf("posts: %d delivered, %d failed; want the first refused and nothing else tried", ok, failed)
	}
	e.Advance(29 * time.Second)
	if ok, failed := posts(e, ""); ok != 0 || failed != 1 {
		t.Errorf("posted before Retry-After: %d delivered, %d failed", ok, failed)
	}
	e.Advance(2 * time.Second)
	if ok, _ := posts(e, ""); ok != 2 {
		t.Errorf("%d posts delivered after Retry-After, want 2", ok)
	}
	delivered(t, e, "#1 Notice-period alarm")
}

// lockedBuffer collects log lines written from many goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestOutboxGivesUpOnPermanentErrorsAndSaysWhy(t *testing.T) {
	var log lockedBuffer
	e := bottest.New(t, bottest.Options{Log: &log})
	admin, err := e.Svc.Actor(e.Ctx(), bottest.Admin)
	if err != nil {
		t.Fatal(err)
	}
	const gone = "C0GONE001" // a channel that was deleted after it was set
	if err := e.Svc.SetPlace(e.Ctx(), admin, workflow.PlaceSecretariat, gone); err != nil {
		t.Fatal(err)
	}
	submit(t, e, bottest.Per, "Notice-period alarm")
	e.Settle()
	for range 5 {
		e.Advance(time.Hour)
	}
	if ok, failed := posts(e, gone); ok != 0 || failed != 1 {
		t.Errorf("posts to the deleted channel: %d delivered, %d failed; want one try only", ok, failed)
	}
	if n := len(e.Emu.DMs(bottest.Per)); n != 1 {
		t.Errorf("%d receipts, want 1: one dead notice must not hold up the others", n)
	}
	pending, dead, err := e.DB.OutboxStats(e.Ctx())
	if err != nil || pending != 0 || dead != 1 {
		t.Errorf("outbox: %d pending, %d dead, %v; want the card dead", pending, dead, err)
	}
	if l := log.String(); !bottest.ContainsAll(l, "gave up delivering a notice", "channel_not_found", "invite the bot", "/tovholder") {
		t.Errorf("the log does not say what to fix:\n%s", l)
	}
}

func TestOutboxDeliversAfterARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	first := bottest.New(t, bottest.Options{DBPath: path})
	first.Emu.Fail("chat.postMessage", slackemu.Failure{Status: 500})
	submit(t, first, bottest.Per, "Notice-period alarm")
	first.Settle()
	if ok, _ := posts(first, ""); ok != 0 {
		t.Fatalf("%d posts got through a Slack outage", ok)
	}
	first.Stop()

	second := bottest.New(t, bottest.Options{DBPath: path, Bare: true})
	second.Advance(time.Minute)
	delivered(t, second, "#1 Notice-period alarm")
}

func TestOutboxCoalescesRefreshesOfOneCard(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := submit(t, e, bottest.Per, "Title 0")
	e.Settle()
	per, err := e.Svc.Actor(e.Ctx(), bottest.Per)
	if err != nil {
		t.Fatal(err)
	}
	const edits = 10
	for i := 1; i <= edits; i++ {
		in := workflow.WishInput{Title: "Title " + string(rune('0'+i%10)) + "x", Purpose: "P", Value: "V"}
		if i == edits {
			in.Title = "Final title"
		}
		if _, err := e.Svc.EditWish(e.Ctx(), per, w.ID, in); err != nil {
			t.Fatal(err)
		}
		e.Bot.Dispatcher().Kick()
	}
	e.Settle()
	if n := len(e.Emu.CallsTo("chat.update")); n > 1 {
		t.Errorf("%d chat.update calls within one second of the bot's clock, want at most 1", n)
	}
	e.Advance(2 * time.Second)
	if n := len(e.Emu.CallsTo("chat.update")); n < 1 || n > 2 {
		t.Errorf("%d chat.update calls for %d refreshes, want 1 or 2", n, edits)
	}
	card := e.MustFind(bottest.Secretary, "#1 Final title")
	if card.Edits == 0 {
		t.Errorf("the card was not updated in place")
	}
	if pending, _, _ := e.DB.OutboxStats(e.Ctx()); pending != 0 {
		t.Errorf("%d refreshes still pending", pending)
	}
}

// The bot keeps to Slack's pace of about one message per second per channel by its own
// clock; the emulator's limit runs on the wall clock, which this test does not move.
func TestOutboxPacesPostsToOneChannel(t *testing.T) {
	e := bottest.New(t, bottest.Options{EmuOptions: []slackemu.Option{slackemu.WithoutRateLimit()}})
	for i := range 6 {
		submit(t, e, bottest.Anna, "Wish "+string(rune('A'+i)))
	}
	e.Settle()
	if ok, _ := posts(e, bottest.Secretary); ok != 3 {
		t.Errorf("%d cards posted at once, want a burst of 3", ok)
	}
	e.Advance(time.Second)
	if ok, _ := posts(e, bottest.Secretary); ok != 4 {
		t.Errorf("%d cards posted after a second, want 4", ok)
	}
	e.Advance(3 * time.Second)
	if ok, _ := posts(e, bottest.Secretary); ok != 6 {
		t.Errorf("%d cards posted in all, want 6", ok)
	}
}
