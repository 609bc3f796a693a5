package workflow

import (
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// ReminderTx is what reminders need of a transaction: the schedules of the digests
// that belong to no group, and the stored fire time of every rule.
type ReminderTx interface {
	// ReminderRules returns the stored state of every rule, by rule.
	ReminderRules() ([]ReminderRule, error)
	// SetRuleSchedule saves the cron expression of a rule ("" for DefaultSchedule).
	// Group rules keep theirs in the group.
	SetRuleSchedule(rule, schedule string) error
	// ClaimFire records at as the rule's last fire time unless the stored one is as
	// late or later, and reports whether it did: of two runs for one fire time, only
	// the first claims it.
	ClaimFire(rule string, at time.Time) (bool, error)
}

// ReminderRule is the stored state of a reminder rule.
type ReminderRule struct {
	Rule     string    // GroupRule(key), RuleSecretariat or RuleSteering
	Schedule string    // the cron expression of a rule without a group; "" for the default
	LastFire time.Time // the fire time of its last run, or when it was first seen
}

// The rules of the digests that belong to no working group.
const (
	RuleSecretariat = "secretariat"
	RuleSteering    = "steering"
)

// DigestRules lists the rules that are not a group's, in the order they are listed.
var DigestRules = []string{RuleSecretariat, RuleSteering}

// GroupRule is the rule of working group key's digest.
func GroupRule(key string) string { return "group/" + key }

// Bounds of a group's before-deadline reminder.
const (
	MinRemindBefore = time.Hour
	MaxRemindBefore = 14 * 24 * time.Hour
)

// The keys of a digest's sections, also the catalog's names for them.
const (
	SecAssessment = "assessment" // group: wishes in assessment without an open poll
	SecPolls      = "polls"      // group: open polls (who has not taken a stance is read when shown)
	SecSpec       = "spec"       // group: prioritised major wishes without requirements
	SecTriage     = "triage"     // secretariat: submitted wishes
	SecEstimate   = "estimate"   // secretariat: specified wishes awaiting a price estimate
	SecRecommend  = "recommend"  // secretariat: estimated wishes awaiting a recommendation
	SecPlan       = "plan"       // secretariat: approved, or prioritised of normal size
	SecDecision   = "decision"   // steering group: recommendations awaiting a decision
)

// MaxDigestItems is how many items of one section a digest names; it counts them all.
const MaxDigestItems = 15

// Digest is the payload of a NoticeDigest: what awaits its reader at one fire time.
type Digest struct {
	Rule     string          `json:"rule"`
	Group    string          `json:"group,omitempty"`
	Fire     time.Time       `json:"fire"`
	Sections []DigestSection `json:"sections"`
}

// DigestSection is one list of a digest: wish numbers, poll ids or initiative ids
// (SecPolls has polls, SecDecision initiatives, the others wishes), oldest first.
type DigestSection struct {
	Key   string  `json:"key"`
	IDs   []int64 `json:"ids"`
	Total int     `json:"total"`
}

// Empty reports whether nothing awaits the reader.
func (d Digest) Empty() bool {
	for _, s := range d.Sections {
		if s.Total > 0 {
			return false
		}
	}
	return true
}

// section collects the ids of a digest section, cut at MaxDigestItems.
func digestSection(key string, ids []int64) DigestSection {
	s := DigestSection{Key: key, Total: len(ids)}
	s.IDs = ids[:min(len(ids), MaxDigestItems)]
	return s
}

// GroupSections is what a working group's coordinator is reminded of (domain.md,
// "Reminders"): wishes awaiting assessment (in assessment with no open poll), the
// group's open polls, and prioritised major wishes without a specification. wishes
// are the group's, oldest first; polls its open polls, oldest first.
func GroupSections(wishes []Wish, polls []Poll) []DigestSection {
	polled := map[int64]bool{}
	var pollIDs []int64
	for _, p := range polls {
		if p.Open() {
			polled[p.WishID] = true
			pollIDs = append(pollIDs, p.ID)
		}
	}
	var assess, spec []int64
	for _, w := range wishes {
		switch {
		case w.State == StateInAssessment && !polled[w.ID]:
			assess = append(assess, w.ID)
		case w.State == StatePrioritised && w.Size == SizeMajor && w.SpecLink == "":
			spec = append(spec, w.ID)
		}
	}
	return []DigestSection{digestSection(SecAssessment, assess), digestSection(SecPolls, pollIDs), digestSection(SecSpec, spec)}
}

// SecretariatSections is what the secretariat is reminded of: wishes awaiting triage,
// a price estimate, a recommendation or a place in the development plan. wishes are
// the open wishes, oldest first.
func SecretariatSections(wishes []Wish) []DigestSection {
	by := map[string][]int64{}
	for _, w := range wishes {
		switch {
		case w.State == StateSubmitted:
			by[SecTriage] = append(by[SecTriage], w.ID)
		case w.State == StateSpecified:
			by[SecEstimate] = append(by[SecEstimate], w.ID)
		case w.State == StateEstimated:
			by[SecRecommend] = append(by[SecRecommend], w.ID)
		case w.State == StateApproved, w.State == StatePrioritised && w.Size != SizeMajor:
			by[SecPlan] = append(by[SecPlan], w.ID)
		}
	}
	var out []DigestSection
	for _, k := range []string{SecTriage, SecEstimate, SecRecommend, SecPlan} {
		out = append(out, digestSection(k, by[k]))
	}
	return out
}

// SteeringSections is what the steering group is reminded of: the recommendations
// awaiting its decision.
func SteeringSections(inis []Initiative) []DigestSection {
	var ids []int64
	for _, in := range inis {
		if in.State == InitiativeRecommended {
			ids = append(ids, in.ID)
		}
	}
	return []DigestSection{digestSection(SecDecision, ids)}
}

// DigestReaders is who gets a group's digest: its coordinator, or the secretariat
// when it has none (domain.md, "Mandates").
func DigestReaders(g Group, secretariat []string) []string {
	if g.CoordinatorID != "" {
		return []string{g.CoordinatorID}
	}
	return secretariat
}

// RemindAt is when the members of a poll who have not taken a stance are reminded:
// remindBefore before the deadline, but not before half of the poll's time has gone,
// so that a short poll does not remind people the moment it is posted.
func RemindAt(p Poll, remindBefore time.Duration) time.Time {
	if remindBefore <= 0 {
		remindBefore = DefaultRemindBefore
	}
	at := p.Deadline.Add(-remindBefore)
	if half := p.CreatedAt.Add(p.Deadline.Sub(p.CreatedAt) / 2); at.Before(half) {
		at = half
	}
	return at
}

// ReminderDue reports whether poll p's before-deadline reminder is due at now: it is
// open, not yet reminded, past its reminder time and before its deadline.
func ReminderDue(p Poll, remindBefore time.Duration, now time.Time) bool {
	return p.Open() && p.RemindedAt.IsZero() && !now.Before(RemindAt(p, remindBefore)) && now.Before(p.Deadline)
}

// ParseRemindBefore reads a duration such as "24h", "90m" or "2d" and checks that it
// is between MinRemindBefore and MaxRemindBefore.
func ParseRemindBefore(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		if n < 0 || n > int(MaxRemindBefore/(24*time.Hour)) {
			// Refused before multiplying: 281474976710658d would overflow into 48h.
			n = 0
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d < MinRemindBefore || d > MaxRemindBefore {
		return 0, Errorf(Invalid, "err.schedule.remind_before", s)
	}
	return d, nil
}

// Schedule is a parsed cron expression whose fire times are computed in local
// wall-clock terms, so that daylight saving time neither skips nor doubles a run.
type Schedule struct {
	cron cron.Schedule
}

// ParseSchedule reads a cron expression: five fields (minute hour day month weekday)
// or a descriptor such as @weekly; "" is DefaultSchedule. A wrong one is refused with
// a reason the catalog can say in every language: the field that is wrong, the number
// of fields, an unknown descriptor, a time zone. It accepts any expression the
// scheduler can run; CheckSchedule is the stricter test for a schedule being set.
func ParseSchedule(expr string) (Schedule, error) {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		expr = DefaultSchedule
	}
	if strings.HasPrefix(strings.ToUpper(expr), "TZ=") || strings.HasPrefix(strings.ToUpper(expr), "CRON_TZ=") {
		// The time zone is the bot's (TOVHOLDER_TIMEZONE), the same for every schedule.
		return Schedule{}, Errorf(Invalid, "err.schedule.tz")
	}
	c, err := cron.ParseStandard(expr)
	if err != nil {
		return Schedule{}, cronError(expr)
	}
	return Schedule{cron: c}, nil
}

// ScheduleFields names the five fields of a cron expression, in order, with the
// values each takes; the catalog says each name as "schedule.field.<name>".
var ScheduleFields = []struct{ Name, Range string }{
	{"minute", "0-59"}, {"hour", "0-23"}, {"day", "1-31"}, {"month", "1-12"}, {"weekday", "0-6"},
}

// cronError says what is wrong with expr, which the cron parser refused. The
// parser's own words are English, so they are not passed on: the field at fault is
// found by parsing it alone.
func cronError(expr string) error {
	if strings.HasPrefix(expr, "@") {
		return Errorf(Invalid, "err.schedule.descriptor", expr)
	}
	f := strings.Fields(expr)
	if len(f) != len(ScheduleFields) {
		return Errorf(Invalid, "err.schedule.fields", expr, len(f))
	}
	for i, sf := range ScheduleFields {
		probe := []string{"*", "*", "*", "*", "*"}
		probe[i] = f[i]
		if _, err := cron.ParseStandard(strings.Join(probe, " ")); err != nil {
			return Errorf(Invalid, "err.schedule.field", f[i], sf.Name, sf.Range)
		}
	}
	return Errorf(Invalid, "err.schedule.cron", expr)
}

// Bounds of a schedule being set: a digest at most hourly, and at least once in
// ScheduleHorizon, so that a typo neither floods a coordinator nor silences a group.
const (
	MinScheduleGap  = time.Hour
	ScheduleHorizon = 400 * 24 * time.Hour
)

// CheckSchedule reads a schedule being set, as ParseSchedule does, and refuses one that
// would not run within ScheduleHorizon of now ("0 9 31 2 *") or would run more often
// than once every MinScheduleGap ("* * * * *", "0,30 9 * * *"). Fire times are
// compared on the wall clock in loc, the way Next computes them.
func CheckSchedule(expr string, now time.Time, loc *time.Location) (Schedule, error) {
	s, err := ParseSchedule(expr)
	if err != nil {
		return s, err
	}
	if loc == nil {
		loc = time.UTC
	}
	start := wall(now, loc)
	end := start.Add(ScheduleHorizon)
	prev := s.cron.Next(start)
	if prev.IsZero() || prev.After(end) {
		return Schedule{}, Errorf(Invalid, "err.schedule.never", expr, int(ScheduleHorizon/(24*time.Hour)))
	}
	// An hourly schedule runs 9,600 times in the horizon; the bound only guards
	// against a schedule the cron library would walk forever.
	for range 20000 {
		next := s.cron.Next(prev)
		if next.IsZero() || next.After(end) {
			break
		}
		if next.Sub(prev) < MinScheduleGap {
			return Schedule{}, Errorf(Invalid, "err.schedule.too_often", expr)
		}
		prev = next
	}
	return s, nil
}

// wall is t's wall-clock time in loc written as UTC, where no clock jumps.
func wall(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}

// Next is the first fire time after t in loc. Fire times follow the wall clock: a
// time that does not exist on the night clocks go forward fires at the same moment
// one hour later on the wall clock (02:30 becomes 03:30), and a time that occurs
// twice on the night clocks go back fires only the first time.
func (s Schedule) Next(t time.Time, loc *time.Location) time.Time {
	w := wall(t, loc)
	for range 1000 {
		w = s.cron.Next(w)
		if w.IsZero() {
			return time.Time{}
		}
		if at := local(w, loc); at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// local is the instant of wall-clock time w in loc; of a time that occurs twice,
// the first. (time.Date leaves the choice open.)
func local(w time.Time, loc *time.Location) time.Time {
	base := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
	at := base
	for _, d := range []time.Duration{-30 * time.Minute, -time.Hour, -2 * time.Hour} {
		if e := base.Add(d); wall(e, loc).Equal(w) {
			at = e
		}
	}
	return at
}

// catchUpWindows are how far back Latest looks, shortest first, so that a frequent
// schedule is not walked minute by minute over a long downtime.
var catchUpWindows = []time.Duration{time.Hour, 24 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour, 367 * 24 * time.Hour, 5 * 367 * 24 * time.Hour}

// Latest is the last fire time after last and not after now, or zero when none is
// due: one run makes up for every period missed while the bot was down.
func (s Schedule) Latest(last, now time.Time, loc *time.Location) time.Time {
	if next := s.Next(last, loc); next.IsZero() || next.After(now) {
		return time.Time{}
	}
	for _, win := range catchUpWindows {
		from := last
		if start := now.Add(-win); start.After(from) {
			from = start
		}
		var found time.Time
		for t := s.Next(from, loc); !t.IsZero() && !t.After(now); t = s.Next(t, loc) {
			found = t
		}
		if !found.IsZero() {
			return found
		}
	}
	return time.Time{}
}
