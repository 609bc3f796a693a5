package slackemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Slack honours a response_url up to five times within 30 minutes.
const (
	responseURLUses = 5
	responseURLTTL  = 30 * time.Minute
)

// responseURL is a response_url the emulator handed the app. source is the
// message an interaction came from, which replace_original and
// delete_original act on.
type responseURL struct {
	url, user, channel string
	sourceTS           string
	sourceEphemeral    bool
	uses               int
	expires            time.Time
}

// webhookMessage is a message posted to a response_url or given in an ack.
type webhookMessage struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal flexBool        `json:"replace_original"`
	DeleteOriginal  flexBool        `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
}

// flexBool accepts true and "true", as Slack's docs use both.
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	*b = flexBool(bytes.Equal(data, []byte("true")) || bytes.Equal(data, []byte(`"true"`)))
	return nil
}

func (s *Server) mintResponseURL(user, channel, sourceTS string, ephemeral bool) *responseURL {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.state.nextID("R") + randomID()[:8]
	ru := &responseURL{
		url: s.base + "/response/" + id, user: user, channel: channel,
		sourceTS: sourceTS, sourceEphemeral: ephemeral, expires: s.now().Add(responseURLTTL),
	}
	s.state.respURLs[id] = ru
	return ru
}

func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ru, found := s.state.respURLs[r.PathValue("id")]
	code := ""
	switch {
	case !found:
		code = "invalid_url"
	case s.now().After(ru.expires):
		code = "expired_url"
	case ru.uses >= responseURLUses:
		code = "used_url"
	default:
		ru.uses++
	}
	s.mu.Unlock()
	if code != "" {
		http.Error(w, code, http.StatusNotFound)
		return
	}
	var msg webhookMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&msg); err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := s.respond(ru, msg, "response_url", ""); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": err.Error()})
		return
	}
	_, _ = w.Write([]byte(`{"ok":true}` + "\n"))
}

// respond shows msg as Slack would for a response_url post or an immediate
// ack message. command, when set, is the slash command an in_channel answer
// makes visible.
func (s *Server) respond(ru *responseURL, msg webhookMessage, method, command string) error {
	if msg.DeleteOriginal {
		return s.deleteSource(ru)
	}
	maxLen := 4000
	if msg.ResponseType == "in_channel" && !msg.ReplaceOriginal {
		maxLen = 40000
	}
	c, rep, good := s.checkContent(method, msg.Text, string(msg.Blocks), maxLen)
	if !good {
		return fmt.Errorf("%s", rep.err)
	}
	if msg.ReplaceOriginal && ru.sourceTS != "" {
		return s.replaceSource(ru, c)
	}
	if msg.ResponseType == "in_channel" {
		if command != "" {
			s.postAs(ru.user, ru.channel, "", content{text: command})
		}
		s.postAs(BotUserID, ru.channel, msg.ThreadTS, c)
		return nil
	}
	m := s.addEphemeral(ru.channel, ru.user, msg.ThreadTS, c)
	s.mu.Lock()
	if ru.sourceTS == "" {
		// A later replace_original replaces this first ephemeral answer.
		ru.sourceTS, ru.sourceEphemeral = m.TS, true
	}
	s.mu.Unlock()
	return nil
}

// postAs adds a message to a channel without the Web API's checks.
func (s *Server) postAs(user, channel, threadTS string, c content) Message {
	s.mu.Lock()
	m := &message{Message: Message{
		Channel: channel, TS: s.state.nextTS(s.now()), ThreadTS: threadTS, User: user,
		Text: c.text, Blocks: c.blocks, BlocksJSON: c.blocksJSON,
	}}
	s.state.msgs[channel] = append(s.state.msgs[channel], m)
	out := m.snapshot()
	s.mu.Unlock()
	s.notify(Change{Kind: "message_posted", Channel: channel, TS: out.TS, User: user})
	return out
}

func (s *Server) source(ru *responseURL) (*message, bool) {
	if ru.sourceEphemeral {
		return s.state.findEphemeral(ru.user, ru.channel, ru.sourceTS)
	}
	return s.state.findMessage(ru.channel, ru.sourceTS)
}

func (s *Server) replaceSource(ru *responseURL, c content) error {
	s.mu.Lock()
	m, found := s.source(ru)
	if found {
		m.Text, m.Blocks, m.BlocksJSON, m.Edits = c.text, c.blocks, c.blocksJSON, m.Edits+1
	}
	s.mu.Unlock()
	if !found {
		return fmt.Errorf("message_not_found")
	}
	kind := "message_updated"
	if m.Ephemeral {
		kind = "ephemeral"
	}
	s.notify(Change{Kind: kind, Channel: m.Channel, TS: m.TS, User: m.EphemeralUser})
	return nil
}

func (s *Server) deleteSource(ru *responseURL) error {
	s.mu.Lock()
	m, found := s.source(ru)
	if found {
		m.deleted = true
	}
	s.mu.Unlock()
	if !found {
		return fmt.Errorf("message_not_found")
	}
	s.notify(Change{Kind: "message_deleted", Channel: m.Channel, TS: m.TS, User: m.EphemeralUser})
	return nil
}
