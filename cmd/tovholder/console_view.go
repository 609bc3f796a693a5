package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/os2kitos/tovholder/bot/slackemu"
)

// changeLog is the emulator's changes not yet shown. They are read straight from
// the subscription when wanted: a change is in the channel before the API call that
// made it returns, so after the bot settles every change it caused is there.
type changeLog struct{ ch <-chan slackemu.Change }

func watch(emu *slackemu.Server) (*changeLog, func()) {
	ch, stop := emu.Subscribe()
	return &changeLog{ch: ch}, stop
}

// take returns the changes so far and forgets them.
func (l *changeLog) take() []slackemu.Change {
	var out []slackemu.Change
	for {
		select {
		case c := <-l.ch:
			out = append(out, c)
		default:
			return out
		}
	}
}

// button is a numbered button or select, with where it is.
type button struct {
	ref             slackemu.ButtonRef
	channel, ts     string // a message's
	owner           string // the user who sees the ephemeral or the Home
	viewID          string // a Home's
	ephemeral, view bool
}

// number gives the button a number, the same one each time the same button of the
// same message is shown again, so a number read on screen stays valid.
func (c *client) number(b button) string {
	key := strings.Join([]string{b.channel, b.ts, b.viewID, b.ref.BlockID, b.ref.ActionID, b.ref.Value, b.ref.Label}, "\x00")
	if n, ok := c.byKey[key]; ok {
		c.buttons[n-1] = b
		return strconv.Itoa(n)
	}
	c.buttons = append(c.buttons, b)
	c.byKey[key] = len(c.buttons)
	return strconv.Itoa(len(c.buttons))
}

// render renders blocks with every button numbered as at.
func (c *client) render(blocks []json.RawMessage, at button) string {
	o := c.s.emu.RenderOptions()
	o.Button = func(ref slackemu.ButtonRef) string {
		b := at
		b.ref = ref
		return c.number(b)
	}
	return slackemu.RenderBlocks(blocks, o)
}

// item is one message or view that changed since the client last showed changes.
type item struct {
	key  string
	kind string // the first change's kind
	last slackemu.Change
	rank int // private answers first, then messages in the order posted, the form last
}

// pending folds the changes into one item per message or view, in an order that
// does not depend on which of the bot's goroutines happened to run first.
func (c *client) pending() []item {
	var out []item
	index := map[string]int{}
	for _, ch := range c.changes.take() {
		var key string
		rank := 1
		switch ch.Kind {
		case "message_posted", "message_updated", "message_deleted":
			key = "m" + ch.Channel + "/" + ch.TS
		case "ephemeral":
			key, rank = "m"+ch.Channel+"/"+ch.TS, 0
		case "view_opened", "view_updated":
			key, rank = "v"+ch.ViewID, 2
		default:
			continue
		}
		if i, ok := index[key]; ok {
			out[i].last = ch
			continue
		}
		index[key] = len(out)
		out = append(out, item{key: key, kind: ch.Kind, last: ch, rank: rank})
	}
	slices.SortStableFunc(out, func(a, b item) int { return a.rank - b.rank })
	return out
}

// show prints what the bot did since the last time, and runs the form of a modal
// the bot opened for the current user.
func (c *client) show(ctx context.Context) error { return c.showChanges(ctx, true) }

// showChanges is show; without forms it only prints, for a caller that must not
// read input.
func (c *client) showChanges(ctx context.Context, forms bool) error {
	var form string
	for _, it := range c.pending() {
		if it.rank == 2 {
			if it.last.User == c.user {
				form = it.last.ViewID
			}
			continue
		}
		c.showMessage(it)
	}
	if form == "" || !forms {
		return nil
	}
	return c.fillForm(ctx, form)
}

