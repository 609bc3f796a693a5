package bot_test

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// waitFor waits up to 20 s for cond, failing the test with what with the emulator's help.
func waitFor(t *testing.T, e *bottest.Env, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(e.Ctx(), 20*time.Second)
	defer cancel()
	if err := e.Emu.Wait(ctx, cond); err != nil {
		t.Fatalf("%s: %v (connects %d, open %d)", what, err, e.Emu.SocketConnects(), e.Emu.OpenSockets())
	}
}

// On refresh_requested the bot opens a new connection and closes the old one itself,
// and keeps answering over the new one.
func TestSocketModeRefreshClosesTheOldConnection(t *testing.T) {
	for _, reason := range []string{"refresh_requested", "warning", "link_disabled"} {
		t.Run(reason, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{Transport: bottest.Socket})
			changes, unsubscribe := e.Emu.Subscribe()
			defer unsubscribe()
			was := e.Emu.SocketConnects()
			e.Emu.Disconnect(reason)
			waitFor(t, e, "a new connection, the old one closed", func() bool {
				return e.Emu.SocketConnects() == was+1 && e.Emu.SocketConnected() && e.Emu.OpenSockets() == 1
			})
			// The disconnect frame, the new connection, then the old one closed: the
			// old one stays until the new one is ready, for the acks still due on it.
			var order []string
			for timeout := time.After(5 * time.Second); len(order) < 3; {
				select {
				case c := <-changes:
					// (The first connection's own may come late: it is no news.)
					if strings.HasPrefix(c.Kind, "socket_") && (len(order) > 0 || c.Kind == "socket_disconnected") {
						order = append(order, c.Kind)
					}
				case <-timeout:
					t.Fatalf("socket changes %v", order)
				}
			}
			if want := []string{"socket_disconnected", "socket_connected", "socket_disconnected"}; !slices.Equal(order, want) {
				t.Errorf("socket changes %v, want %v", order, want)
			}
			if got := answer(t, e, bottest.Per, "/wish", "help"); got == "" {
				t.Errorf("no answer after the reconnect")
			}
		})
	}
}

// When the emulator drops the socket (a network failure), the bot connects anew and
// keeps answering.
func TestSocketModeReconnectsAfterADrop(t *testing.T) {
	e := bottest.New(t, bottest.Options{Transport: bottest.Socket})
	for i := range 3 {
		was := e.Emu.SocketConnects()
		e.Emu.DropSockets()
		waitFor(t, e, "a reconnect", func() bool { return e.Emu.SocketConnects() > was && e.Emu.SocketConnected() })
		if got := answer(t, e, bottest.Per, "/wish", "help"); got == "" {
			t.Errorf("drop %d: no answer after the reconnect", i+1)
		}
	}
}

// socketEnv is an environment whose Socket Mode connection the test runs itself, with
// run (RunSocketMode or RunSocketModeWith); the returned function stops it and says
// how long it took to return, and with what.
func socketEnv(t *testing.T, run func(e *bottest.Env, ctx context.Context, client *slack.Client) error, opts ...slackemu.Option) (*bottest.Env, func() (time.Duration, error)) {
	t.Helper()
	e := bottest.New(t, bottest.Options{EmuOptions: opts})
	e.Emu.UseSocketMode()
	client := slack.New(slackemu.BotToken, slack.OptionAPIURL(e.Emu.APIURL()), slack.OptionAppLevelToken(slackemu.AppToken))
	ctx, cancel := context.WithCancel(e.Ctx())
	done := make(chan struct{})
	var err error
	go func() { defer close(done); err = run(e, ctx, client) }()
	stop := func() (time.Duration, error) {
		start := time.Now()
		cancel()
		select {
		case <-done:
			return time.Since(start), err
		case <-time.After(20 * time.Second):
			t.Fatal("RunSocketMode did not return 20 s after its context ended")
		}
		return 0, nil
	}
	t.Cleanup(func() { cancel(); <-done })
	waitFor(t, e, "the first connection", e.Emu.SocketConnected)
	return e, stop
}

