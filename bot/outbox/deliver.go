package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// deliver performs one notice.
func (d *Dispatcher) deliver(ctx context.Context, dl workflow.Delivery) outcome {
	if d.now().Before(d.pausedTill) {
		// Slack said 429: nothing goes out before its Retry-After, and waiting is no attempt.
		return outcome{retry: d.pausedTill}
	}
	switch dl.Op {
	case workflow.OpRefresh:
		return d.refresh(ctx, dl)
	case workflow.OpDM:
		lang := d.cfg.Views.LangOf(ctx, dl.To)
		m, err := d.cfg.Views.Render(ctx, dl.Notice, lang)
		if err != nil {
			return d.failed(dl, err)
		}
		ch, err := d.im(ctx, dl.To)
		if err != nil {
			return d.failed(dl, err)
		}
		return d.post(ctx, dl, ch, "", m)
	case workflow.OpPost, workflow.OpReply:
		return d.postOrReply(ctx, dl)
	}
	return outcome{err: fmt.Errorf("unknown op %q", dl.Op), dead: true}
}

func (d *Dispatcher) postOrReply(ctx context.Context, dl workflow.Delivery) outcome {
	ch, thread := dl.To, ""
	if dl.Op == workflow.OpReply {
		ref, err := d.cfg.Store.MessageRef(ctx, dl.Ref)
		if errors.Is(err, workflow.ErrNotFound) {
			return d.awaitParent(ctx, dl)
		}
		if err != nil {
			return d.failed(dl, err)
		}
		ch, thread = ref.Channel, ref.TS
	}
	if place, ok := strings.CutPrefix(ch, "place:"); ok {
		c, err := d.cfg.Places.PlaceChannel(ctx, workflow.Place(place))
		if err != nil {
			return d.failed(dl, err)
		}
		if c == "" {
			d.warnOnce("place:"+place, func(e *zerolog.Event) {
				e.Str("place", place).Str("action", "set it with /tovholder channel "+place+" #channel").
					Msg("outbox: a notice waits for a channel that is not set")
			})
			return outcome{retry: d.now().Add(placeRetry)}
		}
		ch = c
	}
	m, err := d.cfg.Views.Render(ctx, dl.Notice, d.cfg.Lang)
	if err != nil {
		return d.failed(dl, err)
	}
	return d.post(ctx, dl, ch, thread, m)
}

// post sends m to channel ch (in thread, if set) and remembers it under dl.Ref.
func (d *Dispatcher) post(ctx context.Context, dl workflow.Delivery, ch, thread string, m view.Message) outcome {
	if wait := d.allowance(ch); wait > 0 {
		return outcome{retry: d.now().Add(wait)}
	}
	opts := options(m)
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	if !dl.SendingAt.IsZero() {
		// Posted, then not marked: the process stopped in between. Delivery is at
		// least once; the README says what can repeat, and this line says when it did.
		d.log.Warn().Int64("notice", dl.ID).Str("kind", string(dl.Kind)).Time("in_flight_since", dl.SendingAt).
			Msg("outbox: this notice was being posted when the bot stopped; Slack may have it already, so it may show twice")
	}
	if err := d.cfg.Store.MarkSending(ctx, dl.ID, d.now()); err != nil {
		return d.failed(dl, err) // unrecorded, a post could repeat unnoticed
	}
	postedCh, ts, err := d.cfg.Slack.PostMessageContext(ctx, ch, opts...)
	if err != nil {
		return d.failed(dl, err)
	}
	remember := dl.Ref
	if dl.Op == workflow.OpReply {
		// A reply is remembered only when it is a poll started in a thread (a ranking's
		// "Adopt this order"): as the poll's message, so that its stances refresh it.
		remember = ""
		if dl.Kind == workflow.NoticePoll && dl.PollID != 0 {
			remember = workflow.PollRef(dl.PollID)
		}
	}
	if remember != "" {
		ref := workflow.MessageRef{Ref: remember, Channel: postedCh, TS: ts, WishID: dl.WishID, PollID: dl.PollID, Kind: dl.Kind,
			Permalink: d.permalink(ctx, postedCh, ts)}
		if err := d.cfg.Store.SaveMessageRef(ctx, ref); err != nil {
			// Posted but not remembered: later changes cannot update it. Say so; do not post twice.
			d.log.Error().Err(err).Str("ref", remember).Msg("outbox: posted a message but could not remember it; it will not be updated")
		}
	}
	return outcome{}
}

