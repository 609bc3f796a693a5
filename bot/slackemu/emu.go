// Package slackemu is an in-process Slack emulator for Tovholder's tests,
// benchmarks and interactive console.
//
// A Server is a real HTTP and WebSocket server on 127.0.0.1 that speaks enough
// of Slack's Web API and Socket Mode for the bot: it holds a workspace, records
// every call, rejects Block Kit that Slack would reject (and records it as a
// Violation), can inject failures, and drives the bot the way Slack does,
// through signed HTTP requests or Socket Mode envelopes.
//
// All state sits behind one mutex that is never held during network I/O, so
// many goroutines (a benchmark's concurrent voters) can use one Server.
package slackemu

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Fixed identities of the emulated workspace and app.
const (
	TeamID        = "T0KITOS01"
	TeamDomain    = "kitos"
	BotToken      = "xoxb-emulator"
	AppToken      = "xapp-emulator"
	SigningSecret = "emulator-signing-secret"
	BotUserID     = "U0TOVHOLD"
	BotID         = "B0TOVHOLD"
	AppID         = "A0TOVHOLD"
)

// Option configures a Server.
type Option func(*Server)

// WithClock replaces the clock used for message timestamps, request
// signatures and trigger expiry, so tests can expire a trigger without waiting.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithLogf sends the emulator's diagnostic lines to logf.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(s *Server) { s.logf = logf }
}

// WithoutRateLimit turns off the per-channel chat.postMessage limit.
func WithoutRateLimit() Option { return func(s *Server) { s.noRateLimit = true } }

// WithPingInterval sets how often Socket Mode connections get a WebSocket
// PING. slack-go reconnects when none arrives within its own interval (30s).
func WithPingInterval(d time.Duration) Option { return func(s *Server) { s.pingInterval = d } }

// Server is a running Slack emulator. Create it with New and stop it with Close.
type Server struct {
	now          func() time.Time
	logf         func(format string, args ...any)
	noRateLimit  bool
	pingInterval time.Duration

	ln     net.Listener
	http   *http.Server
	base   string // "http://127.0.0.1:PORT"
	client *http.Client
	done   chan struct{}

	mu    sync.Mutex
	state state

	sock   sockets
	limits rateLimits
	subs   subscribers
}

// New starts an emulator listening on a random 127.0.0.1 port. It panics if
// it cannot listen, since a test cannot continue without it.
func New(opts ...Option) *Server {
	s := &Server{
		now:          time.Now,
		logf:         func(string, ...any) {},
		pingInterval: 5 * time.Second,
		done:         make(chan struct{}),
		// Slack keeps many connections to an app; two idle ones (Go's default) would
		// make a burst of clicks pay for a new connection each.
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			MaxIdleConns: 512, MaxIdleConnsPerHost: 256, IdleConnTimeout: 90 * time.Second}},
	}
	for _, o := range opts {
		o(s)
	}
	s.state.init()
	s.sock.init()
	s.limits.init()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("slackemu: listen: %v", err))
	}
	s.ln = ln
	s.base = "http://" + ln.Addr().String()
	s.http = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s
}

// Close stops the server and drops every Socket Mode connection.
func (s *Server) Close() {
	select {
	case <-s.done:
		return
	default:
	}
	close(s.done)
	s.sock.closeAll()
	_ = s.http.Close()
	s.client.CloseIdleConnections()
}

// APIURL is the Web API base URL for slack.OptionAPIURL, with the trailing
// slash slack-go needs.
func (s *Server) APIURL() string { return s.base + "/api/" }

// URL is the emulator's base URL, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.base }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.serveAPI)
	mux.HandleFunc("/socket", s.serveSocket)
	mux.HandleFunc("/response/{id}", s.serveResponseURL)
	mux.HandleFunc("/archives/{channel}/{ts}", s.servePermalink)
	return mux
}

// servePermalink answers the permalinks chat.getPermalink hands out, so a
// console can follow them.
func (s *Server) servePermalink(w http.ResponseWriter, r *http.Request) {
	ch, ts := r.PathValue("channel"), r.PathValue("ts")
	s.mu.Lock()
	m, ok := s.state.findMessage(ch, permalinkTS(ts))
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = fmt.Fprintln(w, RenderMessage(m.snapshot()))
}
