package bot

import (
	"context"
	"sync"
	"time"
)

// DefaultOutboxRetention is how long a delivered notice is kept when Config says
// nothing: long enough to look into a complaint about a message, short enough that
// the outbox stays small. The events table keeps the audit log for good.
const DefaultOutboxRetention = 90 * 24 * time.Hour

// pruneEvery is how often the outbox is pruned: daily, and at start.
const pruneEvery = 24 * time.Hour

// pruneOutboxJob deletes the notices delivered longer ago than the retention. It
// runs at the scheduler's first tick and then once a day.
type pruneOutboxJob struct {
	b    *Bot
	mu   sync.Mutex
	last time.Time // when it last pruned, by the bot's clock
}

func (*pruneOutboxJob) Name() string { return "prune_outbox" }

func (j *pruneOutboxJob) Run(ctx context.Context, now time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.last.IsZero() && now.Sub(j.last) < pruneEvery {
		return nil
	}
	n, err := j.b.store.PruneDelivered(ctx, now.Add(-j.b.retention()))
	if err != nil {
		return err
	}
	j.last = now
	if n > 0 {
		j.b.log.Info().Int("notices", n).Dur("retention", j.b.retention()).Msg("pruned delivered notices from the outbox")
	}
	return nil
}

func (b *Bot) retention() time.Duration {
	if b.cfg.OutboxRetention > 0 {
		return b.cfg.OutboxRetention
	}
	return DefaultOutboxRetention
}
