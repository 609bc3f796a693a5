package workflow

import (
	"context"
	"fmt"
	"time"
)

// JobRule is the stored rule of a scheduled job that is not a reminder (the backup),
// kept beside the reminders' so that it is made up once after a downtime in the
// same way.
func JobRule(name string) string { return "job/" + name }

// DueRun returns the fire time of schedule (a cron expression in loc) that rule is
// due for at now: the latest not after now and after its last claimed run, so that a
// downtime is made up once; zero when none is. A rule seen for the first time starts
// counting at now. Claim the fire time with ClaimRun once the job has done its work,
// so that a failed run is tried again.
func (s *Service) DueRun(ctx context.Context, rule, schedule string, now time.Time, loc *time.Location) (time.Time, error) {
	sc, err := ParseSchedule(schedule)
	if err != nil {
		return time.Time{}, fmt.Errorf("schedule of %s: %w", rule, err)
	}
	var last time.Time
	err = s.Store.Read(ctx, func(tx Tx) error {
		rules, err := tx.ReminderRules()
		for _, r := range rules {
			if r.Rule == rule {
				last = r.LastFire
			}
		}
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("load %s: %w", rule, err)
	}
	if last.IsZero() {
		_, err := s.ClaimRun(ctx, rule, now)
		return time.Time{}, err
	}
	return sc.Latest(last, now, loc), nil
}

// ClaimRun records fire as rule's last run unless a later one is; it reports whether
// it did.
func (s *Service) ClaimRun(ctx context.Context, rule string, fire time.Time) (bool, error) {
	var ok bool
	err := s.Store.Atomic(ctx, func(tx Tx) (err error) {
		ok, err = tx.ClaimFire(rule, fire)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", rule, err)
	}
	return ok, nil
}
