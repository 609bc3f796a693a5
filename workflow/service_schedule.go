package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SetGroupSchedule sets the cron schedule of working group key's digest; "" or
// "default" is DefaultSchedule (admins and the secretariat). The new schedule counts
// from now: a time it would have fired before it was set is not made up.
func (s *Service) SetGroupSchedule(ctx context.Context, a Actor, key, expr string) (Group, error) {
	if err := requireRole(a, RoleAdmin, RoleSecretariat); err != nil {
		return Group{}, err
	}
	expr = cleanSchedule(expr)
	if _, err := CheckSchedule(expr, s.now(), s.Location); err != nil {
		return Group{}, err
	}
	var g Group
	err := s.atomic(ctx, a, func(c *change) (err error) {
		if err := c.require(RoleAdmin, RoleSecretariat); err != nil {
			return err
		}
		if g, err = loadGroup(c.tx, key); err != nil {
			return err
		}
		g.Schedule = expr
		if err := c.tx.UpdateGroup(g); err != nil {
			return fmt.Errorf("update group %s: %w", key, err)
		}
		return c.scheduleChanged(GroupRule(key), key, map[string]string{"schedule": expr})
	})
	return g, err
}

// SetRemindBefore sets how long before a poll's deadline group key's members who
// have not taken a stance are reminded (admins and the secretariat).
func (s *Service) SetRemindBefore(ctx context.Context, a Actor, key string, d time.Duration) (Group, error) {
	if err := requireRole(a, RoleAdmin, RoleSecretariat); err != nil {
		return Group{}, err
	}
	if d < MinRemindBefore || d > MaxRemindBefore {
		return Group{}, Errorf(Invalid, "err.schedule.remind_before", d.String())
	}
	var g Group
	err := s.atomic(ctx, a, func(c *change) (err error) {
		if err := c.require(RoleAdmin, RoleSecretariat); err != nil {
			return err
		}
		if g, err = loadGroup(c.tx, key); err != nil {
			return err
		}
		g.RemindBefore = d
		if err := c.tx.UpdateGroup(g); err != nil {
			return fmt.Errorf("update group %s: %w", key, err)
		}
		_, err = c.record(Event{Kind: EvScheduleChanged, GroupKey: key, Data: map[string]string{"remind_before": d.String()}})
		return err
	})
	return g, err
}

// SetDigestSchedule sets the cron schedule of the secretariat's or the steering
// group's digest (admins and the secretariat).
func (s *Service) SetDigestSchedule(ctx context.Context, a Actor, rule, expr string) error {
	if err := requireRole(a, RoleAdmin, RoleSecretariat); err != nil {
		return err
	}
	if !slices.Contains(DigestRules, rule) {
		return Errorf(Invalid, "err.schedule.rule", rule)
	}
	expr = cleanSchedule(expr)
	if _, err := CheckSchedule(expr, s.now(), s.Location); err != nil {
		return err
	}
	return s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleAdmin, RoleSecretariat); err != nil {
			return err
		}
		if err := c.tx.SetRuleSchedule(rule, expr); err != nil {
			return fmt.Errorf("set schedule of %s: %w", rule, err)
		}
		return c.scheduleChanged(rule, "", map[string]string{"schedule": expr})
	})
}

func cleanSchedule(expr string) string {
	expr = strings.Join(strings.Fields(expr), " ")
	if strings.EqualFold(expr, "default") {
		return ""
	}
	return expr
}

// scheduleChanged restarts a rule's count at now and records the change.
func (c *change) scheduleChanged(rule, group string, data map[string]string) error {
	if _, err := c.tx.ClaimFire(rule, c.at); err != nil {
		return fmt.Errorf("restart %s: %w", rule, err)
	}
	data["rule"] = rule
	_, err := c.record(Event{Kind: EvScheduleChanged, GroupKey: group, Data: data})
	return err
}

// ScheduleInfo is one reminder schedule with its next run.
type ScheduleInfo struct {
	Rule         string
	Group        *Group // the working group of a group rule
	Schedule     string // the expression in force (DefaultSchedule when none is set)
	Default      bool
	Next         time.Time     // zero when the expression never fires
	RemindBefore time.Duration // of a group rule: the before-deadline reminder in force
}

// Schedules lists every reminder schedule with its next run after now in loc: each
// working group's, then the secretariat's and the steering group's.
func (s *Service) Schedules(ctx context.Context, loc *time.Location) ([]ScheduleInfo, error) {
	var out []ScheduleInfo
	now := s.now()
	err := s.Store.Read(ctx, func(tx Tx) error {
		groups, rules, err := loadRules(tx)
		if err != nil {
			return err
		}
		for _, g := range groups {
			in := ScheduleInfo{Rule: GroupRule(g.Key), Group: &g, Schedule: g.Schedule, RemindBefore: g.RemindBefore}
			if in.RemindBefore <= 0 {
				in.RemindBefore = DefaultRemindBefore
			}
			out = append(out, in)
		}
		for _, r := range DigestRules {
			out = append(out, ScheduleInfo{Rule: r, Schedule: rules[r].Schedule})
		}
		return nil
	})
	for i := range out {
		out[i].Default = out[i].Schedule == ""
		if out[i].Default {
			out[i].Schedule = DefaultSchedule
		}
		if sc, err := ParseSchedule(out[i].Schedule); err == nil {
			out[i].Next = sc.Next(now, loc)
		}
	}
	return out, err
}

func loadRules(tx Tx) ([]Group, map[string]ReminderRule, error) {
	groups, err := tx.Groups()
	if err != nil {
		return nil, nil, fmt.Errorf("load groups: %w", err)
	}
	stored, err := tx.ReminderRules()
	if err != nil {
		return nil, nil, fmt.Errorf("load reminder rules: %w", err)
	}
	rules := map[string]ReminderRule{}
	for _, r := range stored {
		rules[r.Rule] = r
	}
	return groups, rules, nil
}
