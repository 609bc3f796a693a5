package slackemu

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Response is the app's answer to something the emulator sent: the HTTP
// response, or the Socket Mode ack payload.
type Response struct {
	Status         int    // HTTP status; 200 for a Socket Mode ack
	Body           []byte // HTTP body, or the ack's payload JSON
	ResponseAction string // view_submission: "", "update", "push", "clear" or "errors"
	Errors         map[string]string
	// Ack is how long the app took to acknowledge: from sending the request (or the
	// envelope) to its answer, which is what Slack's three seconds are measured on.
	Ack time.Duration
}

// transport is how the emulator reaches the app.
type transport struct {
	socket     bool
	requestURL string
}

// UseSocketMode makes the helpers deliver through Socket Mode envelopes.
// They wait for a client to connect.
func (s *Server) UseSocketMode() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.transport = transport{socket: true}
}

// UseHTTP makes the helpers send signed HTTP requests to url, the app's
// POST /slack/events endpoint.
func (s *Server) UseHTTP(url string) { s.SetRequestURL(url) }

// SetRequestURL sets the app's request URL and switches to HTTP delivery.
func (s *Server) SetRequestURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.transport = transport{requestURL: u}
}

// Sign computes Slack's X-Slack-Signature for a timestamp and raw body.
func Sign(ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(SigningSecret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Sign computes the signature for ts and body with the emulator's secret.
func (s *Server) Sign(ts string, body []byte) string { return Sign(ts, body) }

// SignedRequest POSTs body to the request URL signed like Slack, with the
// timestamp from the emulator's clock. mutate, if not nil, may change the
// request before it is sent (drop a header, age the timestamp, break the
// signature), so tests can check the app's verification.
func (s *Server) SignedRequest(ctx context.Context, contentType string, body []byte, mutate func(*http.Request)) (*http.Response, error) {
	s.mu.Lock()
	target := s.state.transport.requestURL
	s.mu.Unlock()
	if target == "" {
		return nil, errors.New("slackemu: no request URL; call SetRequestURL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", Sign(ts, body))
	if mutate != nil {
		mutate(req)
	}
	return s.client.Do(req)
}

// deliver sends one payload of kind slash_commands, interactive or
// events_api by the chosen transport and returns the app's answer.
func (s *Server) deliver(ctx context.Context, kind string, payload any, retry int) (Response, error) {
	s.mu.Lock()
	tr := s.state.transport
	s.mu.Unlock()
	if tr.socket {
		start := time.Now()
		ack, err := s.sendEnvelopes(ctx, kind, payload, retry, retryReason(retry))
		if err != nil {
			return Response{}, err
		}
		if string(ack) == "null" {
			ack = nil
		}
		r := parseResponse(http.StatusOK, ack)
		r.Ack = time.Since(start)
		return r, nil
	}
	if tr.requestURL == "" {
		return Response{}, errors.New("slackemu: no transport; call UseSocketMode or UseHTTP")
	}
	ctype, body := httpBody(kind, payload)
	var start time.Time
	resp, err := s.SignedRequest(ctx, ctype, body, func(r *http.Request) {
		start = time.Now()
		if retry > 0 {
			r.Header.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
			r.Header.Set("X-Slack-Retry-Reason", retryReason(retry))
		}
	})
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, err
	}
	r := parseResponse(resp.StatusCode, data)
	r.Ack = time.Since(start)
	return r, nil
}

func retryReason(retry int) string {
	if retry > 0 {
		return "http_timeout"
	}
	return ""
}

// httpBody encodes a payload the way Slack posts it over HTTP.
func httpBody(kind string, payload any) (string, []byte) {
	switch kind {
	case "slash_commands":
		form := url.Values{}
		for k, v := range payload.(map[string]string) {
			form.Set(k, v)
		}
		return "application/x-www-form-urlencoded", []byte(form.Encode())
	case "interactive":
		form := url.Values{"payload": {string(mustJSON(payload))}}
		return "application/x-www-form-urlencoded", []byte(form.Encode())
	}
	return "application/json", mustJSON(payload)
}

func parseResponse(status int, body []byte) Response {
	r := Response{Status: status, Body: body}
	var ra struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if json.Unmarshal(body, &ra) == nil {
		r.ResponseAction, r.Errors = ra.ResponseAction, ra.Errors
	}
	return r
}

// SlashCommand runs command (e.g. "/tovholder") with text as user in
// channel. An immediate message in the ack is shown like Slack would: as an
// ephemeral to the user, or in the channel for response_type in_channel.
func (s *Server) SlashCommand(ctx context.Context, user, channel, command, text string) (Response, error) {
	s.mu.Lock()
	_, known := s.state.channels[channel]
	uname, cname := s.state.userName(user), s.state.channelName(channel)
	s.mu.Unlock()
	if !known {
		return Response{}, fmt.Errorf("slackemu: unknown channel %q", channel)
	}
	respURL := s.mintResponseURL(user, channel, "", false)
	payload := map[string]string{
		"token": "emulator-verification-token", "team_id": TeamID, "team_domain": TeamDomain,
		"channel_id": channel, "channel_name": cname, "user_id": user, "user_name": uname,
		"command": command, "text": text, "api_app_id": AppID, "is_enterprise_install": "false",
		"response_url": respURL.url, "trigger_id": s.mintTrigger(user, channel, ""),
	}
	resp, err := s.deliver(ctx, "slash_commands", payload, 0)
	if err != nil || resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) == 0 {
		return resp, err
	}
	msg, ok := ackMessage(resp.Body)
	if !ok {
		return resp, nil
	}
	if err := s.respond(respURL, msg, "slash_command.ack", command+" "+text); err != nil {
		return resp, err
	}
	return resp, nil
}

// ackMessage reads an immediate message from an ack: JSON, or plain text.
func ackMessage(body []byte) (webhookMessage, bool) {
	var m webhookMessage
	trimmed := bytes.TrimSpace(body)
	if trimmed[0] == '{' {
		if json.Unmarshal(trimmed, &m) != nil {
			return m, false
		}
		return m, m.Text != "" || len(m.Blocks) > 0 || m.ResponseType != ""
	}
	return webhookMessage{Text: string(trimmed)}, true
}

// SendEvent wraps event (with at least "type") in an event_callback, sends
// it and returns the new event_id, which Redeliver can send again.
func (s *Server) SendEvent(ctx context.Context, event map[string]any) (string, Response, error) {
	now := s.now()
	if _, ok := event["event_ts"]; !ok {
		event["event_ts"] = fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
	}
	s.mu.Lock()
	id := s.state.nextID("Ev")
	s.mu.Unlock()
	cb := map[string]any{
		"token": "emulator-verification-token", "team_id": TeamID, "api_app_id": AppID,
		"event": event, "type": "event_callback", "event_id": id, "event_time": now.Unix(),
		"event_context": "EC" + id, "is_ext_shared_channel": false, "context_team_id": TeamID,
		"authorizations": []any{map[string]any{"team_id": TeamID, "user_id": BotUserID, "is_bot": true, "is_enterprise_install": false}},
	}
	s.mu.Lock()
	s.state.events[id] = &sentEvent{body: cb}
	s.mu.Unlock()
	resp, err := s.deliver(ctx, "events_api", cb, 0)
	return id, resp, err
}

// Redeliver sends an event again with the same event_id, as Slack does when
// an ack was late: X-Slack-Retry-Num/-Reason headers over HTTP, or
// retry_attempt/retry_reason in the Socket Mode envelope.
func (s *Server) Redeliver(ctx context.Context, eventID string) (Response, error) {
	s.mu.Lock()
	ev, ok := s.state.events[eventID]
	if ok {
		ev.retries++
	}
	s.mu.Unlock()
	if !ok {
		return Response{}, fmt.Errorf("slackemu: unknown event %q", eventID)
	}
	return s.deliver(ctx, "events_api", ev.body, ev.retries)
}

// OpenHome sends app_home_opened for the Home tab, with the user's
// published home view if there is one.
func (s *Server) OpenHome(ctx context.Context, user string) error {
	im := s.IM(user)
	ev := map[string]any{"type": "app_home_opened", "user": user, "channel": im, "tab": "home"}
	s.mu.Lock()
	if v, ok := s.state.views[s.state.homes[user]]; ok {
		ev["view"] = viewJSON(v, nil)
	}
	s.mu.Unlock()
	_, resp, err := s.SendEvent(ctx, ev)
	if err == nil && resp.Status != http.StatusOK {
		err = fmt.Errorf("slackemu: app_home_opened answered HTTP %d", resp.Status)
	}
	return err
}

// sentEvent is an Events API delivery kept for Redeliver.
type sentEvent struct {
	body    map[string]any
	retries int
}

// trimForError keeps error messages about app output readable.
func trimForError(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
