package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// request is one thing a user did in Slack: a command, a click or a submission.
type request struct {
	user, channel, team    string
	triggerID, responseURL string
	text                   string // a slash command's text as typed (never logged)
	lang                   i18n.Lang
	personal               bool   // lang is the user's own (personalise ran)
	kind                   string // command, action, submission or event
	free                   func() // frees the slot of a handler run by async (committed)
	log                    zerolog.Logger
}

// newRequest starts handling what user did in channel, with a child logger that says
// so (never what they typed).
func (b *Bot) newRequest(ctx context.Context, kind, name, user, channel, team string) *request {
	id := newID()
	l := b.log.With().Str("request_id", id).Str("kind", kind).Str("name", name).
		Str("user", user).Str("channel", channel).Str("team", team).Logger()
	return &request{user: user, channel: channel, team: team, lang: b.cfg.Lang, kind: kind, log: l}
}

func newID() string {
	var buf [6]byte
	_, _ = rand.Read(buf[:])
	return hex.EncodeToString(buf[:])
}

// committed says, in a handler, that its work is committed and only its answer in
// Slack is left: a handler run by async frees its slot for the next one and wakes the
// outbox for the notices it queued.
func (r *request) committed() {
	if r.free != nil {
		r.free()
	}
}

// t says key in the request's language.
func (r *request) t(key string, args ...any) string { return i18n.T(r.lang, key, args...) }

// personalise switches the request to the user's own Slack language, when configured.
// It may ask Slack (users.info), so a click that commits (a stance) runs it after its
// commit, never before; it runs once per request.
func (b *Bot) personalise(ctx context.Context, r *request) {
	if r.personal {
		return
	}
	r.lang, r.personal = b.langOf(ctx, r.user), true
}

// say answers the acting user privately where they are.
func (b *Bot) say(ctx context.Context, r *request, text string, blocks ...slack.Block) {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	var err error
	switch {
	case r.responseURL != "":
		_, _, err = b.slack.PostMessageContext(ctx, "", append(opts, slack.MsgOptionResponseURL(r.responseURL, slack.ResponseTypeEphemeral))...)
	case r.channel != "":
		_, err = b.slack.PostEphemeralContext(ctx, r.channel, r.user, opts...)
	default:
		err = b.dm(ctx, r.user, opts...)
	}
	if err != nil {
		r.log.Warn().Err(err).Msg("could not answer the user privately")
	}
}

// sayKey answers privately with a catalog entry.
func (b *Bot) sayKey(ctx context.Context, r *request, key string, args ...any) {
	b.say(ctx, r, r.t(key, args...))
}

// fail answers a use case's error: a domain error is shown to the user in their
// language; an internal one is logged once and the user gets an apology with a reference.
func (b *Bot) fail(ctx context.Context, r *request, err error) {
	b.say(ctx, r, b.errorText(r, err))
}

// errorText is what the user reads about err.
func (b *Bot) errorText(r *request, err error) string {
	if e, ok := workflow.AsError(err); ok && e.Kind != workflow.Internal {
		return r.t(e.Msg, i18n.ErrorArgs(r.lang, e.Msg, e.Args, view.Esc)...)
	}
	ref := newID()
	r.log.Error().Err(err).Str("ref", ref).Msg("request failed")
	return r.t("err.internal", ref)
}

// actor loads who the request's user is.
func (b *Bot) actor(ctx context.Context, r *request) (workflow.Actor, error) {
	return b.svc.Actor(ctx, r.user)
}

// dm sends a direct message to user.
func (b *Bot) dm(ctx context.Context, user string, opts ...slack.MsgOption) error {
	ch, _, _, err := b.slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	if err != nil {
		return err
	}
	_, _, err = b.slack.PostMessageContext(ctx, ch.ID, opts...)
	return err
}

// localeCache remembers users' Slack languages for an hour: users.info per message
// would cost a Web API call each time.
type localeCache struct {
	mu sync.Mutex
	m  map[string]localeEntry
}

type localeEntry struct {
	lang i18n.Lang
	at   time.Time
}

// langOf is user's language: their Slack locale when FollowLocale is on and it is
// one we speak, otherwise the workspace's.
func (b *Bot) langOf(ctx context.Context, userID string) i18n.Lang {
	if (!b.cfg.FollowLocale && !b.cfg.WebNames && !b.cfg.StoreNames) || userID == "" {
		return b.cfg.Lang
	}
	b.locales.mu.Lock()
	e, ok := b.locales.m[userID]
	b.locales.mu.Unlock()
	if ok && time.Since(e.at) < time.Hour {
		return e.lang
	}
	lang := b.cfg.Lang
	if u, err := b.slack.GetUserInfoContext(ctx, userID); err == nil {
		if l, ok := i18n.ParseLang(u.Locale); ok && b.cfg.FollowLocale {
			lang = l
		}
		b.rememberName(ctx, u)
	} else {
		b.log.Debug().Err(err).Str("user", userID).Msg("users.info failed; using the workspace language")
	}
	b.locales.mu.Lock()
	b.locales.m[userID] = localeEntry{lang: lang, at: time.Now()}
	b.locales.mu.Unlock()
	return lang
}

// openModal opens view; when Slack will not (an expired trigger), the user is told.
func (b *Bot) openModal(ctx context.Context, r *request, trigger string, view slack.ModalViewRequest) error {
	if _, err := b.slack.OpenViewContext(ctx, trigger, view); err != nil {
		r.log.Warn().Err(err).Str("modal", view.CallbackID).Msg("could not open a modal")
		b.sayKey(ctx, r, "wish.modal_failed")
	}
	return nil
}
