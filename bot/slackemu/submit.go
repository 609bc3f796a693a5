package slackemu

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Value is what a user entered in one input element. Type may be left empty;
// Submit then takes it from the view.
type Value struct {
	Type                 string
	Value                string   // plain_text_input, email/url/number inputs
	SelectedOption       string   // option value: static_select, radio_buttons
	SelectedOptions      []string // option values: checkboxes, multi_static_select
	SelectedDate         string   // datepicker, "2026-01-31"
	SelectedTime         string   // timepicker, "14:30"
	SelectedUser         string   // users_select
	SelectedUsers        []string // multi_users_select
	SelectedConversation string   // conversations_select
	SelectedChannel      string   // channels_select
	// RichText is a rich_text_input's value, a rich_text block as Slack sends it;
	// nil makes one of Value, with no mentions.
	RichText map[string]any
}

// inputSpec is an input block of a view.
type inputSpec struct {
	blockID, actionID, label string
	optional                 bool
	el                       map[string]any
}

func inputs(blocks []json.RawMessage) []inputSpec {
	var out []inputSpec
	for i, raw := range blocks {
		var b map[string]any
		if json.Unmarshal(raw, &b) != nil || b["type"] != "input" {
			continue
		}
		el, _ := b["element"].(map[string]any)
		in := inputSpec{el: el, label: elementText(b, "label")}
		in.blockID, _ = b["block_id"].(string)
		if in.blockID == "" {
			in.blockID = fmt.Sprintf("emu-block-%d", i)
		}
		in.actionID, _ = el["action_id"].(string)
		in.optional, _ = b["optional"].(bool)
		out = append(out, in)
	}
	return out
}

// stateValue is the view.state.values entry Slack sends for v.
func stateValue(in inputSpec, v *Value) (map[string]any, error) {
	typ, _ := in.el["type"].(string)
	if v != nil && v.Type != "" {
		typ = v.Type
	}
	out := map[string]any{"type": typ}
	if v == nil {
		v = &Value{}
	}
	orNil := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	switch typ {
	case "static_select", "radio_buttons", "external_select":
		out["selected_option"] = nil
		if v.SelectedOption != "" {
			opt, err := findOption(in.el, v.SelectedOption)
			if err != nil {
				return nil, err
			}
			out["selected_option"] = opt
		}
	case "checkboxes", "multi_static_select":
		opts := []any{}
		for _, want := range v.SelectedOptions {
			opt, err := findOption(in.el, want)
			if err != nil {
				return nil, err
			}
			opts = append(opts, opt)
		}
		out["selected_options"] = opts
	case "datepicker":
		out["selected_date"] = orNil(v.SelectedDate)
	case "timepicker":
		out["selected_time"] = orNil(v.SelectedTime)
	case "users_select":
		out["selected_user"] = orNil(v.SelectedUser)
	case "multi_users_select":
		out["selected_users"] = append([]string{}, v.SelectedUsers...)
	case "conversations_select":
		out["selected_conversation"] = orNil(v.SelectedConversation)
	case "channels_select":
		out["selected_channel"] = orNil(v.SelectedChannel)
	case "rich_text_input":
		rt := v.RichText
		if rt == nil {
			rt = richTextValue(v.Value, func(string) string { return "" })
		}
		out["rich_text_value"] = rt
	default:
		out["value"] = orNil(v.Value)
	}
	return out, nil
}

// Submit submits a modal with values[block_id][action_id], sending a real
// view_submission, then applies the app's response_action: none closes the
// view, update replaces it, push pushes a new one, clear closes the stack and
// errors keeps it open (Response.Errors holds them).
func (s *Server) Submit(ctx context.Context, user, viewID string, values map[string]map[string]Value) (Response, error) {
	v, err := s.openView(user, viewID)
	if err != nil {
		return Response{}, err
	}
	s.mu.Lock()
	blocks := slices.Clone(v.Blocks)
	s.mu.Unlock()
	state := map[string]any{}
	for _, in := range inputs(blocks) {
		var given *Value
		if val, ok := values[in.blockID][in.actionID]; ok {
			given = &val
		}
		sv, err := stateValue(in, given)
		if err != nil {
			return Response{}, fmt.Errorf("input %q: %w", in.label, err)
		}
		state[in.blockID] = map[string]any{in.actionID: sv}
	}
	for bid, byAction := range values {
		if _, ok := state[bid]; !ok {
			return Response{}, fmt.Errorf("slackemu: view %s has no input block %q", viewID, bid)
		}
		for aid := range byAction {
			if _, ok := state[bid].(map[string]any)[aid]; !ok {
				return Response{}, fmt.Errorf("slackemu: input block %q has no action_id %q", bid, aid)
			}
		}
	}
	s.mu.Lock()
	view := viewJSON(v, state)
	s.mu.Unlock()
	team, who := s.actor(user)
	payload := map[string]any{
		"type": "view_submission", "team": team, "user": who, "api_app_id": AppID,
		"token": "emulator-verification-token", "trigger_id": s.mintTrigger(user, "", viewID),
		"view": view, "response_urls": []any{}, "is_enterprise_install": false, "enterprise": nil,
	}
	resp, err := s.deliverChecked(ctx, "interactive", payload)
	if err != nil {
		return resp, err
	}
	return resp, s.applySubmitAck(user, v, resp, blocks)
}

