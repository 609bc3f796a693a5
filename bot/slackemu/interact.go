package slackemu

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// found is an interactive element located in a message or view.
type found struct {
	blockID string
	el      map[string]any
}

func elementText(el map[string]any, key string) string {
	t, _ := el[key].(map[string]any)
	s, _ := t["text"].(string)
	return s
}

// interactive lists the interactive elements of blocks: actions elements,
// section accessories and input elements, in display order. Slack fills in
// block IDs the app left out, and so does this.
func interactive(blocks []json.RawMessage) []found {
	var out []found
	for i, raw := range blocks {
		var b map[string]any
		if json.Unmarshal(raw, &b) != nil {
			continue
		}
		bid, _ := b["block_id"].(string)
		if bid == "" {
			bid = fmt.Sprintf("emu-block-%d", i)
		}
		var els []any
		switch b["type"] {
		case "actions":
			els, _ = b["elements"].([]any)
		case "section":
			els = []any{b["accessory"]}
		case "input":
			els = []any{b["element"]}
		}
		for _, e := range els {
			if m, ok := e.(map[string]any); ok {
				out = append(out, found{blockID: bid, el: m})
			}
		}
	}
	return out
}

// findButton finds the button labelled label, or says which labels exist.
func findButton(blocks []json.RawMessage, label string) (found, error) {
	var labels []string
	for _, f := range interactive(blocks) {
		if f.el["type"] != "button" {
			continue
		}
		text := elementText(f.el, "text")
		if text == label {
			return f, nil
		}
		labels = append(labels, fmt.Sprintf("%q", text))
	}
	return found{}, fmt.Errorf("slackemu: no button %q; buttons: %s", label, strings.Join(labels, ", "))
}

func (s *Server) actor(user string) (team, who map[string]any) {
	s.mu.Lock()
	name := s.state.userName(user)
	s.mu.Unlock()
	return map[string]any{"id": TeamID, "domain": TeamDomain},
		map[string]any{"id": user, "username": name, "name": name, "team_id": TeamID}
}

func (s *Server) actionTS() string {
	now := s.now()
	return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
}

// buttonAction is the actions[] entry Slack sends for a button.
func (s *Server) buttonAction(f found) map[string]any {
	a := map[string]any{
		"action_id": f.el["action_id"], "block_id": f.blockID, "type": "button",
		"action_ts": s.actionTS(), "text": f.el["text"],
	}
	if v, ok := f.el["value"]; ok {
		a["value"] = v
	}
	if st, ok := f.el["style"]; ok {
		a["style"] = st
	}
	return a
}

// messageAction sends block_actions for an element of message (channel, ts),
// which may be one of user's ephemerals.
func (s *Server) messageAction(ctx context.Context, user, channel, ts string, pick func([]json.RawMessage) (found, error), action func(found) map[string]any) (Response, error) {
	s.mu.Lock()
	m, ok := s.state.findMessage(channel, ts)
	if !ok {
		m, ok = s.state.findEphemeral(user, channel, ts)
	}
	var msg Message
	var msgJSON map[string]any
	if ok {
		msg, msgJSON = m.snapshot(), messageJSON(m)
	}
	cname := s.state.channelName(channel)
	s.mu.Unlock()
	if !ok {
		return Response{}, fmt.Errorf("slackemu: no message %s in %s visible to %s", ts, channel, user)
	}
	f, err := pick(msg.Blocks)
	if err != nil {
		return Response{}, err
	}
	team, who := s.actor(user)
	payload := map[string]any{
		"type": "block_actions", "team": team, "user": who, "api_app_id": AppID,
		"token": "emulator-verification-token", "is_enterprise_install": false, "enterprise": nil,
		"container":    map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": msg.Ephemeral},
		"trigger_id":   s.mintTrigger(user, channel, ""),
		"channel":      map[string]any{"id": channel, "name": cname},
		"message":      msgJSON,
		"response_url": s.mintResponseURL(user, channel, ts, msg.Ephemeral).url,
		"state":        map[string]any{"values": map[string]any{}},
		"actions":      []any{action(f)},
	}
	return s.deliverChecked(ctx, "interactive", payload)
}

// deliverChecked delivers and turns a non-200 answer into an error, since
// Slack shows the user a failure then.
func (s *Server) deliverChecked(ctx context.Context, kind string, payload any) (Response, error) {
	resp, err := s.deliver(ctx, kind, payload, 0)
	if err == nil && resp.Status != http.StatusOK {
		err = fmt.Errorf("slackemu: app answered HTTP %d: %s", resp.Status, trimForError(resp.Body))
	}
	return resp, err
}

// Click presses the button labelled label in message (channel, ts), or in
// one of user's ephemerals there, sending a real block_actions payload.
func (s *Server) Click(ctx context.Context, user, channel, ts, label string) (Response, error) {
	return s.messageAction(ctx, user, channel, ts,
		func(b []json.RawMessage) (found, error) { return findButton(b, label) },
		s.buttonAction)
}

