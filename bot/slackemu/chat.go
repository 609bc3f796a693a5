package slackemu

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// content is a message body as posted: text plus optional blocks.
type content struct {
	text       string
	blocks     []json.RawMessage
	blocksJSON json.RawMessage
}

// checkContent applies Slack's message limits. maxTextLen is 40000 for
// chat.postMessage and 4000 where Slack's docs say so.
func (s *Server) checkContent(method, text, blocksJSON string, maxTextLen int) (content, apiReply, bool) {
	c := content{text: text}
	if blocksJSON != "" && blocksJSON != "null" {
		raw, objs, okFmt := parseBlocks([]byte(blocksJSON))
		if !okFmt {
			s.violate(method, "invalid_blocks_format")
			return c, fail("invalid_blocks_format"), false
		}
		if errs := checkBlocks(objs, maxMessageBlocks, "/blocks"); len(errs) > 0 {
			for _, e := range errs {
				s.violate(method, e)
			}
			return c, fail("invalid_blocks", errs...), false
		}
		c.blocks, c.blocksJSON = raw, json.RawMessage(blocksJSON)
	}
	if utf8.RuneCountInString(text) > maxTextLen {
		s.violate(method, "msg_too_long: text has "+strconv.Itoa(utf8.RuneCountInString(text))+" characters")
		return c, fail("msg_too_long"), false
	}
	if strings.TrimSpace(text) == "" && len(c.blocks) == 0 {
		return c, fail("no_text"), false
	}
	return c, apiReply{}, true
}

func messageJSON(m *message) map[string]any {
	out := map[string]any{
		"type": "message", "user": m.User, "bot_id": BotID, "app_id": AppID,
		"text": m.Text, "ts": m.TS, "team": TeamID,
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if len(m.BlocksJSON) > 0 {
		out["blocks"] = m.BlocksJSON
	}
	return out
}

// postable finds a channel the bot may post in.
func (st *state) postable(id string) (*Channel, string) {
	c, ok := st.resolveChannel(id)
	if !ok {
		return nil, "channel_not_found"
	}
	if !c.IsIM && !c.isMember(BotUserID) {
		return nil, "not_in_channel"
	}
	return c, ""
}

func (s *Server) chatPostMessage(req *apiRequest) apiReply {
	p := req.params
	s.mu.Lock()
	ch, code := s.state.postable(p.Get("channel"))
	s.mu.Unlock()
	if code != "" {
		return fail(code)
	}
	if !s.noRateLimit && !s.limits.allowPost(ch.ID, wallNow()) {
		s.mu.Lock()
		s.state.rateLimits++
		s.mu.Unlock()
		return apiReply{status: http.StatusTooManyRequests, retryAfter: 1, err: "ratelimited"}
	}
	c, rep, good := s.checkContent(req.method, p.Get("text"), p.Get("blocks"), 40000)
	if !good {
		return rep
	}
	s.mu.Lock()
	m := &message{Message: Message{
		Channel: ch.ID, TS: s.state.nextTS(s.now()), ThreadTS: p.Get("thread_ts"), User: BotUserID,
		Text: c.text, Blocks: c.blocks, BlocksJSON: c.blocksJSON,
	}}
	s.state.msgs[ch.ID] = append(s.state.msgs[ch.ID], m)
	out := ok(map[string]any{"channel": ch.ID, "ts": m.TS, "message": messageJSON(m)})
	s.mu.Unlock()
	s.notify(Change{Kind: "message_posted", Channel: m.Channel, TS: m.TS})
	return out
}

func (s *Server) chatUpdate(req *apiRequest) apiReply {
	p := req.params
	s.mu.Lock()
	ch, code := s.state.postable(p.Get("channel"))
	var m *message
	if code == "" {
		var found bool
		if m, found = s.state.findMessage(ch.ID, p.Get("ts")); !found {
			code = "message_not_found"
		} else if m.User != BotUserID {
			code = "cant_update_message"
		}
	}
	s.mu.Unlock()
	if code != "" {
		return fail(code)
	}
	c, rep, good := s.checkContent(req.method, p.Get("text"), p.Get("blocks"), 4000)
	if !good {
		return rep
	}
	s.mu.Lock()
	m.Text, m.Edits = c.text, m.Edits+1
	if c.blocks != nil {
		m.Blocks, m.BlocksJSON = c.blocks, c.blocksJSON
	}
	out := ok(map[string]any{"channel": ch.ID, "ts": m.TS, "text": m.Text, "message": messageJSON(m)})
	s.mu.Unlock()
	s.notify(Change{Kind: "message_updated", Channel: m.Channel, TS: m.TS})
	return out
}

func (s *Server) chatDelete(req *apiRequest) apiReply {
	s.mu.Lock()
	m, found := s.state.findMessage(req.params.Get("channel"), req.params.Get("ts"))
	if found {
		m.deleted = true
	}
	s.mu.Unlock()
	if !found {
		return fail("message_not_found")
	}
	s.notify(Change{Kind: "message_deleted", Channel: m.Channel, TS: m.TS})
	return ok(map[string]any{"channel": m.Channel, "ts": m.TS})
}

func (s *Server) chatPostEphemeral(req *apiRequest) apiReply {
	p := req.params
	user := p.Get("user")
	s.mu.Lock()
	ch, code := s.state.postable(p.Get("channel"))
	if code == "" {
		if _, known := s.state.users[user]; !known {
			code = "user_not_found"
		} else if !ch.isMember(user) {
			code = "user_not_in_channel"
		}
	}
	s.mu.Unlock()
	if code != "" {
		return fail(code)
	}
	c, rep, good := s.checkContent(req.method, p.Get("text"), p.Get("blocks"), 4000)
	if !good {
		return rep
	}
	m := s.addEphemeral(ch.ID, user, p.Get("thread_ts"), c)
	return ok(map[string]any{"message_ts": m.TS})
}

func (s *Server) addEphemeral(channel, user, threadTS string, c content) Message {
	s.mu.Lock()
	m := &message{Message: Message{
		Channel: channel, TS: s.state.nextTS(s.now()), ThreadTS: threadTS, User: BotUserID,
		Text: c.text, Blocks: c.blocks, BlocksJSON: c.blocksJSON, Ephemeral: true, EphemeralUser: user,
	}}
	s.state.ephemeral[user] = append(s.state.ephemeral[user], m)
	out := m.snapshot()
	s.mu.Unlock()
	s.notify(Change{Kind: "ephemeral", Channel: channel, TS: m.TS, User: user})
	return out
}

func (s *Server) chatGetPermalink(req *apiRequest) apiReply {
	ch, ts := req.params.Get("channel"), req.params.Get("message_ts")
	s.mu.Lock()
	_, known := s.state.channels[ch]
	_, found := s.state.findMessage(ch, ts)
	s.mu.Unlock()
	switch {
	case !known:
		return fail("channel_not_found")
	case !found:
		return fail("message_not_found")
	}
	link := s.base + "/archives/" + ch + "/p" + strings.Replace(ts, ".", "", 1)
	return ok(map[string]any{"channel": ch, "permalink": link})
}

// permalinkTS turns "p1700000000000100" back into "1700000000.000100".
func permalinkTS(p string) string {
	p = strings.TrimPrefix(p, "p")
	if len(p) <= 6 {
		return p
	}
	return p[:len(p)-6] + "." + p[len(p)-6:]
}
