package slackemu

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Failure is an injected fault for one Web API method.
type Failure struct {
	Status     int    // 500: empty HTTP 500; 429: HTTP 429 with Retry-After
	RetryAfter int    // seconds, for Status 429
	Error      string // when Status is 0: HTTP 200 {"ok":false,"error":Error}
	Times      int    // how many calls fail; 0 means until ClearFailures
}

// apiRequest is one decoded Web API call.
type apiRequest struct {
	method string
	params url.Values
	json   map[string]json.RawMessage // nil for form requests
	body   []byte
	token  string
	bearer bool
}

// apiReply is what a handler answers: either a result (merged into
// {"ok":true}) or an error code, or a bare HTTP status.
type apiReply struct {
	status     int
	retryAfter int
	err        string
	messages   []string
	result     map[string]any
}

func ok(result map[string]any) apiReply { return apiReply{result: result} }
func fail(code string, messages ...string) apiReply {
	return apiReply{err: code, messages: messages}
}

type handler func(*Server, *apiRequest) apiReply

// handlers are the Web API methods the emulator answers.
var handlers = map[string]handler{
	"auth.test":             (*Server).authTest,
	"chat.postMessage":      (*Server).chatPostMessage,
	"chat.update":           (*Server).chatUpdate,
	"chat.postEphemeral":    (*Server).chatPostEphemeral,
	"chat.delete":           (*Server).chatDelete,
	"chat.getPermalink":     (*Server).chatGetPermalink,
	"conversations.open":    (*Server).conversationsOpen,
	"conversations.info":    (*Server).conversationsInfo,
	"conversations.members": (*Server).conversationsMembers,
	"users.info":            (*Server).usersInfo,
	"views.open":            (*Server).viewsOpen,
	"views.push":            (*Server).viewsPush,
	"views.update":          (*Server).viewsUpdate,
	"views.publish":         (*Server).viewsPublish,
	"apps.connections.open": (*Server).appsConnectionsOpen,
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	req, err := readAPIRequest(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.limits.mu.Lock()
	held := s.limits.slow[req.method]
	s.limits.mu.Unlock()
	if held != nil {
		select {
		case <-held:
		case <-r.Context().Done():
			return
		}
	}
	rep := s.dispatch(req)
	s.record(req, rep)
	writeReply(w, rep)
}

func (s *Server) dispatch(req *apiRequest) apiReply {
	h, known := handlers[req.method]
	if !known {
		return fail("unknown_method")
	}
	if rep, failed := s.injected(req.method); failed {
		return rep
	}
	if rep, bad := checkAuth(req); bad {
		return rep
	}
	return h(s, req)
}

func readAPIRequest(r *http.Request) (*apiRequest, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		return nil, err
	}
	req := &apiRequest{method: r.PathValue("method"), body: body, params: url.Values{}}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ctype == "application/json":
		if len(body) > 0 {
			if err := json.Unmarshal(body, &req.json); err != nil {
				return nil, err
			}
		}
		req.params = flatten(req.json)
	case r.Method == http.MethodPost:
		if req.params, err = url.ParseQuery(string(body)); err != nil {
			return nil, err
		}
	}
	for k, v := range r.URL.Query() {
		if _, dup := req.params[k]; !dup {
			req.params[k] = v
		}
	}
	if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		req.token, req.bearer = strings.TrimPrefix(a, "Bearer "), true
	} else {
		req.token = req.params.Get("token")
	}
	return req, nil
}

// flatten turns a JSON object's top-level keys into url.Values: strings as
// themselves, anything else as its JSON, so handlers read both the same way.
func flatten(m map[string]json.RawMessage) url.Values {
	v := url.Values{}
	for k, raw := range m {
		var str string
		if json.Unmarshal(raw, &str) == nil {
			v.Set(k, str)
		} else {
			v.Set(k, string(raw))
		}
	}
	return v
}

