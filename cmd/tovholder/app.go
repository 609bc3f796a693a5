package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/web"
	"github.com/os2kitos/tovholder/workflow"
)

// app is the wired bot: database, use cases, Slack client, adapter and scheduler.
type app struct {
	cfg    config
	log    zerolog.Logger
	db     *storage.DB
	svc    *workflow.Service
	client *slack.Client
	bot    *bot.Bot
	sched  *bot.Scheduler
	lock   *storage.Lock
}

// newApp opens the database and wires the parts. clock is nil for the wall clock.
func newApp(ctx context.Context, cfg config, log zerolog.Logger, clock workflow.Clock) (*app, error) {
	// One bot per database: a second would deliver every notice twice.
	lock, err := storage.Acquire(cfg.DB, time.Now())
	if err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, cfg.DB)
	if err != nil {
		lock.Release()
		return nil, fmt.Errorf("open database %s: %w", cfg.DB, err)
	}
	if db.BeforeMigration != "" {
		log.Warn().Str("backup", db.BeforeMigration).Str("db", cfg.DB).
			Msg("the database was backed up before its schema was migrated; restore that file to roll back")
	}
	if clock != nil {
		db.Now = clock // the rows storage stamps itself agree with the use cases
	}
	svc := workflow.New(db, clock, cfg.Admins)
	svc.Location = cfg.Location
	client := slack.New(cfg.BotToken, slack.OptionAPIURL(cfg.APIURL), slack.OptionAppLevelToken(cfg.AppToken))
	b, err := bot.New(bot.Config{Slack: client, Store: db, Service: svc, Log: log, Lang: cfg.Lang,
		Location: cfg.Location, SigningSecret: cfg.SigningSecret, Clock: clock, FollowLocale: cfg.FollowLocale,
		OutboxRetention: cfg.OutboxRetention, PublicURL: cfg.PublicURL, WebNames: cfg.Web && cfg.WebNames, StoreNames: true,
		Backup: botBackup(cfg, db)})
	if err != nil {
		db.Close()
		lock.Release()
		return nil, err
	}
	return &app{cfg: cfg, log: log, db: db, svc: svc, client: client, bot: b, sched: bot.NewScheduler(b), lock: lock}, nil
}

// botBackup is the bot's scheduled backup settings; zero (off) without a directory.
func botBackup(cfg config, db *storage.DB) bot.BackupConfig {
	if cfg.Backup.Dir == "" {
		return bot.BackupConfig{}
	}
	return bot.BackupConfig{Dir: cfg.Backup.Dir, Schedule: cfg.Backup.Schedule, Keep: cfg.Backup.Keep,
		Run: db.VerifiedBackup, Last: newestBackup(cfg.Backup.Dir)}
}

// newestBackup is when the newest scheduled backup in dir was written; zero for none.
func newestBackup(dir string) time.Time {
	files, err := storage.Backups(dir)
	if err != nil || len(files) == 0 {
		return time.Time{}
	}
	fi, err := os.Stat(files[len(files)-1])
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

// Close closes the database, then lets another bot have it.
func (a *app) Close() error { return errors.Join(a.db.Close(), a.lock.Release()) }

// checkToken asks Slack who the bot is, so a wrong token stops the start with a clear
// line instead of failing on the first message.
func (a *app) checkToken(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	res, err := a.client.AuthTestContext(ctx)
	if err != nil {
		return configError{"SLACK_BOT_TOKEN", fmt.Sprintf("Slack did not accept it (%v); check the token and SLACK_API_URL", err)}
	}
	a.log.Info().Str("team", res.Team).Str("team_id", res.TeamID).Str("bot_user", res.UserID).Msg("connected to Slack's Web API")
	return nil
}

// serve runs the bot until ctx ends: the dispatcher, the scheduler, the HTTP server
// (Slack's requests in HTTP mode; health checks always) and Socket Mode when configured.
func (a *app) serve(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var handler http.Handler
	var err error
	if a.cfg.socketMode() {
		mux := http.NewServeMux()
		a.bot.HealthRoutes(mux)
		handler = mux
	} else {
		handler = a.bot.HTTPHandler()
	}
	if handler, err = a.withWeb(handler); err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	start := func(name string, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil && !errors.Is(err, http.ErrServerClosed) && ctx.Err() == nil {
				errc <- fmt.Errorf("%s: %w", name, err)
			}
		}()
	}
	start("dispatcher", func() error { return a.bot.Run(ctx) })
	start("scheduler", func() error { return a.sched.Run(ctx) })
	start("http", func() error { return srv.Serve(ln) })
	if a.cfg.socketMode() {
		start("socket mode", func() error { return a.bot.RunSocketMode(ctx, a.client) })
	}
	mode := "http"
	if a.cfg.socketMode() {
		mode = "socket"
	}
	a.log.Info().Str("mode", mode).Str("addr", ln.Addr().String()).Str("db", a.cfg.DB).Bool("web", a.cfg.Web).Msg("Tovholder is running")
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	cancel()
	shutdown, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	_ = srv.Shutdown(shutdown)
	wg.Wait()
	a.log.Info().Msg("Tovholder stopped")
	return err
}

// withWeb mounts the public pages (package web) beside the bot's routes when
// TOVHOLDER_WEB is on: the bot keeps /slack/, /healthz, /readyz and /metrics.
func (a *app) withWeb(bots http.Handler) (http.Handler, error) {
	if !a.cfg.Web {
		return bots, nil
	}
	pages, err := web.New(web.Config{Store: a.db, Lang: a.cfg.Lang, Location: a.cfg.Location,
		Names: a.cfg.WebNames, PublicURL: a.cfg.PublicURL})
	if err != nil {
		return nil, fmt.Errorf("web pages: %w", err)
	}
	mux := http.NewServeMux()
	for _, p := range []string{"/slack/", "/healthz", "/readyz", "/metrics"} {
		mux.Handle(p, bots)
	}
	mux.Handle("/", pages.Handler())
	return mux, nil
}