func (c *client) showMessage(it item) {
	ch := it.last
	seen := c.seen[it.key]
	c.seen[it.key] = true
	var tags []string
	if ch.Kind == "message_deleted" {
		c.printf("%s\n", c.header(slackemu.Message{Channel: ch.Channel}, say(c.lang, "hdr.deleted")))
		return
	}
	m, ok := c.s.emu.Message(ch.Channel, ch.TS)
	if !ok {
		return
	}
	if seen || it.kind == "message_updated" {
		tags = append(tags, say(c.lang, "hdr.updated"))
	}
	c.printMessage(m, false, tags...)
}

// changed reports whether a message reads differently from when it was last shown:
// an update that changes nothing a reader sees is not worth a screenful.
func (c *client) changed(m slackemu.Message, body string) bool {
	key := "m" + m.Channel + "/" + m.TS
	if c.shown[key] == body {
		return false
	}
	c.shown[key] = body
	return true
}

// printMessage prints a message under a header saying where it is and who sees it;
// unless always, only when it reads differently from the last time it was shown.
func (c *client) printMessage(m slackemu.Message, always bool, tags ...string) {
	if m.Ephemeral {
		if m.EphemeralUser == c.user {
			tags = append([]string{say(c.lang, "hdr.only_you")}, tags...)
		} else {
			tags = append([]string{say(c.lang, "hdr.only", c.userName(m.EphemeralUser))}, tags...)
		}
	}
	var body string
	if len(m.Blocks) > 0 {
		body = c.render(m.Blocks, button{channel: m.Channel, ts: m.TS, ephemeral: m.Ephemeral, owner: m.EphemeralUser})
	} else {
		plain := m
		plain.Ephemeral = false
		body = c.s.emu.RenderMessage(plain)
	}
	if !c.changed(m, body) && !always {
		return
	}
	c.printf("%s\n", c.header(m, tags...))
	c.printf("%s", indent(c.permalinks(body)))
}

var permalink = regexp.MustCompile(`https?://[^/\s]+/archives/([A-Z0-9]+)/p[0-9]+`)

// permalinks shows a link to a message of the built-in Slack as its channel, since
// its address changes with every run and leads nowhere a reader can go.
func (c *client) permalinks(s string) string {
	base := c.s.emu.URL()
	return permalink.ReplaceAllStringFunc(s, func(link string) string {
		if !strings.HasPrefix(link, base+"/") {
			return link
		}
		return "#" + c.channelName(permalink.FindStringSubmatch(link)[1])
	})
}

// header is "── #channel · tags ──", or the DM or thread the message is in.
func (c *client) header(m slackemu.Message, tags ...string) string {
	where := "#" + c.channelName(m.Channel)
	if u, ok := c.imOf(m.Channel); ok {
		where = say(c.lang, "hdr.dm", c.userName(u))
	}
	if m.ThreadTS != "" && m.ThreadTS != m.TS {
		if parent, ok := c.s.emu.Message(m.Channel, m.ThreadTS); ok {
			where += " › " + say(c.lang, "hdr.thread", firstLine(c.s.emu.RenderMessage(parent), 40))
		}
	}
	parts := append([]string{where}, tags...)
	return "── " + strings.Join(parts, " · ") + " ──"
}

// firstLine is the first non-empty line of s, cut to n runes.
func firstLine(s string, n int) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if utf8.RuneCountInString(line) > n {
				line = string([]rune(line)[:n-1]) + "…"
			}
			return line
		}
	}
	return ""
}

func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(line) == "" {
			b.WriteString(strings.TrimLeft(line, " "))
			continue
		}
		b.WriteString("  " + line)
	}
	out := b.String()
	if out != "" && !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out
}

func (c *client) userName(id string) string {
	if u, ok := c.s.emu.User(id); ok {
		return u.Name
	}
	return id
}

func (c *client) channelName(id string) string {
	for _, ch := range c.s.emu.Channels() {
		if ch.ID == id {
			return ch.Name
		}
	}
	return id
}

