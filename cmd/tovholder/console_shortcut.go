package main

import (
	"context"
	"strconv"
	"strings"
)

// The callback ids of the shortcuts in manifest.yml, as Slack sends them.
const (
	shortcutNewWish     = "wish.shortcut.new"
	shortcutMessageWish = "wish.shortcut.from_message"
)

// shortcut fires the global New wish shortcut, or, with n, Turn into a wish on the
// n-th latest message of the current channel (1 is the latest), as Slack does from a
// message's menu.
func (c *client) shortcut(ctx context.Context, arg string) error {
	if err := c.s.emu.WaitSocket(ctx); err != nil {
		return err
	}
	if arg == "" {
		_, err := c.s.emu.Shortcut(ctx, c.user, shortcutNewWish)
		return c.after(ctx, err)
	}
	n, err := strconv.Atoi(arg)
	ms := c.s.emu.Messages(c.channel)
	if err != nil || n < 1 || n > len(ms) {
		return c.complain("err.message", arg, len(ms))
	}
	m := ms[len(ms)-n]
	_, err = c.s.emu.MessageShortcut(ctx, c.user, c.channel, m.TS, shortcutMessageWish)
	return c.after(ctx, err)
}

// typed is how Slack encodes what a person types: &, < and > escaped, so that only
// a real mention (@name, which escape turns into <@U…|name>) is one.
var typed = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `\n`, "\n")

// post posts text in the current channel as the current user, as a person types a
// message (\n a new line, mentions as Slack encodes them), for a shortcut to be used on.
func (c *client) post(ctx context.Context, text string) error {
	if strings.TrimSpace(text) == "" {
		return c.complain("err.say")
	}
	_, err := c.s.emu.PostAsUser(c.user, c.channel, c.escape(typed.Replace(text)))
	return c.after(ctx, err)
}
