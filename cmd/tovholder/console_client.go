package main

import (
	"context"
	"errors"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
)

// client is the terminal client: who you are, where you are, and the buttons on
// screen. One command runs at a time, and the bot settles before the next prompt.
type client struct {
	s       *session
	in      lineReader
	out     io.Writer
	lang    i18n.Lang
	user    string
	channel string
	changes *changeLog
	unwatch func()
	mu      sync.Mutex // held by a command, and by showing what arrived in between
	buttons []button
	byKey   map[string]int
	seen    map[string]bool
	shown   map[string]string // each message as last shown
	// violations counts the emulator's violations already warned of.
	violations int
	script     bool // stdin is not a terminal: nothing is shown between commands
}

func newClient(s *session, in lineReader, out io.Writer) *client {
	c := &client{s: s, in: in, out: out, lang: s.lang, byKey: map[string]int{}, seen: map[string]bool{}, shown: map[string]string{}}
	_, c.script = in.(*plainReader)
	c.changes, c.unwatch = watch(s.emu)
	return c
}

// begin seeds the demo workspace (or not) and greets.
func (c *client) begin(ctx context.Context, demo bool) error {
	c.user, c.channel = demoAdmin, demoChannels[0].ID
	if demo {
		if err := c.seed(ctx); err != nil {
			return err
		}
		c.user, c.channel = demoPeople[len(demoPeople)-1].ID, demoChannels[2].ID
	}
	// The scheduler's next minute, as a running bot would have it: the new groups'
	// reminder schedules start counting now.
	if err := c.s.advance(ctx, c.s.clock.Now()); err != nil {
		return err
	}
	_ = c.changes.take() // the admin's confirmations of the setup
	c.printf("%s\n", say(c.lang, "banner"))
	if c.s.copyOf != "" {
		c.printf("%s\n", say(c.lang, "banner.copydb", c.s.copyOf, c.s.dbPath))
	} else if strings.HasPrefix(c.s.dbPath, c.s.dir) {
		c.printf("%s\n", say(c.lang, "banner.tempdb", c.s.dbPath))
	} else {
		c.printf("%s\n", say(c.lang, "banner.db", c.s.dbPath))
	}
	c.printf("%s\n", say(c.lang, "banner.log", c.s.logf))
	if c.s.webURL != "" {
		c.printf("%s\n", say(c.lang, "banner.web", c.s.webURL))
	}
	c.printf("%s\n", say(c.lang, "banner.clock", c.clock()))
	if c.s.resumed {
		c.printf("%s\n", say(c.lang, "banner.resumed"))
	}
	if demo {
		c.printf("%s\n", say(c.lang, "banner.demo"))
	} else {
		c.printf("%s\n", say(c.lang, "banner.empty"))
	}
	return nil
}

// loop reads and runs commands until quit or the end of the input.
func (c *client) loop(ctx context.Context) error {
	defer c.unwatch()
	if !c.script {
		go c.showArrivals(ctx)
	}
	for ctx.Err() == nil {
		line, err := c.in.ReadLine(c.prompt())
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		c.mu.Lock()
		quit, err := c.run(ctx, strings.TrimSpace(line))
		c.mu.Unlock()
		if err != nil || quit {
			return err
		}
	}
	return nil
}

