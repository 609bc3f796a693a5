// Package outbox is the dispatcher: it delivers the notices the workflow queued with
// each change (posts, DMs, replies in a remembered thread, refreshes of remembered
// messages) to Slack. It loads and renders each notice through Views, calls the Web
// API through Slack, and marks the notice in Store; it retries with backoff, honours
// 429 Retry-After, paces each channel and coalesces the refreshes of one message. It
// is the only part of the program that posts or updates notices in Slack.
package outbox

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// Store is what the dispatcher reads and marks: the notices due, and the messages it
// posted. storage.DB implements it.
type Store interface {
	PendingDeliveries(ctx context.Context, now time.Time, limit int) ([]workflow.Delivery, error)
	NextDeliveryAt(ctx context.Context) (time.Time, bool, error)
	MarkSending(ctx context.Context, id int64, at time.Time) error
	MarkDelivered(ctx context.Context, at time.Time, ids ...int64) error
	MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error
	// PostponeAll makes notices wait until next, in one statement: a later try that
	// is not a failed attempt (a coalesced refresh stands for hundreds of notices).
	PostponeAll(ctx context.Context, next time.Time, ids ...int64) error
	MarkDead(ctx context.Context, id int64, at time.Time, lastErr string) error
	ThreadParent(ctx context.Context, ref string, id int64) (workflow.Delivery, error)
	SaveMessageRef(ctx context.Context, m workflow.MessageRef) error
	MessageRef(ctx context.Context, ref string) (workflow.MessageRef, error)
	MessageRefsOf(ctx context.Context, wishID, pollID int64) ([]workflow.MessageRef, error)
}

// Places says which channel holds a place (the secretariat's, the user club's).
// workflow.Service implements it.
type Places interface {
	PlaceChannel(ctx context.Context, p workflow.Place) (string, error)
}

// Slack is the part of Slack's Web API the dispatcher calls. *slack.Client implements it.
type Slack interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	GetPermalinkContext(ctx context.Context, params *slack.PermalinkParameters) (string, error)
}

// Views loads what a notice shows and renders it. The bot implements it.
type Views interface {
	// Render renders notice n in lang from the state stored now, so a late delivery
	// shows the truth of its time and refreshes coalesce. What it loads is one
	// snapshot of the database (the bot's views.Render); the dispatcher holds none.
	Render(ctx context.Context, n workflow.Notice, lang i18n.Lang) (view.Message, error)
	// LangOf is the language user reads a direct message in.
	LangOf(ctx context.Context, user string) i18n.Lang
}

// Config is what the dispatcher is given.
type Config struct {
	Store  Store
	Places Places
	Slack  Slack
	Views  Views
	Log    zerolog.Logger
	Lang   i18n.Lang        // the workspace's language: posts in channels
	Now    func() time.Time // the bot's clock, which tests and the console move
	// Recovered logs and counts a recovered panic and returns its reference.
	Recovered func(l zerolog.Logger, p any) string
	// Count counts n deliveries with result: delivered, retry, dead, paced or waiting.
	Count func(result string, n int)
	// AfterBatch runs after a batch that handled notices, with the events that caused
	// them (the Home refresh keys on it).
	AfterBatch func(now time.Time, events []int64)
}

// Dispatcher delivers the outbox to Slack: it renders each notice, calls the Web API,
// and marks the notice delivered. It retries with backoff, honours 429 Retry-After,
// keeps to about one message per second per channel, and coalesces the refreshes of
// one message into a single chat.update.
type Dispatcher struct {
	cfg        Config
	log        zerolog.Logger
	kick       chan struct{}
	mu         sync.Mutex
	lastUpdate map[string]time.Time // message ref → last chat.update
	buckets    map[string]*bucket   // channel → its posting allowance
	ims        map[string]string    // user → IM channel
	warned     map[string]time.Time // problems the admin was told about, to not repeat each second
	pausedTill time.Time            // after a 429: Slack asked for quiet until then
}

// Delivery pacing.
const (
	batchSize      = 100
	maxAttempts    = 12
	updateInterval = time.Second // at most one chat.update per message per second
	maxBackoff     = 10 * time.Minute
	placeRetry     = time.Minute // a notice for a place without a channel waits this long
)

// New returns a dispatcher; Run starts it.
func New(cfg Config) *Dispatcher {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Lang == "" {
		cfg.Lang = i18n.English
	}
	if cfg.Count == nil {
		cfg.Count = func(string, int) {}
	}
	if cfg.AfterBatch == nil {
		cfg.AfterBatch = func(time.Time, []int64) {}
	}
	if cfg.Recovered == nil {
		cfg.Recovered = func(l zerolog.Logger, p any) string {
			l.Error().Str("panic", fmt.Sprint(p)).Msg("outbox: recovered from a panic")
			return ""
		}
	}
	return &Dispatcher{cfg: cfg, log: cfg.Log, kick: make(chan struct{}, 1), lastUpdate: map[string]time.Time{},
		buckets: map[string]*bucket{}, ims: map[string]string{}, warned: map[string]time.Time{}}
}

func (d *Dispatcher) now() time.Time { return d.cfg.Now() }

