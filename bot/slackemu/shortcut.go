package slackemu

import (
	"context"
	"fmt"
)

// PostAsUser posts text in channel as user, the way a person types a message, and
// returns its ts: something for a message shortcut to be used on.
func (s *Server) PostAsUser(user, channel, text string) (string, error) {
	s.mu.Lock()
	ch, ok := s.state.resolveChannel(channel)
	if !ok {
		s.mu.Unlock()
		return "", fmt.Errorf("slackemu: unknown channel %q", channel)
	}
	m := &message{Message: Message{Channel: ch.ID, TS: s.state.nextTS(s.now()), User: user, Text: text}}
	s.state.msgs[ch.ID] = append(s.state.msgs[ch.ID], m)
	s.mu.Unlock()
	s.notify(Change{Kind: "message_posted", Channel: m.Channel, TS: m.TS, User: user})
	return m.TS, nil
}

// Shortcut fires the global shortcut callbackID as user, sending a real `shortcut`
// payload (no channel, no response_url; slack.md 3.4).
func (s *Server) Shortcut(ctx context.Context, user, callbackID string) (Response, error) {
	team, who := s.actor(user)
	payload := map[string]any{
		"type": "shortcut", "token": "emulator-verification-token", "action_ts": s.actionTS(),
		"team": team, "user": who, "callback_id": callbackID, "trigger_id": s.mintTrigger(user, "", ""),
		"api_app_id": AppID, "is_enterprise_install": false, "enterprise": nil,
	}
	return s.deliverChecked(ctx, "interactive", payload)
}

// MessageShortcut fires the message shortcut callbackID as user on message (channel,
// ts), sending a real `message_action` payload with the message as Slack gives it.
func (s *Server) MessageShortcut(ctx context.Context, user, channel, ts, callbackID string) (Response, error) {
	s.mu.Lock()
	m, ok := s.state.findMessage(channel, ts)
	var msg map[string]any
	if ok {
		msg = map[string]any{"type": "message", "user": m.User, "ts": m.TS, "text": m.Text}
		if m.User == BotUserID {
			msg = messageJSON(m)
		}
	}
	cname := s.state.channelName(channel)
	s.mu.Unlock()
	if !ok {
		return Response{}, fmt.Errorf("slackemu: no message %s in %s", ts, channel)
	}
	team, who := s.actor(user)
	payload := map[string]any{
		"type": "message_action", "token": "emulator-verification-token", "action_ts": s.actionTS(),
		"team": team, "user": who, "callback_id": callbackID, "trigger_id": s.mintTrigger(user, channel, ""),
		"channel": map[string]any{"id": channel, "name": cname}, "message_ts": ts, "message": msg,
		"response_url": s.mintResponseURL(user, channel, "", false).url,
		"api_app_id":   AppID, "is_enterprise_install": false, "enterprise": nil,
	}
	return s.deliverChecked(ctx, "interactive", payload)
}
