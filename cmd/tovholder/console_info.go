package main

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// listUsers lists the people with what Tovholder knows of them now: roles and groups
// as configured, not as the demo meant them.
func (c *client) listUsers(ctx context.Context) {
	svc := c.s.app.svc
	roles, _ := svc.RoleHolders(ctx)
	groups, _ := svc.Groups(ctx)
	tw := tabwriter.NewWriter(c.out, 0, 0, 2, ' ', 0)
	for _, u := range c.s.emu.Users() {
		if u.IsBot {
			continue
		}
		var what []string
		if slices.Contains(c.s.app.cfg.Admins, u.ID) {
			what = append(what, say(c.lang, "who.admin"))
		}
		for _, r := range []workflow.Role{workflow.RoleSecretariat, workflow.RoleSteering} {
			if slices.Contains(roles[r], u.ID) {
				what = append(what, i18n.T(c.lang, "role."+string(r)))
			}
		}
		for _, g := range groups {
			if g.CoordinatorID == u.ID {
				what = append(what, say(c.lang, "who.coord", g.Key))
			}
			if slices.Contains(g.Members, u.ID) {
				what = append(what, say(c.lang, "who.member", g.Key))
			}
		}
		if len(what) == 0 {
			what = append(what, say(c.lang, "who.userclub"))
		}
		fmt.Fprintf(tw, "  @%s\t%s\t%s\n", u.Name, u.RealName, strings.Join(what, ", "))
	}
	_ = tw.Flush()
}

// listChannels lists the channels with the place or working group each one is.
func (c *client) listChannels(ctx context.Context) {
	svc := c.s.app.svc
	what := map[string][]string{}
	for _, p := range workflow.Places {
		if id, err := svc.PlaceChannel(ctx, p); err == nil && id != "" {
			what[id] = append(what[id], say(c.lang, "where.place", i18n.T(c.lang, "place."+string(p))))
		}
	}
	groups, _ := svc.Groups(ctx)
	for _, g := range groups {
		what[g.ChannelID] = append(what[g.ChannelID], say(c.lang, "where.group", g.Key, g.Name))
	}
	tw := tabwriter.NewWriter(c.out, 0, 0, 2, ' ', 0)
	for _, ch := range c.s.emu.Channels() {
		if !ch.IsIM {
			fmt.Fprintf(tw, "  #%s\t%s\n", ch.Name, strings.Join(what[ch.ID], ", "))
		}
	}
	_ = tw.Flush()
}

// time shows the bot's clock, or moves it and runs what the scheduler would have
// run by then.
func (c *client) time(ctx context.Context, arg string) error {
	if arg == "" {
		c.printf("%s\n", say(c.lang, "clock", c.clock()))
		return nil
	}
	now := c.s.clock.Now()
	t, err := timeAfter(now, arg, c.s.app.cfg.Location)
	if err != nil {
		return c.complain("err.time")
	}
	if !t.After(now) {
		return c.complain("err.past", c.clock())
	}
	if err := c.s.advance(ctx, t); err != nil {
		return err
	}
	c.printf("%s\n", say(c.lang, "clock", c.clock()))
	return c.show(ctx)
}

// clock is the bot's time as people in the bot's zone read it.
func (c *client) clock() string {
	t := c.s.clock.Now().In(c.s.app.cfg.Location)
	day := t.Weekday().String()[:3]
	if c.lang == i18n.Danish {
		day = []string{"søn", "man", "tir", "ons", "tor", "fre", "lør"}[t.Weekday()]
	}
	return day + " " + t.Format("2006-01-02 15:04 MST")
}

var (
	relative     = regexp.MustCompile(`^\+(\d+[wdhm])+$`)
	durationPart = regexp.MustCompile(`\d+[wdhm]`)
)

// timeAfter reads "+2d", "+1w3h", "+30m" after now, or a time as parseWhen reads it.
func timeAfter(now time.Time, s string, loc *time.Location) (time.Time, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if !strings.HasPrefix(s, "+") {
		return parseWhen(s, loc)
	}
	if !relative.MatchString(s) {
		return now, errors.New("not a duration")
	}
	t := now.In(loc)
	limit := t.AddDate(maxAdvanceYears, 0, 0)
	for _, part := range durationPart.FindAllString(s, -1) {
		n, err := strconv.Atoi(part[:len(part)-1])
		if err != nil || n > maxAdvanceYears*366*24*60/minutesPer[part[len(part)-1]] {
			// Refused before multiplying, which could overflow into the past.
			return now, errors.New("not a duration")
		}
		switch part[len(part)-1] {
		case 'w':
			t = t.AddDate(0, 0, 7*n)
		case 'd':
			t = t.AddDate(0, 0, n) // calendar days: 09:00 stays 09:00 across summer time
		case 'h':
			t = t.Add(time.Duration(n) * time.Hour)
		case 'm':
			t = t.Add(time.Duration(n) * time.Minute)
		}
		if t.After(limit) {
			return now, errors.New("too far ahead")
		}
	}
	return t, nil
}

// maxAdvanceYears bounds how far the console's clock moves in one step.
const maxAdvanceYears = 10

// minutesPer is the minutes in each unit of a relative time.
var minutesPer = map[byte]int{'w': 7 * 24 * 60, 'd': 24 * 60, 'h': 60, 'm': 1}

// parseWhen reads "2027-03-30 09:00" (or without the space, or a date alone for
// midnight) in loc.
func parseWhen(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-0215:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time like 2027-03-30 09:00", s)
}
