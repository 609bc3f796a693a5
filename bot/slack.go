package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
)

// SlackAPI is the part of Slack's Web API the bot uses. *slack.Client implements it;
// keeping it narrow shows at a glance what the bot may do in a workspace.
type SlackAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	UpdateViewContext(ctx context.Context, view slack.ModalViewRequest, externalID, hash, viewID string) (*slack.ViewResponse, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	GetPermalinkContext(ctx context.Context, params *slack.PermalinkParameters) (string, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
}

var _ SlackAPI = (*slack.Client)(nil)

// APIURL normalises a Web API base URL: slack-go appends method names to it as they
// are, so it must end with a slash.
func APIURL(u string) string {
	if u == "" {
		return slack.APIURL
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// esc escapes user-supplied text for Slack's mrkdwn and plain_text, so that nobody can
// make the bot mention <!channel> or a user, or disguise a link.
func esc(s string) string { return escaper.Replace(s) }

// user mentions a Slack user by id; ids come from Slack, never from typed text. An
// imported wish may name a person who has no Slack id: the name is shown as text.
func user(id string) string {
	if id == "" || id == "system" {
		return "Tovholder"
	}
	if !slackUserID(id) {
		return esc(id)
	}
	return "<@" + id + ">"
}

// slackUserID reports whether s looks like a Slack user id (U012AB3CD, W012AB3CD).
func slackUserID(s string) bool {
	if len(s) < 2 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// channel links a channel by id.
func channel(id string) string { return "<#" + id + ">" }

// truncate shortens s to at most n runes, marking the cut, so a long wish never
// breaks a Block Kit limit.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// clip escapes and then truncates, without cutting an entity in half.
func clip(s string, n int) string {
	e := esc(s)
	if len([]rune(e)) <= n {
		return e
	}
	r := []rune(e)[:n-1]
	if i := strings.LastIndexByte(string(r), '&'); i >= 0 && !strings.Contains(string(r)[i:], ";") {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}
