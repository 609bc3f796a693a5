package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/os2kitos/tovholder/workflow"
)

// BackupConfig turns on scheduled backups (TOVHOLDER_BACKUP_DIR and friends); an empty
// Dir leaves them off.
type BackupConfig struct {
	Dir      string
	Schedule string // cron, in the bot's time zone
	Keep     int
	// Run writes one verified backup into dir for at and removes the oldest beyond
	// keep (storage's VerifiedBackup).
	Run func(ctx context.Context, dir string, at time.Time, keep int) (string, []string, error)
	// Last is when the newest backup already in Dir was made (zero for none), so that
	// the age metric is right from the start.
	Last time.Time
}

// backupRule is the stored rule of the backup job.
var backupRule = workflow.JobRule("backup")

// backupJob writes a verified backup at each fire time of its schedule, and once after
// a downtime that missed one. A failed run is tried again at the next minute. The route
// table lists it when Config.Backup has a Dir.
type backupJob struct{ b *Bot }

func (backupJob) Name() string { return "backup" }

func (j backupJob) Run(ctx context.Context, now time.Time) error {
	cfg, m := j.b.cfg.Backup, j.b.metrics.backup
	fire, err := j.b.svc.DueRun(ctx, backupRule, cfg.Schedule, now, j.b.loc)
	if err != nil || fire.IsZero() {
		return err
	}
	start := time.Now()
	name, removed, err := cfg.Run(ctx, cfg.Dir, now, cfg.Keep)
	if name == "" {
		m.failures.Inc()
		return fmt.Errorf("backup into %s failed (check that the directory exists, is writable by the bot and has room): %w", cfg.Dir, err)
	}
	m.lastSuccess.Set(float64(now.Unix()))
	m.duration.Set(time.Since(start).Seconds())
	ev := j.b.log.Info().Str("file", name).Strs("removed", removed)
	if err != nil {
		// The backup is good; an old one could not be removed.
		ev = j.b.log.Warn().Err(err).Str("file", name).Strs("removed", removed)
	}
	ev.Msg("backup written and verified")
	_, err = j.b.svc.ClaimRun(ctx, backupRule, fire)
	return err
}

// backupMetrics are what an operator alerts on: the age of the last good backup, and
// failures.
type backupMetrics struct {
	lastSuccess prometheus.Gauge
	duration    prometheus.Gauge
	failures    prometheus.Counter
}

// newBackupMetrics registers the backup metrics in reg, the age from cfg.Last.
func newBackupMetrics(reg *prometheus.Registry, cfg BackupConfig) *backupMetrics {
	m := &backupMetrics{
		lastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{Name: "tovholder_backup_last_success_timestamp_seconds",
			Help: "When the last verified scheduled backup was written (Unix time; 0 for none yet). Alert on its age."}),
		duration: prometheus.NewGauge(prometheus.GaugeOpts{Name: "tovholder_backup_last_duration_seconds",
			Help: "How long the last successful scheduled backup took, copy and integrity check included."}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{Name: "tovholder_backup_failures_total",
			Help: "Scheduled backups that failed; the log says what to fix."}),
	}
	reg.MustRegister(m.lastSuccess, m.duration, m.failures)
	if !cfg.Last.IsZero() {
		m.lastSuccess.Set(float64(cfg.Last.Unix()))
	}
	return m
}
