package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
)

// submitTimeout bounds a modal submission's work: its answer (field errors) must be in
// the ack, which Slack awaits for three seconds.
const submitTimeout = 2 * time.Second

// handleSlash acks a slash command at once and runs it after the ack; the answer
// reaches the user privately through the command's response_url.
func (b *Bot) handleSlash(sc slack.SlashCommand) {
	r := b.newRequest(context.Background(), "command", sc.Command, sc.UserID, sc.ChannelID, sc.TeamID)
	r.triggerID, r.responseURL, r.text = sc.TriggerID, sc.ResponseURL, sc.Text
	b.async(r, func(ctx context.Context) {
		b.personalise(ctx, r)
		b.runCommand(ctx, r, sc.Command, sc.Text)
	})
}

func (b *Bot) runCommand(ctx context.Context, r *request, slash, text string) {
	c, args, ok := route(slash, text)
	switch {
	case !knownSlash(slash):
		r.log.Warn().Msg("unknown slash command")
		b.sayKey(ctx, r, "err.unknown_command", view.Esc(slash))
		return
	case !ok && len(args) == 0:
		b.sayLines(ctx, r, helpText(r.lang, slash))
		return
	case !ok:
		known, word, unknown := unknownWord(slash, args)
		if !unknown {
			// Only the first words of commands ("group member"): list those commands.
			b.sayLines(ctx, r, helpTextFor(r.lang, slash, known))
			return
		}
		b.sayLines(ctx, r, i18n.T(r.lang, "usage.unknown_sub", view.Esc(word))+"\n\n"+helpTextFor(r.lang, slash, known))
		return
	case c.Run == nil && len(args) > 0 && hasFallback(slash):
		c, args = fallback(slash, text)
	case c.Run == nil:
		b.sayLines(ctx, r, helpText(r.lang, slash))
		return
	}
	r.log.Info().Str("subcommand", c.Name).Msg("command")
	err := c.Run(ctx, b, r, args)
	if errors.Is(err, errUsage) && len(args) > 0 && c.Name != "" && hasFallback(slash) && !ownsArgument(c, text) {
		// Words that only look like a subcommand ("/wish Plan for renewals") are
		// the fallback's text.
		c, args = fallback(slash, text)
		r.log.Info().Str("subcommand", c.Name).Msg("command falls back")
		err = c.Run(ctx, b, r, args)
	}
	switch {
	case errors.Is(err, errUsage):
		b.say(ctx, r, usageText(r.lang, c))
	case err != nil:
		b.fail(ctx, r, err)
	}
}

// ownsArgument reports whether text is c's words and exactly one more word as typed
// (c taking an argument), such as "withdraw abc": then a refused argument is a wrong
// use of c, answered with c's usage, not the title of a new wish. With more words
// ("withdraw the old contract role"), or after a subcommand that takes no argument
// ("list foo"), the text is the fallback's (README, "How /wish reads what follows it").
func ownsArgument(c Command, text string) bool {
	return c.Args != "" && len(strings.Fields(text)) == len(strings.Fields(c.Name))+1
}

// handleInteraction answers an interaction payload. Clicks are acked at once and run
// after; a modal submission runs before the ack because its field errors go in it.
func (b *Bot) handleInteraction(ic *slack.InteractionCallback) *slack.ViewSubmissionResponse {
	withState(ic)
	switch ic.Type {
	case slack.InteractionTypeBlockActions:
		b.handleActions(ic)
	case slack.InteractionTypeViewSubmission:
		return b.handleSubmission(ic)
	case slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
		b.handleShortcut(ic)
	case slack.InteractionTypeViewClosed:
		// Nothing was saved from a closed modal, so there is nothing to undo.
	default:
		b.log.Debug().Str("type", string(ic.Type)).Msg("ignored an interaction of a type the bot does not use")
	}
	return nil
}

// afterAck runs fn for r once the ack is on its way; whoever sees the ack can wait for
// fn (and the handlers it starts) with Settle. A panic in fn is recovered, and the
// user is told with a reference.
func (b *Bot) afterAck(r *request, fn func()) {
	b.work.Add(1)
	go func() {
		defer b.work.Done()
		defer func() {
			if p := recover(); p != nil {
				b.apologise(r, b.recovered(r.log, panicAfterAck, p))
			}
		}()
		fn()
	}()
}