// A connection that goes silent (Slack sends no ping) is taken for dead and replaced;
// one that Slack pings stays.
func TestSocketModeReplacesASilentConnection(t *testing.T) {
	with := func(timeout time.Duration) func(e *bottest.Env, ctx context.Context, client *slack.Client) error {
		return func(e *bottest.Env, ctx context.Context, client *slack.Client) error {
			return e.Bot.RunSocketModeWith(ctx, client, timeout)
		}
	}
	t.Run("pinged", func(t *testing.T) {
		// Ten pings to each timeout: a loaded machine may delay a few.
		const timeout = time.Second
		e, _ := socketEnv(t, with(timeout), slackemu.WithPingInterval(timeout/10))
		was := e.Emu.SocketConnects()
		time.Sleep(3 * timeout)
		if n := e.Emu.SocketConnects(); n != was {
			t.Errorf("a pinged connection was replaced %d times in %v", n-was, 3*timeout)
		}
		if got := answer(t, e, bottest.Per, "/wish", "help"); got == "" {
			t.Errorf("no answer")
		}
	})
	t.Run("silent", func(t *testing.T) {
		e, _ := socketEnv(t, with(300*time.Millisecond), slackemu.WithPingInterval(time.Hour))
		was := e.Emu.SocketConnects()
		waitFor(t, e, "two silent connections replaced", func() bool { return e.Emu.SocketConnects() >= was+2 })
		waitFor(t, e, "the silent ones closed", func() bool { return e.Emu.OpenSockets() <= 1 })
	})
}

// When its context ends, RunSocketMode closes its connection and returns promptly,
// leaving no goroutine of its own behind.
func TestSocketModeStopsCleanly(t *testing.T) {
	run := func(e *bottest.Env, ctx context.Context, client *slack.Client) error {
		return e.Bot.RunSocketMode(ctx, client)
	}
	e, stop := socketEnv(t, run)
	if got := answer(t, e, bottest.Per, "/wish", "help"); got == "" {
		t.Fatal("no answer")
	}
	took, err := stop()
	if err != nil || took > 2*time.Second {
		t.Errorf("RunSocketMode returned %v after %v, want nil at once", err, took)
	}
	waitFor(t, e, "the connection closed", func() bool { return e.Emu.OpenSockets() == 0 })
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	for _, fn := range []string{"bot.(*Bot).runSocket", "bot.(*Bot).read(", "bot.(*Bot).handleEnvelope", "bot.(*sockConn)"} {
		if strings.Contains(stacks, fn) {
			t.Errorf("a goroutine in %s is left after RunSocketMode returned:\n%s", fn, stacks)
		}
	}
}

