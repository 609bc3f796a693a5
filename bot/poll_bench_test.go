package bot_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

// voteRun is what one burst of votes measured.
type voteRun struct {
	rate     float64 // stances recorded per second
	p50, p99 float64 // time to acknowledge a click, ms: the request's round trip
	s50, s99 float64 // time the bot's handler takes to acknowledge, ms
	updates  int     // chat.update calls from the first click to the final message
	elapsed  float64 // seconds from the first click to the final message
	last     float64 // ms from the first click to the last stance committed
	matches  bool    // the final message shows the database's tally
	// The floor: the same clicks on a minimal signed endpoint (read the body, verify
	// the signature, parse the form, 200) in the same process and run, so that the
	// bot's ack is compared with what this machine does anyway at that moment.
	f50, f99 float64
}

// BenchmarkPollVotes drives 200 members voting Agree at once on one poll, each click a
// signed block_actions request over HTTP from the emulator to the bot's endpoint, and
// reports the medians over the runs. Before each run the same clicks go to a floor, a
// minimal signed endpoint in the same process (floor). Targets on 2 cores: p99 ack ≤
// 1.3 × the floor's, chat.update calls ≤ seconds elapsed + 2, and the final message
// equal to the database (the benchmark fails otherwise).
func BenchmarkPollVotes(b *testing.B) {
	const voters = 200
	var runs []voteRun
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dbPath := filepath.Join(b.TempDir(), "votes.db")
		e := bottest.New(b, bottest.Options{DBPath: dbPath})
		acks := timeAcks(b, e)
		ids := addVoters(b, e, voters)
		p, msg := pollWith(b, e)
		f50, f99 := floor(b, e, ids, msg.Channel, msg.TS)
		e.Emu.UseHTTP(acks.url)
		b.StartTimer()
		acks.reset()
		r := vote(b, e, dbPath, ids, p.ID, msg.Channel, msg.TS)
		b.StopTimer()
		r.f50, r.f99 = f50, f99
		r.s50, r.s99 = acks.percentiles()
		if !r.matches {
			b.Errorf("run %d: the final poll message does not show the database's tally", i)
		}
		runs = append(runs, r)
		e.Stop()
	}
	med := func(f func(voteRun) float64) float64 {
		xs := make([]float64, len(runs))
		for i, r := range runs {
			xs[i] = f(r)
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	b.ReportMetric(med(func(r voteRun) float64 { return r.rate }), "stances/s")
	b.ReportMetric(med(func(r voteRun) float64 { return r.p50 }), "p50-ack-ms")
	b.ReportMetric(med(func(r voteRun) float64 { return r.p99 }), "p99-ack-ms")
	b.ReportMetric(med(func(r voteRun) float64 { return r.s50 }), "p50-handler-ms")
	b.ReportMetric(med(func(r voteRun) float64 { return r.s99 }), "p99-handler-ms")
	b.ReportMetric(med(func(r voteRun) float64 { return r.f50 }), "p50-floor-ms")
	b.ReportMetric(med(func(r voteRun) float64 { return r.f99 }), "p99-floor-ms")
	b.ReportMetric(med(func(r voteRun) float64 { return r.p99 / r.f99 }), "p99-ack/floor")
	b.ReportMetric(med(func(r voteRun) float64 { return r.last }), "last-commit-ms")
	b.ReportMetric(med(func(r voteRun) float64 { return float64(r.updates) }), "chat.update")
	b.ReportMetric(med(func(r voteRun) float64 { return r.elapsed }), "elapsed-s")
	b.ReportMetric(med(func(r voteRun) float64 {
		if r.matches {
			return 1
		}
		return 0
	}), "final-matches-db")
}

// vote clicks Agree as every voter at once and waits for the final message.
func vote(b *testing.B, e *bottest.Env, dbPath string, voters []string, pollID int64, ch, ts string) voteRun {
	stop := followWallClock(e)
	defer stop()
	before := len(e.Emu.CallsTo("chat.update"))
	lat := make([]time.Duration, len(voters))
	start := time.Now()
	acked := make(chan struct{})
	committed := watchCommits(b, dbPath, pollID, len(voters), start, acked)
	var wg sync.WaitGroup
	for i, u := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := e.Emu.Click(e.Ctx(), u, ch, ts, "Agree")
			lat[i] = resp.Ack
			if err != nil || resp.Status != 200 {
				b.Errorf("click by %s: %d %v", u, resp.Status, err)
			}
		}()
	}
	wg.Wait()
	close(acked)
	e.Settle() // every handler has run: every stance is in the database
	recorded := time.Since(start)
	d, err := e.Svc.Poll(e.Ctx(), pollID)
	if err != nil {
		b.Fatal(err)
	}
	t := d.Tally
	want := fmt.Sprintf("*Agree* %d · *Abstain* %d · *Object* %d: %d of %d members", t.Agree, t.Abstain, t.Object, t.Taken, t.Taken+len(t.Missing))
	ctx, cancel := context.WithTimeout(e.Ctx(), 10*time.Second)
	defer cancel()
	waited := e.Emu.Wait(ctx, func() bool {
		m, ok := e.Emu.Message(ch, ts)
		return ok && bottest.ContainsAll(e.Text(m), want, fmt.Sprintf("Agree (%d)", t.Agree))
	})
	r := voteRun{rate: float64(t.Taken) / recorded.Seconds(), elapsed: time.Since(start).Seconds(), last: <-committed,
		updates: len(e.Emu.CallsTo("chat.update")) - before, matches: waited == nil && t.Agree == len(voters)}
	slices.Sort(lat)
	r.p50 = float64(lat[len(lat)/2].Microseconds()) / 1000
	r.p99 = float64(lat[len(lat)*99/100].Microseconds()) / 1000
	return r
}

