package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// maxAck is the largest ack Slack takes: bigger ones it drops without a word
// (slack-go's socketmode refuses them too; slack.md §4).
const maxAck = 20480

// sockConn is one Socket Mode connection. Its reader is the only goroutine that reads;
// writes (acks) take wmu, since gorilla allows one writer at a time; pongs and the close
// frame go through WriteControl, which gorilla allows beside them.
type sockConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
	o   *socketOptions

	mu      sync.Mutex
	busy    int           // envelopes read and not yet acked
	idle    chan struct{} // closed when busy drops to 0
	closing bool          // no new envelopes are taken: the bot stops

	closed  atomic.Bool   // closed by us: its read error is no news
	ready   chan struct{} // closed when Slack says hello on it
	refresh chan string   // the reason of a disconnect frame (buffered 1)
	done    chan struct{} // closed when the reader stops
	err     error         // why the reader stopped; read after done
}

func newSockConn(ws *websocket.Conn, o *socketOptions) *sockConn {
	c := &sockConn{ws: ws, o: o, ready: make(chan struct{}), refresh: make(chan string, 1), done: make(chan struct{})}
	ws.SetReadLimit(MaxBody)
	// Slack pings; each ping (and each frame) proves the connection alive for another
	// pingTimeout. A silent connection fails its read and is replaced.
	ws.SetPingHandler(func(data string) error {
		_ = ws.SetReadDeadline(time.Now().Add(o.pingTimeout))
		err := ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(o.writeTimeout))
		var ne net.Error
		if errors.Is(err, websocket.ErrCloseSent) || (errors.As(err, &ne) && ne.Timeout()) {
			return nil // as gorilla's own ping handler: the read will tell
		}
		return err
	})
	return c
}

// begin counts an envelope in, unless the connection is closing.
func (c *sockConn) begin() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return false
	}
	if c.busy == 0 {
		c.idle = make(chan struct{})
	}
	c.busy++
	return true
}

// end counts an envelope out once it is acked.
func (c *sockConn) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy--
	if c.busy == 0 {
		close(c.idle)
	}
}

// drain waits until every envelope read is acked, or for at most d. With stop, the
// connection takes no new envelopes: Slack redelivers them to whoever connects next.
func (c *sockConn) drain(d time.Duration, stop bool) {
	c.mu.Lock()
	c.closing = c.closing || stop
	idle := c.idle
	busy := c.busy
	c.mu.Unlock()
	if busy == 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	}
}

// close says goodbye and closes the connection; its reader then stops.
func (c *sockConn) close() {
	if c.closed.Swap(true) {
		return
	}
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
	_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(c.o.writeTimeout))
	_ = c.ws.Close()
}

// ackFrame is what an ack says: the envelope's id and, for a modal submission, the answer.
type ackFrame struct {
	EnvelopeID string `json:"envelope_id"`
	Payload    any    `json:"payload,omitempty"`
}

// ack writes env's ack with payload (nil for none). An ack that cannot carry its
// payload (the envelope does not accept one, or it is too big for Slack) goes
// without it, so that Slack at least does not redeliver the envelope.
func (b *Bot) ack(ctx context.Context, c *sockConn, env *envelope, payload any) {
	if env.EnvelopeID == "" {
		return
	}
	if payload != nil && !env.AcceptsResponsePayload {
		b.log.Warn().Str("envelope", env.Type).Msg("left out the answer of an ack whose envelope takes none")
		payload = nil
	}
	data, err := json.Marshal(ackFrame{EnvelopeID: env.EnvelopeID, Payload: payload})
	if err == nil && len(data) >= maxAck {
		b.log.Error().Int("bytes", len(data)).Str("envelope", env.Type).Msg("an ack's answer is too big for Slack; acked without it")
		data, err = json.Marshal(ackFrame{EnvelopeID: env.EnvelopeID})
	}
	if err == nil {
		err = c.write(data)
	}
	if err != nil && !c.closed.Load() {
		// A connection that cannot write cannot ack: its reader fails on it and a new
		// connection takes over.
		_ = c.ws.Close()
		if ctx.Err() == nil {
			b.log.Warn().Err(err).Msg("could not ack a Socket Mode envelope; Slack will redeliver it")
		}
	}
}

// write sends one text frame, within writeTimeout.
func (c *sockConn) write(data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(c.o.writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

// read reads c's frames until it fails or is closed: it answers pings (the ping
// handler), passes a disconnect's reason to the loop that owns c, and hands each
// envelope to handleEnvelope in a goroutine of its own (counted in handlers): a modal
// submission, whose ack waits for the database, must not hold up the clicks behind it.
func (b *Bot) read(ctx context.Context, c *sockConn, handlers *sync.WaitGroup) {
	defer close(c.done)
	for {
		_ = c.ws.SetReadDeadline(time.Now().Add(c.o.pingTimeout))
		_, frame, err := c.ws.ReadMessage()
		if err != nil {
			c.err = err
			return
		}
		if c.o.onFrame != nil {
			c.o.onFrame(frame)
		}
		env, err := parseEnvelope(frame)
		switch {
		case err == nil && env.Type == envHello:
			b.log.Debug().Msg("Slack said hello over Socket Mode")
			select {
			case <-c.ready:
			default:
				close(c.ready)
			}
			continue
		case err == nil && env.Type == envDisconnect:
			select {
			case c.refresh <- env.Reason:
			default:
			}
			continue
		case err == nil && (env.Type == envSlash || env.Type == envInteractive || env.Type == envEvents):
		default:
			if err != nil {
				b.log.Warn().Err(socketCause(err)).Msg("ignored a malformed Socket Mode message")
			} else {
				b.log.Debug().Str("type", env.Type).Msg("ignored a Socket Mode message of a type the bot does not use")
			}
			// Acked all the same, if it can be: Slack would only redeliver it.
			if env.EnvelopeID != "" && c.begin() {
				b.ack(ctx, c, &env, nil)
				c.end()
			}
			continue
		}
		if !c.begin() {
			continue // closing: Slack redelivers it after the next connect
		}
		handlers.Add(1)
		go func() {
			// The handler's own context outlives ctx: an envelope read before the
			// bot stops is handled and acked in full (drain).
			defer handlers.Done()
			defer c.end()
			b.handleEnvelope(context.WithoutCancel(ctx), &env, func(p any) { b.ack(ctx, c, &env, p) })
		}()
	}
}
