package storage

import (
	"fmt"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// ReminderRules returns the stored state of every reminder rule, by rule.
func (t *tx) ReminderRules() ([]workflow.ReminderRule, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT rule, schedule, last_fire FROM reminder_rules ORDER BY rule")
	if err != nil {
		return nil, fmt.Errorf("load reminder rules: %w", err)
	}
	defer rows.Close()
	var out []workflow.ReminderRule
	for rows.Next() {
		var r workflow.ReminderRule
		if err := rows.Scan(&r.Rule, &r.Schedule, timeCol{&r.LastFire}); err != nil {
			return nil, fmt.Errorf("load reminder rules: %w", err)
		}
		out = append(out, r)
	}
	return out, wrapf(rows.Err(), "load reminder rules")
}

// SetRuleSchedule saves the cron expression of a rule, keeping its last fire time.
func (t *tx) SetRuleSchedule(rule, schedule string) error {
	_, err := t.exec(`INSERT INTO reminder_rules (rule, schedule) VALUES (?, ?)
		ON CONFLICT (rule) DO UPDATE SET schedule = excluded.schedule`, rule, schedule)
	return wrapf(err, "save schedule of %s", rule)
}

// ClaimFire records at as the rule's last fire time unless a time as late or later is
// stored. Times are fixed-width UTC text, so comparing them as text compares instants.
func (t *tx) ClaimFire(rule string, at time.Time) (bool, error) {
	ok, err := t.changed(`INSERT INTO reminder_rules (rule, last_fire) VALUES (?, ?)
		ON CONFLICT (rule) DO UPDATE SET last_fire = excluded.last_fire
		WHERE last_fire IS NULL OR last_fire < excluded.last_fire`, rule, timeArg(at))
	return ok, wrapf(err, "claim %s at %s", rule, at.UTC().Format(time.RFC3339))
}
