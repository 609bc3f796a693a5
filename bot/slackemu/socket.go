package slackemu

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// sockets tracks Socket Mode tickets, connections and unacked envelopes.
type sockets struct {
	mu       sync.Mutex
	tickets  map[string]bool
	conns    map[*sockConn]bool // live and eligible for envelopes
	all      map[*sockConn]bool // everything still open, for Close
	pending  map[string]waiting
	connects int
	rr       int
	// redeliver sends every envelope a second time with the same envelope_id once
	// the first is acked, as Slack does when an ack is lost (RedeliverEnvelopes).
	redeliver bool
}

// waiting is an envelope sent and not yet acked.
type waiting struct {
	ack     chan json.RawMessage // buffered 1
	accepts bool                 // accepts_response_payload
}

// maxAck is the size from which Slack silently drops an ack (slack-go's socketmode
// refuses to send one so big; slack.md §4).
const maxAck = 20480

type sockConn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex // gorilla allows one writer at a time
	done chan struct{}
}

func (sk *sockets) init() {
	sk.tickets = map[string]bool{}
	sk.conns = map[*sockConn]bool{}
	sk.all = map[*sockConn]bool{}
	sk.pending = map[string]waiting{}
}

func (sk *sockets) closeAll() {
	sk.mu.Lock()
	defer sk.mu.Unlock()
	for c := range sk.all {
		_ = c.ws.Close()
	}
}

func (c *sockConn) write(msgType int, data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(msgType, data)
}

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}

func (s *Server) appsConnectionsOpen(*apiRequest) apiReply {
	ticket := randomID()
	s.sock.mu.Lock()
	s.sock.tickets[ticket] = true
	s.sock.mu.Unlock()
	u := "ws://" + strings.TrimPrefix(s.base, "http://") + "/socket?ticket=" + ticket + "&app_id=" + AppID
	return ok(map[string]any{"url": u})
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.sock.mu.Lock()
	valid := s.sock.tickets[ticket]
	delete(s.sock.tickets, ticket) // tickets are single use, like Slack's
	s.sock.mu.Unlock()
	if !valid {
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &sockConn{ws: ws, done: make(chan struct{})}
	hello := mustJSON(map[string]any{
		"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": AppID},
		"debug_info": map[string]any{"host": "emulator", "approximate_connection_time": 3600},
	})
	// Registered before its hello, which goes first: an envelope for it waits for the
	// writer, and whoever watches the changes sees it connected before its hello.
	c.wmu.Lock()
	s.sock.mu.Lock()
	s.sock.conns[c], s.sock.all[c] = true, true
	s.sock.connects++
	s.sock.mu.Unlock()
	s.notify(Change{Kind: "socket_connected"})
	_ = ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	err = ws.WriteMessage(websocket.TextMessage, hello)
	c.wmu.Unlock()
	if err != nil {
		_ = ws.Close() // readLoop fails at once and unregisters it
	}
	go s.pingLoop(c)
	s.readLoop(c)
}

func (s *Server) pingLoop(c *sockConn) {
	t := time.NewTicker(s.pingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			c.wmu.Lock()
			err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second))
			c.wmu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

// readLoop routes acks to whoever sent the envelope, until the socket closes.
func (s *Server) readLoop(c *sockConn) {
	defer func() {
		close(c.done)
		_ = c.ws.Close()
		s.sock.mu.Lock()
		delete(s.sock.conns, c)
		delete(s.sock.all, c)
		s.sock.mu.Unlock()
		s.notify(Change{Kind: "socket_disconnected"})
	}()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil || ack.EnvelopeID == "" {
			s.violate("socket.ack", fmt.Sprintf("a frame that is no ack: %.200s", data))
			continue
		}
		if len(data) >= maxAck {
			// Slack drops it without a word; the envelope stays unacked.
			s.violate("socket.ack", fmt.Sprintf("an ack of %d bytes, which Slack drops", len(data)))
			continue
		}
		s.sock.mu.Lock()
		w, ok := s.sock.pending[ack.EnvelopeID]
		delete(s.sock.pending, ack.EnvelopeID)
		s.sock.mu.Unlock()
		if ok && !w.accepts && len(ack.Payload) > 0 && string(ack.Payload) != "null" {
			s.violate("socket.ack", "a payload in the ack of an envelope with accepts_response_payload false")
		}
		if ok {
			w.ack <- ack.Payload // buffered, never blocks
		}
	}
}

// SocketConnected reports whether a Socket Mode client is connected and
// has not been asked to disconnect.
func (s *Server) SocketConnected() bool {
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	return len(s.sock.conns) > 0
}

// SocketConnects counts Socket Mode connections ever accepted, so a test can
// wait for a reconnect after Disconnect.
func (s *Server) SocketConnects() int {
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	return s.sock.connects
}

// OpenSockets counts the Socket Mode connections still open, those asked to
// disconnect included, so that a test can see the client close the ones it replaced.
func (s *Server) OpenSockets() int {
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	return len(s.sock.all)
}

// WaitSocket waits until a Socket Mode client is connected.
func (s *Server) WaitSocket(ctx context.Context) error {
	return s.Wait(ctx, s.SocketConnected)
}

