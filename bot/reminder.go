package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

func init() {
	schedulerJobs = append(schedulerJobs, func(b *Bot) Job { return reminderJob{b} })
}

// reminderJob sends the digests and before-deadline reminders due at the minute. It
// reads the schedules from the database each time, so a change needs no restart.
type reminderJob struct{ b *Bot }

func (reminderJob) Name() string { return "reminders" }

func (j reminderJob) Run(ctx context.Context, now time.Time) error {
	r, err := j.b.svc.RunReminders(ctx, now, j.b.loc)
	if r.Digests+r.PollReminders > 0 {
		j.b.log.Info().Int("digests", r.Digests).Int("poll_reminders", r.PollReminders).Msg("sent reminders")
	}
	return err
}

var reminderCommands = []Command{
	{Slash: "/tovholder", Name: "group schedule", Args: "usage.group_schedule", Help: "help.group_schedule",
		Example: `/tovholder group schedule kontrakt "0 9 * * 1"`, Run: cmdGroupSchedule},
	{Slash: "/tovholder", Name: "group remind-before", Args: "usage.group_remind_before", Help: "help.group_remind_before",
		Example: "/tovholder group remind-before kontrakt 2d", Run: cmdRemindBefore},
	{Slash: "/tovholder", Name: "schedule secretariat", Args: "usage.schedule_digest", Help: "help.schedule_secretariat",
		Example: `/tovholder schedule secretariat "0 8 * * 1-5"`, Run: cmdDigestSchedule(workflow.RuleSecretariat)},
	{Slash: "/tovholder", Name: "schedule steering", Args: "usage.schedule_digest", Help: "help.schedule_steering",
		Example: `/tovholder schedule steering "0 9 1 * *"`, Run: cmdDigestSchedule(workflow.RuleSteering)},
	{Slash: "/tovholder", Name: "schedule list", Help: "help.schedule_list", Example: "/tovholder schedule list", Run: cmdScheduleList},
}

var reminderActions = map[string]actionFunc{} // the reminder's buttons are the poll's own

var reminderRenderers = map[string]renderFunc{
	string(workflow.NoticeDigest):       renderDigest,
	string(workflow.NoticePollReminder): renderPollReminder,
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
	b.say(ctx, r, b.scheduleSet(r.lang, "*"+esc(g.Name)+"*", g.Schedule))
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
	s := "`" + esc(in.Schedule) + "`"
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
	b.sayKey(ctx, r, "reminder.remind_before_set", esc(g.Name), duration(r.lang, d))
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
			reader = user(in.Group.CoordinatorID)
		}
		lines = append(lines, "• "+r.t("reminder.list_group", esc(in.Group.Name), in.Group.Key, b.scheduleText(r.lang, in),
			reader, next, duration(r.lang, in.RemindBefore)))
	}
	text := strings.Join(lines, "\n")
	b.say(ctx, r, truncate(text, 3000), packLines(lines, 40, moreText(r.lang, "poll.more_lines"))...)
	return nil
}

// renderDigest is a reminder digest by DM: what awaits its reader, each item linked
// to its message. The payload names the items; their titles are read now.
func renderDigest(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	var dg workflow.Digest
	if err := json.Unmarshal([]byte(n.Payload), &dg); err != nil {
		return message{}, &workflow.Error{Kind: workflow.NotFound, Msg: "digest payload", Err: err}
	}
	title, intro, err := b.digestTitle(ctx, lang, dg, n.To)
	if err != nil {
		return message{}, err
	}
	blocks := []slack.Block{header(title)}
	if intro != "" {
		blocks = append(blocks, context_(intro))
	}
	count := 0
	for _, s := range dg.Sections {
		if s.Total == 0 {
			continue
		}
		count += s.Total
		lines := []string{"*" + i18n.T(lang, "digest.sec."+s.Key, s.Total) + "*"}
		for _, id := range s.IDs {
			lines = append(lines, "• "+b.digestItem(ctx, lang, dg, s.Key, id))
		}
		if more := s.Total - len(s.IDs); more > 0 {
			lines = append(lines, i18n.T(lang, "digest.more", more))
		}
		blocks = append(blocks, packLines(lines, 8, moreText(lang, "poll.more_lines"))...)
	}
	blocks = append(blocks, context_(i18n.T(lang, "digest.footer", b.date(dg.Fire), b.loc.String())))
	return message{Text: i18n.T(lang, "digest.text", title, count), Blocks: blocks}, nil
}

// digestTitle is the digest's header and, for a group's, whose reminder it is.
func (b *Bot) digestTitle(ctx context.Context, lang i18n.Lang, dg workflow.Digest, reader string) (string, string, error) {
	if dg.Group == "" {
		return i18n.T(lang, "digest.header."+dg.Rule), "", nil
	}
	g, err := b.svc.Group(ctx, dg.Group)
	if err != nil {
		return "", "", err
	}
	intro := i18n.T(lang, "digest.intro.coordinator", esc(g.Name))
	if g.CoordinatorID != reader {
		intro = i18n.T(lang, "digest.intro.secretariat", esc(g.Name))
	}
	return i18n.T(lang, "digest.header.group", clip(g.Name, 100)), intro, nil
}

