package slackemu

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Call is one Web API request the emulator received.
type Call struct {
	Method string
	Params url.Values // form fields, or a JSON body's top-level keys (non-strings as JSON)
	Body   []byte
	At     time.Time
	Status int    // HTTP status sent back
	Error  string // the "error" of an ok:false reply, if any
}

// Violation is a request Slack would have refused because it breaks a platform
// limit. Tests assert that Violations() is empty.
type Violation struct {
	Method string
	Reason string
	At     time.Time
}

// Message is a message as Slack stores it.
type Message struct {
	Channel, TS, ThreadTS, User, Text string
	Blocks                            []json.RawMessage
	BlocksJSON                        json.RawMessage // the blocks array as posted
	Edits                             int
	Ephemeral                         bool
	EphemeralUser                     string
}

// message is the stored form; deleted messages stay so indexes hold.
type message struct {
	Message
	deleted bool
}

func (m *message) snapshot() Message {
	out := m.Message
	out.Blocks = slices.Clone(m.Blocks)
	return out
}

// Change tells a subscriber what changed. Kind is one of message_posted,
// message_updated, message_deleted, ephemeral, view_opened, view_updated,
// view_closed, home_published, channel_created, socket_connected,
// socket_disconnected.
type Change struct {
	Kind                      string
	Channel, TS, User, ViewID string
}

type subscribers struct {
	mu   sync.Mutex
	subs map[int]chan Change
	next int
	lost int
}

// Subscribe returns a channel of changes and a function that ends the
// subscription. Sends never block the server: when the buffer is full the
// change is dropped and counted in Lost, so a slow console cannot stall a test.
func (s *Server) Subscribe() (<-chan Change, func()) {
	ch := make(chan Change, 256)
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	if s.subs.subs == nil {
		s.subs.subs = map[int]chan Change{}
	}
	id := s.subs.next
	s.subs.next++
	s.subs.subs[id] = ch
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			s.subs.mu.Lock()
			defer s.subs.mu.Unlock()
			delete(s.subs.subs, id)
			close(ch)
		})
	}
}

// Lost counts changes dropped because a subscriber's buffer was full.
func (s *Server) Lost() int {
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	return s.subs.lost
}

// wake re-evaluates Wait conditions. Call it without s.mu held.
func (s *Server) wake() {
	s.mu.Lock()
	close(s.state.changed)
	s.state.changed = make(chan struct{})
	s.mu.Unlock()
}

// notify wakes Wait callers and tells subscribers. Call it without s.mu held.
func (s *Server) notify(c Change) {
	s.wake()
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	for _, ch := range s.subs.subs {
		select {
		case ch <- c:
		default:
			s.subs.lost++
		}
	}
}

// Wait blocks until cond returns true, re-evaluating it after every change to
// the emulator's state, or until ctx ends. cond may call the Server's methods.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		// Take the channel before evaluating cond so no change slips between.
		s.mu.Lock()
		ch := s.state.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Calls returns every Web API call received, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.state.calls)
}

// CallsTo returns the calls to one method, oldest first.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.state.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Violations returns the requests refused for breaking a Slack limit.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.state.violations)
}

// RateLimited counts chat.postMessage calls answered with HTTP 429 because the
// channel's posting budget was spent. That is Slack's normal behaviour, not a
// violation; a bot is expected to back off.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.rateLimits
}

// Reset forgets recorded calls, violations and the rate-limit count, but keeps
// the workspace, messages and views.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.calls = nil
	s.state.violations = nil
	s.state.rateLimits = 0
}

func (s *Server) violate(method, reason string) {
	s.mu.Lock()
	s.state.violations = append(s.state.violations, Violation{Method: method, Reason: reason, At: s.now()})
	s.mu.Unlock()
	s.logf("slackemu: violation in %s: %s", method, reason)
}

// Messages returns the channel's messages, thread replies included, in the
// order they were posted. Ephemerals are not included; see Ephemerals.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return live(s.state.msgs[channel])
}

// Message finds one message, ephemerals included.
func (s *Server) Message(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.state.findMessage(channel, ts); ok {
		return m.snapshot(), true
	}
	for _, list := range s.state.ephemeral {
		for _, m := range list {
			if m.Channel == channel && m.TS == ts && !m.deleted {
				return m.snapshot(), true
			}
		}
	}
	return Message{}, false
}

// AllMessages returns every non-ephemeral message in every channel, grouped
// by channel in the order channels were added.
func (s *Server) AllMessages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, id := range s.state.chanOrder {
		out = append(out, live(s.state.msgs[id])...)
	}
	return out
}

// DMs returns the messages in the user's IM with the bot.
func (s *Server) DMs(user string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	im, ok := s.state.ims[user]
	if !ok {
		return nil
	}
	return live(s.state.msgs[im])
}

// Ephemerals returns the ephemeral messages shown to user, oldest first.
func (s *Server) Ephemerals(user string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return live(s.state.ephemeral[user])
}

func live(list []*message) []Message {
	out := make([]Message, 0, len(list))
	for _, m := range list {
		if !m.deleted {
			out = append(out, m.snapshot())
		}
	}
	return out
}

func (st *state) findMessage(channel, ts string) (*message, bool) {
	list := st.msgs[channel]
	// Recent messages are the likely targets of updates, so search backwards.
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].TS == ts && !list[i].deleted {
			return list[i], true
		}
	}
	return nil, false
}

func (st *state) findEphemeral(user, channel, ts string) (*message, bool) {
	list := st.ephemeral[user]
	for i := len(list) - 1; i >= 0; i-- {
		if m := list[i]; m.TS == ts && m.Channel == channel && !m.deleted {
			return m, true
		}
	}
	return nil, false
}