// A malformed envelope is logged by its cause, without its content, and acked (else
// Slack would redeliver it); an envelope of a type the bot does not know is acked and
// ignored; nothing changes, and the bot goes on.
func TestSocketModeIgnoresMalformedAndUnknownEnvelopes(t *testing.T) {
	var log lockedBuffer
	e := bottest.New(t, bottest.Options{Transport: bottest.Socket, Log: &log})
	calls := len(e.Emu.Calls())
	for id, frame := range map[string]string{
		"m1": `{"type":"interactive","envelope_id":"m1","accepts_response_payload":true,"payload":"a private wish"}`,
		"m2": `{"type":"interactive","envelope_id":"m2","payload":{"type":"block_actions","actions":[{"action_id":"wish.follow","value":"1"}]}}`,
		"m3": `{"type":"slash_commands","envelope_id":"m3","payload":{"command":"/wish","text":"a private wish"}}`,
		"m4": `{"type":"events_api","envelope_id":"m4","payload":{"type":"event_callback","event_id":"Ev9","event":"a private wish"}}`,
		"m5": `{"type":"interactive","envelope_id":"m5","retry_attempt":"a private wish","payload":{}}`,
		"m6": `{"type":"apps_notice","envelope_id":"m6","payload":{"text":"a private wish"}}`,
		"m7": `{"type":"slash_commands","envelope_id":"m7","payload":{"command":"/wish","user_id":"` + bottest.Per + `","text":["a private wish"]}}`,
	} {
		ack, err := e.Emu.SendFrame(e.Ctx(), id, []byte(frame))
		if err != nil {
			t.Errorf("%s was not acked: %v", id, err)
		} else if len(ack) > 0 && string(ack) != "null" {
			t.Errorf("%s was acked with %s", id, ack)
		}
	}
	// Not JSON: nothing to ack. The next envelope is handled as ever.
	if _, err := e.Emu.SendFrame(e.Ctx(), "", []byte(`{"type":"interactive","envelope_id":"m8","payload":{"text":"a private wish"`)); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	if n := len(e.Emu.Calls()); n != calls {
		t.Errorf("the envelopes made %d Web API calls: %v", n-calls, e.Emu.Calls()[calls:])
	}
	if _, n, err := e.Svc.Wishes(e.Ctx(), workflow.WishFilter{}); err != nil || n != 0 {
		t.Errorf("%d wishes (%v)", n, err)
	}
	if got := answer(t, e, bottest.Per, "/wish", "help"); got == "" {
		t.Errorf("no answer after the malformed envelopes")
	}
	logged := log.String()
	if strings.Contains(logged, "private") {
		t.Errorf("the log holds an envelope's content:\n%s", logged)
	}
	if n := strings.Count(logged, "ignored a malformed Socket Mode message"); n != 7 {
		t.Errorf("%d malformed envelopes logged, want 7:\n%s", n, logged)
	}
}

// An app-level token Slack refuses ends RunSocketMode with the error and a log line
// that says what to check, without the token.
func TestSocketModeRefusedTokenSaysWhatToCheck(t *testing.T) {
	var log lockedBuffer
	e := bottest.New(t, bottest.Options{Log: &log})
	e.Emu.UseSocketMode()
	client := slack.New(slackemu.BotToken, slack.OptionAPIURL(e.Emu.APIURL()), slack.OptionAppLevelToken("xapp-not-ours"))
	ctx, cancel := context.WithTimeout(e.Ctx(), 20*time.Second)
	defer cancel()
	err := e.Bot.RunSocketMode(ctx, client)
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); !ok || se.Err != "invalid_auth" {
		t.Errorf("RunSocketMode = %v, want invalid_auth", err)
	}
	if got := log.String(); !strings.Contains(got, "check SLACK_APP_TOKEN") || strings.Contains(got, "xapp-not-ours") {
		t.Errorf("the log:\n%s", got)
	}
}

// While apps.connections.open fails (Slack's 500s, a rate limit), the bot retries,
// after Retry-After when Slack gives one, and connects once it answers.
func TestSocketModeRetriesAFailedConnect(t *testing.T) {
	for name, c := range map[string]struct {
		fail slackemu.Failure
		wait time.Duration
	}{
		"500":       {slackemu.Failure{Status: 500, Times: 2}, 0},
		"ratelimit": {slackemu.Failure{Status: 429, RetryAfter: 1, Times: 1}, time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			var start time.Time
			run := func(e *bottest.Env, ctx context.Context, client *slack.Client) error {
				e.Emu.Fail("apps.connections.open", c.fail)
				start = time.Now()
				return e.Bot.RunSocketModeWith(ctx, client, 30*time.Second)
			}
			e, stop := socketEnv(t, run)
			if took := time.Since(start); took < c.wait {
				t.Errorf("connected after %v, want Retry-After's %v", took, c.wait)
			}
			if n := len(e.Emu.CallsTo("apps.connections.open")); n != c.fail.Times+1 {
				t.Errorf("apps.connections.open called %d times, want %d failures and a success", n, c.fail.Times)
			}
			if got := answer(t, e, bottest.Per, "/wish", "help"); got == "" {
				t.Errorf("no answer")
			}
			if _, err := stop(); err != nil {
				t.Errorf("RunSocketMode = %v", err)
			}
		})
	}
}