// showArrivals shows, on a terminal, what the bot posts while you are not typing a
// command (a retry that went through, a job of the scheduler); the terminal redraws
// the prompt under it.
func (c *client) showArrivals(ctx context.Context) {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		c.mu.Lock()
		err := c.showChanges(ctx, false) // the prompt is reading: no form now
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (c *client) prompt() string {
	where := "#" + c.channelName(c.channel)
	if _, ok := c.imOf(c.channel); ok {
		where = "dm"
	}
	return c.userName(c.user) + "@" + where + "> "
}

// run runs one command line and reports whether it was quit.
func (c *client) run(ctx context.Context, line string) (bool, error) {
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "":
		return false, nil
	case "quit", "exit", "q":
		return true, nil
	case "help", "?":
		c.printf("%s\n", say(c.lang, "help"))
	case "as":
		c.as(rest)
	case "in":
		c.moveTo(rest)
	case "/users", "users":
		c.listUsers(ctx)
	case "/channels", "channels":
		c.listChannels(ctx)
	case "click":
		return false, c.click(ctx, rest)
	case "select":
		n, option, _ := strings.Cut(rest, " ")
		return false, c.choose(ctx, n, strings.TrimSpace(option))
	case "home":
		return false, c.home(ctx)
	case "shortcut":
		return false, c.shortcut(ctx, rest)
	case "say":
		return false, c.post(ctx, rest)
	case "history":
		c.history()
	case "time":
		return false, c.time(ctx, rest)
	default:
		return false, c.other(ctx, line)
	}
	return false, nil
}

// other sends a slash command, echoes a script's comment, or says it is unknown.
func (c *client) other(ctx context.Context, line string) error {
	switch {
	case strings.HasPrefix(line, "/"):
		if err := c.s.emu.WaitSocket(ctx); err != nil {
			return err
		}
		command, text, _ := strings.Cut(line, " ")
		_, err := c.s.emu.SlashCommand(ctx, c.user, c.channel, command, c.escape(strings.TrimSpace(text)))
		return c.after(ctx, err)
	case strings.HasPrefix(line, "# "):
		return nil // a comment in a script; the echo shows it
	}
	return c.complain("err.unknown", line)
}

// slash sends a slash command and waits for the bot, showing nothing: for the setup.
func (c *client) slash(ctx context.Context, user, channel, line string) error {
	command, text, _ := strings.Cut(line, " ")
	if _, err := c.s.emu.SlashCommand(ctx, user, channel, command, c.escape(text)); err != nil {
		return err
	}
	return c.settle(ctx)
}

var mention = regexp.MustCompile(`(^|[\s(])([@#])([\p{L}\p{N}._-]+)`)

// escape turns @name and #channel into the references Slack sends an app whose
// command has should_escape on: <@U…|name> and <#C…|name>.
func (c *client) escape(text string) string {
	return mention.ReplaceAllStringFunc(text, func(m string) string {
		g := mention.FindStringSubmatch(m)
		if g[2] == "@" {
			if id, ok := c.findUser(g[3]); ok {
				return g[1] + "<@" + id + "|" + c.userName(id) + ">"
			}
			return m
		}
		if ch, ok := c.s.emu.ChannelByName(g[3]); ok && !ch.IsIM {
			return g[1] + "<#" + ch.ID + "|" + ch.Name + ">"
		}
		return m
	})
}

// findUser finds a person by handle, ID, or first name ("Søren" finds soren).
func (c *client) findUser(s string) (string, bool) {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	for _, u := range c.s.emu.Users() {
		first, _, _ := strings.Cut(strings.ToLower(u.RealName), " ")
		if !u.IsBot && (strings.ToLower(u.Name) == s || strings.ToLower(u.ID) == s || first == s) {
			return u.ID, true
		}
	}
	return "", false
}

func (c *client) as(who string) {
	id, ok := c.findUser(who)
	if !ok {
		_ = c.complain("err.user", who)
		return
	}
	if _, ok := c.imOf(c.channel); ok {
		c.channel = c.s.emu.IM(id) // stay in your own DM with the bot
	}
	c.user = id
}

func (c *client) moveTo(where string) {
	if strings.EqualFold(where, "dm") {
		c.channel = c.s.emu.IM(c.user)
		return
	}
	ch, ok := c.s.emu.ChannelByName(strings.TrimPrefix(where, "#"))
	if !ok || ch.IsIM {
		_ = c.complain("err.channel", where)
		return
	}
	c.channel = ch.ID
}

// imOf says whose DM with the bot channel is, if it is one.
func (c *client) imOf(channel string) (string, bool) {
	for _, ch := range c.s.emu.Channels() {
		if ch.ID == channel && ch.IsIM {
			return ch.User, true
		}
	}
	return "", false
}
