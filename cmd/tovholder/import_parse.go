package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// dateLayouts are the times an import reads besides RFC 3339: ISO dates and the
// Danish dd-mm-yyyy (with - or .), with or without a time of day.
var dateLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02",
	"02-01-2006 15:04", "02-01-2006", "02.01.2006 15:04", "02.01.2006", "2-1-2006", "2.1.2006"}

// parseDate reads a time; one without a zone is a wall-clock time in loc.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil && writable(t.UTC()) {
		return t.UTC(), nil
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil && writable(t.UTC()) {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date: use 2025-03-31 or 31-03-2025", s)
}

// writable reports whether t, in UTC, has a year RFC 3339 can write (1 to 9999):
// "0000-01-01 0:00" in Copenhagen is in the year -1 in UTC, and would not read back.
func writable(t time.Time) bool { return t.Year() >= 1 && t.Year() <= 9999 }

// stateNames reads a state by its code or its English or Danish name (the catalog's).
var stateNames = func() map[string]workflow.State {
	m := map[string]workflow.State{}
	for _, s := range workflow.States {
		m[string(s)] = s
		for _, l := range []i18n.Lang{i18n.English, i18n.Danish} {
			m[strings.ToLower(i18n.T(l, "state."+string(s)))] = s
		}
	}
	m[strings.ReplaceAll(string(workflow.StateInAssessment), "_", " ")] = workflow.StateInAssessment
	m[strings.ReplaceAll(string(workflow.StateNeedsInfo), "_", " ")] = workflow.StateNeedsInfo
	m[strings.ReplaceAll(string(workflow.StateNotApproved), "_", " ")] = workflow.StateNotApproved
	return m
}()

// parseState reads a state. Two states are "afvist" in Danish: by the working group
// when the wish has a group, else by the secretariat.
func parseState(s string, hasGroup bool) (workflow.State, error) {
	if strings.EqualFold(strings.TrimSpace(s), "afvist") {
		if hasGroup {
			return workflow.StateRejected, nil
		}
		return workflow.StateDeclined, nil
	}
	if st, ok := stateNames[strings.ToLower(strings.Join(strings.Fields(s), " "))]; ok {
		return st, nil
	}
	return "", fmt.Errorf("%q is not a state (English or Danish, e.g. submitted or indsendt)", s)
}

// unneutralise undoes the export's guard against formulas: a leading apostrophe
// before = + - @ tab or return.
func unneutralise(c string) string {
	if len(c) > 1 && c[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(c[1])) {
		return c[1:]
	}
	return c
}
