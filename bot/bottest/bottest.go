// Package bottest runs the real bot against the Slack emulator and a real SQLite
// file, for the tests and benchmarks of every feature. It drives the bot the way Slack
// does (signed HTTP requests or Socket Mode envelopes) and waits on what it posts.
package bottest

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// The people and channels of the test workspace.
const (
	Admin     = "U0ADMIN01" // configured admin (TOVHOLDER_ADMINS)
	Mette     = "U0METTE01" // secretariat
	Jens      = "U0JENS001" // steering group
	Soren     = "U0SOREN01" // coordinator of the contract group
	Anna      = "U0ANNA001" // member of the contract group
	Lars      = "U0LARS001" // member of the contract group
	Per       = "U0PER0001" // member of the user club, no roles: submits wishes
	Kirsten   = "U0KIRST01" // member of the systems group
	Secretary = "C0SEKR001" // #kitos-sekretariat
	Steering  = "C0STYR001" // #kitos-styregruppe
	UserClub  = "C0BRUG001" // #brugerklubben
	Contract  = "C0KONT001" // #kitos-kontrakt
	Systems   = "C0SYST001" // #kitos-systemer
)

// Transport is how the emulator reaches the bot.
type Transport int

// The transports.
const (
	HTTP Transport = iota
	Socket
)

// Options change the environment.
type Options struct {
	Transport Transport
	Lang      i18n.Lang
	// Bare leaves the workspace unconfigured: no places, roles or groups.
	Bare bool
	// EmuOptions are passed to the emulator.
	EmuOptions []slackemu.Option
	// DBPath opens this database file instead of a fresh one, so that a second
	// environment can play the bot restarted on the first one's data.
	DBPath string
	// Log, when set, also receives the bot's log lines (JSON, warn and above).
	Log io.Writer
	// PublicURL and WebNames are the bot's settings for the public web pages.
	PublicURL string
	WebNames  bool
	// StoreNames stores people's display names from users.info for the export, as
	// tovholder serve always does.
	StoreNames bool
	// Backup turns on the scheduled backup job; a nil Run is the database's
	// VerifiedBackup.
	Backup bot.BackupConfig
}

// Env is a running bot with its emulator, database and clock.
type Env struct {
	T     testing.TB
	Emu   *slackemu.Server
	DB    *storage.DB
	Svc   *workflow.Service
	Bot   *bot.Bot
	Sched *bot.Scheduler
	Clock *Clock
	URL   string // the bot's /slack/events in HTTP mode
	ctx   context.Context
	stop  func()
}

// New starts an environment that stops when the test ends.
func New(t testing.TB, o Options) *Env {
	t.Helper()
	emu := slackemu.New(o.EmuOptions...)
	t.Cleanup(emu.Close)
	AddWorkspace(emu)
	db := openDB(t, o.DBPath)
	clock := NewClock(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	db.Now = clock.Now
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	svc := workflow.New(db, clock.Now, []string{Admin})
	svc.Location = loc
	client := slack.New(slackemu.BotToken, slack.OptionAPIURL(emu.APIURL()), slack.OptionAppLevelToken(slackemu.AppToken))
	lang := o.Lang
	if lang == "" {
		lang = i18n.English
	}
	var logw io.Writer = zerolog.NewTestWriter(t)
	if o.Log != nil {
		logw = zerolog.MultiLevelWriter(logw, o.Log)
	}
	if o.Backup.Dir != "" && o.Backup.Run == nil {
		o.Backup.Run = db.VerifiedBackup
	}
	b, err := bot.New(bot.Config{Slack: client, Store: db, Service: svc, Log: zerolog.New(logw).Level(zerolog.WarnLevel),
		Lang: lang, Location: loc, SigningSecret: slackemu.SigningSecret, Clock: clock.Now, FollowLocale: true,
		PublicURL: o.PublicURL, WebNames: o.WebNames, StoreNames: o.StoreNames, Backup: o.Backup})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Env{T: t, Emu: emu, DB: db, Svc: svc, Bot: b, Sched: bot.NewScheduler(b), Clock: clock, ctx: ctx}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = b.Run(ctx) }()
	switch o.Transport {
	case HTTP:
		srv := httptest.NewServer(b.HTTPHandler())
		e.URL = srv.URL + "/slack/events"
		emu.UseHTTP(e.URL)
		t.Cleanup(srv.Close)
	case Socket:
		emu.UseSocketMode()
		wg.Add(1)
		go func() { defer wg.Done(); _ = b.RunSocketMode(ctx, client) }()
		wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
		defer wcancel()
		if err := emu.WaitSocket(wctx); err != nil {
			t.Fatalf("socket mode did not connect: %v", err)
		}
	}
	var once sync.Once
	e.stop = func() {
		once.Do(func() {
			cancel()
			wg.Wait()
			if v := emu.Violations(); len(v) > 0 {
				t.Errorf("the bot broke Slack's limits: %+v", v)
			}
		})
	}
	t.Cleanup(e.stop)
	if !o.Bare {
		e.configure()
	}
	return e
}

