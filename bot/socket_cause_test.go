package bot

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// A malformed Socket Mode message is logged by its cause only: the message may hold
// what someone typed.
func TestSocketCauseLeavesTheMessageOut(t *testing.T) {
	cause := errors.New("unexpected end of JSON input")
	typed := json.RawMessage(`{"payload":{"text":"a private wish"`)
	for _, data := range []any{
		&socketmode.ErrorBadMessage{Cause: cause, Message: typed},
		socketmode.ErrorBadMessage{Cause: cause, Message: typed},
		&slack.IncomingEventError{ErrorObj: cause},
	} {
		got := socketCause(data)
		if !errors.Is(got, cause) || strings.Contains(got.Error(), "private wish") {
			t.Errorf("socketCause(%T) = %v, want only the cause", data, got)
		}
	}
	if socketCause(nil) == nil {
		t.Error("socketCause(nil) is nil: the log line would say nothing")
	}
}
