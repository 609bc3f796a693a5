package bot_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
)

func TestMetricsShowAcksAndTheOutbox(t *testing.T) {
	e := bottest.New(t, bottest.Options{Transport: bottest.HTTP})
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm on contracts")
	e.SubmitForm(bottest.Per, map[string]string{"Purpose": "Missed deadlines.", "Business value": "No renewals."})

	res, err := http.Get(strings.TrimSuffix(e.URL, "/slack/events") + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	text := string(body)
	for _, want := range []string{
		`tovholder_ack_seconds_count{transport="http"} 2`,
		`tovholder_slack_requests_total{status="OK",transport="http"} 2`,
		`tovholder_outbox_deliveries_total{outcome="delivered"} 2`, // the receipt and the card
		"tovholder_outbox_pending 0",
		"tovholder_outbox_dead 0",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", text)
	}
}
