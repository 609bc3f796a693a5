package bot_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
)

// Slack retries an Events API delivery it thinks was missed (X-Slack-Retry-Num over
// HTTP, a redelivered envelope over Socket Mode); the bot handles each event once.
func TestRedeliveredEventsAreHandledOnce(t *testing.T) {
	for name, tr := range map[string]bottest.Transport{"HTTP": bottest.HTTP, "SocketMode": bottest.Socket} {
		t.Run(name, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{Transport: tr})
			id, resp, err := e.Emu.SendEvent(e.Ctx(), map[string]any{"type": "app_home_opened", "user": bottest.Per,
				"channel": e.Emu.IM(bottest.Per), "tab": "home"})
			if err != nil || resp.Status != http.StatusOK {
				t.Fatalf("app_home_opened: %d, %v", resp.Status, err)
			}
			e.Settle()
			for range 3 {
				resp, err := e.Emu.Redeliver(e.Ctx(), id)
				if err != nil || resp.Status != http.StatusOK {
					t.Fatalf("redelivery: %d, %v", resp.Status, err)
				}
			}
			e.Settle()
			if n := len(e.Emu.CallsTo("views.publish")); n != 1 {
				t.Errorf("the Home tab was published %d times for one event, want once", n)
			}
			if _, ok := e.Emu.Home(bottest.Per); !ok {
				t.Errorf("no Home tab published")
			}
			// A new event (the user opens Home again) is handled.
			if err := e.Emu.OpenHome(e.Ctx(), bottest.Per); err != nil {
				t.Fatal(err)
			}
			e.Settle()
			if n := len(e.Emu.CallsTo("views.publish")); n != 2 {
				t.Errorf("a second app_home_opened published %d times in all, want 2", n)
			}
		})
	}
}

// After Slack asks the bot to reconnect, commands keep working over the new socket.
func TestSocketModeSurvivesARefresh(t *testing.T) {
	e := bottest.New(t, bottest.Options{Transport: bottest.Socket})
	was := e.Emu.SocketConnects()
	e.Emu.Disconnect("refresh_requested")
	ctx, cancel := context.WithTimeout(e.Ctx(), 20*time.Second)
	defer cancel()
	if err := e.Emu.Wait(ctx, func() bool { return e.Emu.SocketConnects() > was && e.Emu.SocketConnected() }); err != nil {
		t.Fatalf("the bot did not reconnect: %v", err)
	}
	if got := answer(t, e, bottest.Per, "/wish", "help"); got == "" {
		t.Errorf("no answer after the reconnect")
	}
}