// digestItem is one line of a digest: a wish, a poll or a recommendation, linked.
func (b *Bot) digestItem(ctx context.Context, lang i18n.Lang, dg workflow.Digest, key string, id int64) string {
	switch key {
	case workflow.SecPolls:
		return b.digestPoll(ctx, lang, id)
	case workflow.SecDecision:
		d, err := b.svc.InitiativeDetail(ctx, id)
		if err != nil {
			return "#" + idStr(id)
		}
		return b.refLink(ctx, i18n.T(lang, "digest.initiative", clip(d.Initiative.Title, 150)), workflow.InitiativeRef(id))
	}
	d, err := b.svc.Wish(ctx, id)
	if err != nil {
		return "#" + idStr(id)
	}
	w := d.Wish
	refs := []string{workflow.WishRef(id, "secretariat")}
	if w.Group != "" && dg.Group != "" {
		// The group's card for the group's reader; the secretariat's card for the secretariat.
		refs = []string{workflow.WishRef(id, "group/"+w.Group), refs[0]}
	} else if w.Group != "" {
		refs = append(refs, workflow.WishRef(id, "group/"+w.Group))
	}
	line := b.refLink(ctx, fmt.Sprintf("#%d %s", w.ID, clip(w.Title, 120)), refs...)
	if st, err := b.svc.Standing(ctx, id); err == nil {
		// The need behind the wish: its support, by municipality (domain.md, "Support").
		line += " · " + supportLine(lang, st.Support)
	}
	return line
}

// digestPoll is an open poll with who has not taken a stance yet.
func (b *Bot) digestPoll(ctx context.Context, lang i18n.Lang, id int64) string {
	d, err := b.svc.Poll(ctx, id)
	if err != nil {
		return "#" + idStr(id)
	}
	what := i18n.T(lang, "digest.poll_free")
	if d.Wish != nil {
		what = i18n.T(lang, "digest.poll_on_wish", fmt.Sprintf("#%d %s", d.Wish.ID, clip(d.Wish.Title, 100)))
	}
	link := b.refLink(ctx, what, workflow.PollRef(id))
	switch {
	case !d.Poll.Open():
		return i18n.T(lang, "digest.poll_closed", link)
	case len(d.Tally.Missing) == 0:
		return i18n.T(lang, "digest.poll_all_in", link, b.slackDate(d.Poll.Deadline))
	}
	missing := d.Tally.Missing
	shown := mentions(missing[:min(len(missing), 20)])
	if len(missing) > 20 {
		shown += " " + i18n.T(lang, "digest.more", len(missing)-20)
	}
	return i18n.T(lang, "digest.poll_line", link, b.slackDate(d.Poll.Deadline), shown)
}

// refLink links label to the first of refs the bot has posted and Slack gives a
// permalink for; without one it names the command that shows the wish or the label.
func (b *Bot) refLink(ctx context.Context, label string, refs ...string) string {
	for _, r := range refs {
		if link, ok := b.permalinkTo(ctx, r, label); ok {
			return link
		}
	}
	if id, ok := strings.CutPrefix(refs[0], "wish/"); ok {
		num, _, _ := strings.Cut(id, "/")
		return label + " (`/wish " + num + "`)"
	}
	return label
}

// renderPollReminder reminds a member who has not taken a stance, before the poll's
// deadline, with the poll's own buttons to take one at once.
func renderPollReminder(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.svc.Poll(ctx, n.PollID)
	if err != nil {
		return message{}, err
	}
	text := i18n.T(lang, "pollreminder.text", esc(d.Group.Name), b.date(d.Poll.Deadline))
	blocks := []slack.Block{header(i18n.T(lang, "pollreminder.header", clip(d.Group.Name, 100)))}
	if !d.Poll.Open() {
		blocks = append(blocks, section(i18n.T(lang, "pollreminder.closed")), section(proposalText(lang, d)))
		return message{Text: text, Blocks: blocks}, nil
	}
	blocks = append(blocks, section(i18n.T(lang, "pollreminder.intro", b.slackDate(d.Poll.Deadline))))
	if d.Wish != nil {
		blocks = append(blocks, section(truncate(i18n.T(lang, "poll.on_wish", wishLabel(*d.Wish))+"\n"+quote(d.Wish.Purpose, 600), 3000)))
	}
	id := strconv.FormatInt(d.Poll.ID, 10)
	blocks = append(blocks, section(proposalText(lang, d)),
		buttons("poll_reminder",
			button(actAgree, i18n.T(lang, "poll.agree"), id, slack.StylePrimary),
			button(actAbstain, i18n.T(lang, "poll.abstain"), id, ""),
			button(actObject, i18n.T(lang, "poll.object"), id, slack.StyleDanger)),
		context_(tallyLine(lang, d.Tally), b.refLink(ctx, i18n.T(lang, "pollreminder.link"), workflow.PollRef(d.Poll.ID))))
	return message{Text: text, Blocks: blocks}, nil
}
