package bot

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
)

// webLink is a context block linking path on the public web pages
// (TOVHOLDER_PUBLIC_URL) in lang, or nothing when the pages have no public URL.
func (b *Bot) webLink(lang i18n.Lang, path string) []slack.Block {
	if b.cfg.PublicURL == "" {
		return nil
	}
	u := strings.TrimRight(b.cfg.PublicURL, "/") + path + "?lang=" + url.QueryEscape(string(lang))
	return []slack.Block{context_(i18n.T(lang, "web.view", u))}
}

// wishPath is a wish's page on the web.
func wishPath(id int64) string { return "/wishes/" + strconv.FormatInt(id, 10) }

// planPath is a development cycle's plan on the web.
func planPath(cycle string) string { return "/plan/" + url.PathEscape(cycle) }

// rememberName stores the display name Slack's users.info gave for u, for the public
// pages' names (TOVHOLDER_WEB_NAMES): never the ID, only the name a member chose.
func (b *Bot) rememberName(ctx context.Context, u *slack.User) {
	if !b.cfg.WebNames || u == nil {
		return
	}
	name := strings.TrimSpace(u.Profile.DisplayName)
	if name == "" {
		name = strings.TrimSpace(u.RealName)
	}
	if name == "" || u.IsBot {
		return
	}
	if err := b.svc.RememberName(ctx, u.ID, name); err != nil {
		b.log.Warn().Err(err).Msg("could not store a display name for the web pages")
	}
}