// Kick wakes the dispatcher: something was enqueued.
func (d *Dispatcher) Kick() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) error {
	for {
		n, err := d.batch(ctx)
		if err != nil && ctx.Err() == nil {
			d.log.Error().Err(err).Msg("outbox: cannot read pending notices; retrying")
		}
		if n > 0 {
			continue
		}
		t := time.NewTimer(d.idle(ctx))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-d.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// idle is how long Run sleeps when nothing is due: until the next notice is due by the
// bot's clock (which tests and the console move), but at most a second, so that a
// clock moved by someone else, or a notice queued without a Kick, is seen soon.
func (d *Dispatcher) idle(ctx context.Context) time.Duration {
	wait := time.Second
	if next, ok, err := d.cfg.Store.NextDeliveryAt(ctx); err == nil && ok {
		wait = min(max(next.Sub(d.now()), 10*time.Millisecond), wait)
	}
	return wait
}

// Drain delivers everything that is due now and returns when nothing due is left.
func (d *Dispatcher) Drain(ctx context.Context) error {
	for {
		n, err := d.deliverDue(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// pacingMemory is how long the dispatcher remembers a message's last update or a
// channel's allowance: past it, neither holds anything back.
const pacingMemory = time.Minute

// forget drops pacing state that no longer matters, so a bot that runs for months
// does not keep one entry for every message it ever updated.
func (d *Dispatcher) forget(now time.Time) {
	if len(d.lastUpdate)+len(d.buckets) < 1024 {
		return
	}
	for ref, t := range d.lastUpdate {
		if now.Sub(t) > pacingMemory {
			delete(d.lastUpdate, ref)
		}
	}
	for ch, bk := range d.buckets {
		if now.Sub(bk.at) > pacingMemory {
			delete(d.buckets, ch)
		}
	}
}

// deliverDue delivers one batch of due notices in order and reports how many it handled.
func (d *Dispatcher) deliverDue(ctx context.Context) (int, error) {
	d.mu.Lock() // one batch at a time, whether from Run or Drain
	defer d.mu.Unlock()
	ds, err := d.cfg.Store.PendingDeliveries(ctx, d.now(), batchSize)
	if err != nil {
		return 0, err
	}
	d.forget(d.now())
	if len(ds) > 0 {
		var events []int64
		for _, dl := range ds {
			if dl.EventID != 0 && !slices.Contains(events, dl.EventID) {
				events = append(events, dl.EventID)
			}
		}
		defer func() { d.cfg.AfterBatch(d.now(), events) }()
	}
	done := map[int64]bool{}
	for i, dl := range ds {
		if done[dl.ID] || ctx.Err() != nil {
			continue
		}
		group := []workflow.Delivery{dl}
		if dl.Op == workflow.OpRefresh {
			// Every later refresh of the same wish or poll in this batch is served by this one.
			for _, o := range ds[i+1:] {
				if o.Op == workflow.OpRefresh && o.WishID == dl.WishID && o.PollID == dl.PollID && o.Kind == dl.Kind && o.Ref == dl.Ref {
					group = append(group, o)
				}
			}
		}
		for _, g := range group {
			done[g.ID] = true
		}
		d.settle(ctx, group, d.deliverSafely(ctx, dl))
	}
	return len(ds), nil
}

// outcome is what became of one delivery attempt.
type outcome struct {
	err     error
	retry   time.Time // when to try again; zero with err == nil means delivered
	dead    bool      // permanent: never try again
	waiting bool      // with err == nil and retry: waiting for the message to reply under
}

func (d *Dispatcher) settle(ctx context.Context, group []workflow.Delivery, o outcome) {
	st := d.cfg.Store
	ids := make([]int64, len(group))
	for i, g := range group {
		ids[i] = g.ID
	}
	first := group[0]
	l := d.log.With().Int64("notice", first.ID).Str("kind", string(first.Kind)).Str("op", string(first.Op)).
		Int64("wish", first.WishID).Int64("poll", first.PollID).Logger()
	if o.err != nil && ctx.Err() != nil {
		// Shutting down: the attempt was cut short, not failed; it stays due.
		return
	}
	// What was sent must be marked even while shutting down, or it is sent again.
	ctx = context.WithoutCancel(ctx)
	var err error
	result := "retry"
	defer func() { d.cfg.Count(result, len(ids)) }()
	switch {
	case o.err == nil && o.retry.IsZero():
		result = "delivered"
		err = st.MarkDelivered(ctx, d.now(), ids...)
	case o.err != nil && (o.dead || first.Attempts+1 >= maxAttempts):
		result = "dead"
		l.Error().Err(o.err).Int("attempts", first.Attempts+1).Str("action", hint(o.err)).
			Str("replay", replayCommand(ids, o.err)).Msg("outbox: gave up delivering a notice")
		for _, id := range ids {
			if e := st.MarkDead(ctx, id, d.now(), errText(o.err)); e != nil {
				err = e
			}
		}
	case o.err == nil:
		result = "paced"
		if o.waiting {
			result = "waiting"
		}
		// Paced, not failed: waiting for the channel's allowance, or for the message
		// to reply under, is no attempt.
		err = st.PostponeAll(ctx, o.retry, ids...)
	default:
		l.Warn().Err(o.err).Int("attempt", first.Attempts+1).Time("retry_at", o.retry).Msg("outbox: delivery failed; will retry")
		for _, id := range ids {
			if e := st.MarkRetry(ctx, id, o.retry, errText(o.err)); e != nil {
				err = e
			}
		}
	}
	if err != nil {
		l.Error().Err(err).Msg("outbox: cannot record a delivery; it may be sent again")
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