// Stop stops the bot as a shutdown would, before the test ends; the database stays
// open, so a second environment with Options.DBPath can play the restarted bot.
func (e *Env) Stop() { e.stop() }

func openDB(t testing.TB, path string) *storage.DB {
	t.Helper()
	if path == "" {
		return storagetest.Open(t)
	}
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// AddWorkspace adds the test workspace's people (all en-US) and channels to emu.
func AddWorkspace(emu *slackemu.Server) {
	people := []slackemu.User{
		{ID: Admin, Name: "admin", RealName: "Ada Admin", Locale: "en-US"},
		{ID: Mette, Name: "mette", RealName: "Mette Sekretariat", Locale: "en-US"},
		{ID: Jens, Name: "jens", RealName: "Jens Styregruppe", Locale: "en-US"},
		{ID: Soren, Name: "soren", RealName: "Søren Tovholder", Locale: "en-US"},
		{ID: Anna, Name: "anna", RealName: "Anna Andersen", Locale: "en-US"},
		{ID: Lars, Name: "lars", RealName: "Lars Larsen", Locale: "en-US"},
		{ID: Per, Name: "per", RealName: "Per Medlem", Locale: "en-US"},
		{ID: Kirsten, Name: "kirsten", RealName: "Kirsten Kommune", Locale: "en-US"},
	}
	var ids []string
	for _, u := range people {
		emu.AddUser(u)
		ids = append(ids, u.ID)
	}
	for _, c := range []slackemu.Channel{{ID: Secretary, Name: "kitos-sekretariat"}, {ID: Steering, Name: "kitos-styregruppe"},
		{ID: UserClub, Name: "brugerklubben"}, {ID: Contract, Name: "kitos-kontrakt"}, {ID: Systems, Name: "kitos-systemer"}} {
		c.Members = ids
		emu.AddChannel(c)
	}
}

// configure sets places, roles and two groups through the use cases, as an admin would.
func (e *Env) configure() {
	ctx := context.Background()
	admin, err := e.Svc.Actor(ctx, Admin)
	e.must(err)
	e.must(e.Svc.SetPlace(ctx, admin, workflow.PlaceSecretariat, Secretary))
	e.must(e.Svc.SetPlace(ctx, admin, workflow.PlaceSteering, Steering))
	e.must(e.Svc.SetPlace(ctx, admin, workflow.PlaceUserClub, UserClub))
	_, err = e.Svc.Grant(ctx, admin, workflow.RoleSecretariat, []string{Mette})
	e.must(err)
	_, err = e.Svc.Grant(ctx, admin, workflow.RoleSteering, []string{Jens})
	e.must(err)
	_, err = e.Svc.CreateGroup(ctx, admin, "kontrakt", Contract, "IT-kontrakter")
	e.must(err)
	e.must(e.Svc.SetCoordinator(ctx, admin, "kontrakt", Soren))
	_, err = e.Svc.AddMembers(ctx, admin, "kontrakt", []string{Anna, Lars})
	e.must(err)
	_, err = e.Svc.CreateGroup(ctx, admin, "systemer", Systems, "IT-systemer")
	e.must(err)
	_, err = e.Svc.AddMembers(ctx, admin, "systemer", []string{Kirsten})
	e.must(err)
}

func (e *Env) must(err error) {
	e.T.Helper()
	if err != nil {
		e.T.Fatal(err)
	}
}

// Ctx is a context for one step of a test.
func (e *Env) Ctx() context.Context { return e.ctx }

// Settle waits until the bot has finished every handler and delivered what is due.
func (e *Env) Settle() {
	e.T.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 20*time.Second)
	defer cancel()
	if err := e.Bot.Settle(ctx); err != nil {
		e.T.Fatalf("settle: %v", err)
	}
}