func (s *Server) applySubmitAck(user string, v *viewState, resp Response, blocks []json.RawMessage) error {
	var ack struct {
		View json.RawMessage `json:"view"`
	}
	_ = json.Unmarshal(resp.Body, &ack)
	const method = "view_submission.ack"
	switch resp.ResponseAction {
	case "":
		s.mu.Lock()
		s.closeViews(user, v.ID)
		s.mu.Unlock()
		s.notify(Change{Kind: "view_closed", User: user, ViewID: v.ID})
	case "clear":
		s.mu.Lock()
		stack := slices.Clone(s.state.stacks[user])
		s.closeViews(user, stack...)
		s.mu.Unlock()
		s.notify(Change{Kind: "view_closed", User: user, ViewID: v.ID})
	case "errors":
		return s.checkErrorKeys(resp.Errors, blocks)
	case "update", "push":
		return s.ackView(user, v, resp.ResponseAction, ack.View)
	default:
		s.violate(method, "unknown response_action "+resp.ResponseAction)
		return fmt.Errorf("slackemu: unknown response_action %q", resp.ResponseAction)
	}
	return nil
}

// checkErrorKeys flags errors keyed by anything but an input block, which
// Slack answers with a generic error instead of showing them.
func (s *Server) checkErrorKeys(errs map[string]string, blocks []json.RawMessage) error {
	ids := map[string]bool{}
	for _, in := range inputs(blocks) {
		ids[in.blockID] = true
	}
	for _, k := range sortedKeys(errs) {
		if !ids[k] {
			reason := fmt.Sprintf("response_action errors names %q, which is not an input block_id", k)
			s.violate("view_submission.ack", reason)
			return fmt.Errorf("slackemu: %s", reason)
		}
	}
	return nil
}

func (s *Server) ackView(user string, v *viewState, action string, raw json.RawMessage) error {
	const method = "view_submission.ack"
	errs, tooLarge := checkView(raw)
	var obj map[string]any
	_ = json.Unmarshal(raw, &obj)
	if len(errs) == 0 && !tooLarge && obj["type"] != "modal" {
		errs = []string{"[ERROR] view type must be modal [json-pointer:/view/type]"}
	}
	for _, e := range errs {
		s.violate(method, e)
	}
	if len(errs) > 0 {
		return fmt.Errorf("slackemu: response_action %s view rejected: %s", action, strings.Join(errs, "; "))
	}
	s.mu.Lock()
	id := v.ID
	if action == "update" {
		s.storeView(v, obj)
	} else if len(s.state.stacks[user]) >= 3 {
		s.mu.Unlock()
		s.violate(method, "push_limit_reached: a modal stack holds at most 3 views")
		return fmt.Errorf("slackemu: push_limit_reached")
	} else {
		pushed, _ := s.pushView(user, obj)
		id = pushed.ID
	}
	s.mu.Unlock()
	kind := map[string]string{"update": "view_updated", "push": "view_opened"}[action]
	s.notify(Change{Kind: kind, User: user, ViewID: id})
	return nil
}

