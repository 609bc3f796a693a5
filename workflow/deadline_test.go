package workflow_test

import (
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// Summer time in Europe/Copenhagen starts on the last Sunday of March (02:00 -> 03:00)
// and ends on the last Sunday of October (03:00 -> 02:00).

func TestDefaultDeadlineKeepsTheWallClock(t *testing.T) {
	loc := copenhagen(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	tests := []struct {
		name      string
		now, want time.Time
	}{
		{"winter", at(2027, 1, 11, 9, 0), at(2027, 1, 18, 9, 0)},
		{"summer", at(2027, 6, 7, 9, 0), at(2027, 6, 14, 9, 0)},
		{"into summer time (28 March 2027)", at(2027, 3, 22, 9, 0), at(2027, 3, 29, 9, 0)},
		{"into summer time, started on the day", at(2027, 3, 28, 9, 0), at(2027, 4, 4, 9, 0)},
		{"into summer time, started the night before", at(2027, 3, 27, 23, 30), at(2027, 4, 3, 23, 30)},
		{"out of summer time (31 October 2027)", at(2027, 10, 25, 9, 0), at(2027, 11, 1, 9, 0)},
		{"out of summer time, started on the day", at(2027, 10, 31, 9, 0), at(2027, 11, 7, 9, 0)},
		{"out of summer time, late evening", at(2026, 10, 20, 23, 45), at(2026, 10, 27, 23, 45)},
		{"a missing hour lands on its real time", at(2027, 3, 21, 2, 30), at(2027, 3, 28, 3, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := workflow.DefaultDeadline(tt.now.UTC(), loc)
			if !got.Equal(tt.want) {
				t.Errorf("DefaultDeadline(%s) = %s, want %s", tt.now, got.In(loc), tt.want)
			}
		})
	}
	t.Run("no zone is UTC", func(t *testing.T) {
		now := time.Date(2027, 3, 22, 9, 0, 0, 0, time.UTC)
		if got := workflow.DefaultDeadline(now, nil); !got.Equal(now.Add(7 * 24 * time.Hour)) {
			t.Errorf("DefaultDeadline(%s, nil) = %s", now, got)
		}
	})
}

func TestEndOfDayIsTheLastSecondOfThatDay(t *testing.T) {
	loc := copenhagen(t)
	tests := []struct {
		name    string
		y       int
		m       time.Month
		d       int
		wantUTC time.Time
	}{
		{"winter", 2027, 3, 10, time.Date(2027, 3, 10, 22, 59, 59, 0, time.UTC)},
		{"summer", 2027, 6, 10, time.Date(2027, 6, 10, 21, 59, 59, 0, time.UTC)},
		{"the day summer time starts (23 hours)", 2027, 3, 28, time.Date(2027, 3, 28, 21, 59, 59, 0, time.UTC)},
		{"the day before summer time", 2027, 3, 27, time.Date(2027, 3, 27, 22, 59, 59, 0, time.UTC)},
		{"the day summer time ends (25 hours)", 2027, 10, 31, time.Date(2027, 10, 31, 22, 59, 59, 0, time.UTC)},
		{"the day before summer time ends", 2027, 10, 30, time.Date(2027, 10, 30, 21, 59, 59, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := workflow.EndOfDay(tt.y, tt.m, tt.d, loc)
			if !got.Equal(tt.wantUTC) {
				t.Errorf("EndOfDay(%d-%02d-%02d) = %s, want %s", tt.y, tt.m, tt.d, got.UTC(), tt.wantUTC)
			}
			// Shown in the zone, it is that day, not the start of the next.
			if l := got.In(loc); l.Day() != tt.d || l.Hour() != 23 || l.Minute() != 59 {
				t.Errorf("EndOfDay(%d-%02d-%02d) shows as %s", tt.y, tt.m, tt.d, l)
			}
		})
	}
}
