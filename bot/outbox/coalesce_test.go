package outbox

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// A refresh queued while the message was being updated, or just after, must be
// served once the clock has passed updateInterval since that update began: the bot's
// clock may move while an update is in flight (a test advancing it, the console, or
// a slow Slack under load), and a refresh held back past the time Drain runs at
// leaves the poll message behind the database after Settle.
func TestRefreshQueuedDuringASlowUpdateIsServedOnceTheClockHasMoved(t *testing.T) {
	t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	f := &fakes{now: t0, refs: map[string]workflow.MessageRef{
		"poll/1": {Ref: "poll/1", Channel: "C1", TS: "1.0", PollID: 1, Kind: "poll"},
	}}
	// The first update takes long: the clock moves on by two update intervals while
	// it is in flight, as it does when a test advances the clock to settle.
	f.onUpdate = func(n int) {
		if n == 1 {
			f.advance(2 * updateInterval)
		}
	}
	d := New(Config{Store: f, Slack: f, Views: f, Now: f.clock})
	ctx := context.Background()

	f.change() // state 1, and its refresh
	if err := d.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.shown(); got != "state 1" {
		t.Fatalf("after the first refresh the message shows %q, want state 1", got)
	}
	// A change committed after the first update read the state: its refresh is due
	// now, and the clock is well past updateInterval after that update began.
	f.change() // state 2
	if err := d.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.shown(); got != "state 2" {
		t.Errorf("after settling at %s the message shows %q, not the stored state 2; pending: %v",
			f.clock().Sub(t0), got, f.pendingNextAt())
	}
}

// fakes is the store, Slack and views of one poll message whose state is a counter.
type fakes struct {
	mu       sync.Mutex
	now      time.Time
	state    int
	notices  []workflow.Delivery
	refs     map[string]workflow.MessageRef
	text     string
	updates  int
	onUpdate func(n int)
}

func (f *fakes) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakes) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// change changes the poll and queues its refresh, as a stance does in one transaction.
func (f *fakes) change() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.state++
	f.notices = append(f.notices, workflow.Delivery{Notice: workflow.Notice{ID: int64(len(f.notices) + 1),
		Kind: "poll", Op: workflow.OpRefresh, PollID: 1, CreatedAt: f.now}})
}

func (f *fakes) shown() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.text
}

func (f *fakes) pendingNextAt() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []time.Time
	for _, n := range f.notices {
		if n.DeliveredAt.IsZero() && n.DeadAt.IsZero() {
			out = append(out, n.NextAt)
		}
	}
	return out
}

func (f *fakes) PendingDeliveries(_ context.Context, now time.Time, limit int) ([]workflow.Delivery, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []workflow.Delivery
	for _, n := range f.notices {
		if n.DeliveredAt.IsZero() && n.DeadAt.IsZero() && !n.NextAt.After(now) && len(out) < limit {
			out = append(out, n)
		}
	}
	return out, nil
}

func (f *fakes) NextDeliveryAt(context.Context) (time.Time, bool, error) {
	return time.Time{}, false, nil
}
func (f *fakes) MarkSending(context.Context, int64, time.Time) error { return nil }

func (f *fakes) mark(ids []int64, m func(*workflow.Delivery)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		m(&f.notices[id-1])
	}
}

func (f *fakes) MarkDelivered(_ context.Context, at time.Time, ids ...int64) error {
	f.mark(ids, func(d *workflow.Delivery) { d.DeliveredAt = at })
	return nil
}

func (f *fakes) MarkRetry(_ context.Context, id int64, next time.Time, lastErr string) error {
	f.mark([]int64{id}, func(d *workflow.Delivery) { d.Attempts++; d.NextAt, d.LastError = next, lastErr })
	return nil
}

func (f *fakes) PostponeAll(_ context.Context, next time.Time, ids ...int64) error {
	f.mark(ids, func(d *workflow.Delivery) { d.NextAt = next })
	return nil
}

func (f *fakes) MarkDead(_ context.Context, id int64, at time.Time, lastErr string) error {
	f.mark([]int64{id}, func(d *workflow.Delivery) { d.DeadAt, d.LastError = at, lastErr })
	return nil
}

func (f *fakes) ThreadParent(context.Context, string, int64) (workflow.Delivery, error) {
	return workflow.Delivery{}, workflow.ErrNotFound
}

func (f *fakes) SaveMessageRef(_ context.Context, m workflow.MessageRef) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refs[m.Ref] = m
	return nil
}

func (f *fakes) MessageRef(_ context.Context, ref string) (workflow.MessageRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.refs[ref]; ok {
		return m, nil
	}
	return workflow.MessageRef{}, workflow.ErrNotFound
}

func (f *fakes) MessageRefsOf(_ context.Context, _, pollID int64) ([]workflow.MessageRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []workflow.MessageRef
	for _, m := range f.refs {
		if m.PollID == pollID {
			out = append(out, m)
		}
	}
	return out, nil
}

func (f *fakes) Render(context.Context, workflow.Notice, i18n.Lang) (view.Message, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return view.Message{Text: "state " + strconv.Itoa(f.state)}, nil
}

func (f *fakes) LangOf(context.Context, string) i18n.Lang { return i18n.English }

func (f *fakes) PostMessageContext(context.Context, string, ...slack.MsgOption) (string, string, error) {
	panic("no post in this test")
}

func (f *fakes) UpdateMessageContext(_ context.Context, ch, ts string, opts ...slack.MsgOption) (string, string, string, error) {
	_, values, err := slack.UnsafeApplyMsgOptions("", ch, "", opts...)
	if err != nil {
		return "", "", "", err
	}
	f.mu.Lock()
	f.updates++
	n, hook := f.updates, f.onUpdate
	f.text = values.Get("text")
	f.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ch, ts, "", nil
}

func (f *fakes) OpenConversationContext(context.Context, *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
	panic("no DM in this test")
}

func (f *fakes) GetPermalinkContext(context.Context, *slack.PermalinkParameters) (string, error) {
	return "", nil
}
