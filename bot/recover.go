package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/rs/zerolog"
)

// Where a panic was recovered, the label of tovholder_panics_total: the kind of
// request whose handler panicked (command, action, submission, event), or the part
// of the bot (after_ack, socket, http, dispatcher, scheduler, home_refresh).
const (
	panicAfterAck   = "after_ack"
	panicSocket     = "socket"
	panicHTTP       = "http"
	panicDispatcher = "dispatcher"
	panicScheduler  = "scheduler"
	panicHome       = "home_refresh"
)

// recovered handles the value p of a recovered panic: it logs it once with l (which
// carries the request id where there is a request) and the stack, counts it under
// where, and returns the reference the user is given. A panic is a bug; the process
// goes on, since one bad request must not stop everyone's.
func (b *Bot) recovered(l zerolog.Logger, where string, p any) string {
	ref := newID()
	b.metrics.panics.WithLabelValues(where).Inc()
	l.Error().Str("where", where).Str("ref", ref).Str("panic", fmt.Sprint(p)).Str("stack", string(debug.Stack())).
		Msg("recovered from a panic: a bug; report it with this line")
	return ref
}

// apologise tells the user of r that their request failed on our side, with ref.
func (b *Bot) apologise(r *request, ref string) {
	ctx, cancel := context.WithTimeout(r.log.WithContext(context.Background()), 10*time.Second)
	defer cancel()
	defer func() {
		if p := recover(); p != nil { // answering must not panic twice
			b.recovered(r.log, r.kind, p)
		}
	}()
	b.say(ctx, r, r.t("err.internal", ref))
}

// recoverHTTP keeps a panic in a handler of Slack's HTTP requests from reaching
// net/http, which would drop the connection and log without the request: Slack gets
// a 500, which it shows as a failed request, and the panic is counted.
func (b *Bot) recoverHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(p) // net/http's way to abort a response on purpose
			}
			b.recovered(b.log.With().Str("request_id", newID()).Logger(), panicHTTP, p)
			http.Error(w, "internal error", http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}

// runHomeRefreshSafely runs the Home refresh loop and reports whether it ended by
// itself; after a panic, which it counts and logs, it waits a moment and reports
// false, so that Run starts the loop again.
func (b *Bot) runHomeRefreshSafely(ctx context.Context) (ended bool) {
	defer func() {
		if p := recover(); p != nil {
			b.recovered(b.log, panicHome, p)
			t := time.NewTimer(homeRefreshEvery)
			defer t.Stop()
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			ended = false
		}
	}()
	b.runHomeRefresh(ctx)
	return true
}
