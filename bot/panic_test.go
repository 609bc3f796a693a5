package bot_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

// metric is the value of the sample name{labels} on the bot's GET /metrics; 0 when
// it has none.
func metric(t *testing.T, e *bottest.Env, sample string) float64 {
	t.Helper()
	srv := httptest.NewServer(e.Bot.HTTPHandler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(sample) + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var apology = regexp.MustCompile("Sorry, something went wrong on our side.*reference: `[0-9a-f]{12}`")

// checkPanicLog checks that the log has the recovered panic with its request id and
// reference, and no token.
func checkPanicLog(t *testing.T, log string, where string) {
	t.Helper()
	if !bottest.ContainsAll(log, "recovered from a panic", `"where":"`+where+`"`, `"ref":"`, `"stack":"`) {
		t.Errorf("the log does not record the panic in %s:\n%s", where, log)
	}
	if where != "dispatcher" && where != "scheduler" && !strings.Contains(log, `"request_id":"`) {
		t.Errorf("the panic's log line lacks the request id:\n%s", log)
	}
	if strings.Contains(log, slackemu.BotToken) || strings.Contains(log, slackemu.SigningSecret) {
		t.Errorf("the log shows a secret:\n%s", log)
	}
}

var transports = map[string]bottest.Transport{"HTTP": bottest.HTTP, "SocketMode": bottest.Socket}

// A panic in a modal's submission answers in the modal with an apology and a
// reference, is counted, and leaves the bot running; in Socket Mode it used to end
// the process.
func TestPanicInASubmissionIsAnsweredAndCounted(t *testing.T) {
	for name, tr := range transports {
		t.Run(name, func(t *testing.T) {
			var log lockedBuffer
			e := bottest.New(t, bottest.Options{Transport: tr, Log: &log})
			e.Slash(bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm")
			form := map[string]string{"Working group": "IT-kontrakter", "Purpose": "P", "Business value": "V"}
			stop := bot.InjectPanic(t, bot.PanicSubmissions)
			resp := e.SubmitForm(bottest.Per, form)
			shown := ""
			for _, msg := range resp.Errors {
				shown += msg
			}
			if resp.ResponseAction != "errors" || !apology.MatchString(shown) {
				t.Errorf("the modal after a panic: %q %v", resp.ResponseAction, resp.Errors)
			}
			if n := metric(t, e, `tovholder_panics_total{where="submission"}`); n != 1 {
				t.Errorf("tovholder_panics_total{where=\"submission\"} = %v, want 1", n)
			}
			checkPanicLog(t, log.String(), "submission")
			stop()
			e.SubmitForm(bottest.Per, form) // the modal is still open, and the bot still runs
			e.MustFind(bottest.Secretary, "#1 Notice-period alarm")
		})
	}
}

// A panic in a click's handler, which runs after the ack, answers the clicker
// privately with an apology and a reference, and is counted.
func TestPanicInAClickIsAnsweredAndCounted(t *testing.T) {
	for name, tr := range transports {
		t.Run(name, func(t *testing.T) {
			var log lockedBuffer
			e := bottest.New(t, bottest.Options{Transport: tr, Log: &log})
			submit(t, e, bottest.Per, "Notice-period alarm")
			e.Settle()
			card := e.MustFind(bottest.Secretary, "#1 Notice-period alarm")
			stop := bot.InjectPanic(t, bot.PanicActions)
			e.Click(bottest.Mette, card.Channel, card.TS, "Follow")
			if got := e.Text(e.LastEphemeral(bottest.Mette)); !apology.MatchString(got) {
				t.Errorf("Mette was told:\n%s", got)
			}
			if n := metric(t, e, `tovholder_panics_total{where="action"}`); n != 1 {
				t.Errorf("tovholder_panics_total{where=\"action\"} = %v, want 1", n)
			}
			checkPanicLog(t, log.String(), "action")
			stop()
			e.Click(bottest.Mette, card.Channel, card.TS, "Follow")
			if got := e.Text(e.LastEphemeral(bottest.Mette)); apology.MatchString(got) {
				t.Errorf("after the panic the click still fails:\n%s", got)
			}
		})
	}
}

// A panic in the work after an HTTP ack is recovered; the user hears of it.
func TestPanicAfterTheAckIsAnsweredAndCounted(t *testing.T) {
	var log lockedBuffer
	e := bottest.New(t, bottest.Options{Log: &log})
	e.Bot.AfterAck(bottest.Per, bottest.UserClub, func() { panic("boom") })
	e.Settle()
	if got := e.Text(e.LastEphemeral(bottest.Per)); !apology.MatchString(got) {
		t.Errorf("Per was told:\n%s", got)
	}
	if n := metric(t, e, `tovholder_panics_total{where="after_ack"}`); n != 1 {
		t.Errorf("tovholder_panics_total{where=\"after_ack\"} = %v, want 1", n)
	}
	checkPanicLog(t, log.String(), "after_ack")
}

// A panic while delivering a notice makes that notice dead (a bug no retry mends),
// not the dispatcher or the process; replayed after the fix, it is delivered.
func TestPanicInADeliveryKillsOnlyTheNotice(t *testing.T) {
	var log lockedBuffer
	e := bottest.New(t, bottest.Options{Log: &log})
	stop := bot.InjectPanic(t, bot.PanicRenderers)
	submit(t, e, bottest.Per, "Notice-period alarm")
	e.Bot.Dispatcher().Kick()
	e.Advance(time.Second)
	if _, dead, _ := e.DB.OutboxStats(e.Ctx()); dead != 2 {
		t.Errorf("%d dead notices, want the receipt and the card", dead)
	}
	if n := metric(t, e, `tovholder_panics_total{where="dispatcher"}`); n != 2 {
		t.Errorf("tovholder_panics_total{where=\"dispatcher\"} = %v, want 2", n)
	}
	l := log.String()
	checkPanicLog(t, l, "dispatcher")
	if !bottest.ContainsAll(l, "gave up delivering a notice", "a bug: report it", "tovholder outbox retry --id") {
		t.Errorf("the dead notice's log line does not say what to do:\n%s", l)
	}
	stop()
	if n, err := e.DB.RetryAllDead(e.Ctx()); n != 2 || err != nil {
		t.Fatalf("RetryAllDead = %d, %v", n, err)
	}
	e.Advance(time.Second)
	delivered(t, e, "#1 Notice-period alarm")
}

// A panic in a scheduled job is counted and logged; the other jobs still run.
func TestPanicInAScheduledJobSparesTheOthers(t *testing.T) {
	var log lockedBuffer
	e := bottest.New(t, bottest.Options{Log: &log})
	bot.InjectPanic(t, bot.PanicJobs)
	e.Advance(time.Minute)
	e.Advance(time.Minute)
	if n := metric(t, e, `tovholder_panics_total{where="scheduler"}`); n != 2 {
		t.Errorf("tovholder_panics_total{where=\"scheduler\"} = %v, want 2", n)
	}
	if n := metric(t, e, `tovholder_scheduler_runs_total{job="injected_panic",outcome="panicked"}`); n != 2 {
		t.Errorf("the panicking job's runs = %v, want 2 counted as panicked", n)
	}
	if n := metric(t, e, `tovholder_scheduler_runs_total{job="close_polls",outcome="ok"}`); n != 2 {
		t.Errorf("close_polls ran %v times, want 2: one job's panic must not stop the others", n)
	}
	checkPanicLog(t, log.String(), "scheduler")
}
