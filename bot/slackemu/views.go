package slackemu

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// View is a modal or App Home view as the emulator holds it.
type View struct {
	ID, Type                    string // Type is "modal" or "home"
	User                        string
	CallbackID, PrivateMetadata string
	Hash, ExternalID            string
	JSON                        json.RawMessage // the full view object, as views.* returns it
	Blocks                      []json.RawMessage
	Title                       string
	NotifyOnClose               bool
	Closed                      bool
}

type viewState struct {
	View
	obj                map[string]any // the view object as the app sent it
	rootID, previousID string
	version            int
}

// trigger is a trigger_id the emulator handed the app with an interaction.
type trigger struct {
	user, channel string
	fromView      string // the view the interaction came from, for views.push
	expires       time.Time
	used          bool
}

// triggerTTL is how long Slack honours a trigger_id.
const triggerTTL = 3 * time.Second

// mintTrigger issues a single-use trigger for user, valid for three seconds
// by the emulator's clock.
func (s *Server) mintTrigger(user, channel, fromView string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.seq++
	id := fmt.Sprintf("%d.%d.%016x", s.now().Unix(), s.state.seq, uint64(s.state.seq)*0x9e3779b97f4a7c15)
	s.state.triggers[id] = &trigger{user: user, channel: channel, fromView: fromView, expires: s.now().Add(triggerTTL)}
	return id
}

// useTrigger spends a trigger. Call with s.mu held.
func (s *Server) useTrigger(id string) (*trigger, string) {
	t, found := s.state.triggers[id]
	switch {
	case !found:
		return nil, "invalid_trigger_id"
	case t.used:
		return nil, "exchanged_trigger_id"
	case s.now().After(t.expires):
		return nil, "expired_trigger_id"
	}
	t.used = true
	return t, ""
}

// parseView validates the "view" argument of a views.* call.
func (s *Server) parseView(req *apiRequest, wantType string) (map[string]any, apiReply, bool) {
	raw := []byte(req.params.Get("view"))
	if len(raw) == 0 {
		return nil, fail("invalid_arguments", "[ERROR] missing required field: view"), false
	}
	errs, tooLarge := checkView(raw)
	var obj map[string]any
	_ = json.Unmarshal(raw, &obj)
	if len(errs) == 0 && obj["type"] != wantType {
		errs = []string{fmt.Sprintf("[ERROR] view type must be %s [json-pointer:/view/type]", wantType)}
	}
	for _, e := range errs {
		s.violate(req.method, e)
	}
	switch {
	case tooLarge:
		return nil, fail("view_too_large"), false
	case len(errs) > 0:
		return nil, fail("invalid_arguments", errs...), false
	}
	return obj, apiReply{}, true
}

// storeView fills v from the app's view object and returns its JSON as Slack
// echoes it. Call with s.mu held.
func (s *Server) storeView(v *viewState, obj map[string]any) map[string]any {
	v.obj = obj
	v.version++
	v.Hash = fmt.Sprintf("%d.%08x", s.now().Unix(), uint32(s.state.seq)*2654435761+uint32(v.version))
	s.state.seq++
	str := func(k string) string { x, _ := obj[k].(string); return x }
	v.Type, v.CallbackID, v.PrivateMetadata, v.ExternalID = str("type"), str("callback_id"), str("private_metadata"), str("external_id")
	v.NotifyOnClose, _ = obj["notify_on_close"].(bool)
	v.Title = ""
	if t, ok := obj["title"].(map[string]any); ok {
		v.Title, _ = t["text"].(string)
	}
	out := viewJSON(v, nil)
	v.JSON = mustJSON(out)
	v.Blocks = nil
	if bl, ok := obj["blocks"].([]any); ok {
		for _, b := range bl {
			v.Blocks = append(v.Blocks, mustJSON(b))
		}
	}
	return out
}

// viewJSON is a view object as Slack sends it, with state values if given.
func viewJSON(v *viewState, values map[string]any) map[string]any {
	out := map[string]any{
		"private_metadata": "", "callback_id": "", "external_id": "",
		"clear_on_close": false, "notify_on_close": false, "blocks": []any{},
	}
	for k, x := range v.obj {
		out[k] = x
	}
	if values == nil {
		values = map[string]any{}
	}
	root := v.rootID
	if root == "" {
		root = v.ID
	}
	var prev any
	if v.previousID != "" {
		prev = v.previousID
	}
	for k, x := range map[string]any{
		"id": v.ID, "team_id": TeamID, "app_id": AppID, "bot_id": BotID, "app_installed_team_id": TeamID,
		"hash": v.Hash, "state": map[string]any{"values": values}, "root_view_id": root, "previous_view_id": prev,
	} {
		out[k] = x
	}
	return out
}

