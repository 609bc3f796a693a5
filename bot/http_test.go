package bot_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// counts is what a refused request must not change.
type counts struct{ wishes, events, answers int }

func countState(t *testing.T, e *bottest.Env) counts {
	t.Helper()
	_, n, err := e.Svc.Wishes(context.Background(), workflow.WishFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return counts{wishes: n, events: len(events(t, e)), answers: len(e.Emu.Ephemerals(bottest.Admin))}
}

// setChannel is a slash command that changes state when it is accepted.
func setChannel() []byte {
	return []byte(url.Values{"command": {"/tovholder"}, "text": {"channel userclub <#C0SEKR001|kitos-sekretariat>"},
		"user_id": {bottest.Admin}, "channel_id": {bottest.UserClub}, "team_id": {slackemu.TeamID},
		"trigger_id": {"1.2.3"}}.Encode())
}

func resign(body []byte, ts time.Time) func(*http.Request) {
	return func(r *http.Request) {
		s := strconv.FormatInt(ts.Unix(), 10)
		r.Header.Set("X-Slack-Request-Timestamp", s)
		r.Header.Set("X-Slack-Signature", slackemu.Sign(s, body))
	}
}

const form = "application/x-www-form-urlencoded"

func TestHTTPRefusesWhatSlackDidNotSendOrCannotBeRead(t *testing.T) {
	huge := append([]byte("payload="), bytes.Repeat([]byte("x"), bot.MaxBody)...)
	cases := []struct {
		name        string
		contentType string
		body        []byte
		mutate      func(*http.Request)
		status      int
	}{
		{"bad signature", form, setChannel(), func(r *http.Request) {
			r.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("ab", 32))
		}, http.StatusUnauthorized},
		{"signature of another body", form, setChannel(), func(r *http.Request) {
			r.Header.Set("X-Slack-Signature", slackemu.Sign(r.Header.Get("X-Slack-Request-Timestamp"), []byte("other")))
		}, http.StatusUnauthorized},
		{"stale timestamp", form, setChannel(), resign(setChannel(), time.Now().Add(-6*time.Minute)), http.StatusUnauthorized},
		{"future timestamp", form, setChannel(), resign(setChannel(), time.Now().Add(6*time.Minute)), http.StatusUnauthorized},
		{"no headers", form, setChannel(), func(r *http.Request) {
			r.Header.Del("X-Slack-Signature")
			r.Header.Del("X-Slack-Request-Timestamp")
		}, http.StatusUnauthorized},
		{"no signature", form, setChannel(), func(r *http.Request) { r.Header.Del("X-Slack-Signature") }, http.StatusUnauthorized},
		{"no timestamp", form, setChannel(), func(r *http.Request) { r.Header.Del("X-Slack-Request-Timestamp") }, http.StatusUnauthorized},
		{"body over 1 MiB", form, huge, nil, http.StatusRequestEntityTooLarge},
		{"body over 1 MiB without a length", form, huge, func(r *http.Request) {
			r.ContentLength = -1
			r.Body = io.NopCloser(bytes.NewReader(huge))
		}, http.StatusRequestEntityTooLarge},
		{"malformed form", form, []byte("command=%zz&text=%"), nil, http.StatusBadRequest},
		{"malformed payload JSON", form, []byte("payload=%7Bnot+json"), nil, http.StatusBadRequest},
		{"payload without a user", form, []byte("payload=" + url.QueryEscape(`{"type":"block_actions","actions":[]}`)), nil, http.StatusBadRequest},
		{"slash command without a user", form, []byte("command=%2Ftovholder&text=help"), nil, http.StatusBadRequest},
		{"malformed event JSON", "application/json", []byte(`{"type":"event_callback","event":`), nil, http.StatusBadRequest},
		{"unknown content type", "text/plain", []byte("hello"), nil, http.StatusUnsupportedMediaType},
	}
	e := bottest.New(t, bottest.Options{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := countState(t, e)
			res, err := e.Emu.SignedRequest(e.Ctx(), c.contentType, c.body, c.mutate)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			e.Settle()
			if res.StatusCode != c.status {
				t.Errorf("status %d, want %d", res.StatusCode, c.status)
			}
			if after := countState(t, e); after != before {
				t.Errorf("state changed: %+v, was %+v", after, before)
			}
		})
	}
	t.Run("the same request, signed", func(t *testing.T) {
		before := countState(t, e)
		res, err := e.Emu.SignedRequest(e.Ctx(), form, setChannel(), nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		e.Settle()
		if after := countState(t, e); res.StatusCode != http.StatusOK || after.events != before.events+1 {
			t.Errorf("a signed request answered %d and changed %+v to %+v", res.StatusCode, before, after)
		}
	})
}

