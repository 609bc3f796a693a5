package bot

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// Panics a test can turn on: every handler of the kind panics while its switch is on.
var panicking struct{ actions, submissions, renderers, jobs atomic.Bool }

// Where the switches live; InjectPanic takes one of these.
const (
	PanicActions     = "actions"
	PanicSubmissions = "submissions"
	PanicRenderers   = "renderers"
	PanicJobs        = "jobs"
)

// InjectPanic makes every handler of kind panic until stop is called or the test
// ends, to prove that the process survives it, the user hears of it and /metrics
// counts it.
func InjectPanic(t testing.TB, kind string) (stop func()) {
	sw := map[string]*atomic.Bool{PanicActions: &panicking.actions, PanicSubmissions: &panicking.submissions,
		PanicRenderers: &panicking.renderers, PanicJobs: &panicking.jobs}[kind]
	sw.Store(true)
	stop = func() { sw.Store(false) }
	t.Cleanup(stop)
	return stop
}

// The switches wrap the real tables once, before any test runs, so that no test
// writes a table a running bot reads.
func init() {
	for k, f := range actions {
		actions[k] = func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, a *slack.BlockAction) error {
			if panicking.actions.Load() {
				panic("injected: action " + k)
			}
			return f(ctx, b, r, ic, a)
		}
	}
	for k, f := range submissions {
		submissions[k] = func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
			if panicking.submissions.Load() {
				panic("injected: submission " + k)
			}
			return f(ctx, b, r, ic)
		}
	}
	for k, f := range renderers {
		renderers[k] = func(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
			if panicking.renderers.Load() {
				panic("injected: renderer " + k)
			}
			return f(ctx, b, lang, n)
		}
	}
	routed := jobs
	jobs = func(b *Bot) []Job { return append(routed(b), panicJob{}) }
}

type panicJob struct{}

func (panicJob) Name() string { return "injected_panic" }

func (panicJob) Run(context.Context, time.Time) error {
	if panicking.jobs.Load() {
		panic("injected: scheduler job")
	}
	return nil
}

// AfterAck runs fn after an ack to user's click in channel, as an HTTP click's
// decoding runs: no route reaches that code with a panic, so a test calls it.
func (b *Bot) AfterAck(user, channel string, fn func()) {
	b.afterAck(b.newRequest(context.Background(), "action", "block_actions", user, channel, ""), fn)
}

// HoldWork takes every slot the work after an ack runs in, so that clicks are acked
// but their work waits, parked, until release: for measuring the ack alone.
func (b *Bot) HoldWork() (release func()) {
	for range cap(b.slots) {
		b.slots <- struct{}{}
	}
	return func() {
		for range cap(b.slots) {
			<-b.slots
		}
	}
}

// AcksInProgress is how many requests the ack-first gate counts as being acked.
func (b *Bot) AcksInProgress() int {
	b.acks.mu.Lock()
	defer b.acks.mu.Unlock()
	return b.acks.inflight
}
