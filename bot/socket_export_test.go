package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"
)

// RunSocketModeWith is RunSocketMode with a connection taken for dead after
// pingTimeout without a frame or a ping, and reconnects that back off from 10 ms to
// 100 ms, for the tests of a silent or dropped connection.
func (b *Bot) RunSocketModeWith(ctx context.Context, client *slack.Client, pingTimeout time.Duration) error {
	o := defaultSocketOptions()
	o.pingTimeout = pingTimeout
	o.backoffMin, o.backoffMax = 10*time.Millisecond, 100*time.Millisecond
	return b.runSocket(ctx, client, o)
}
