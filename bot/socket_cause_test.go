package bot

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// A malformed Socket Mode message is logged by its cause only: the message may hold
// what someone typed.
func TestSocketCauseLeavesTheMessageOut(t *testing.T) {
	for _, frame := range []string{
		`{"type":"interactive","envelope_id":"e1","payload":{"text":"a private wish"`,
		`{"type":"interactive","envelope_id":"e1","payload":{"text":"a private wish"}}x`,
		`{"type":"interactive","envelope_id":"e1","retry_attempt":"a private wish"}`,
		`{"type":"slash_commands","envelope_id":"e1","payload":{"user_id":"U1","command":"/wish","text":["a private wish"]}}`,
	} {
		env, err := parseEnvelope([]byte(frame))
		if err == nil {
			_, err = decodePayload(&env)
		}
		if err == nil {
			t.Fatalf("%s: no error", frame)
		}
		got := socketCause(err)
		if got == nil || strings.Contains(got.Error(), "private") {
			t.Errorf("socketCause(%v) = %v, want only the cause", err, got)
		}
	}
	other := errors.New("payload without its type or user")
	if got := socketCause(other); !errors.Is(got, other) {
		t.Errorf("socketCause(%v) = %v, want it as it is", other, got)
	}
	if socketCause(nil) == nil {
		t.Error("socketCause(nil) is nil: the log line would say nothing")
	}
	var syn *json.SyntaxError
	if _, err := parseEnvelope([]byte("{")); !errors.As(err, &syn) {
		t.Errorf("parseEnvelope({) = %v, want a syntax error", err)
	}
}