func checkAuth(req *apiRequest) (apiReply, bool) {
	want := BotToken
	if req.method == "apps.connections.open" {
		want = AppToken
		if req.token != "" && !req.bearer {
			// Slack refuses an app token passed as a POST parameter.
			return fail("not_authed"), true
		}
	}
	switch req.token {
	case "":
		return fail("not_authed"), true
	case want:
		return apiReply{}, false
	}
	return fail("invalid_auth"), true
}

func writeReply(w http.ResponseWriter, rep apiReply) {
	switch rep.status {
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(rep.retryAfter))
		w.WriteHeader(rep.status)
		return
	case 0, http.StatusOK:
	default:
		w.WriteHeader(rep.status)
		return
	}
	out := map[string]any{"ok": rep.err == ""}
	if rep.err != "" {
		out["error"] = rep.err
		if len(rep.messages) > 0 {
			out["response_metadata"] = map[string]any{"messages": rep.messages}
		}
	}
	for k, v := range rep.result {
		out[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(out)
}

func (s *Server) record(req *apiRequest, rep apiReply) {
	status := rep.status
	if status == 0 {
		status = http.StatusOK
	}
	c := Call{Method: req.method, Params: req.params, Body: req.body, At: s.now(), Status: status, Error: rep.err}
	s.mu.Lock()
	s.state.calls = append(s.state.calls, c)
	s.mu.Unlock()
	// Wake waiters on CallsTo, but spare subscribers one change per call.
	s.wake()
}

// Fail makes the next calls to method fail as f describes.
func (s *Server) Fail(method string, f Failure) {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	if s.limits.failures == nil {
		s.limits.failures = map[string]*Failure{}
	}
	s.limits.failures[method] = &f
}

// Hold makes calls to method wait before they are answered, as a slow Slack would,
// until the returned release is called (or the caller gives up). For tests that an
// app does not wait for a Slack round trip where it must not.
func (s *Server) Hold(method string) (release func()) {
	ch := make(chan struct{})
	s.limits.mu.Lock()
	if s.limits.slow == nil {
		s.limits.slow = map[string]chan struct{}{}
	}
	s.limits.slow[method] = ch
	s.limits.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.limits.mu.Lock()
			if s.limits.slow[method] == ch {
				delete(s.limits.slow, method)
			}
			s.limits.mu.Unlock()
			close(ch)
		})
	}
}

// ClearFailures removes every injected fault.
func (s *Server) ClearFailures() {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	s.limits.failures = nil
}

func (s *Server) injected(method string) (apiReply, bool) {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	f, ok := s.limits.failures[method]
	if !ok {
		return apiReply{}, false
	}
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			delete(s.limits.failures, method)
		}
	}
	switch {
	case f.Status == http.StatusTooManyRequests:
		return apiReply{status: f.Status, retryAfter: f.RetryAfter, err: "ratelimited"}, true
	case f.Status != 0 && f.Status != http.StatusOK:
		return apiReply{status: f.Status, err: http.StatusText(f.Status)}, true
	}
	return fail(f.Error), true
}

// rateLimits holds the per-channel posting buckets and injected failures.
type rateLimits struct {
	mu       sync.Mutex
	buckets  map[string]*bucket
	failures map[string]*Failure
	slow     map[string]chan struct{} // methods that answer only once released
}

type bucket struct {
	tokens float64
	last   time.Time
}

func (rl *rateLimits) init() { rl.buckets = map[string]*bucket{} }

// Slack lets an app post about one message per second per channel, with
// short bursts. Wall time is used so a frozen test clock cannot starve a bot.
const (
	postBurst  = 5
	postRefill = 1.0 // tokens per second
)

func (rl *rateLimits) allowPost(channel string, now time.Time) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	b, ok := rl.buckets[channel]
	if !ok {
		b = &bucket{tokens: postBurst, last: now}
		rl.buckets[channel] = b
	}
	b.tokens = min(postBurst, b.tokens+now.Sub(b.last).Seconds()*postRefill)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (s *Server) authTest(*apiRequest) apiReply {
	return ok(map[string]any{
		"url": s.base + "/", "team": "KITOS", "user": "tovholder", "team_id": TeamID,
		"user_id": BotUserID, "bot_id": BotID,
	})
}
