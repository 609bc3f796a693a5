package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode and handles envelopes until ctx
// ends. Every envelope is acked first; only a modal submission's ack carries a payload.
func (b *Bot) RunSocketMode(ctx context.Context, client *slack.Client) error {
	sm := socketmode.New(client)
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			return err
		case evt, ok := <-sm.Events:
			if !ok {
				return nil
			}
			// Each envelope in its own goroutine: a modal submission, whose ack waits
			// for the database, must not hold up the clicks behind it.
			go b.socketEvent(ctx, sm, evt)
		}
	}
}

func (b *Bot) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	acked := false
	ack := func(payload any) {
		acked = true
		b.ack(ctx, sm, evt, payload)
	}
	defer func() {
		// Each envelope runs in its own goroutine, where nothing else would stop a
		// panic from ending the process. Acked, the envelope is not redelivered to
		// panic again.
		if p := recover(); p != nil {
			b.recovered(b.log.With().Str("request_id", newID()).Str("envelope", string(evt.Type)).Logger(), panicSocket, p)
			if !acked {
				b.ack(ctx, sm, evt, nil)
			}
		}
	}()
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		start := time.Now()
		defer func() {
			b.metrics.ack.WithLabelValues("socket").Observe(time.Since(start).Seconds())
			b.metrics.requests.WithLabelValues("socket", string(evt.Type)).Inc()
		}()
	}
	if redeliverable(evt) && !b.firstDelivery(ctx, "envelope:"+evt.Request.EnvelopeID, strconv.Itoa(evt.Request.RetryAttempt)) {
		// Handled already: Slack lost our ack. Acting again would submit a form twice.
		ack(nil)
		return
	}
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Info().Msg("connecting to Slack over Socket Mode")
	case socketmode.EventTypeConnected:
		b.log.Info().Msg("connected to Slack over Socket Mode")
	case socketmode.EventTypeConnectionError:
		b.log.Warn().Interface("detail", evt.Data).Msg("Socket Mode connection failed; retrying")
	case socketmode.EventTypeInvalidAuth:
		b.log.Error().Msg("Slack refused the app-level token; check SLACK_APP_TOKEN (xapp-…, scope connections:write)")
	case socketmode.EventTypeSlashCommand:
		// The handler only starts work for after the ack; starting it first means
		// whoever sees the ack can also wait for that work.
		if sc, ok := evt.Data.(slack.SlashCommand); ok && sc.Command != "" && sc.UserID != "" {
			b.handleSlash(sc)
		}
		ack(nil)
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slack.InteractionCallback)
		if !ok || ic.User.ID == "" {
			ack(nil)
			b.log.Warn().Msg("ignored a malformed interaction envelope")
			return
		}
		resp := b.handleInteraction(&ic)
		if resp != nil {
			ack(resp)
		} else {
			ack(nil)
		}
	case socketmode.EventTypeEventsAPI:
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok && b.firstDelivery(ctx, envelopeEventID(evt), "") {
			b.handleEvent(ev)
		}
		ack(nil)
	case socketmode.EventTypeErrorBadMessage, socketmode.EventTypeIncomingError:
		b.log.Warn().Err(socketCause(evt.Data)).Msg("ignored a malformed Socket Mode message")
		if evt.Request != nil {
			ack(nil)
		}
	}
}

// socketCause is the error of a bad Socket Mode message without the message itself,
// which may hold what people typed.
func socketCause(data any) error {
	switch d := data.(type) {
	case *socketmode.ErrorBadMessage:
		return d.Cause
	case socketmode.ErrorBadMessage:
		return d.Cause
	case *slack.IncomingEventError:
		return d.ErrorObj
	case error:
		return d
	}
	return errors.New("malformed message")
}

// redeliverable reports whether evt is an envelope Slack may redeliver: a slash command,
// an interaction or an Events API event, each with its envelope_id.
func redeliverable(evt socketmode.Event) bool {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		return evt.Request != nil && evt.Request.EnvelopeID != ""
	}
	return false
}

// ack answers an envelope. A failed ack makes Slack redeliver it with the same
// envelope_id, which socketEvent recognises and only acks again.
func (b *Bot) ack(ctx context.Context, sm *socketmode.Client, evt socketmode.Event, payload any) {
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	if err := sm.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
		b.log.Warn().Err(err).Msg("could not ack a Socket Mode envelope; Slack will redeliver it")
	}
}

// envelopeEventID is the Events API event_id inside an envelope, for de-duplication.
func envelopeEventID(evt socketmode.Event) string {
	if evt.Request == nil {
		return ""
	}
	var outer struct {
		EventID string `json:"event_id"`
	}
	_ = json.Unmarshal(evt.Request.Payload, &outer)
	return outer.EventID
}
