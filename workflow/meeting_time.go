package workflow

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// LocalTime reads a date (YYYY-MM-DD) and a wall-clock time (HH:MM), as Slack's date
// and time pickers give them, as an instant in loc. A time that does not exist in loc
// (02:30 on the night clocks go forward) is refused; of a time that occurs twice, the
// first is meant.
func LocalTime(date, clock string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(date))
	if err != nil || d.Year() < 2000 || d.Year() > 2999 {
		return time.Time{}, Errorf(Invalid, "err.meeting.date", date)
	}
	c, err := time.Parse("15:04", strings.TrimSpace(clock))
	if err != nil {
		return time.Time{}, Errorf(Invalid, "err.meeting.time", clock)
	}
	w := time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), 0, 0, time.UTC)
	at := local(w, loc)
	if !wall(at, loc).Equal(w) {
		return time.Time{}, Errorf(Invalid, "err.meeting.no_such_time", date, clock)
	}
	return at.UTC(), nil
}

// CheckFuture refuses a meeting time that is not after now.
func CheckFuture(at, now time.Time) error {
	if !at.After(now) {
		return Errorf(Invalid, "err.meeting.past")
	}
	return nil
}

// ParseDuration reads a meeting's length: "" for DefaultDuration, "1h30m", "90m",
// "1:30" or "2h", between MinDuration and MaxDuration.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	if s == "" {
		return DefaultDuration, nil
	}
	var d time.Duration
	var err error
	if h, m, ok := strings.Cut(s, ":"); ok {
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 24 || mm < 0 || mm > 59 {
			return 0, Errorf(Invalid, "err.meeting.duration", s)
		}
		d = time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, Errorf(Invalid, "err.meeting.duration", s)
	}
	if d < MinDuration || d > MaxDuration {
		return 0, Errorf(Invalid, "err.meeting.duration", s)
	}
	return d.Truncate(time.Minute), nil
}

// FormatDuration writes d as ParseDuration reads it: "1h30m", "45m", "2h".
func FormatDuration(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return strconv.Itoa(m) + "m"
	case m == 0:
		return strconv.Itoa(h) + "h"
	}
	return strconv.Itoa(h) + "h" + strconv.Itoa(m) + "m"
}

// CheckCandidates refuses fewer than MinCandidates or more than MaxCandidates times,
// one not after now, or the same time twice, and returns them in order.
func CheckCandidates(times []time.Time, now time.Time) ([]time.Time, error) {
	if len(times) < MinCandidates || len(times) > MaxCandidates {
		return nil, Errorf(Invalid, "err.meeting.candidates", MinCandidates, MaxCandidates)
	}
	out := slices.Clone(times)
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	for i, t := range out {
		if err := CheckFuture(t, now); err != nil {
			return nil, err
		}
		if i > 0 && t.Equal(out[i-1]) {
			return nil, Errorf(Invalid, "err.meeting.candidate_twice")
		}
	}
	return out, nil
}

// MeetingRemindAt is when a meeting's day-before reminder goes out: remindBefore
// before its start, counted in whole days on the wall clock in loc when it is whole
// days, so that across a change of summer time a meeting at 10:00 is reminded of at
// 10:00 the day before, not at 09:00 or 11:00.
func MeetingRemindAt(m Meeting, remindBefore time.Duration, loc *time.Location) time.Time {
	if remindBefore <= 0 {
		remindBefore = DefaultRemindBefore
	}
	if loc == nil || remindBefore%(24*time.Hour) != 0 {
		return m.Start.Add(-remindBefore)
	}
	days := int(remindBefore / (24 * time.Hour))
	return local(wall(m.Start, loc).AddDate(0, 0, -days), loc).UTC()
}

// MeetingReminderDue reports whether meeting m's reminder is due at now: it is
// scheduled, not yet reminded, past its reminder time and not yet started.
func MeetingReminderDue(m Meeting, remindBefore time.Duration, now time.Time, loc *time.Location) bool {
	return m.State == MeetingScheduled && m.RemindedAt.IsZero() &&
		!now.Before(MeetingRemindAt(m, remindBefore, loc)) && now.Before(m.Start)
}
