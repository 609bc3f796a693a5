package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
)

// socketOptions are Socket Mode's timings; tests shorten them.
type socketOptions struct {
	// pingTimeout: a connection that sends nothing, not even a ping, for this long is
	// dead (slack-go's and Slack's Node SDK's limit for Slack's pings).
	pingTimeout  time.Duration
	writeTimeout time.Duration // of each ack
	openTimeout  time.Duration // of apps.connections.open and of the WebSocket handshake
	// Reconnects back off from backoffMin, doubling up to backoffMax, jittered; a
	// connection that stayed up for stable resets them.
	backoffMin, backoffMax, stable time.Duration
	// drainTimeout is how long a connection being replaced or closed may take to ack
	// the envelopes it has read (a modal submission takes up to submitTimeout).
	drainTimeout time.Duration
	onFrame      func([]byte) // for tests: every frame read, before it is handled
}

func defaultSocketOptions() socketOptions {
	return socketOptions{pingTimeout: 30 * time.Second, writeTimeout: 5 * time.Second, openTimeout: 30 * time.Second,
		backoffMin: time.Second, backoffMax: 5 * time.Minute, stable: time.Minute, drainTimeout: submitTimeout + 3*time.Second}
}

// backoff is the wait before reconnect attempt n (0 for the first after a connection
// that was up): a jittered fraction of backoffMin, then doubling up to backoffMax.
func (o *socketOptions) backoff(n int) time.Duration {
	if n == 0 {
		return rand.N(o.backoffMin/4 + 1)
	}
	d := o.backoffMax
	if n < 30 && o.backoffMin<<(n-1) < d {
		d = o.backoffMin << (n - 1)
	}
	return d/2 + rand.N(d/2+1)
}

// RunSocketMode connects to Slack over Socket Mode and handles envelopes until ctx
// ends; it returns an error only when Slack refuses the app-level token. Each
// envelope is decoded once, here (handleEnvelope), and acked first; only a modal
// submission's ack carries a payload.
func (b *Bot) RunSocketMode(ctx context.Context, client *slack.Client) error {
	return b.runSocket(ctx, client, defaultSocketOptions())
}

// runSocket keeps one connection open, reconnecting when it drops or goes silent and
// opening the next before it lets the last go when Slack asks (a disconnect frame).
// When ctx ends it stops taking envelopes, lets those read be acked, closes, and
// returns once every goroutine it started has stopped.
func (b *Bot) runSocket(ctx context.Context, client *slack.Client, o socketOptions) error {
	var handlers, conns sync.WaitGroup
	defer handlers.Wait()
	defer conns.Wait()
	// retire closes c once the envelopes it has read are acked; with a successor, only
	// once that one is ready (Slack's hello), as Slack advises. When ctx has ended, c
	// takes no new envelopes meanwhile.
	retire := func(c, successor *sockConn) {
		conns.Add(1)
		go func() {
			defer conns.Done()
			if successor != nil {
				t := time.NewTimer(o.openTimeout)
				select {
				case <-successor.ready:
				case <-successor.done:
				case <-t.C:
				case <-ctx.Done():
				}
				t.Stop()
			}
			c.drain(o.drainTimeout, ctx.Err() != nil)
			c.close()
		}()
	}
	var cur, old *sockConn // old: asked to go, kept until its successor is open
	defer func() {
		for _, c := range []*sockConn{cur, old} {
			if c != nil {
				retire(c, nil)
			}
		}
	}()
	failures := 0
	for {
		c, err := b.connectSocket(ctx, client, &o)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if refused(err) {
				b.log.Error().Err(err).Msg("Slack refused the app-level token; check SLACK_APP_TOKEN (xapp-…, scope connections:write)")
				return err
			}
			failures++
			wait := o.backoff(failures)
			if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
				wait = max(wait, rl.RetryAfter)
			}
			b.log.Warn().Err(err).Dur("retry_in", wait).Msg("Socket Mode connection failed; retrying")
			if !sleep(ctx, wait) {
				return nil
			}
			continue
		}
		if old != nil {
			retire(old, c)
			old = nil
		}
		cur = c
		conns.Add(1)
		go func() { defer conns.Done(); b.read(ctx, c, &handlers) }()
		opened := time.Now()
		select {
		case <-ctx.Done():
			return nil
		case reason := <-c.refresh:
			b.log.Info().Str("reason", reason).Msg("Slack asked for a new Socket Mode connection; opening one")
			old, cur = c, nil
			failures = 0
		case <-c.done:
			cur = nil
			c.close()
			if time.Since(opened) >= o.stable {
				failures = 0
			}
			wait := o.backoff(failures)
			failures++
			b.log.Warn().Err(c.err).Dur("retry_in", wait).Msg("lost the Socket Mode connection; reconnecting")
			if !sleep(ctx, wait) {
				return nil
			}
		}
	}
}

// connectSocket asks Slack for a Socket Mode URL with the app-level token and opens it.
func (b *Bot) connectSocket(ctx context.Context, client *slack.Client, o *socketOptions) (*sockConn, error) {
	b.log.Info().Msg("connecting to Slack over Socket Mode")
	octx, cancel := context.WithTimeout(ctx, o.openTimeout)
	defer cancel()
	_, u, err := client.StartSocketModeContext(octx)
	if err != nil {
		return nil, err
	}
	d := websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: o.openTimeout}
	ws, resp, err := d.DialContext(octx, u, http.Header{"Origin": {"https://api.slack.com"}})
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		// Not the URL: its ticket opens a connection.
		return nil, fmt.Errorf("open the Socket Mode connection: %w", err)
	}
	b.log.Info().Msg("connected to Slack over Socket Mode")
	return newSockConn(ws, o), nil
}

// refused reports whether Slack refused the app-level token, which no retry mends
// (as slack-go's socketmode: these errors, and 404).
func refused(err error) bool {
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		switch se.Err {
		case "invalid_auth", "account_inactive", "not_authed", "token_revoked":
			return true
		}
	}
	sc, ok := errors.AsType[slack.StatusCodeError](err)
	return ok && sc.Code == http.StatusNotFound
}

// sleep waits for d, or until ctx ends (false).
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
