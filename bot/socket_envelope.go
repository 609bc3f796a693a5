package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// The types of Socket Mode frames (slack.md §4).
const (
	envHello       = "hello"
	envDisconnect  = "disconnect"
	envEvents      = "events_api"
	envInteractive = "interactive"
	envSlash       = "slash_commands"
)

// envelope is one Socket Mode frame from Slack: its header, and its payload left as
// bytes until the one decode its type needs (decodePayload).
type envelope struct {
	Type                   string          `json:"type"`
	EnvelopeID             string          `json:"envelope_id"`
	RetryAttempt           int             `json:"retry_attempt"`
	RetryReason            string          `json:"retry_reason"`
	AcceptsResponsePayload bool            `json:"accepts_response_payload"`
	Reason                 string          `json:"reason"` // of a disconnect
	Payload                json.RawMessage `json:"payload"`
}

// parseEnvelope reads a frame's header. A frame whose fields have the wrong types is
// an error, but the fields that could be read stay, so that its envelope_id can still
// be acked; a frame that is not JSON leaves nothing.
func parseEnvelope(frame []byte) (envelope, error) {
	var env envelope
	err := json.Unmarshal(frame, &env)
	return env, err
}

// payload is an envelope's payload, decoded once, by its type.
type payload struct {
	slash   slack.SlashCommand
	ic      *slack.InteractionCallback
	event   slackevents.EventsAPIEvent
	eventID string // of an Events API event, for de-duplication
}

// errMalformed is a payload that decodes but lacks what every handler needs.
var errMalformed = errors.New("payload without its type or user")

// decodePayload decodes env's payload for its type: an interaction without the clicked
// message (decodeInteraction), a slash command, an Events API event.
func decodePayload(env *envelope) (payload, error) {
	var p payload
	switch env.Type {
	case envSlash:
		if err := json.Unmarshal(env.Payload, &p.slash); err != nil {
			return p, err
		}
		if p.slash.Command == "" || p.slash.UserID == "" {
			return p, errMalformed
		}
	case envInteractive:
		ic, err := decodeInteraction(env.Payload)
		if err != nil {
			return p, err
		}
		if ic.User.ID == "" {
			return p, errMalformed
		}
		p.ic = ic
	case envEvents:
		ev, err := slackevents.ParseEvent(env.Payload, slackevents.OptionNoVerifyToken())
		if err != nil {
			return p, err
		}
		p.event = ev
		if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
			p.eventID = cb.EventID
		}
	}
	return p, nil
}

// handleEnvelope handles one envelope of type slash_commands, interactive or
// events_api, from its arrival up to its ack, which it always sends exactly once
// (when the envelope has an id): acked, Slack does not redeliver it, not even after a
// panic. A modal submission's answer goes in the ack; everything else starts the work
// for after the ack, then acks.
func (b *Bot) handleEnvelope(ctx context.Context, env *envelope, ack func(payload any)) {
	defer b.acks.begin()() // ends once the ack below is written (ackfirst.go)
	acked := false
	answer := func(p any) {
		if !acked {
			acked = true
			ack(p)
		}
	}
	start := time.Now()
	defer func() {
		// Each envelope runs in its own goroutine, where nothing else would stop a
		// panic from ending the process. Acked, the envelope is not redelivered to
		// panic again.
		if p := recover(); p != nil {
			b.recovered(b.log.With().Str("request_id", newID()).Str("envelope", env.Type).Logger(), panicSocket, p)
		}
		answer(nil)
		if env.EnvelopeID != "" {
			b.metrics.ack.WithLabelValues("socket").Observe(time.Since(start).Seconds())
			b.metrics.requests.WithLabelValues("socket", env.Type).Inc()
		}
	}()
	if env.EnvelopeID != "" && !b.firstDelivery(ctx, "envelope:"+env.EnvelopeID, strconv.Itoa(env.RetryAttempt)) {
		// Handled already: Slack lost our ack. Acting again would submit a form twice.
		return
	}
	p, err := decodePayload(env)
	if err != nil {
		// Logged by its cause only: the payload may hold what someone typed.
		b.log.Warn().Err(socketCause(err)).Str("envelope", env.Type).Msg("ignored a malformed Socket Mode message")
		return
	}
	switch env.Type {
	case envSlash:
		// The handler only starts work for after the ack; starting it first means
		// whoever sees the ack can also wait for that work.
		b.handleSlash(p.slash)
	case envInteractive:
		if resp := b.handleInteraction(p.ic); resp != nil {
			answer(resp)
		}
	case envEvents:
		if b.firstDelivery(ctx, p.eventID, strconv.Itoa(env.RetryAttempt)) {
			b.handleEvent(p.event)
		}
	}
}

// socketCause is the error of a bad Socket Mode message without the message itself,
// which may hold what people typed: a JSON syntax error says where, not what.
func socketCause(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return errors.New("malformed message")
	case errors.As(err, &syn):
		return errors.New("invalid JSON at offset " + strconv.FormatInt(syn.Offset, 10))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return errors.New("a JSON " + typ.Value + " of the wrong type")
		}
		return errors.New("a JSON " + typ.Value + " of the wrong type at " + typ.Field)
	}
	return err
}