// Select picks an option of a static_select in message (channel, ts). The
// select is found by action_id or placeholder, the option by value or text.
func (s *Server) Select(ctx context.Context, user, channel, ts, actionIDOrPlaceholder, option string) (Response, error) {
	var chosen map[string]any
	pick := func(blocks []json.RawMessage) (found, error) {
		for _, f := range interactive(blocks) {
			if f.el["type"] != "static_select" || (f.el["action_id"] != actionIDOrPlaceholder && elementText(f.el, "placeholder") != actionIDOrPlaceholder) {
				continue
			}
			var err error
			chosen, err = findOption(f.el, option)
			return f, err
		}
		return found{}, fmt.Errorf("slackemu: no static_select %q", actionIDOrPlaceholder)
	}
	return s.messageAction(ctx, user, channel, ts, pick, func(f found) map[string]any {
		return map[string]any{
			"action_id": f.el["action_id"], "block_id": f.blockID, "type": "static_select",
			"selected_option": chosen, "placeholder": f.el["placeholder"], "action_ts": s.actionTS(),
		}
	})
}

// findOption matches an option of a select, radio or checkbox element by
// value or by its text.
func findOption(el map[string]any, want string) (map[string]any, error) {
	opts, _ := el["options"].([]any)
	groups, _ := el["option_groups"].([]any)
	for _, g := range groups {
		gm, _ := g.(map[string]any)
		more, _ := gm["options"].([]any)
		opts = append(opts, more...)
	}
	var names []string
	for _, o := range opts {
		om, _ := o.(map[string]any)
		if om["value"] == want || elementText(om, "text") == want {
			return map[string]any{"text": om["text"], "value": om["value"]}, nil
		}
		names = append(names, fmt.Sprintf("%q", elementText(om, "text")))
	}
	return nil, fmt.Errorf("slackemu: no option %q; options: %s", want, strings.Join(names, ", "))
}

// openView finds a view user can see: on their modal stack or their home.
func (s *Server) openView(user, viewID string) (*viewState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.state.views[viewID]
	switch {
	case !ok:
		return nil, fmt.Errorf("slackemu: no view %q", viewID)
	case v.User != user:
		return nil, fmt.Errorf("slackemu: view %s belongs to %s, not %s", viewID, v.User, user)
	case v.Closed:
		return nil, fmt.Errorf("slackemu: view %s is closed", viewID)
	}
	return v, nil
}

// ClickInView presses the button labelled label in a modal or home view.
func (s *Server) ClickInView(ctx context.Context, user, viewID, label string) (Response, error) {
	return s.viewAction(ctx, user, viewID, func(b []json.RawMessage) (found, error) { return findButton(b, label) })
}

// viewAction sends block_actions for the button pick finds in user's view viewID.
func (s *Server) viewAction(ctx context.Context, user, viewID string, pick func([]json.RawMessage) (found, error)) (Response, error) {
	v, err := s.openView(user, viewID)
	if err != nil {
		return Response{}, err
	}
	s.mu.Lock()
	blocks, view := slices.Clone(v.Blocks), viewJSON(v, nil)
	s.mu.Unlock()
	f, err := pick(blocks)
	if err != nil {
		return Response{}, err
	}
	team, who := s.actor(user)
	payload := map[string]any{
		"type": "block_actions", "team": team, "user": who, "api_app_id": AppID,
		"token": "emulator-verification-token", "is_enterprise_install": false, "enterprise": nil,
		"container":  map[string]any{"type": "view", "view_id": viewID},
		"trigger_id": s.mintTrigger(user, "", viewID),
		"view":       view,
		"state":      map[string]any{"values": map[string]any{}},
		"actions":    []any{s.buttonAction(f)},
	}
	return s.deliverChecked(ctx, "interactive", payload)
}

// CloseView closes a modal as the user would with Cancel, or with the X for
// the root of a stack (is_cleared). The app hears view_closed only if the
// view asked for notify_on_close.
func (s *Server) CloseView(ctx context.Context, user, viewID string) (Response, error) {
	v, err := s.openView(user, viewID)
	if err != nil {
		return Response{}, err
	}
	s.mu.Lock()
	stack := slices.Clone(s.state.stacks[user])
	cleared := len(stack) > 1 && stack[0] == viewID
	view, notify := viewJSON(v, nil), v.NotifyOnClose
	if cleared {
		s.closeViews(user, stack...)
	} else {
		s.closeViews(user, viewID)
	}
	s.mu.Unlock()
	s.notify(Change{Kind: "view_closed", User: user, ViewID: viewID})
	if !notify {
		return Response{Status: http.StatusOK}, nil
	}
	team, who := s.actor(user)
	payload := map[string]any{
		"type": "view_closed", "team": team, "user": who, "api_app_id": AppID,
		"token": "emulator-verification-token", "view": view, "is_cleared": cleared,
	}
	return s.deliverChecked(ctx, "interactive", payload)
}