// history prints the latest messages of the current channel, as scrolling up would.
func (c *client) history() {
	ms := c.s.emu.Messages(c.channel)
	if len(ms) == 0 {
		c.printf("%s\n", say(c.lang, "history.none", c.channelName(c.channel)))
		return
	}
	c.printf("%s\n", say(c.lang, "hdr.history", c.channelName(c.channel)))
	for _, m := range ms[max(0, len(ms)-historyLength):] {
		c.seen["m"+m.Channel+"/"+m.TS] = true
		c.printMessage(m, true)
	}
}

const historyLength = 10

// home opens the current user's App Home as Slack does and prints what the bot
// published there.
func (c *client) home(ctx context.Context) error {
	if err := c.s.emu.OpenHome(ctx, c.user); err != nil {
		return err
	}
	if err := c.settle(ctx); err != nil {
		return err
	}
	if err := c.show(ctx); err != nil {
		return err
	}
	v, ok := c.s.emu.Home(c.user)
	if !ok {
		c.printf("%s\n", say(c.lang, "home.none", c.userName(c.user)))
		return nil
	}
	c.printf("── %s ──\n", say(c.lang, "hdr.home", c.userName(c.user)))
	c.printf("%s", indent(c.render(v.Blocks, button{viewID: v.ID, owner: c.user, view: true})))
	return nil
}

// click presses button n as the current user.
func (c *client) click(ctx context.Context, arg string) error {
	b, n, ok := c.lookup(arg)
	if !ok {
		return c.complain("err.button", arg)
	}
	if b.ref.Type != "button" {
		return c.complain("err.select", n, n)
	}
	if (b.ephemeral || b.view) && b.owner != c.user {
		return c.complain("err.not_yours", c.userName(b.owner), c.userName(b.owner))
	}
	var err error
	if b.view {
		_, err = c.s.emu.ClickButtonInView(ctx, c.user, b.viewID, b.ref)
	} else {
		_, err = c.s.emu.ClickButton(ctx, c.user, b.channel, b.ts, b.ref)
	}
	return c.after(ctx, err)
}

// choose picks option of select n as the current user.
func (c *client) choose(ctx context.Context, arg, option string) error {
	b, n, ok := c.lookup(arg)
	switch {
	case !ok:
		return c.complain("err.button", arg)
	case b.ref.Type != "static_select" || b.view:
		return c.complain("err.not_select", n, n)
	case b.ephemeral && b.owner != c.user:
		return c.complain("err.not_yours", c.userName(b.owner), c.userName(b.owner))
	}
	_, err := c.s.emu.Select(ctx, c.user, b.channel, b.ts, b.ref.ActionID, option)
	return c.after(ctx, err)
}

func (c *client) lookup(arg string) (button, int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 || n > len(c.buttons) {
		return button{}, 0, false
	}
	return c.buttons[n-1], n, true
}

// after settles and shows what a request to the bot caused; a refusal by the
// emulator (a stale button, a closed view) is told, not fatal.
func (c *client) after(ctx context.Context, err error) error {
	if err != nil {
		c.printf("%s\n", say(c.lang, "err.slack", strings.TrimPrefix(err.Error(), "slackemu: ")))
	}
	if err := c.settle(ctx); err != nil {
		return err
	}
	return c.show(ctx)
}

func (c *client) complain(key string, args ...any) error {
	c.printf("%s\n", say(c.lang, key, args...))
	return nil
}

func (c *client) printf(format string, args ...any) { fmt.Fprintf(c.out, format, args...) }

// settle waits for the bot and warns of anything it sent that Slack would refuse.
func (c *client) settle(ctx context.Context) error {
	if err := c.s.settle(ctx); err != nil {
		return fmt.Errorf("waiting for the bot: %w", err)
	}
	vs := c.s.emu.Violations()
	for _, v := range vs[min(c.violations, len(vs)):] {
		c.printf("%s\n", say(c.lang, "warn.violation", v.Method, v.Reason))
	}
	c.violations = len(vs)
	return nil
}
