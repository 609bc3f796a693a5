package bot

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are what a person running the bot watches on GET /metrics: how fast Slack's
// requests are acked, how the outbox fares, and whether the scheduled jobs run. Each
// bot has its own registry, so tests can run several bots in one process.
type metrics struct {
	reg        *prometheus.Registry
	ack        *prometheus.HistogramVec
	requests   *prometheus.CounterVec
	deliveries *prometheus.CounterVec
	jobs       *prometheus.CounterVec
	panics     *prometheus.CounterVec
	backup     *backupMetrics // nil unless scheduled backups are on
}

func newMetrics(b *Bot) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		ack: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tovholder_ack_seconds",
			Help:    "Time from receiving a Slack request to acknowledging it (Slack allows 3 s).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 3}}, []string{"transport"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tovholder_slack_requests_total",
			Help: "Requests from Slack by transport and HTTP status (401: bad signature, 413: too large)."}, []string{"transport", "status"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tovholder_outbox_deliveries_total",
			Help: "Outbox delivery attempts by outcome: delivered, paced, waiting (for the message to reply under), retry, dead."}, []string{"outcome"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tovholder_scheduler_runs_total",
			Help: "Scheduled job runs by job and outcome."}, []string{"job", "outcome"}),
		panics: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tovholder_panics_total",
			Help: "Panics recovered, by where: command, action, submission, event, after_ack, socket, http, dispatcher, scheduler, home_refresh. Each is a bug, logged with its stack."},
			[]string{"where"}),
	}
	stat := func(pick func(pending, dead int) int) func() float64 {
		return func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			p, d, err := b.store.OutboxStats(ctx)
			if err != nil {
				return -1
			}
			return float64(pick(p, d))
		}
	}
	m.reg.MustRegister(m.ack, m.requests, m.deliveries, m.jobs, m.panics,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tovholder_outbox_pending",
			Help: "Notices waiting to be delivered to Slack (-1 when the database does not answer)."},
			stat(func(p, _ int) int { return p })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tovholder_outbox_dead",
			Help: "Notices given up on; the log says what a person must fix for each."},
			stat(func(_, d int) int { return d })),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if b.cfg.Backup.Dir != "" {
		m.backup = newBackupMetrics(m.reg, b.cfg.Backup)
	}
	return m
}

// handler serves the metrics in Prometheus' text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// instrument counts and times Slack's HTTP requests.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		m.ack.WithLabelValues("http").Observe(time.Since(start).Seconds())
		m.requests.WithLabelValues("http", http.StatusText(sw.status)).Inc()
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
