// Package bot is Tovholder's Slack adapter: the transports (Socket Mode and HTTP), the
// route table (routes.go) of commands, buttons, modals, notices, card parts, Home
// sections and jobs, the handlers that call workflow use cases, the loading of the
// view-models that bot/view renders, and the scheduler. bot/outbox delivers notices.
package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/outbox"
	"github.com/os2kitos/tovholder/workflow"
)

// Store is what the bot needs of storage besides the workflow's Store: the outbox,
// the messages it posted, and inbound de-duplication. storage.DB implements it.
type Store interface {
	workflow.Store
	PendingDeliveries(ctx context.Context, now time.Time, limit int) ([]workflow.Delivery, error)
	MarkDelivered(ctx context.Context, at time.Time, ids ...int64) error
	MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error
	// PostponeAll makes notices wait until next, in one statement: a later try that
	// is not a failed attempt (a coalesced refresh stands for hundreds of notices).
	PostponeAll(ctx context.Context, next time.Time, ids ...int64) error
	MarkDead(ctx context.Context, id int64, at time.Time, lastErr string) error
	NextDeliveryAt(ctx context.Context) (time.Time, bool, error)
	OutboxStats(ctx context.Context) (pending, dead int, err error)
	ThreadParent(ctx context.Context, ref string, id int64) (workflow.Delivery, error)
	MarkSending(ctx context.Context, id int64, at time.Time) error
	PruneDelivered(ctx context.Context, before time.Time) (int, error)
	SaveMessageRef(ctx context.Context, m workflow.MessageRef) error
	MessageRef(ctx context.Context, ref string) (workflow.MessageRef, error)
	MessageRefsOf(ctx context.Context, wishID, pollID int64) ([]workflow.MessageRef, error)
	Event(ctx context.Context, id int64) (workflow.Event, error)
	FirstSeen(ctx context.Context, key string, at time.Time) (bool, error)
	Ping(ctx context.Context) error
	// Snapshot runs fn with a context in which every read (the workflow's Read, Event,
	// MessageRef, …) runs on one read transaction: one view, one snapshot.
	Snapshot(ctx context.Context, fn func(ctx context.Context) error) error
}

// Config is what the bot is told at start.
type Config struct {
	Slack         SlackAPI
	Store         Store
	Service       *workflow.Service
	Log           zerolog.Logger
	Lang          i18n.Lang      // the workspace's language: channels and defaults
	Location      *time.Location // for dates shown and schedules
	SigningSecret string         // HTTP mode
	Clock         workflow.Clock // nil for time.Now
	// FollowLocale makes private answers and DMs follow each user's Slack locale.
	FollowLocale bool
	// OutboxRetention is how long delivered notices are kept; 0 means
	// DefaultOutboxRetention.
	OutboxRetention time.Duration
	// PublicURL is the public web pages' base URL: when set, wishes, plans and
	// decisions link to them ("View on the web").
	PublicURL string
	// WebNames stores people's display names from users.info for the web pages.
	WebNames bool
	// StoreNames stores people's display names from users.info for the export's
	// name columns (the web pages show them only with WebNames).
	StoreNames bool
	// Backup turns on the scheduled verified backups; its zero value leaves them off.
	Backup BackupConfig
}

// Bot is the running Slack adapter.
type Bot struct {
	cfg     Config
	slack   SlackAPI
	store   Store
	svc     *workflow.Service
	log     zerolog.Logger
	loc     *time.Location
	disp    *outbox.Dispatcher
	metrics *metrics
	homes   homeViewers
	work    sync.WaitGroup // handlers running after their ack
	slots   chan struct{}  // bounds handlers running at once
	acks    quietGate      // acks in progress, which the work after an ack lets go first
	commits quietGate      // stances being committed, which their answers let go first
	locales localeCache
}

// New returns a bot; Run starts its dispatcher and scheduler.
func New(cfg Config) (*Bot, error) {
	if cfg.Slack == nil || cfg.Store == nil || cfg.Service == nil {
		return nil, errors.New("bot: Slack, Store and Service are required")
	}
	if cfg.Lang == "" {
		cfg.Lang = i18n.English
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	b := &Bot{cfg: cfg, slack: cfg.Slack, store: cfg.Store, svc: cfg.Service, log: cfg.Log, loc: cfg.Location,
		slots: make(chan struct{}, 64), locales: localeCache{m: map[string]localeEntry{}}}
	b.metrics = newMetrics(b)
	b.disp = outbox.New(outbox.Config{Store: cfg.Store, Places: cfg.Service, Slack: cfg.Slack, Views: views{b},
		Log: cfg.Log, Lang: cfg.Lang, Now: b.now,
		Recovered:  func(l zerolog.Logger, p any) string { return b.recovered(l, panicDispatcher, p) },
		Count:      func(result string, n int) { b.metrics.deliveries.WithLabelValues(result).Add(float64(n)) },
		AfterBatch: b.touchHomes,
	})
	return b, nil
}

func (b *Bot) now() time.Time {
	if b.cfg.Clock != nil {
		return b.cfg.Clock()
	}
	return time.Now()
}

// Dispatcher returns the bot's outbox dispatcher.
func (b *Bot) Dispatcher() *outbox.Dispatcher { return b.disp }

// Run delivers the outbox until ctx ends, then waits for handlers in flight.
func (b *Bot) Run(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil && !b.runHomeRefreshSafely(ctx) {
			// A panic ended the refresh loop: it was counted and logged; start again.
		}
	}()
	err := b.disp.Run(ctx)
	<-done
	b.work.Wait()
	return err
}

// async runs fn for r after the ack, so no Slack deadline waits for the database or
// another API call. fn gets a context that outlives the request but not shutdown. A
// panic in fn is recovered, and the user is told with a reference. fn holds one of
// the slots that bound the work running at once until it ends, or until it calls
// r.committed: a handler whose work is done but for answering in Slack gives its
// slot to the next one, so that a Slack round trip holds no commit back.
func (b *Bot) async(r *request, fn func(ctx context.Context)) {
	b.asyncNew(func() *request { return r }, func(ctx context.Context, _ *request) { fn(ctx) })
}

// asyncNew is async for a request that newRequest makes only once the work may run:
// the ack of a click then costs no logger of its own.
func (b *Bot) asyncNew(mk func() *request, fn func(ctx context.Context, r *request)) {
	b.work.Add(1)
	go func() {
		defer b.work.Done()
		b.acks.wait()
		defer func() {
			// What the handler's own recover below cannot catch (a panic in mk, before
			// there is a request to apologise on) is logged and counted.
			if p := recover(); p != nil {
				b.recovered(b.log, panicAfterAck, p)
			}
		}()
		r := mk()
		b.slots <- struct{}{}
		var once sync.Once
		r.free = func() {
			once.Do(func() {
				<-b.slots
				b.disp.Kick()
			})
		}
		defer r.committed()
		ctx, cancel := context.WithTimeout(r.log.WithContext(context.Background()), 30*time.Second)
		defer cancel()
		defer b.disp.Kick() // whatever fn changed may have queued notices
		defer func() {
			if p := recover(); p != nil {
				b.apologise(r, b.recovered(r.log, r.kind, p))
			}
		}()
		fn(ctx, r)
	}()
}

// Settle waits until every handler has finished and the outbox is empty or only
// waiting for a retry: for tests and the console, which must see the effects.
func (b *Bot) Settle(ctx context.Context) error {
	b.work.Wait()
	if err := b.disp.Drain(ctx); err != nil {
		return err
	}
	b.refreshHomes(ctx, true)
	return nil
}
