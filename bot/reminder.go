package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// reminderJob sends the digests and before-deadline reminders due at the minute. It
// reads the schedules from the database each time, so a change needs no restart.
type reminderJob struct{ b *Bot }

func (reminderJob) Name() string { return "reminders" }

func (j reminderJob) Run(ctx context.Context, now time.Time) error {
	r, err := j.b.svc.RunReminders(ctx, now, j.b.loc)
	if r.Digests+r.PollReminders+r.MeetingReminders > 0 {
		j.b.log.Info().Int("digests", r.Digests).Int("poll_reminders", r.PollReminders).
			Int("meeting_reminders", r.MeetingReminders).Msg("sent reminders")
	}
	return err
}

// cronArg reads a cron expression given quoted or as bare words.
func cronArg(args []string) (string, error) {
	expr := strings.TrimSpace(strings.Join(args, " "))
	if expr == "" {
		return "", errUsage
	}
	return expr, nil
}

func cmdGroupSchedule(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) < 2 {
		return errUsage
	}
	expr, err := cronArg(args[1:])
	if err != nil {
		return err
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	g, err := b.svc.SetGroupSchedule(ctx, a, strings.ToLower(args[0]), expr)
	if err != nil {
		return refusal(err, "err.forbidden.schedule_config")
	}
	b.say(ctx, r, b.scheduleSet(r.lang, "*"+view.Esc(g.Name)+"*", g.Schedule))
	return nil
}

func cmdDigestSchedule(rule string) func(ctx context.Context, b *Bot, r *request, args []string) error {
	return func(ctx context.Context, b *Bot, r *request, args []string) error {
		expr, err := cronArg(args)
		if err != nil {
			return err
		}
		a, err := b.actor(ctx, r)
		if err != nil {
			return err
		}
		if err := b.svc.SetDigestSchedule(ctx, a, rule, expr); err != nil {
			return refusal(err, "err.forbidden.schedule_config")
		}
		b.say(ctx, r, b.scheduleSet(r.lang, i18n.T(r.lang, "reminder.who."+rule), expr))
		return nil
	}
}

// scheduleSet confirms a schedule with its next run in local time.
func (b *Bot) scheduleSet(lang i18n.Lang, who, expr string) string {
	in := workflow.ScheduleInfo{Schedule: strings.Join(strings.Fields(expr), " ")}
	if in.Schedule == "" || strings.EqualFold(in.Schedule, "default") {
		in.Schedule, in.Default = workflow.DefaultSchedule, true
	}
	if s, err := workflow.ParseSchedule(in.Schedule); err == nil {
		in.Next = s.Next(b.svc.Now(), b.loc)
	}
	return i18n.T(lang, "reminder.schedule_set", who, b.scheduleText(lang, in), b.nextRun(lang, in.Next), b.loc.String())
}

// scheduleText is an expression as typed, marked when it is the default.
func (b *Bot) scheduleText(lang i18n.Lang, in workflow.ScheduleInfo) string {
	s := "`" + view.Esc(in.Schedule) + "`"
	if in.Default {
		s += " " + i18n.T(lang, "reminder.default_mark")
	}
	return s
}

// nextRun is a fire time in the bot's time zone, with its weekday.
func (b *Bot) nextRun(lang i18n.Lang, t time.Time) string {
	if t.IsZero() {
		return i18n.T(lang, "reminder.never")
	}
	l := t.In(b.loc)
	return i18n.T(lang, "reminder.weekday."+strconv.Itoa(int(l.Weekday()))) + " " + b.date(t)
}

func cmdRemindBefore(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) != 2 {
		return errUsage
	}
	d, err := workflow.ParseRemindBefore(args[1])
	if err != nil {
		return err
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	g, err := b.svc.SetRemindBefore(ctx, a, strings.ToLower(args[0]), d)
	if err != nil {
		return refusal(err, "err.forbidden.schedule_config")
	}
	b.sayKey(ctx, r, "reminder.remind_before_set", view.Esc(g.Name), duration(r.lang, d), duration(r.lang, 2*d))
	return nil
}

// duration says d in days, hours or minutes, whichever is whole.
func duration(lang i18n.Lang, d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0 && d >= 48*time.Hour:
		return i18n.N(lang, "reminder.days", int(d/(24*time.Hour)))
	case d%time.Hour == 0:
		return i18n.N(lang, "reminder.hours", int(d/time.Hour))
	}
	return i18n.N(lang, "reminder.minutes", int(d/time.Minute))
}

