package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/workflow"
)

// Dispatcher delivers the outbox to Slack: it renders each notice, calls the Web API,
// and marks the notice delivered. It retries with backoff, honours 429 Retry-After,
// keeps to about one message per second per channel, and coalesces the refreshes of
// one message into a single chat.update.
type Dispatcher struct {
	b          *Bot
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

func newDispatcher(b *Bot) *Dispatcher {
	return &Dispatcher{b: b, kick: make(chan struct{}, 1), lastUpdate: map[string]time.Time{},
		buckets: map[string]*bucket{}, ims: map[string]string{}, warned: map[string]time.Time{}}
}

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
			d.b.log.Error().Err(err).Msg("outbox: cannot read pending notices; retrying")
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
	if next, ok, err := d.b.store.NextDeliveryAt(ctx); err == nil && ok {
		wait = min(max(next.Sub(d.b.now()), 10*time.Millisecond), wait)
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
	ds, err := d.b.store.PendingDeliveries(ctx, d.b.now(), batchSize)
	if err != nil {
		return 0, err
	}
	d.forget(d.b.now())
	if len(ds) > 0 {
		defer d.b.homes.touch(d.b.now())
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
	st := d.b.store
	ids := make([]int64, len(group))
	for i, g := range group {
		ids[i] = g.ID
	}
	first := group[0]
	l := d.b.log.With().Int64("notice", first.ID).Str("kind", string(first.Kind)).Str("op", string(first.Op)).
		Int64("wish", first.WishID).Int64("poll", first.PollID).Logger()
	if o.err != nil && ctx.Err() != nil {
		// Shutting down: the attempt was cut short, not failed; it stays due.
		return
	}
	// What was sent must be marked even while shutting down, or it is sent again.
	ctx = context.WithoutCancel(ctx)
	var err error
	result := "retry"
	defer func() { d.b.metrics.deliveries.WithLabelValues(result).Add(float64(len(ids))) }()
	switch {
	case o.err == nil && o.retry.IsZero():
		result = "delivered"
		err = st.MarkDelivered(ctx, d.b.now(), ids...)
	case o.err != nil && (o.dead || first.Attempts+1 >= maxAttempts):
		result = "dead"
		l.Error().Err(o.err).Int("attempts", first.Attempts+1).Str("action", hint(o.err)).
			Str("replay", replayCommand(ids, o.err)).Msg("outbox: gave up delivering a notice")
		for _, id := range ids {
			if e := st.MarkDead(ctx, id, d.b.now(), errText(o.err)); e != nil {
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
		for _, id := range ids {
			if e := st.Postpone(ctx, id, o.retry); e != nil {
				err = e
			}
		}
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

// deliver performs one notice.
func (d *Dispatcher) deliver(ctx context.Context, dl workflow.Delivery) outcome {
	if d.b.now().Before(d.pausedTill) {
		// Slack said 429: nothing goes out before its Retry-After, and waiting is no attempt.
		return outcome{retry: d.pausedTill}
	}
	switch dl.Op {
	case workflow.OpRefresh:
		return d.refresh(ctx, dl)
	case workflow.OpDM:
		lang := d.b.langOf(ctx, dl.To)
		m, err := d.render(ctx, dl, lang)
		if err != nil {
			return d.failed(dl, err)
		}
		ch, err := d.im(ctx, dl.To)
		if err != nil {
			return d.failed(dl, err)
		}
		return d.post(ctx, dl, ch, "", m)
	case workflow.OpPost, workflow.OpReply:
		return d.postOrReply(ctx, dl)
	}
	return outcome{err: fmt.Errorf("unknown op %q", dl.Op), dead: true}
}

func (d *Dispatcher) postOrReply(ctx context.Context, dl workflow.Delivery) outcome {
	ch, thread := dl.To, ""
	if dl.Op == workflow.OpReply {
		ref, err := d.b.store.MessageRef(ctx, dl.Ref)
		if errors.Is(err, workflow.ErrNotFound) {
			return d.awaitParent(ctx, dl)
		}
		if err != nil {
			return d.failed(dl, err)
		}
		ch, thread = ref.Channel, ref.TS
	}
	if place, ok := strings.CutPrefix(ch, "place:"); ok {
		c, err := d.b.svc.PlaceChannel(ctx, workflow.Place(place))
		if err != nil {
			return d.failed(dl, err)
		}
		if c == "" {
			d.warnOnce("place:"+place, func(e *zerolog.Event) {
				e.Str("place", place).Str("action", "set it with /tovholder channel "+place+" #channel").
					Msg("outbox: a notice waits for a channel that is not set")
			})
			return outcome{retry: d.b.now().Add(placeRetry)}
		}
		ch = c
	}
	m, err := d.render(ctx, dl, d.b.cfg.Lang)
	if err != nil {
		return d.failed(dl, err)
	}
	return d.post(ctx, dl, ch, thread, m)
}

// post sends m to channel ch (in thread, if set) and remembers it under dl.Ref.
func (d *Dispatcher) post(ctx context.Context, dl workflow.Delivery, ch, thread string, m message) outcome {
	if wait := d.allowance(ch); wait > 0 {
		return outcome{retry: d.b.now().Add(wait)}
	}
	opts := m.options()
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	if !dl.SendingAt.IsZero() {
		// Posted, then not marked: the process stopped in between. Delivery is at
		// least once; the README says what can repeat, and this line says when it did.
		d.b.log.Warn().Int64("notice", dl.ID).Str("kind", string(dl.Kind)).Time("in_flight_since", dl.SendingAt).
			Msg("outbox: this notice was being posted when the bot stopped; Slack may have it already, so it may show twice")
	}
	if err := d.b.store.MarkSending(ctx, dl.ID, d.b.now()); err != nil {
		return d.failed(dl, err) // unrecorded, a post could repeat unnoticed
	}
	postedCh, ts, err := d.b.slack.PostMessageContext(ctx, ch, opts...)
	if err != nil {
		return d.failed(dl, err)
	}
	ref := workflow.MessageRef{Ref: dl.Ref, Channel: postedCh, TS: ts, WishID: dl.WishID, PollID: dl.PollID, Kind: dl.Kind}
	if dl.Op == workflow.OpReply {
		// A reply is remembered only when it is a poll started in a thread (a ranking's
		// "Adopt this order"): as the poll's message, so that its stances refresh it.
		ref.Ref = ""
		if dl.Kind == workflow.NoticePoll && dl.PollID != 0 {
			ref.Ref = workflow.PollRef(dl.PollID)
		}
	}
	if ref.Ref != "" {
		if err := d.b.store.SaveMessageRef(ctx, ref); err != nil {
			// Posted but not remembered: later changes cannot update it. Say so; do not post twice.
			d.b.log.Error().Err(err).Str("ref", ref.Ref).Msg("outbox: posted a message but could not remember it; it will not be updated")
		}
	}
	return outcome{}
}

// refresh re-renders every message showing the notice's wish or poll, or only the
// message remembered under its Ref when it has one (a plan shows many wishes).
func (d *Dispatcher) refresh(ctx context.Context, dl workflow.Delivery) outcome {
	refs, err := d.refreshRefs(ctx, dl)
	if err != nil {
		return d.failed(dl, err)
	}
	now := d.b.now()
	for _, ref := range refs {
		if wait := d.lastUpdate[ref.Ref].Add(updateInterval).Sub(now); wait > 0 {
			// Coalesce: the notices wait and are served together by one update.
			return outcome{retry: now.Add(wait)}
		}
	}
	for _, ref := range refs {
		m, err := d.renderRef(ctx, ref)
		if err != nil {
			return d.failed(dl, err)
		}
		_, _, _, err = d.b.slack.UpdateMessageContext(ctx, ref.Channel, ref.TS, m.options()...)
		if isSlackError(err, "message_not_found", "cant_update_message") {
			d.b.log.Warn().Str("ref", ref.Ref).Msg("outbox: a message to update was deleted in Slack; leaving it")
			continue
		}
		if err != nil {
			return d.failed(dl, err)
		}
		d.lastUpdate[ref.Ref] = d.b.now()
	}
	return outcome{}
}

// im returns the IM channel with user, opening it once.
func (d *Dispatcher) im(ctx context.Context, user string) (string, error) {
	if ch, ok := d.ims[user]; ok {
		return ch, nil
	}
	ch, _, _, err := d.b.slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	if err != nil {
		return "", err
	}
	d.ims[user] = ch.ID
	return ch.ID, nil
}

// failed classifies a Slack error: rate limits wait as told, permanent errors stop,
// everything else is retried with exponential backoff.
func (d *Dispatcher) failed(dl workflow.Delivery, err error) outcome {
	now := d.b.now()
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		// Being told to slow down is no failed attempt: wait as told, then send.
		d.pausedTill = now.Add(max(rl.RetryAfter, time.Second)) // "0" must not spin the loop
		d.b.log.Warn().Dur("retry_after", rl.RetryAfter).Int64("notice", dl.ID).Msg("outbox: Slack rate-limited the bot; pausing deliveries")
		return outcome{retry: d.pausedTill}
	}
	if permanent(err) {
		return outcome{err: err, dead: true}
	}
	back := time.Duration(1<<min(dl.Attempts, 10)) * time.Second
	back = min(back+time.Duration(rand.Int64N(int64(back/2)+1)), maxBackoff)
	return outcome{err: err, retry: now.Add(back)}
}

func (d *Dispatcher) warnOnce(key string, log func(*zerolog.Event)) {
	if t, ok := d.warned[key]; ok && time.Since(t) < 10*time.Minute {
		return
	}
	d.warned[key] = time.Now()
	log(d.b.log.Warn())
}

// permanentErrors are Slack errors that no retry will mend; each needs a person.
var permanentErrors = map[string]string{
	"channel_not_found":     "the channel does not exist or the bot cannot see it: invite the bot (/invite @Tovholder) or set another channel with /tovholder",
	"not_in_channel":        "invite the bot to the channel: /invite @Tovholder",
	"is_archived":           "the channel is archived: set another one with /tovholder",
	"invalid_auth":          "SLACK_BOT_TOKEN is not valid: reinstall the app and update the token",
	"not_authed":            "SLACK_BOT_TOKEN is missing",
	"account_inactive":      "the app's token was deactivated: reinstall the app",
	"token_revoked":         "the app's token was revoked: reinstall the app",
	"missing_scope":         "the app lacks a scope: update it from manifest.yml and reinstall",
	"user_not_found":        "the user is gone from the workspace",
	"cannot_dm_bot":         "the recipient is a bot",
	"invalid_blocks":        "a bug: the message broke Block Kit's rules; report it with this log line",
	"invalid_blocks_format": "a bug: the message broke Block Kit's rules; report it with this log line",
	"msg_too_long":          "a bug: the message was too long; report it with this log line",
	"no_text":               "a bug: the message was empty; report it with this log line",
	"restricted_action":     "the workspace does not allow the bot to post there: ask a Slack admin",
}

func permanent(err error) bool {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		_, ok := permanentErrors[se.Err]
		return ok
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return false
	}
	var we *workflow.Error
	return errors.As(err, &we) && we.Kind == workflow.NotFound
}

// hint says what a person must do about err.
func hint(err error) string {
	if oe := (*orphanError)(nil); errors.As(err, &oe) {
		if oe.parent != 0 {
			return "fix why the message to reply under was given up on (its own log line says), then replay both"
		}
		return "the message to reply under is gone; the reply cannot be placed in its thread"
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		if h, ok := permanentErrors[se.Err]; ok {
			return h
		}
	}
	if errors.As(err, new(*workflow.Error)) {
		return "the wish or poll of the notice is gone"
	}
	if errors.As(err, new(*errPanic)) {
		return "a bug: report it with this log line and the panic's; replay the notice once it is fixed"
	}
	return "Slack kept failing; check the Slack status page and the network, then replay it"
}

func isSlackError(err error, codes ...string) bool {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Err == c {
			return true
		}
	}
	return false
}

// bucket paces posts to one channel: Slack allows about one message per second per
// channel with short bursts.
type bucket struct {
	tokens float64
	at     time.Time
}

const (
	burst  = 3
	perSec = 1.0
)

// allowance takes a token for channel ch, or says how long to wait for one.
func (d *Dispatcher) allowance(ch string) time.Duration {
	now := d.b.now()
	bk, ok := d.buckets[ch]
	if !ok {
		bk = &bucket{tokens: burst, at: now}
		d.buckets[ch] = bk
	}
	bk.tokens = min(burst, bk.tokens+now.Sub(bk.at).Seconds()*perSec)
	bk.at = now
	if bk.tokens < 1 {
		return time.Duration((1 - bk.tokens) / perSec * float64(time.Second))
	}
	bk.tokens--
	return 0
}