// Slash sends a slash command as user in channel and waits for its effects.
func (e *Env) Slash(user, channel, command, text string) slackemu.Response {
	e.T.Helper()
	resp, err := e.Emu.SlashCommand(e.ctx, user, channel, command, text)
	if err != nil {
		e.T.Fatalf("%s %s: %v", command, text, err)
	}
	e.Settle()
	return resp
}

// Click clicks the button labelled label on message (channel, ts) as user and settles.
func (e *Env) Click(user, channel, ts, label string) slackemu.Response {
	e.T.Helper()
	resp, err := e.Emu.Click(e.ctx, user, channel, ts, label)
	if err != nil {
		e.T.Fatalf("click %q: %v", label, err)
	}
	e.Settle()
	return resp
}

// SubmitForm fills the user's top modal by labels, submits it and settles.
func (e *Env) SubmitForm(user string, byLabel map[string]string) slackemu.Response {
	e.T.Helper()
	v := e.TopView(user)
	resp, err := e.Emu.SubmitForm(e.ctx, user, v.ID, byLabel)
	if err != nil {
		e.T.Fatalf("submit %q: %v", v.Title, err)
	}
	e.Settle()
	return resp
}

// TopView is the user's open modal on top of the stack; the test fails without one.
func (e *Env) TopView(user string) slackemu.View {
	e.T.Helper()
	vs := e.Emu.OpenViews(user)
	if len(vs) == 0 {
		e.T.Fatalf("%s has no open modal", user)
	}
	return vs[len(vs)-1]
}

// LastEphemeral is the latest private answer to user; the test fails without one.
func (e *Env) LastEphemeral(user string) slackemu.Message {
	e.T.Helper()
	ms := e.Emu.Ephemerals(user)
	if len(ms) == 0 {
		e.T.Fatalf("%s got no private answer", user)
	}
	return ms[len(ms)-1]
}

// LastDM is the latest direct message to user; the test fails without one.
func (e *Env) LastDM(user string) slackemu.Message {
	e.T.Helper()
	ms := e.Emu.DMs(user)
	if len(ms) == 0 {
		e.T.Fatalf("%s got no direct message", user)
	}
	return ms[len(ms)-1]
}

// Find returns the latest message in channel whose rendering contains all of parts.
func (e *Env) Find(channel string, parts ...string) (slackemu.Message, bool) {
	ms := e.Emu.Messages(channel)
	for i := len(ms) - 1; i >= 0; i-- {
		if ContainsAll(e.Emu.RenderMessage(ms[i]), parts...) {
			return ms[i], true
		}
	}
	return slackemu.Message{}, false
}

// MustFind is Find that fails the test, showing what the channel holds.
func (e *Env) MustFind(channel string, parts ...string) slackemu.Message {
	e.T.Helper()
	m, ok := e.Find(channel, parts...)
	if !ok {
		e.T.Fatalf("no message in %s with %q; the channel holds:\n%s", channel, parts, e.Dump(channel))
	}
	return m
}

// Text renders a message as a person reads it.
func (e *Env) Text(m slackemu.Message) string { return e.Emu.RenderMessage(m) }

// Dump renders every message in channel, for failure output.
func (e *Env) Dump(channel string) string {
	var sb strings.Builder
	for _, m := range e.Emu.Messages(channel) {
		sb.WriteString("---\n" + e.Emu.RenderMessage(m) + "\n")
	}
	return sb.String()
}

// ContainsAll reports whether s contains every one of parts.
func ContainsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// Advance moves the bot's clock by d and runs what the scheduler would have run.
func (e *Env) Advance(d time.Duration) {
	e.T.Helper()
	e.Sched.Tick(e.ctx, e.Clock.Advance(d))
	e.Settle()
}

// Clock is a settable clock shared by the workflow and the bot.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock by d and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
