package bot

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
)

// webURL is the address of path on the public web pages (TOVHOLDER_PUBLIC_URL) in
// lang, for a view's "View on the web" link; "" when the pages have no public URL.
func (b *Bot) webURL(lang i18n.Lang, path string) string {
	if b.cfg.PublicURL == "" {
		return ""
	}
	return strings.TrimRight(b.cfg.PublicURL, "/") + path + "?lang=" + url.QueryEscape(string(lang))
}

// wishPath is a wish's page on the web.
func wishPath(id int64) string { return "/wishes/" + strconv.FormatInt(id, 10) }

// planPath is a development cycle's plan on the web.
func planPath(cycle string) string { return "/plan/" + url.PathEscape(cycle) }

// rememberName stores the display name Slack's users.info gave for u, for the public
// pages' names (TOVHOLDER_WEB_NAMES) and the export's name columns: never the ID, only
// the name a member chose.
func (b *Bot) rememberName(ctx context.Context, u *slack.User) {
	if (!b.cfg.WebNames && !b.cfg.StoreNames) || u == nil {
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
		b.log.Warn().Err(err).Msg("could not store a display name")
	}
}
