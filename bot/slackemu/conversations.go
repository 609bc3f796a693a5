package slackemu

import (
	"strconv"
	"strings"
	"time"
)

// wallNow is the real time, for limits that must pass in real time even when
// the test clock is frozen.
func wallNow() time.Time { return time.Now() }

func (s *Server) conversationsOpen(req *apiRequest) apiReply {
	p := req.params
	if id := p.Get("channel"); id != "" {
		s.mu.Lock()
		c, found := s.state.channels[id]
		var out map[string]any
		if found {
			out = channelJSON(c)
		}
		s.mu.Unlock()
		if !found {
			return fail("channel_not_found")
		}
		return ok(map[string]any{"channel": out, "already_open": true})
	}
	users := strings.Split(p.Get("users"), ",")
	switch {
	case p.Get("users") == "":
		return fail("not_enough_users")
	case len(users) > 1:
		// Group DMs are not needed by the bot; say so instead of faking them.
		return fail("not_supported")
	}
	s.mu.Lock()
	_, known := s.state.users[users[0]]
	var id string
	var created bool
	var out map[string]any
	if known {
		id, created = s.state.openIM(users[0])
		out = channelJSON(s.state.channels[id])
	}
	s.mu.Unlock()
	if !known {
		return fail("user_not_found")
	}
	if created {
		s.notify(Change{Kind: "channel_created", Channel: id, User: users[0]})
	}
	return ok(map[string]any{"channel": out, "already_open": !created, "no_op": !created})
}

func (s *Server) conversationsInfo(req *apiRequest) apiReply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.state.channels[req.params.Get("channel")]
	if !found {
		return fail("channel_not_found")
	}
	return ok(map[string]any{"channel": channelJSON(c)})
}

// conversationsMembers pages with an opaque cursor that is the offset, like
// Slack's base64 cursors but readable in test output.
func (s *Server) conversationsMembers(req *apiRequest) apiReply {
	p := req.params
	limit, _ := strconv.Atoi(p.Get("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	start := 0
	if cur := p.Get("cursor"); cur != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(cur, "offset:"))
		if err != nil || n < 0 {
			return fail("invalid_cursor")
		}
		start = n
	}
	s.mu.Lock()
	c, found := s.state.channels[p.Get("channel")]
	var members []string
	if found {
		members = c.Members
	}
	start = min(start, len(members))
	end := min(start+limit, len(members))
	page := append([]string{}, members[start:end]...)
	s.mu.Unlock()
	if !found {
		return fail("channel_not_found")
	}
	next := ""
	if end < len(members) {
		next = "offset:" + strconv.Itoa(end)
	}
	return ok(map[string]any{"members": page, "response_metadata": map[string]any{"next_cursor": next}})
}

func (s *Server) usersInfo(req *apiRequest) apiReply {
	s.mu.Lock()
	u, found := s.state.users[req.params.Get("user")]
	s.mu.Unlock()
	if !found {
		return fail("user_not_found")
	}
	return ok(map[string]any{"user": userJSON(u)})
}