// Disconnect sends a disconnect frame (reason e.g. "refresh_requested",
// "warning", "link_disabled") to every connection. Those connections get no
// further envelopes but stay open, for the acks of those already sent, until the
// client closes them; a client is expected to connect anew.
func (s *Server) Disconnect(reason string) {
	frame := mustJSON(map[string]any{
		"type": "disconnect", "reason": reason,
		"debug_info": map[string]any{"host": "emulator"},
	})
	s.sock.mu.Lock()
	conns := make([]*sockConn, 0, len(s.sock.conns))
	for c := range s.sock.conns {
		conns = append(conns, c)
	}
	clear(s.sock.conns)
	s.sock.mu.Unlock()
	// Told before the frames go, so that it comes before the reconnect they cause.
	s.notify(Change{Kind: "socket_disconnected"})
	for _, c := range conns {
		_ = c.write(websocket.TextMessage, frame)
	}
}

// DropSockets closes every Socket Mode connection at once, without a close frame,
// as a network failure or a restarted Slack host does; envelopes awaiting an ack on
// them fail with an error.
func (s *Server) DropSockets() {
	s.sock.mu.Lock()
	conns := make([]*sockConn, 0, len(s.sock.all))
	for c := range s.sock.all {
		conns = append(conns, c)
	}
	clear(s.sock.conns)
	s.sock.mu.Unlock()
	for _, c := range conns {
		_ = c.ws.UnderlyingConn().Close()
	}
}

// SendFrame writes frame, as it is, to a Socket Mode connection, for tests of what
// the client makes of a frame the helpers would never build (a malformed envelope, a
// type it does not know). With an envelopeID it waits for that envelope's ack and
// returns its payload; the frame's accepts_response_payload is taken as false.
func (s *Server) SendFrame(ctx context.Context, envelopeID string, frame []byte) (json.RawMessage, error) {
	return s.send(ctx, envelopeID, false, frame)
}

// errNoAck is returned when a connection drops before acking.
var errNoAck = errors.New("slackemu: socket closed before the envelope was acked")

// RedeliverEnvelopes makes every Socket Mode envelope from now on arrive twice with
// the same envelope_id, the second after the first was acked, as Slack redelivers an
// envelope whose ack it did not get. The second ack is the one returned.
func (s *Server) RedeliverEnvelopes(on bool) {
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	s.sock.redeliver = on
}

// sendEnvelopes delivers an envelope, twice under RedeliverEnvelopes, and returns
// the last ack payload.
func (s *Server) sendEnvelopes(ctx context.Context, typ string, payload any, retry int, reason string) (json.RawMessage, error) {
	id := randomID()
	ack, err := s.sendEnvelope(ctx, id, typ, payload, retry, reason)
	s.sock.mu.Lock()
	again := s.sock.redeliver
	s.sock.mu.Unlock()
	if err != nil || !again {
		return ack, err
	}
	return s.sendEnvelope(ctx, id, typ, payload, retry, reason)
}

// sendEnvelope delivers one envelope and waits for its ack payload. It waits
// for a connection first, as Slack queues briefly while an app reconnects.
func (s *Server) sendEnvelope(ctx context.Context, id, typ string, payload any, retry int, reason string) (json.RawMessage, error) {
	env := map[string]any{
		"envelope_id": id, "type": typ, "payload": payload,
		"accepts_response_payload": typ != "events_api",
	}
	if typ == "events_api" {
		env["retry_attempt"], env["retry_reason"] = retry, reason
	}
	return s.send(ctx, id, typ != "events_api", mustJSON(env))
}

// send writes one frame to a connection that takes envelopes and, with an id, waits
// for its ack.
func (s *Server) send(ctx context.Context, id string, accepts bool, data []byte) (json.RawMessage, error) {
	ch := make(chan json.RawMessage, 1)
	var c *sockConn
	// A Disconnect may land between the wait and the pick; wait again then.
	err := s.Wait(ctx, func() bool {
		s.sock.mu.Lock()
		defer s.sock.mu.Unlock()
		c = s.sock.pick()
		if c != nil && id != "" {
			s.sock.pending[id] = waiting{ack: ch, accepts: accepts}
		}
		return c != nil
	})
	if err != nil {
		return nil, fmt.Errorf("wait for socket mode client: %w", err)
	}
	defer func() {
		s.sock.mu.Lock()
		delete(s.sock.pending, id)
		s.sock.mu.Unlock()
	}()
	if err := c.write(websocket.TextMessage, data); err != nil {
		return nil, fmt.Errorf("write envelope: %w", err)
	}
	if id == "" {
		return nil, nil
	}
	select {
	case p := <-ch:
		return p, nil
	case <-c.done:
		return nil, errNoAck
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// pick chooses a connection round-robin, as Slack may use any of them.
// Call with sk.mu held.
func (sk *sockets) pick() *sockConn {
	if len(sk.conns) == 0 {
		return nil
	}
	sk.rr++
	i := sk.rr % len(sk.conns)
	for c := range sk.conns {
		if i == 0 {
			return c
		}
		i--
	}
	return nil
}
