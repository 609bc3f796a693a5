package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

// consoleFlags are the console's options.
type consoleFlags struct {
	db    string
	lang  string
	empty bool
	at    string
}

func parseConsoleFlags(args []string, stderr io.Writer) (consoleFlags, error) {
	var f consoleFlags
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.db, "db", "", "keep the data in this SQLite `file` (default: a temporary database)")
	fs.StringVar(&f.lang, "lang", "en", "the workspace's language: en or da")
	fs.BoolVar(&f.empty, "empty", false, "people and channels only: configure Tovholder yourself as admin")
	fs.StringVar(&f.at, "at", "", "start the bot's clock at this `time` (\"2027-03-01 09:00\"; default: now)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("console takes no arguments, only flags (see tovholder console -h)")
	}
	if f.lang != "en" && f.lang != "da" {
		return f, fmt.Errorf("--lang %q: use en or da", f.lang)
	}
	return f, nil
}

// runConsole runs the real bot against the in-process Slack and a terminal client.
func runConsole(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) error {
	f, err := parseConsoleFlags(args, stderr)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "tovholder-console-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sess, err := startSession(ctx, f, getenv, dir)
	if err != nil {
		return err
	}
	defer sess.stop()
	in, out, restore, err := openTerminal(stdin, stdout)
	if err != nil {
		return err
	}
	defer restore()
	c := newClient(sess, in, out)
	if err := c.begin(ctx, !f.empty); err != nil {
		return err
	}
	return c.loop(ctx)
}

// session is the emulator and the bot running against it, as `serve` runs.
type session struct {
	emu     *slackemu.Server
	app     *app
	clock   *consoleClock
	lang    i18n.Lang
	dir     string // the temporary directory: the log, and the database unless --db
	dbPath  string
	copyOf  string // the file the console's database is a temporary copy of, if any
	resumed bool   // the clock starts after the database's latest record, which is later than now
	logf    string
	webURL  string // the public pages, "" when TOVHOLDER_WEB is off
	cancel  context.CancelFunc
	done    chan error
	closer  sync.Once
}

func startSession(ctx context.Context, f consoleFlags, getenv env, dir string) (*session, error) {
	cfg, err := consoleConfig(getenv, f, dir)
	if err != nil {
		return nil, err
	}
	start, err := startTime(f.at, cfg.Location)
	if err != nil {
		return nil, err
	}
	use, copyOf, fresh, latest, err := consoleDB(ctx, cfg.DB, dir)
	if err != nil {
		return nil, err
	}
	cfg.DB = use
	var resumed bool
	if f.at == "" && latest.After(start) {
		// Reopened without --at: the data lie ahead of today (made with --at), so the
		// clock starts at the latest record, not before it.
		start, resumed = latest.In(cfg.Location).Truncate(time.Minute).Add(time.Minute), true
	}
	s := &session{clock: &consoleClock{now: start}, lang: cfg.Lang, dir: dir, dbPath: use, copyOf: copyOf, resumed: resumed, done: make(chan error, 1)}
	// The emulator's own limit is measured by the wall clock, which the bot's clock
	// does not follow here; the dispatcher's pacing by the bot's clock still applies.
	s.emu = slackemu.New(slackemu.WithoutRateLimit())
	addDemoWorkspace(s.emu, cfg.Lang)
	s.emu.UseSocketMode()
	cfg.APIURL = s.emu.APIURL()
	s.logf = filepath.Join(dir, "tovholder.log")
	logFile, err := os.Create(s.logf)
	if err != nil {
		s.emu.Close()
		return nil, err
	}
	s.app, err = newApp(ctx, cfg, newLogger(cfg, logFile), s.clock.Now)
	if err != nil {
		s.emu.Close()
		logFile.Close()
		return nil, err
	}
	if fresh {
		if err := markConsoleDB(ctx, s.app.db); err != nil {
			s.app.Close()
			s.emu.Close()
			logFile.Close()
			return nil, err
		}
	}
	if err := s.run(ctx, logFile); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// consoleConfig is serve's configuration pointed at the emulator.
func consoleConfig(getenv env, f consoleFlags, dir string) (config, error) {
	cfg, err := loadConfig(getenv, false)
	if err != nil {
		return cfg, err
	}
	cfg.BotToken, cfg.AppToken, cfg.SigningSecret = slackemu.BotToken, slackemu.AppToken, slackemu.SigningSecret
	cfg.Addr = "127.0.0.1:0"
	cfg.Admins = append(cfg.Admins, demoAdmin)
	cfg.Lang = i18n.Lang(f.lang)
	cfg.DB = f.db // "" for a temporary database: see consoleDB
	return cfg, nil
}

func startTime(at string, loc *time.Location) (time.Time, error) {
	if at == "" {
		return time.Now().In(loc).Truncate(time.Minute), nil
	}
	t, err := parseWhen(at, loc)
	if err != nil {
		return t, fmt.Errorf("--at %q: %w", at, err)
	}
	return t, nil
}

// run starts the bot (dispatcher, scheduler, health server and Socket Mode, as serve
// does) and waits until it is connected to the emulator.
func (s *session) run(ctx context.Context, logFile *os.File) error {
	ln, err := net.Listen("tcp", s.app.cfg.Addr)
	if err != nil {
		return err
	}
	if s.app.cfg.Web {
		s.webURL = "http://" + ln.Addr().String() + "/"
	}
	ctx, s.cancel = context.WithCancel(ctx)
	go func() {
		s.done <- s.app.serve(ctx, ln)
		logFile.Close()
	}()
	wait, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := s.emu.WaitSocket(wait); err != nil {
		return fmt.Errorf("the bot did not connect to the built-in Slack (see %s): %w", s.logf, err)
	}
	return nil
}

// stop shuts the bot down as a signal would, then the emulator and the database.
func (s *session) stop() {
	s.closer.Do(func() {
		if s.cancel != nil {
			s.cancel()
			<-s.done
		}
		s.emu.Close()
		s.app.Close()
	})
}

// settle waits until the bot has handled everything and delivered what is due. The
// dispatcher paces itself by the bot's clock (a second between updates of one
// message, a few posts a second per channel); since that clock stands still here,
// it is stepped to the next delivery when that is only pacing, not a retry.
func (s *session) settle(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for range 100 {
		if err := s.app.bot.Settle(ctx); err != nil {
			return err
		}
		next, ok, err := s.app.db.NextDeliveryAt(ctx)
		if err != nil || !ok {
			return err
		}
		now := s.clock.Now()
		if next.Sub(now) > pacingLimit {
			return nil
		}
		s.clock.Set(maxTime(next, now))
	}
	return errors.New("the bot kept finding more to deliver")
}

// pacingLimit is the longest wait settle skips: the dispatcher's pacing and Slack's
// Retry-After, but not a backoff after a failure or a notice waiting for a channel.
const pacingLimit = 5 * time.Second

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// advance moves the bot's clock to t, runs what the scheduler would have run by
// then, and settles.
func (s *session) advance(ctx context.Context, t time.Time) error {
	s.clock.Set(t)
	s.app.sched.Tick(ctx, t)
	return s.settle(ctx)
}

// consoleClock is the bot's clock in the console: it stands still, so that a
// scripted session reads the same every time, and moves when told to.
type consoleClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now is the clock's time.
func (c *consoleClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *consoleClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
