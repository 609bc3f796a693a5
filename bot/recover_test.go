package bot

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// A panic below the HTTP endpoint answers Slack with a 500 and is counted and
// logged, instead of reaching net/http, which drops the connection and logs without
// the request; net/http's own abort still aborts.
func TestRecoverHTTP(t *testing.T) {
	db := storagetest.Open(t)
	var log bytes.Buffer
	b, err := New(Config{Slack: slack.New("xoxb-test"), Store: db, Service: workflow.New(db, nil, nil), Log: zerolog.New(&log)})
	if err != nil {
		t.Fatal(err)
	}
	h := b.recoverHTTP(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/slack/events", nil))
	if w.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", w.Code)
	}
	m := httptest.NewRecorder()
	b.metrics.handler().ServeHTTP(m, httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/metrics", nil))
	if !strings.Contains(m.Body.String(), `tovholder_panics_total{where="http"} 1`+"\n") {
		t.Errorf("the panic is not counted:\n%s", m.Body.String())
	}
	if l := log.String(); !strings.Contains(l, `"where":"http"`) || !strings.Contains(l, `"request_id":"`) || !strings.Contains(l, "boom") {
		t.Errorf("log: %s", l)
	}
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler passed on", p)
		}
	}()
	b.recoverHTTP(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })).
		ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/", nil))
}
