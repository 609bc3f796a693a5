package workflow

import (
	"context"
	"encoding/json"
	"errors"
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

// ReminderRun is what one run of the reminders did.
type ReminderRun struct {
	Digests       int // digests sent (one per reader)
	PollReminders int // before-deadline reminders sent (one per member)
	// MeetingReminders are the day-before reminders of meetings sent (one per person).
	MeetingReminders int
}

// dueRun is a rule with the fire time it is due for.
type dueRun struct {
	rule string
	fire time.Time
}

// RunReminders sends what is due at now, with schedules in loc: each rule's digest
// once for its latest fire time not after now (so a downtime is made up once), and
// the before-deadline reminders of open polls. A rule seen for the first time starts
// counting at now. Every run is claimed in the database first, so a second run for
// the same time, at once or after a restart, sends nothing.
func (s *Service) RunReminders(ctx context.Context, now time.Time, loc *time.Location) (ReminderRun, error) {
	var run ReminderRun
	var fresh []string
	var due []dueRun
	var errs []error
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		fresh, due, errs, err = dueRules(tx, now, loc)
		return err
	})
	if err != nil {
		return run, fmt.Errorf("find due reminders: %w", err)
	}
	if len(fresh) > 0 {
		errs = append(errs, s.Store.Atomic(ctx, func(tx Tx) error {
			for _, r := range fresh {
				if _, err := tx.ClaimFire(r, now); err != nil {
					return fmt.Errorf("start %s: %w", r, err)
				}
			}
			return nil
		}))
	}
	for _, d := range due {
		// One transaction per rule: one failing digest must not hold up the others.
		n, err := s.sendDigest(ctx, d, now)
		run.Digests += n
		errs = append(errs, err)
	}
	n, err := s.remindPolls(ctx, now)
	run.PollReminders = n
	errs = append(errs, err)
	n, err = s.remindMeetings(ctx, now)
	run.MeetingReminders = n
	return run, errors.Join(append(errs, err)...)
}

// dueRules sorts the rules into those seen for the first time, which start counting
// at now, and those due for a run; a stored expression that no longer parses is an
// error of its own rule.
func dueRules(tx Tx, now time.Time, loc *time.Location) (fresh []string, due []dueRun, errs []error, err error) {
	groups, rules, err := loadRules(tx)
	if err != nil {
		return nil, nil, nil, err
	}
	exprs := map[string]string{}
	for _, g := range groups {
		exprs[GroupRule(g.Key)] = g.Schedule
	}
	for _, r := range DigestRules {
		exprs[r] = rules[r].Schedule
	}
	for rule, expr := range exprs {
		sc, err := ParseSchedule(expr)
		switch last := rules[rule].LastFire; {
		case err != nil:
			errs = append(errs, fmt.Errorf("schedule of %s: %w", rule, err))
		case last.IsZero():
			fresh = append(fresh, rule)
		default:
			if fire := sc.Latest(last, now, loc); !fire.IsZero() {
				due = append(due, dueRun{rule, fire})
			}
		}
	}
	slices.SortFunc(due, func(a, b dueRun) int { return strings.Compare(a.rule, b.rule) })
	return fresh, due, errs, nil
}

// sendDigest claims d and sends its digest to its readers, unless nothing waits.
func (s *Service) sendDigest(ctx context.Context, d dueRun, now time.Time) (int, error) {
	// Built in a read transaction, before the write one: reading every wish that
	// waits must not hold up the stances and changes queued behind the writer.
	var dg Digest
	var readers []string
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		dg, readers, err = digestOf(tx, d)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("digest %s at %s: %w", d.rule, d.fire.Format(time.RFC3339), err)
	}
	sent := 0
	err = s.Store.Atomic(ctx, func(tx Tx) error {
		sent = 0
		c := &change{tx: tx, actor: System, at: now.UTC().Truncate(time.Microsecond)}
		if ok, err := tx.ClaimFire(d.rule, d.fire); err != nil || !ok {
			return err // !ok: another run has sent it
		}
		if dg.Empty() || len(readers) == 0 {
			return nil
		}
		payload, err := json.Marshal(dg)
		if err != nil {
			return fmt.Errorf("digest payload: %w", err)
		}
		fire := d.fire.UTC().Format(time.RFC3339)
		var notices []Notice
		for _, u := range readers {
			notices = append(notices, Notice{Kind: NoticeDigest, Op: OpDM, To: u, Payload: string(payload),
				Key: "digest/" + d.rule + "/" + fire + "/" + u})
		}
		_, err = c.record(Event{Kind: EvReminderSent, GroupKey: dg.Group,
			Data: map[string]string{"rule": d.rule, "fire": fire, "to": strings.Join(readers, ",")}}, notices...)
		sent = len(notices)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("digest %s at %s: %w", d.rule, d.fire.Format(time.RFC3339), err)
	}
	return sent, nil
}

