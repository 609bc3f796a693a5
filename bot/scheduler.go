package bot

import (
	"context"
	"errors"
	"time"
)

// Job is something the scheduler runs. Run gets the time it runs for, so that tests
// and the console can move time; a job must be safe to run twice for one time.
type Job interface {
	Name() string
	Run(ctx context.Context, now time.Time) error
}

// Scheduler runs the bot's jobs once a minute, and once at start so that what came due
// while the bot was down is made up.
type Scheduler struct {
	b    *Bot
	jobs []Job
}

// NewScheduler returns the scheduler of b with its jobs.
func NewScheduler(b *Bot) *Scheduler {
	return &Scheduler{b: b, jobs: jobs(b)}
}

// Run ticks at the start of every minute until ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	s.Tick(ctx, s.b.now())
	for {
		now := time.Now()
		next := now.Truncate(time.Minute).Add(time.Minute)
		t := time.NewTimer(next.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		s.Tick(ctx, s.b.now())
	}
}

// Tick runs every job for now. A failing job is logged and does not stop the others.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) {
	for _, j := range s.jobs {
		outcome := "ok"
		if panicked, err := s.run(ctx, j, now); panicked {
			outcome = "panicked"
		} else if err != nil && ctx.Err() == nil {
			outcome = "failed"
			s.b.log.Error().Err(err).Str("job", j.Name()).Msg("scheduled job failed; it runs again next minute")
		}
		s.b.metrics.jobs.WithLabelValues(j.Name(), outcome).Inc()
	}
	s.b.disp.Kick()
}

// run runs one job; a panic in it is recovered, counted and logged, so that it
// neither ends the process nor keeps the other jobs from running.
func (s *Scheduler) run(ctx context.Context, j Job, now time.Time) (panicked bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.b.recovered(s.b.log.With().Str("job", j.Name()).Logger(), panicScheduler, p)
			panicked = true
		}
	}()
	return false, j.Run(ctx, now)
}

// closePollsJob closes polls whose deadline has passed.
type closePollsJob struct{ b *Bot }

func (closePollsJob) Name() string { return "close_polls" }

func (j closePollsJob) Run(ctx context.Context, _ time.Time) error {
	n, err := j.b.svc.CloseDuePolls(ctx)
	if n > 0 {
		j.b.log.Info().Int("polls", n).Msg("closed polls past their deadline")
	}
	// Rankings close on the same minute: their adoption polls start then.
	m, rerr := j.b.svc.CloseDueRankings(ctx)
	if m > 0 {
		j.b.log.Info().Int("rankings", m).Msg("closed rankings past their deadline")
	}
	return errors.Join(err, rerr)
}