// handleActions starts the work of each action of a click, to run after its ack; it
// does nothing else, so the ack waits for nothing.
func (b *Bot) handleActions(ic *slack.InteractionCallback) {
	withState(ic)
	for _, a := range ic.ActionCallback.BlockActions {
		b.asyncNew(func() *request {
			r := b.newRequest(context.Background(), "action", a.ActionID, ic.User.ID, ic.Channel.ID, ic.Team.ID)
			r.triggerID, r.responseURL = ic.TriggerID, ic.ResponseURL
			if r.channel == "" {
				r.channel = ic.Container.ChannelID
			}
			return r
		}, func(ctx context.Context, r *request) {
			if !commitsFirst[a.ActionID] {
				b.personalise(ctx, r)
			}
			f, ok := actions[a.ActionID]
			if !ok {
				b.personalise(ctx, r)
				r.log.Warn().Msg("unknown action")
				b.sayKey(ctx, r, "err.unknown_action")
				return
			}
			if err := f(ctx, b, r, ic, a); err != nil {
				b.personalise(ctx, r)
				b.fail(ctx, r, err)
			}
		})
	}
}

func (b *Bot) handleSubmission(ic *slack.InteractionCallback) (resp *slack.ViewSubmissionResponse) {
	r := b.newRequest(context.Background(), "submission", ic.View.CallbackID, ic.User.ID, "", ic.Team.ID)
	ctx, cancel := context.WithTimeout(r.log.WithContext(context.Background()), submitTimeout)
	defer cancel()
	defer func() {
		// The modal stays open and says sorry: the ack is the only answer a
		// submission gets, on either transport.
		if p := recover(); p != nil {
			ref := b.recovered(r.log, r.kind, p)
			resp = slack.NewErrorsViewSubmissionResponse(map[string]string{firstInputBlock(ic.View): r.t("err.internal", ref)})
		}
	}()
	r.lang = b.cfg.Lang
	if b.cfg.FollowLocale {
		// Only a cached locale: looking one up could cost the ack its deadline.
		b.locales.mu.Lock()
		if e, ok := b.locales.m[r.user]; ok {
			r.lang = e.lang
		}
		b.locales.mu.Unlock()
	}
	f, ok := submissions[ic.View.CallbackID]
	if !ok {
		r.log.Warn().Msg("unknown modal")
		return slack.NewErrorsViewSubmissionResponse(map[string]string{firstInputBlock(ic.View): r.t("err.stale")})
	}
	resp, err := f(ctx, b, r, ic)
	b.disp.Kick()
	if err != nil {
		// The modal stays open with what the user typed, and says why; an internal
		// error is logged with the reference the message gives.
		return slack.NewErrorsViewSubmissionResponse(map[string]string{firstInputBlock(ic.View): view.Truncate(b.errorText(r, err), 1000)})
	}
	return resp
}

// withState gives a payload's view an empty state when it came without one (Slack
// sends one with every modal; a payload is read as it comes), so that a handler
// reading what was typed reads nothing, not through a nil pointer.
func withState(ic *slack.InteractionCallback) {
	if ic.View.State == nil {
		ic.View.State = &slack.ViewState{}
	}
}

// firstInputBlock is where to show an error that belongs to no one field: Slack
// only shows errors next to input blocks.
func firstInputBlock(v slack.View) string {
	for _, bl := range v.Blocks.BlockSet {
		if in, ok := bl.(*slack.InputBlock); ok {
			return in.BlockID
		}
	}
	if v.State != nil { // a view Slack sent without its state
		for id := range v.State.Values {
			return id
		}
	}
	return "input"
}

// handleEvent handles an Events API event after its ack.
func (b *Bot) handleEvent(ev slackevents.EventsAPIEvent) {
	if ev.Type != slackevents.CallbackEvent {
		return
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "home" {
			return
		}
		r := b.newRequest(context.Background(), "event", "app_home_opened", e.User, "", ev.TeamID)
		b.async(r, func(ctx context.Context) {
			b.personalise(ctx, r)
			b.homes.opened(r.user, r.lang, b.now())
			if err := b.publishHome(ctx, r.user, r.lang); err != nil {
				r.log.Error().Err(err).Msg("could not publish the Home tab")
			}
		})
	}
}

// idValue reads the entity id a button carries in its value.
func idValue(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}
