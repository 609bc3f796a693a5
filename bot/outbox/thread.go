package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// parentWait is how long a reply waits for a parent that is due now but was not
// delivered ahead of it (a parent paced or queued in a later batch).
const parentWait = time.Second

// awaitParent decides about a reply whose message to reply under is not posted yet.
// Waiting for the parent is no failed attempt: the reply waits for as long as the
// parent is still to be delivered, however long Slack is down, and is tried right
// after it. A reply to a parent that was given up on is given up on too: it would fail
// for the same reason (the channel is gone, the bot is not in it), and posting it
// outside its thread would leave it without the message it answers. Both are
// replayed together with `tovholder outbox retry`.
func (d *Dispatcher) awaitParent(ctx context.Context, dl workflow.Delivery) outcome {
	p, err := d.cfg.Store.ThreadParent(ctx, dl.Ref, dl.ID)
	switch {
	case errors.Is(err, workflow.ErrNotFound):
		return outcome{err: &orphanError{ref: dl.Ref}, dead: true}
	case err != nil:
		return d.failed(dl, err)
	case !p.DeadAt.IsZero():
		return outcome{err: &orphanError{ref: dl.Ref, parent: p.ID}, dead: true}
	case !p.DeliveredAt.IsZero():
		// Delivered, but the message was not remembered: it cannot be replied under.
		return outcome{err: &orphanError{ref: dl.Ref}, dead: true}
	}
	next := d.now().Add(parentWait)
	if p.NextAt.After(next) {
		next = p.NextAt // the parent goes first: it has the lower id
	}
	return outcome{retry: next, waiting: true}
}

// orphanError is why a reply cannot be posted: the message it belongs under was given
// up on (parent is its notice) or is not remembered at all (parent is 0).
type orphanError struct {
	ref    string
	parent int64
}

func (e *orphanError) Error() string {
	if e.parent != 0 {
		return fmt.Sprintf("reply to %s: the message to reply under (notice %d) was given up on", e.ref, e.parent)
	}
	return fmt.Sprintf("reply to %s: the message to reply under was never remembered", e.ref)
}

// replayCommand is the command that replays the notices ids once the cause is fixed;
// a reply is replayed with the message it belongs under.
func replayCommand(ids []int64, err error) string {
	var cmd strings.Builder
	cmd.WriteString("tovholder outbox retry")
	if oe := (*orphanError)(nil); errors.As(err, &oe) && oe.parent != 0 {
		ids = append([]int64{oe.parent}, ids...)
	}
	for _, id := range ids {
		fmt.Fprintf(&cmd, " --id %d", id)
	}
	return cmd.String()
}
