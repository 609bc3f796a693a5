// Command tovholder runs the KITOS community's change-wish process in Slack.
//
// Subcommands: serve, console, migrate, backup FILE, restore FILE, export, import FILE,
// version, healthcheck.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	"github.com/os2kitos/tovholder/storage"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tovholder:", err)
		os.Exit(1)
	}
}

// env reads the environment; tests pass their own.
type env func(string) string

// run is the whole program, callable from tests.
func run(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		args = []string{"help"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stderr)
	case "migrate":
		return runMigrate(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "tovholder", version)
		return nil
	case "healthcheck":
		return runHealthcheck(ctx, getenv)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	if f, ok := extraCommands[cmd]; ok {
		return f(ctx, rest, getenv, stdin, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

// extraCommands are the subcommands that live in their own files; run handles the rest.
var extraCommands = map[string]func(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) error{
	"console": runConsole, // console.go
	"export":  runExport,  // export.go
	"outbox":  runOutbox,  // outbox.go
	"import":  runImport,  // import.go
	"restore": runRestore, // restore.go
}

const usage = `usage: tovholder <command> [--db FILE] ...

  serve           run the bot (Socket Mode with SLACK_APP_TOKEN, else HTTP on TOVHOLDER_ADDR)
  console         run the bot against a built-in Slack in this terminal (no workspace needed)
  migrate         apply database migrations and exit
  backup FILE     write an online backup of the database to FILE
  restore FILE    put a backup in place of the database (the bot must be stopped)
  export          write every wish with its history as CSV or JSON
  outbox          list what waits to be sent to Slack (list [--dead]); replay dead notices (retry --id N | --all)
  import FILE     read wishes from an export or a spreadsheet (CSV or JSON)
  version         print the version
  healthcheck     exit 0 when the running bot answers on TOVHOLDER_ADDR (for containers)

--db FILE names the database (default TOVHOLDER_DB, else ./tovholder.db); every command
but serve, migrate and restore refuses one that does not exist. Configuration is read
from the environment; see README.md and docs/operations.md.
`

// newLogger is the one root logger: JSON, or readable lines on a terminal.
func newLogger(cfg config, w io.Writer) zerolog.Logger {
	zerolog.TimeFieldFormat = time.RFC3339Nano
	out := w
	pretty := cfg.LogFormat == "console"
	if cfg.LogFormat == "" {
		if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			pretty = true
		}
	}
	if pretty {
		out = zerolog.ConsoleWriter{Out: w, TimeFormat: "15:04:05"}
	}
	return zerolog.New(out).Level(cfg.LogLevel).With().Timestamp().Str("service", "tovholder").Logger()
}

func runServe(ctx context.Context, args []string, getenv env, stderr io.Writer) error {
	fs, db := newFlags("serve", getenv, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve takes no arguments but --db; configure it with environment variables")
	}
	cfg, err := loadConfig(getenv, true)
	if err != nil {
		return err
	}
	cfg.DB = *db
	log := newLogger(cfg, stderr)
	a, err := newApp(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.checkToken(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return configError{"TOVHOLDER_ADDR", fmt.Sprintf("cannot listen on %s: %v", cfg.Addr, err)}
	}
	return a.serve(ctx, ln)
}

func runMigrate(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs, path := newFlags("migrate", getenv, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("usage: tovholder migrate [--db FILE]")
	}
	db, err := storage.OpenNoMigrate(ctx, *path)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if db.BeforeMigration != "" {
		fmt.Fprintf(stdout, "backed up %s to %s before migrating it\n", *path, db.BeforeMigration)
	}
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "%s is up to date (schema version %d)\n", *path, v)
		return nil
	}
	fmt.Fprintf(stdout, "applied %s to %s (schema version %d)\n", strings.Join(applied, ", "), *path, v)
	return nil
}

func runBackup(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs, path := newFlags("backup", getenv, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: tovholder backup [--db FILE] FILE")
	}
	db, err := openExisting(ctx, *path, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *path, fs.Arg(0))
	return nil
}

// runHealthcheck asks the running bot's /healthz, so a container needs no curl.
func runHealthcheck(ctx context.Context, getenv env) error {
	addr := or(getenv("TOVHOLDER_ADDR"), ":3000")
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return configError{"TOVHOLDER_ADDR", err.Error()}
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %s", res.Status)
	}
	return nil
}