func (s *Server) viewsOpen(req *apiRequest) apiReply {
	obj, rep, good := s.parseView(req, "modal")
	if !good {
		return rep
	}
	s.mu.Lock()
	t, code := s.useTrigger(req.params.Get("trigger_id"))
	if code != "" {
		s.mu.Unlock()
		return fail(code)
	}
	// A new root modal replaces whatever stack the user had open.
	for _, id := range s.state.stacks[t.user] {
		s.state.views[id].Closed = true
	}
	v := &viewState{View: View{ID: s.state.nextID("V"), User: t.user}}
	s.state.views[v.ID] = v
	s.state.stacks[t.user] = []string{v.ID}
	out := s.storeView(v, obj)
	s.mu.Unlock()
	s.notify(Change{Kind: "view_opened", User: t.user, ViewID: v.ID})
	return ok(map[string]any{"view": out})
}

func (s *Server) viewsPush(req *apiRequest) apiReply {
	obj, rep, good := s.parseView(req, "modal")
	if !good {
		return rep
	}
	s.mu.Lock()
	t, code := s.useTrigger(req.params.Get("trigger_id"))
	if code == "" && len(s.state.stacks[t.user]) == 0 {
		code = "not_found"
	}
	if code == "" && len(s.state.stacks[t.user]) >= 3 {
		code = "push_limit_reached"
	}
	if code != "" {
		s.mu.Unlock()
		return fail(code)
	}
	v, out := s.pushView(t.user, obj)
	s.mu.Unlock()
	s.notify(Change{Kind: "view_opened", User: t.user, ViewID: v.ID})
	return ok(map[string]any{"view": out})
}

// pushView puts a new view on top of user's stack. Call with s.mu held.
func (s *Server) pushView(user string, obj map[string]any) (*viewState, map[string]any) {
	stack := s.state.stacks[user]
	v := &viewState{View: View{ID: s.state.nextID("V"), User: user}}
	if len(stack) > 0 {
		v.rootID, v.previousID = stack[0], stack[len(stack)-1]
	}
	s.state.views[v.ID] = v
	s.state.stacks[user] = append(stack, v.ID)
	return v, s.storeView(v, obj)
}

func (s *Server) viewsUpdate(req *apiRequest) apiReply {
	p := req.params
	s.mu.Lock()
	v := s.state.views[p.Get("view_id")]
	if ext := p.Get("external_id"); v == nil && ext != "" {
		for _, cand := range s.state.views {
			if cand.ExternalID == ext && !cand.Closed {
				v = cand
			}
		}
	}
	code := ""
	switch {
	case v == nil || v.Closed:
		code = "not_found"
	case p.Get("hash") != "" && p.Get("hash") != v.Hash:
		code = "hash_conflict"
	}
	s.mu.Unlock()
	if code != "" {
		return fail(code)
	}
	obj, rep, good := s.parseView(req, v.Type)
	if !good {
		return rep
	}
	s.mu.Lock()
	out := s.storeView(v, obj)
	s.mu.Unlock()
	s.notify(Change{Kind: "view_updated", User: v.User, ViewID: v.ID})
	return ok(map[string]any{"view": out})
}

func (s *Server) viewsPublish(req *apiRequest) apiReply {
	p := req.params
	user := p.Get("user_id")
	s.mu.Lock()
	_, known := s.state.users[user]
	v := s.state.views[s.state.homes[user]]
	s.mu.Unlock()
	if !known {
		return fail("user_not_found")
	}
	if v != nil && p.Get("hash") != "" && p.Get("hash") != v.Hash {
		return fail("hash_conflict")
	}
	obj, rep, good := s.parseView(req, "home")
	if !good {
		return rep
	}
	s.mu.Lock()
	if v == nil {
		v = &viewState{View: View{ID: s.state.nextID("V"), User: user}}
		s.state.views[v.ID] = v
		s.state.homes[user] = v.ID
	}
	out := s.storeView(v, obj)
	s.mu.Unlock()
	s.notify(Change{Kind: "home_published", User: user, ViewID: v.ID})
	return ok(map[string]any{"view": out})
}

// closeViews marks the given views closed and drops them from the stack.
// Call with s.mu held.
func (s *Server) closeViews(user string, ids ...string) {
	for _, id := range ids {
		if v, ok := s.state.views[id]; ok {
			v.Closed = true
		}
	}
	s.state.stacks[user] = slices.DeleteFunc(s.state.stacks[user], func(id string) bool { return slices.Contains(ids, id) })
}

// OpenViews returns user's open modal stack, the top view last.
func (s *Server) OpenViews(user string) []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []View
	for _, id := range s.state.stacks[user] {
		out = append(out, s.state.views[id].snapshot())
	}
	return out
}

// Home returns the App Home view last published for user.
func (s *Server) Home(user string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.state.views[s.state.homes[user]]
	if !ok {
		return View{}, false
	}
	return v.snapshot(), true
}

// ViewByID finds any view, open or closed.
func (s *Server) ViewByID(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.state.views[id]
	if !ok {
		return View{}, false
	}
	return v.snapshot(), true
}

func (v *viewState) snapshot() View {
	out := v.View
	out.Blocks = slices.Clone(v.Blocks)
	return out
}