func TestHTTPAnswersUnknownCommandsAndActionsPrivately(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	before := countState(t, e)
	if got := answer(t, e, bottest.Admin, "/nonsense", "do it"); !strings.Contains(got, "I do not know the command `/nonsense`") {
		t.Errorf("unknown command answered:\n%s", got)
	}
	payload := `{"type":"block_actions","user":{"id":"` + bottest.Admin + `"},"team":{"id":"` + slackemu.TeamID + `"},
		"channel":{"id":"` + bottest.UserClub + `"},"trigger_id":"1.2.3",
		"container":{"type":"message","channel_id":"` + bottest.UserClub + `","message_ts":"1.000001"},
		"actions":[{"action_id":"no.such.action","block_id":"b","value":"1","type":"button","action_ts":"1.2"}]}`
	res, err := e.Emu.SignedRequest(e.Ctx(), form, []byte("payload="+url.QueryEscape(payload)), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	e.Settle()
	if res.StatusCode != http.StatusOK {
		t.Errorf("unknown action: status %d", res.StatusCode)
	}
	if got := e.Text(e.LastEphemeral(bottest.Admin)); !strings.Contains(got, "that button is no longer in use") {
		t.Errorf("unknown action answered:\n%s", got)
	}
	after := countState(t, e)
	if after.wishes != before.wishes || after.events != before.events {
		t.Errorf("state changed: %+v, was %+v", after, before)
	}
}

func TestHTTPURLVerificationAndSSLCheck(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	body := []byte(`{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	res, err := e.Emu.SignedRequest(e.Ctx(), "application/json", body, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(got) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification answered %d %q", res.StatusCode, got)
	}
	res, err = e.Emu.SignedRequest(e.Ctx(), "application/json", body, func(r *http.Request) { r.Header.Del("X-Slack-Signature") })
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("an unsigned url_verification answered %d", res.StatusCode)
	}
	res, err = e.Emu.SignedRequest(e.Ctx(), form, []byte("ssl_check=1&token=x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("ssl_check answered %d", res.StatusCode)
	}
}

func TestHTTPHealth(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	base := strings.TrimSuffix(e.URL, "/slack/events")
	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || string(got) != want {
			t.Errorf("GET %s: %d %q", path, res.StatusCode, got)
		}
	}
}

// A submission of a modal the bot does not know (an old version's, say) keeps the
// modal open and says so beside its first input, rather than closing it on the user.
func TestHTTPUnknownModalIsAnsweredInTheModal(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	before := countState(t, e)
	payload := `{"type":"view_submission","user":{"id":"` + bottest.Per + `"},"team":{"id":"` + slackemu.TeamID + `"},
		"view":{"id":"V1","type":"modal","callback_id":"no.such.modal","blocks":[
			{"type":"input","block_id":"what","label":{"type":"plain_text","text":"What"},"element":{"type":"plain_text_input","action_id":"input"}}],
			"state":{"values":{"what":{"input":{"type":"plain_text_input","value":"typed"}}}}}}`
	res, err := e.Emu.SignedRequest(e.Ctx(), form, []byte("payload="+url.QueryEscape(payload)), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	want := `{"response_action":"errors","errors":{"what":"That form is out of date. Please open it again."}}`
	if res.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != want {
		t.Errorf("answered %d %s, want %s", res.StatusCode, body, want)
	}
	if after := countState(t, e); after != before {
		t.Errorf("state changed: %+v, was %+v", after, before)
	}
}

// A form Slack sends without its blocks or state (nothing a real modal lacks, but a
// payload is read as it comes) is answered in the modal all the same, never with a
// panic.
func TestHTTPModalWithoutStateIsAnswered(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	before := countState(t, e)
	payload := `{"type":"view_submission","user":{"id":"` + bottest.Per + `"},"team":{"id":"` + slackemu.TeamID + `"},
		"view":{"id":"V1","type":"modal","callback_id":"no.such.modal"}}`
	res, err := e.Emu.SignedRequest(e.Ctx(), form, []byte("payload="+url.QueryEscape(payload)), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	want := `{"response_action":"errors","errors":{"input":"That form is out of date. Please open it again."}}`
	if res.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != want {
		t.Errorf("answered %d %s, want %s", res.StatusCode, body, want)
	}
	if after := countState(t, e); after != before {
		t.Errorf("state changed: %+v, was %+v", after, before)
	}
}

// A request is an ack in progress, which holds the work after acks back, only once it
// is known to come from Slack: one still arriving, or unsigned, holds nothing back.
func TestHTTPOnlySignedRequestsHoldTheWorkBack(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	body, feed := io.Pipe()
	req, err := http.NewRequestWithContext(e.Ctx(), http.MethodPost, e.URL, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", form)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(time.Now().Unix(), 10))
	req.Header.Set("X-Slack-Signature", "v0=00")
	done := make(chan int, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- 0
			return
		}
		res.Body.Close()
		done <- res.StatusCode
	}()
	if _, err := feed.Write([]byte("payload=")); err != nil { // the body has begun to arrive
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := e.Bot.AcksInProgress(); n != 0 {
		t.Errorf("%d acks in progress while an unsigned body is still arriving; want 0", n)
	}
	feed.Close()
	if code := <-done; code != http.StatusUnauthorized {
		t.Errorf("an unsigned request got %d, want 401", code)
	}
	if n := e.Bot.AcksInProgress(); n != 0 {
		t.Errorf("%d acks in progress after an unsigned request; want 0", n)
	}
}
