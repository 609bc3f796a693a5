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