// refresh re-renders every message showing the notice's wish or poll, or only the
// message remembered under its Ref when it has one (a plan shows many wishes).
func (d *Dispatcher) refresh(ctx context.Context, dl workflow.Delivery) outcome {
	refs, err := d.refreshRefs(ctx, dl)
	if err != nil {
		return d.failed(dl, err)
	}
	now := d.now()
	for _, ref := range refs {
		if wait := d.lastUpdate[ref.Ref].Add(updateInterval).Sub(now); wait > 0 {
			// Coalesce: the notices wait and are served together by one update.
			return outcome{retry: now.Add(wait)}
		}
	}
	for _, ref := range refs {
		n := workflow.Notice{Kind: ref.Kind, Op: workflow.OpPost, To: ref.Channel, Ref: ref.Ref, WishID: ref.WishID, PollID: ref.PollID}
		m, err := d.cfg.Views.Render(ctx, n, d.cfg.Lang)
		if err != nil {
			return d.failed(dl, err)
		}
		_, _, _, err = d.cfg.Slack.UpdateMessageContext(ctx, ref.Channel, ref.TS, options(m)...)
		if isSlackError(err, "message_not_found", "cant_update_message") {
			d.log.Warn().Str("ref", ref.Ref).Msg("outbox: a message to update was deleted in Slack; leaving it")
			continue
		}
		if err != nil {
			return d.failed(dl, err)
		}
		// The update shows the state as of now, before it was rendered: a refresh
		// queued after that waits until now+updateInterval at most. Stamped with the
		// time the update returned, it could wait past a clock that moved meanwhile,
		// leaving the message behind the database when the clock got there.
		d.lastUpdate[ref.Ref] = now
	}
	return outcome{}
}

// im returns the IM channel with user, opening it once.
func (d *Dispatcher) im(ctx context.Context, user string) (string, error) {
	if ch, ok := d.ims[user]; ok {
		return ch, nil
	}
	ch, _, _, err := d.cfg.Slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	if err != nil {
		return "", err
	}
	d.ims[user] = ch.ID
	return ch.ID, nil
}

// refreshRefs are the messages a refresh re-renders: the one under its Ref, if it has
// one and it was posted, else every message of its wish or poll.
func (d *Dispatcher) refreshRefs(ctx context.Context, dl workflow.Delivery) ([]workflow.MessageRef, error) {
	if dl.Ref == "" {
		return d.cfg.Store.MessageRefsOf(ctx, dl.WishID, dl.PollID)
	}
	ref, err := d.cfg.Store.MessageRef(ctx, dl.Ref)
	if workflow.KindOf(err) == workflow.NotFound {
		return nil, nil // not posted yet: its post, ahead in the outbox, shows the news
	}
	if err != nil {
		return nil, err
	}
	return []workflow.MessageRef{ref}, nil
}

// permalink asks Slack once, as a message is posted, for the link to it, which is kept
// with the message's reference: views link to the message (a digest to each card, an
// announcement to its poll) without a Web API call per link. Without one, a view names
// the command that shows the wish instead.
func (d *Dispatcher) permalink(ctx context.Context, ch, ts string) string {
	link, err := d.cfg.Slack.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: ch, Ts: ts})
	if err != nil || link == "" || strings.ContainsAny(link, "|<> ") {
		d.log.Warn().Err(err).Str("channel", ch).Msg("outbox: no usable permalink for a posted message; views will not link to it")
		return ""
	}
	return link
}

// options are the Web API options that send m.
func options(m view.Message) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false)}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	return opts
}

// batch is deliverDue for Run, which must go on after a panic outside any one
// notice (those deliverSafely handles).
func (d *Dispatcher) batch(ctx context.Context) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			ref := d.cfg.Recovered(d.log, p)
			n, err = 0, &errPanic{ref: ref, p: p}
		}
	}()
	return d.deliverDue(ctx)
}

// deliverSafely performs one notice; a panic in it, which no retry will mend, makes
// the notice dead (replayable once the bug is fixed) instead of ending the process.
func (d *Dispatcher) deliverSafely(ctx context.Context, dl workflow.Delivery) (o outcome) {
	defer func() {
		if p := recover(); p != nil {
			ref := d.cfg.Recovered(d.log.With().Int64("notice", dl.ID).Str("kind", string(dl.Kind)).Logger(), p)
			o = outcome{err: &errPanic{ref: ref, p: p}, dead: true}
		}
	}()
	return d.deliver(ctx, dl)
}