func cmdScheduleList(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	infos, err := b.svc.Schedules(ctx, b.loc)
	if err != nil {
		return err
	}
	lines := []string{r.t("reminder.list_title", b.loc.String())}
	for _, in := range infos {
		next := b.nextRun(r.lang, in.Next)
		if in.Group == nil {
			lines = append(lines, "• "+r.t("reminder.list_digest", r.t("reminder.who."+in.Rule), b.scheduleText(r.lang, in), next))
			continue
		}
		reader := r.t("reminder.to_secretariat")
		if in.Group.CoordinatorID != "" {
			reader = view.User(in.Group.CoordinatorID)
		}
		lines = append(lines, "• "+r.t("reminder.list_group", view.Esc(in.Group.Name), in.Group.Key, b.scheduleText(r.lang, in),
			reader, next, duration(r.lang, in.RemindBefore)))
	}
	lines = append(lines, r.t("reminder.dst_rule"))
	text := strings.Join(lines, "\n")
	b.say(ctx, r, view.Truncate(text, 3000), view.PackLines(lines, 40, view.MoreText(r.lang, "poll.more_lines"))...)
	return nil
}

// renderDigest is a reminder digest by DM. The payload names the items; what they
// show, and the messages they link to, are read now.
func renderDigest(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	var dg workflow.Digest
	if err := json.Unmarshal([]byte(n.Payload), &dg); err != nil {
		return view.Message{}, &workflow.Error{Kind: workflow.NotFound, Msg: "digest payload", Err: err}
	}
	vm := view.Digest{Digest: dg, Items: map[view.DigestKey]view.DigestItem{}, Loc: b.loc}
	if dg.Group != "" {
		g, err := b.svc.Group(ctx, dg.Group)
		if err != nil {
			return view.Message{}, err
		}
		vm.Group, vm.Coordinator = &g, g.CoordinatorID == n.To
	}
	for _, s := range dg.Sections {
		for _, id := range s.IDs {
			vm.Items[view.DigestKey{Section: s.Key, ID: id}] = b.digestItem(ctx, dg, s.Key, id)
		}
	}
	if dg.Group != "" {
		// Without the next meeting the digest still goes out, without that part.
		if next, err := b.svc.NextMeetings(ctx); err == nil {
			vm.Meetings = true
			vm.NextMeeting, vm.HasNext = next[dg.Group]
		}
	}
	return view.DigestMessage(lang, vm), nil
}

// digestItem loads one item of a digest: a wish, a poll or a recommendation, and the
// permalink of the message that shows it. An item that is gone is shown by its number.
func (b *Bot) digestItem(ctx context.Context, dg workflow.Digest, key string, id int64) view.DigestItem {
	var it view.DigestItem
	switch key {
	case workflow.SecTasks, workflow.SecOverdue:
		if t, err := b.svc.Task(ctx, id); err == nil {
			tv := b.taskView(ctx, t, false)
			it.Task = &tv
		}
		return it
	case workflow.SecPolls:
		if d, err := b.svc.Poll(ctx, id); err == nil {
			it.Poll, it.Link = &d, b.permalink(ctx, workflow.PollRef(id))
		}
		return it
	case workflow.SecProposals:
		if p, err := b.svc.SteeringProposal(ctx, workflow.System, id); err == nil {
			it.Proposal, it.Link = &p, b.permalink(ctx, workflow.SteeringRef(id))
		}
		return it
	case workflow.SecDecision:
		if d, err := b.svc.InitiativeDetail(ctx, id); err == nil {
			it.Initiative, it.Link = &d, b.permalink(ctx, workflow.InitiativeRef(id))
		}
		return it
	}
	d, err := b.svc.Wish(ctx, id)
	if err != nil {
		return it
	}
	w := d.Wish
	refs := []string{workflow.WishRef(id, "secretariat")}
	if w.Group != "" && dg.Group != "" {
		// The group's card for the group's reader; the secretariat's card for the secretariat.
		refs = []string{workflow.WishRef(id, "group/"+w.Group), refs[0]}
	} else if w.Group != "" {
		refs = append(refs, workflow.WishRef(id, "group/"+w.Group))
	}
	it.Wish, it.Link = &w, b.permalink(ctx, refs...)
	if st, err := b.svc.Standing(ctx, id); err == nil {
		it.Support = &st.Support
	}
	return it
}

// renderPollReminder reminds a member who has not taken a stance before the deadline.
func renderPollReminder(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	vm, err := pollView(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.PollReminder(lang, vm), nil
}
