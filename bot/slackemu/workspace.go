package slackemu

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// User is a person (or bot) in the emulated workspace.
type User struct {
	ID, Name, RealName string
	Locale             string // e.g. "da-DK", "en-US"
	TZ                 string // e.g. "Europe/Copenhagen"
	IsBot              bool
}

// Channel is a conversation in the emulated workspace. For an IM, User is the
// other party and IsIM is set.
type Channel struct {
	ID, Name string
	Members  []string
	IsIM     bool
	User     string
}

// state is everything the emulator remembers. Server.mu guards it.
type state struct {
	users     map[string]User
	userOrder []string
	channels  map[string]*Channel
	chanOrder []string
	ims       map[string]string // user ID → IM channel ID

	msgs      map[string][]*message // channel → messages in post order
	ephemeral map[string][]*message // user → ephemerals in post order
	lastTS    int64                 // microseconds, so timestamps never repeat

	views    map[string]*viewState
	stacks   map[string][]string // user → open modal view IDs, top last
	homes    map[string]string   // user → home view ID
	triggers map[string]*trigger
	respURLs map[string]*responseURL
	events   map[string]*sentEvent

	transport transport

	calls      []Call
	violations []Violation
	rateLimits int

	seq     int64 // for IDs
	changed chan struct{}
}

func (st *state) init() {
	st.users = map[string]User{}
	st.channels = map[string]*Channel{}
	st.ims = map[string]string{}
	st.msgs = map[string][]*message{}
	st.ephemeral = map[string][]*message{}
	st.views = map[string]*viewState{}
	st.stacks = map[string][]string{}
	st.homes = map[string]string{}
	st.triggers = map[string]*trigger{}
	st.respURLs = map[string]*responseURL{}
	st.events = map[string]*sentEvent{}
	st.changed = make(chan struct{})
	st.addUser(User{ID: BotUserID, Name: "tovholder", RealName: "Tovholder", Locale: "en-US", TZ: "Europe/Copenhagen", IsBot: true})
}

func (st *state) nextID(prefix string) string {
	st.seq++
	return fmt.Sprintf("%s%07X", prefix, st.seq)
}

// nextTS returns a Slack-style "seconds.micros" timestamp from now, bumped so
// that no two messages in the workspace share one, as in Slack.
func (st *state) nextTS(now time.Time) string {
	us := now.UnixMicro()
	if us <= st.lastTS {
		us = st.lastTS + 1
	}
	st.lastTS = us
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

func (st *state) addUser(u User) {
	if _, ok := st.users[u.ID]; !ok {
		st.userOrder = append(st.userOrder, u.ID)
	}
	st.users[u.ID] = u
}

func (st *state) addChannel(c Channel) {
	c.Members = slices.Clone(c.Members)
	if !slices.Contains(c.Members, BotUserID) {
		c.Members = append(c.Members, BotUserID)
	}
	if c.IsIM && c.User != "" && !slices.Contains(c.Members, c.User) {
		c.Members = append(c.Members, c.User)
	}
	if _, ok := st.channels[c.ID]; !ok {
		st.chanOrder = append(st.chanOrder, c.ID)
	}
	st.channels[c.ID] = &c
	if c.IsIM && c.User != "" {
		st.ims[c.User] = c.ID
	}
}

// openIM returns the user's IM channel with the bot, creating it like
// conversations.open does.
func (st *state) openIM(user string) (id string, created bool) {
	if id, ok := st.ims[user]; ok {
		return id, false
	}
	id = "D" + strings.TrimPrefix(user, "U") + "IM"
	st.addChannel(Channel{ID: id, IsIM: true, User: user, Members: []string{user}})
	return id, true
}

// resolveChannel maps a user ID used as a channel (Slack opens the DM) to the IM.
func (st *state) resolveChannel(id string) (*Channel, bool) {
	if c, ok := st.channels[id]; ok {
		return c, true
	}
	if _, ok := st.users[id]; ok && strings.HasPrefix(id, "U") {
		im, _ := st.openIM(id)
		return st.channels[im], true
	}
	return nil, false
}

func (c *Channel) isMember(user string) bool { return slices.Contains(c.Members, user) }

// AddUser adds or replaces a workspace user.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.addUser(u)
}

// AddChannel adds or replaces a channel. The bot is always made a member, as
// if it had been invited; use RemoveMember to test not_in_channel.
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.addChannel(c)
}

// RemoveMember takes user out of channel's members.
func (s *Server) RemoveMember(channel, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.state.channels[channel]; ok {
		c.Members = slices.DeleteFunc(c.Members, func(m string) bool { return m == user })
	}
}

// AddMember puts user into channel's members.
func (s *Server) AddMember(channel, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.state.channels[channel]; ok && !c.isMember(user) {
		c.Members = append(c.Members, user)
	}
}

// Users lists the workspace users (the bot first) in the order they were added.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.state.userOrder))
	for _, id := range s.state.userOrder {
		out = append(out, s.state.users[id])
	}
	return out
}

// User looks a user up by ID.
func (s *Server) User(id string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.state.users[id]
	return u, ok
}

// Channels lists the channels, IMs included, in the order they were added.
func (s *Server) Channels() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Channel, 0, len(s.state.chanOrder))
	for _, id := range s.state.chanOrder {
		c := *s.state.channels[id]
		c.Members = slices.Clone(c.Members)
		out = append(out, c)
	}
	return out
}

// ChannelByName finds a channel by its name, with or without a leading '#'.
func (s *Server) ChannelByName(name string) (Channel, bool) {
	name = strings.TrimPrefix(name, "#")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range s.state.chanOrder {
		if c := s.state.channels[id]; c.Name == name {
			out := *c
			out.Members = slices.Clone(c.Members)
			return out, true
		}
	}
	return Channel{}, false
}

// IM returns the user's IM channel ID with the bot, creating it if needed.
func (s *Server) IM(user string) string {
	s.mu.Lock()
	id, created := s.state.openIM(user)
	s.mu.Unlock()
	if created {
		s.notify(Change{Kind: "channel_created", Channel: id, User: user})
	}
	return id
}

// userName is the display name for mentions, or the ID if unknown.
func (st *state) userName(id string) string {
	if u, ok := st.users[id]; ok && u.Name != "" {
		return u.Name
	}
	return id
}

func (st *state) channelName(id string) string {
	if c, ok := st.channels[id]; ok {
		if c.IsIM {
			return "directmessage"
		}
		return c.Name
	}
	return id
}

// userJSON is the users.info shape of a user.
func userJSON(u User) map[string]any {
	tz := u.TZ
	if tz == "" {
		tz = "Europe/Copenhagen"
	}
	loc, err := time.LoadLocation(tz)
	offset := 0
	if err == nil {
		_, offset = time.Now().In(loc).Zone()
	}
	return map[string]any{
		"id": u.ID, "team_id": TeamID, "name": u.Name, "real_name": u.RealName,
		"tz": tz, "tz_offset": offset, "locale": u.Locale, "is_bot": u.IsBot,
		"deleted": false, "is_app_user": false,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name, "team": TeamID},
	}
}

func channelJSON(c *Channel) map[string]any {
	m := map[string]any{
		"id": c.ID, "name": c.Name, "is_im": c.IsIM, "is_channel": !c.IsIM,
		"is_member": c.isMember(BotUserID), "num_members": len(c.Members),
		"is_private": false, "is_archived": false, "created": 1700000000,
	}
	if c.IsIM {
		m["user"] = c.User
		delete(m, "name")
	}
	return m
}

// sortedKeys is for stable error messages listing map keys.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("slackemu: marshal %T: %v", v, err))
	}
	return b
}