// digestOf gathers what awaits the readers of rule d, and who they are.
func digestOf(tx Tx, d dueRun) (Digest, []string, error) {
	dg := Digest{Rule: d.rule, Fire: d.fire.UTC()}
	secretariat, err := tx.RoleHolders(RoleSecretariat)
	if err != nil {
		return dg, nil, err
	}
	switch d.rule {
	case RuleSecretariat:
		dg.Sections, err = secretariatDigest(tx)
		return dg, secretariat, err
	case RuleSteering:
		inis, err := tx.Initiatives(InitiativeRecommended)
		if err != nil {
			return dg, nil, err
		}
		props, err := tx.SteeringProposals(true)
		if err != nil {
			return dg, nil, err
		}
		dg.Sections = append(SteeringSections(inis), ProposalSection(props))
		steering, err := tx.RoleHolders(RoleSteering)
		return dg, steering, err
	}
	g, err := tx.Group(strings.TrimPrefix(d.rule, "group/"))
	if KindOf(err) == NotFound {
		return dg, nil, nil // the group is gone
	} else if err != nil {
		return dg, nil, err
	}
	dg.Group = g.Key
	ws, err := tx.Wishes(WishFilter{Group: g.Key, States: []State{StateInAssessment, StatePrioritised}})
	if err != nil {
		return dg, nil, err
	}
	// Before routing, the filter also matches a wish that asked for the group.
	ws = slices.DeleteFunc(ws, func(w Wish) bool { return w.Group != g.Key })
	slices.Reverse(ws)
	polls, err := tx.OpenPolls()
	polls = slices.DeleteFunc(polls, func(p Poll) bool { return p.GroupKey != g.Key })
	if err != nil {
		return dg, nil, err
	}
	dg.Sections = GroupSections(ws, polls)
	tasks, err := tx.OpenTasks(g.Key)
	if len(tasks) > 0 {
		// Only a group with tasks has these sections, so a digest without is as it was.
		dg.Sections = append(dg.Sections, TaskSections(tasks, d.fire)...)
	}
	return dg, DigestReaders(g, secretariat), err
}

// remindPolls sends the before-deadline reminders that are due at now.
func (s *Service) remindPolls(ctx context.Context, now time.Time) (int, error) {
	var due []int64
	err := s.Store.Read(ctx, func(tx Tx) error {
		groups, err := tx.Groups()
		if err != nil {
			return err
		}
		before := map[string]time.Duration{}
		for _, g := range groups {
			before[g.Key] = g.RemindBefore
		}
		polls, err := tx.OpenPolls()
		for _, p := range polls {
			if ReminderDue(p, before[p.GroupKey], now) {
				due = append(due, p.ID)
			}
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("find polls to remind of: %w", err)
	}
	sent := 0
	var errs []error
	for _, id := range due {
		n, err := s.remindPoll(ctx, id, now)
		sent += n
		errs = append(errs, err)
	}
	return sent, errors.Join(errs...)
}

// remindPoll reminds the members of poll id who have not taken a stance, once.
func (s *Service) remindPoll(ctx context.Context, id int64, now time.Time) (int, error) {
	sent := 0
	err := s.Store.Atomic(ctx, func(tx Tx) error {
		sent = 0
		c := &change{tx: tx, actor: System, at: now.UTC().Truncate(time.Microsecond)}
		p, g, err := loadPollGroup(tx, id)
		if err != nil || !ReminderDue(p, g.RemindBefore, now) {
			return err // reminded or closed by another run meanwhile
		}
		p.RemindedAt = c.at
		if err := tx.UpdatePoll(p); err != nil {
			return fmt.Errorf("save poll %d: %w", id, err)
		}
		stances, err := tx.Stances(id)
		if err != nil {
			return fmt.Errorf("stances of poll %d: %w", id, err)
		}
		missing := Count(p.Electorate, p.Quorum, stances).Missing
		if len(missing) == 0 {
			return nil
		}
		var notices []Notice
		for _, u := range missing {
			notices = append(notices, Notice{Kind: NoticePollReminder, Op: OpDM, To: u,
				Key: "pollreminder/" + itoa(id) + "/" + u})
		}
		_, err = c.record(Event{Kind: EvReminderSent, PollID: id, GroupKey: g.Key,
			Data: map[string]string{"rule": "poll", "to": strings.Join(missing, ",")}}, notices...)
		sent = len(notices)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("remind of poll %d: %w", id, err)
	}
	return sent, nil
}

// secretariatDigest is SecretariatSections read with a COUNT and a LIMIT per section
// (the secretariat's queues of the Home tab), not by loading every open wish.
// TestSecretariatDigestIsItsRule proves the two agree.
func secretariatDigest(tx Tx) ([]DigestSection, error) {
	var out []DigestSection
	for _, k := range []string{SecTriage, SecEstimate, SecRecommend, SecPlan} {
		i := slices.IndexFunc(secretariatQueues, func(q queueKind) bool { return q.key == k })
		q, err := queue(tx, k, MaxDigestItems, secretariatQueues[i].filters...)
		if err != nil {
			return nil, err
		}
		var ids []int64
		for _, w := range q.Wishes {
			ids = append(ids, w.ID)
		}
		out = append(out, DigestSection{Key: k, IDs: ids, Total: q.Total})
	}
	return out, nil
}
