package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// MaxBody is the largest request body accepted from Slack; anything bigger is refused
// before it is read in full.
const MaxBody = 1 << 20

// HTTPHandler serves Slack's HTTP requests on POST /slack/events (slash commands,
// interactivity and the Events API) and the health endpoints. Every Slack request's
// signature is verified before anything in it is parsed.
func (b *Bot) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/events", b.metrics.instrument(b.recoverHTTP(http.HandlerFunc(b.serveSlack))))
	b.HealthRoutes(mux)
	return mux
}

// HealthRoutes adds GET /healthz (the process is alive), GET /readyz (the database
// answers) and GET /metrics (Prometheus) to mux; Socket Mode serves them too, for the container's health check.
func (b *Bot) HealthRoutes(mux *http.ServeMux) {
	mux.Handle("GET /metrics", b.metrics.handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := b.store.Ping(ctx); err != nil {
			b.log.Error().Err(err).Msg("readiness check: the database does not answer")
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "ready\n")
	})
}

func (b *Bot) serveSlack(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > MaxBody {
		b.log.Warn().Int64("length", r.ContentLength).Msg("refused a request body over the limit")
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			b.log.Warn().Int64("limit", tooBig.Limit).Msg("refused a request body over the limit")
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if err := b.verify(r.Header, body); err != nil {
		b.log.Warn().Err(err).Str("remote", r.RemoteAddr).Msg("refused a request that is not signed by Slack; check SLACK_SIGNING_SECRET if this repeats")
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	// An ack in progress from here: a request not signed by Slack, or one whose body
	// is still arriving, holds no work back (ackfirst.go).
	defer b.acks.begin()()
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		b.serveEvent(w, r, body)
	case "application/x-www-form-urlencoded":
		b.serveForm(w, body)
	default:
		http.Error(w, "unsupported content type", http.StatusUnsupportedMediaType)
	}
}

// verify checks Slack's v0 signature and its five-minute window, in constant time.
func (b *Bot) verify(h http.Header, body []byte) error {
	sv, err := slack.NewSecretsVerifier(h, b.cfg.SigningSecret)
	if err != nil {
		return err
	}
	if _, err := sv.Write(body); err != nil {
		return err
	}
	return sv.Ensure()
}

func (b *Bot) serveForm(w http.ResponseWriter, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form", http.StatusBadRequest)
		return
	}
	if form.Get("ssl_check") == "1" {
		w.WriteHeader(http.StatusOK)
		return
	}
	if payload := form.Get("payload"); payload != "" {
		// Decoded once, here, without the clicked message (decodeInteraction).
		ic, err := decodeInteraction([]byte(payload))
		if err != nil || ic.Type == "" || ic.User.ID == "" {
			b.log.Warn().Err(err).Msg("refused a malformed interaction payload")
			http.Error(w, "malformed payload", http.StatusBadRequest)
			return
		}
		if ic.Type == slack.InteractionTypeBlockActions {
			// A click's answer never goes in the ack: its work is started, to run after it.
			b.handleActions(ic)
			w.WriteHeader(http.StatusOK)
			return
		}
		writeJSON(w, b.handleInteraction(ic))
		return
	}
	r, _ := http.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sc, err := slack.SlashCommandParse(r)
	if err != nil || sc.Command == "" || sc.UserID == "" {
		b.log.Warn().Err(err).Msg("refused a malformed slash command")
		http.Error(w, "malformed slash command", http.StatusBadRequest)
		return
	}
	b.handleSlash(sc)
	w.WriteHeader(http.StatusOK)
}

func (b *Bot) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		b.log.Warn().Err(err).Msg("refused a malformed Events API request")
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		var c struct{ Challenge string }
		_ = json.Unmarshal(body, &c)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, c.Challenge)
		return
	case slackevents.CallbackEvent:
		var outer struct {
			EventID string `json:"event_id"`
		}
		_ = json.Unmarshal(body, &outer)
		if b.firstDelivery(r.Context(), outer.EventID, r.Header.Get("X-Slack-Retry-Num")) {
			b.handleEvent(ev)
		}
	}
	w.WriteHeader(http.StatusOK)
}

// firstDelivery reports whether an event is new; Slack retries events it thinks we
// missed, and Socket Mode may redeliver an envelope.
func (b *Bot) firstDelivery(ctx context.Context, eventID, retry string) bool {
	if eventID == "" {
		return true
	}
	first, err := b.store.FirstSeen(ctx, "event:"+eventID, b.now())
	if err != nil {
		// Better to handle an event twice (its effects are idempotent) than to drop it.
		b.log.Error().Err(err).Msg("could not check for a redelivered event")
		return true
	}
	if !first {
		b.log.Info().Str("event_id", eventID).Str("retry_num", retry).Msg("ignored a redelivered event")
	}
	return first
}

func writeJSON(w http.ResponseWriter, v *slack.ViewSubmissionResponse) {
	if v == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