// SubmitForm fills a modal's inputs by their labels and submits it. Each
// value is read by element type: text as typed; a select, radio or checkbox
// option by its text or value (checkboxes and multi-selects take a comma
// separated list); a user as ID or @name; a channel as ID or #name.
func (s *Server) SubmitForm(ctx context.Context, user, viewID string, byLabel map[string]string) (Response, error) {
	v, err := s.openView(user, viewID)
	if err != nil {
		return Response{}, err
	}
	s.mu.Lock()
	blocks := slices.Clone(v.Blocks)
	s.mu.Unlock()
	values := map[string]map[string]Value{}
	used := map[string]bool{}
	var labels []string
	for _, in := range inputs(blocks) {
		labels = append(labels, fmt.Sprintf("%q", in.label))
		text, ok := byLabel[in.label]
		if !ok {
			// Slack submits what an untouched input was prefilled with.
			text = initialText(in.el)
		}
		if text == "" {
			if !in.optional {
				return Response{}, fmt.Errorf("slackemu: required input %q is empty", in.label)
			}
			continue
		}
		used[in.label] = true
		values[in.blockID] = map[string]Value{in.actionID: s.valueFor(in, text)}
	}
	for label := range byLabel {
		if !used[label] && byLabel[label] != "" {
			return Response{}, fmt.Errorf("slackemu: no input labelled %q; inputs: %s", label, strings.Join(labels, ", "))
		}
	}
	return s.Submit(ctx, user, viewID, values)
}

// initialText is what an element was prefilled with, in SubmitForm's terms.
func initialText(el map[string]any) string {
	for _, k := range []string{"initial_value", "initial_date", "initial_time", "initial_user", "initial_conversation", "initial_channel"} {
		if v, ok := el[k].(string); ok && v != "" {
			return v
		}
	}
	if o, ok := el["initial_option"].(map[string]any); ok {
		v, _ := o["value"].(string)
		return v
	}
	return ""
}

func (s *Server) valueFor(in inputSpec, text string) Value {
	typ, _ := in.el["type"].(string)
	list := func() []string {
		var out []string
		for _, p := range strings.Split(text, ",") {
			out = append(out, strings.TrimSpace(p))
		}
		return out
	}
	switch typ {
	case "static_select", "radio_buttons", "external_select":
		return Value{SelectedOption: text}
	case "checkboxes", "multi_static_select":
		return Value{SelectedOptions: list()}
	case "datepicker":
		return Value{SelectedDate: text}
	case "timepicker":
		return Value{SelectedTime: text}
	case "users_select":
		return Value{SelectedUser: s.lookupUser(text)}
	case "multi_users_select":
		var ids []string
		for _, u := range list() {
			ids = append(ids, s.lookupUser(u))
		}
		return Value{SelectedUsers: ids}
	case "conversations_select":
		return Value{SelectedConversation: s.lookupChannel(text)}
	case "channels_select":
		return Value{SelectedChannel: s.lookupChannel(text)}
	case "rich_text_input":
		return Value{RichText: richTextValue(text, s.knownUser)}
	}
	return Value{Value: text}
}

// knownUser is the id of the workspace's user called name, or "".
func (s *Server) knownUser(name string) string {
	for _, u := range s.Users() {
		if u.Name == name {
			return u.ID
		}
	}
	return ""
}

// mentionRe is a typed @name, as a person picks it from the list @ opens.
var mentionRe = regexp.MustCompile(`@([a-z0-9._-]+)`)

// richTextValue is text typed into a rich_text_input, as Slack sends it: one
// rich_text_section whose elements are text runs (newlines included) and, for each
// @name that names a user of the workspace (picked from the list @ opens), a user
// element with the user's id. An @name of nobody stays text, as in Slack.
func richTextValue(text string, userID func(name string) string) map[string]any {
	var els []any
	addText := func(s string) {
		if s != "" {
			els = append(els, map[string]any{"type": "text", "text": s})
		}
	}
	last := 0
	for _, m := range mentionRe.FindAllStringSubmatchIndex(text, -1) {
		id := userID(text[m[2]:m[3]])
		if id == "" {
			continue
		}
		addText(text[last:m[0]])
		els = append(els, map[string]any{"type": "user", "user_id": id})
		last = m[1]
	}
	addText(text[last:])
	if els == nil {
		els = []any{}
	}
	return map[string]any{"type": "rich_text", "elements": []any{
		map[string]any{"type": "rich_text_section", "elements": els},
	}}
}

func (s *Server) lookupUser(nameOrID string) string {
	name := strings.TrimPrefix(nameOrID, "@")
	for _, u := range s.Users() {
		if u.ID == name || u.Name == name {
			return u.ID
		}
	}
	return nameOrID
}

func (s *Server) lookupChannel(nameOrID string) string {
	if c, ok := s.ChannelByName(nameOrID); ok {
		return c.ID
	}
	return nameOrID
}