// watchCommits reads, from a connection of its own, how many Agree stances poll
// pollID has, every half millisecond from when after is closed (the last ack is in,
// so that the watching takes no CPU from the acks), and sends the ms from start
// until all n are committed (visible to another reader), or -1 if that takes over
// 10 seconds. Stances committed before after count as committed when it closed: an
// upper bound.
func watchCommits(b *testing.B, dbPath string, pollID int64, n int, start time.Time, after <-chan struct{}) <-chan float64 {
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=1000")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	q, err := db.Prepare(`SELECT count(*) FROM stances WHERE poll_id = ? AND position = 'agree'`)
	if err != nil {
		b.Fatal(err)
	}
	out := make(chan float64, 1)
	go func() {
		defer db.Close()
		defer q.Close()
		<-after
		for time.Since(start) < 10*time.Second {
			var got int
			if err := q.QueryRow(pollID).Scan(&got); err == nil && got >= n {
				out <- ms(time.Since(start))
				return
			}
			time.Sleep(500 * time.Microsecond)
		}
		out <- -1
	}()
	return out
}

// followWallClock makes the bot's clock run with the wall clock, so that the
// dispatcher's once-a-second pacing of updates happens in real time.
func followWallClock(e *bottest.Env) func() {
	base, wall := e.Clock.Now(), time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				e.Clock.Set(base.Add(time.Since(wall)))
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// floor clicks Agree as every voter at once on a minimal signed endpoint, and
// returns the p50 and p99 of the round trips in ms.
func floor(b *testing.B, e *bottest.Env, voters []string, ch, ts string) (p50, p99 float64) {
	srv := httptest.NewServer(floorHandler())
	defer srv.Close()
	e.Emu.UseHTTP(srv.URL + "/slack/events")
	lat := make([]time.Duration, len(voters))
	var wg sync.WaitGroup
	for i, u := range voters {
		wg.Go(func() {
			resp, err := e.Emu.Click(e.Ctx(), u, ch, ts, "Agree")
			lat[i] = resp.Ack
			if err != nil || resp.Status != 200 {
				b.Errorf("floor click by %s: %d %v", u, resp.Status, err)
			}
		})
	}
	wg.Wait()
	slices.Sort(lat)
	return ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100])
}

// floorHandler is a minimal signed endpoint: read the body, verify the signature,
// parse the form, 200.
func floorHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		if r.Header.Get("X-Slack-Signature") != slackemu.Sign(r.Header.Get("X-Slack-Request-Timestamp"), body) {
			http.Error(w, "signature", http.StatusUnauthorized)
			return
		}
		if _, err := url.ParseQuery(string(body)); err != nil {
			http.Error(w, "form", http.StatusBadRequest)
			return
		}
	})
}

// ackTimes records how long the bot's HTTP handler takes to answer each request.
type ackTimes struct {
	mu  sync.Mutex
	ds  []time.Duration
	url string // the bot's endpoint behind the timer
}

// timeAcks puts a timer in front of the bot's endpoint and points the emulator at it.
func timeAcks(b *testing.B, e *bottest.Env) *ackTimes {
	a := &ackTimes{}
	h := e.Bot.HTTPHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		h.ServeHTTP(w, r)
		a.mu.Lock()
		a.ds = append(a.ds, time.Since(t0))
		a.mu.Unlock()
	}))
	b.Cleanup(srv.Close)
	a.url = srv.URL + "/slack/events"
	e.Emu.UseHTTP(a.url)
	return a
}

func (a *ackTimes) reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ds = nil
}

func (a *ackTimes) percentiles() (p50, p99 float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.ds) == 0 {
		return 0, 0
	}
	slices.Sort(a.ds)
	return ms(a.ds[len(a.ds)/2]), ms(a.ds[len(a.ds)*99/100])
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkAckClick is the bot's work to acknowledge one click, in process and without
// the network: a real signed block_actions request for the poll message (captured
// from the emulator, message and all), served by the bot's HTTP handler, beside the
// floor's minimal signed endpoint serving the same request. What BenchmarkPollVotes
// compares over loopback, this compares as CPU per click (ack-µs and allocs/op); the
// bot's work after the acks waits until they are measured.
func BenchmarkAckClick(b *testing.B) {
	e := bottest.New(b, bottest.Options{})
	ids := addVoters(b, e, 1)
	_, msg := pollWith(b, e)
	var (
		body   []byte
		header http.Header
	)
	capture := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		header = r.Header.Clone()
	}))
	defer capture.Close()
	e.Emu.UseHTTP(capture.URL + "/slack/events")
	if _, err := e.Emu.Click(e.Ctx(), ids[0], msg.Channel, msg.TS, "Agree"); err != nil {
		b.Fatal(err)
	}
	// ack-µs is the time in the handler alone; ns/op also counts building each request.
	serve := func(b *testing.B, h http.Handler) {
		b.ReportAllocs()
		var in time.Duration
		for b.Loop() {
			r := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(body))
			r.Header = header.Clone()
			w := httptest.NewRecorder()
			t0 := time.Now()
			h.ServeHTTP(w, r)
			in += time.Since(t0)
			if w.Code != http.StatusOK {
				b.Fatalf("HTTP %d: %s", w.Code, w.Body)
			}
		}
		b.ReportMetric(float64(in.Microseconds())/float64(b.N), "ack-µs")
	}
	b.Run("floor", func(b *testing.B) { serve(b, floorHandler()) })
	b.Run("bot", func(b *testing.B) {
		release := e.Bot.HoldWork() // the clicks' work waits until the acks are measured
		serve(b, e.Bot.HTTPHandler())
		b.StopTimer()
		release()
		e.Settle()
	})
}
