package outbox

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/workflow"
)

// failed classifies a Slack error: rate limits wait as told, permanent errors stop,
// everything else is retried with exponential backoff.
func (d *Dispatcher) failed(dl workflow.Delivery, err error) outcome {
	now := d.now()
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		// Being told to slow down is no failed attempt: wait as told, then send.
		d.pausedTill = now.Add(max(rl.RetryAfter, time.Second)) // "0" must not spin the loop
		d.log.Warn().Dur("retry_after", rl.RetryAfter).Int64("notice", dl.ID).Msg("outbox: Slack rate-limited the bot; pausing deliveries")
		return outcome{retry: d.pausedTill}
	}
	if permanent(err) {
		return outcome{err: err, dead: true}
	}
	back := time.Duration(1<<min(dl.Attempts, 10)) * time.Second
	back = min(back+time.Duration(rand.Int64N(int64(back/2)+1)), maxBackoff)
	return outcome{err: err, retry: now.Add(back)}
}

// permanentErrors are Slack errors that no retry will mend; each needs a person.
var permanentErrors = map[string]string{
	"channel_not_found":     "the channel does not exist or the bot cannot see it: invite the bot (/invite @Tovholder) or set another channel with /tovholder",
	"not_in_channel":        "invite the bot to the channel: /invite @Tovholder",
	"is_archived":           "the channel is archived: set another one with /tovholder",
	"invalid_auth":          "SLACK_BOT_TOKEN is not valid: reinstall the app and update the token",
	"not_authed":            "SLACK_BOT_TOKEN is missing",
	"account_inactive":      "the app's token was deactivated: reinstall the app",
	"token_revoked":         "the app's token was revoked: reinstall the app",
	"missing_scope":         "the app lacks a scope: update it from manifest.yml and reinstall",
	"user_not_found":        "the user is gone from the workspace",
	"cannot_dm_bot":         "the recipient is a bot",
	"invalid_blocks":        "a bug: the message broke Block Kit's rules; report it with this log line",
	"invalid_blocks_format": "a bug: the message broke Block Kit's rules; report it with this log line",
	"msg_too_long":          "a bug: the message was too long; report it with this log line",
	"no_text":               "a bug: the message was empty; report it with this log line",
	"restricted_action":     "the workspace does not allow the bot to post there: ask a Slack admin",
}

func permanent(err error) bool {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		_, ok := permanentErrors[se.Err]
		return ok
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return false
	}
	var we *workflow.Error
	return errors.As(err, &we) && we.Kind == workflow.NotFound
}

// hint says what a person must do about err.
func hint(err error) string {
	if oe := (*orphanError)(nil); errors.As(err, &oe) {
		if oe.parent != 0 {
			return "fix why the message to reply under was given up on (its own log line says), then replay both"
		}
		return "the message to reply under is gone; the reply cannot be placed in its thread"
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		if h, ok := permanentErrors[se.Err]; ok {
			return h
		}
	}
	if errors.As(err, new(*workflow.Error)) {
		return "the wish or poll of the notice is gone"
	}
	if errors.As(err, new(*errPanic)) {
		return "a bug: report it with this log line and the panic's; replay the notice once it is fixed"
	}
	return "Slack kept failing; check the Slack status page and the network, then replay it"
}

func isSlackError(err error, codes ...string) bool {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Err == c {
			return true
		}
	}
	return false
}

// errPanic is a delivery that panicked: a bug, which no retry will mend.
type errPanic struct {
	ref string
	p   any
}

func (e *errPanic) Error() string { return fmt.Sprintf("panic (ref %s): %v", e.ref, e.p) }
