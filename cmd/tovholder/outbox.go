package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/storage"
)

const outboxUsage = `usage: tovholder outbox list [--dead] [--db FILE]
       tovholder outbox retry --id N [--id M …] | --all [--db FILE]`

// outboxCmd is a parsed `tovholder outbox` command line.
type outboxCmd struct {
	retry bool    // retry; otherwise list
	dead  bool    // list: only the dead
	all   bool    // retry: every dead notice
	ids   []int64 // retry: these notices
	db    string
}

// parseOutboxArgs reads the arguments after `outbox`; db is the default database.
func parseOutboxArgs(args []string, db string, stderr io.Writer) (outboxCmd, error) {
	c := outboxCmd{db: db}
	if len(args) == 0 || (args[0] != "list" && args[0] != "retry") {
		return c, errors.New(outboxUsage)
	}
	c.retry = args[0] == "retry"
	fs := flag.NewFlagSet("outbox "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.db, "db", db, "the SQLite database file")
	if c.retry {
		fs.Func("id", "the notice to replay (repeatable)", func(s string) error {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				return fmt.Errorf("%q is not a notice id", s)
			}
			c.ids = append(c.ids, id)
			return nil
		})
		fs.BoolVar(&c.all, "all", false, "replay every notice given up on")
	} else {
		fs.BoolVar(&c.dead, "dead", false, "only the notices given up on")
	}
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 || c.db == "" || (c.retry && (len(c.ids) == 0) == !c.all) {
		return c, errors.New(outboxUsage)
	}
	return c, nil
}

// runOutbox is `tovholder outbox list|retry`: what waits to be sent to Slack, and the
// replay of notices the bot gave up on once their cause is fixed.
func runOutbox(ctx context.Context, args []string, getenv env, _ io.Reader, stdout, stderr io.Writer) error {
	c, err := parseOutboxArgs(args, or(getenv("TOVHOLDER_DB"), "./tovholder.db"), stderr)
	if err != nil {
		return err
	}
	if !c.retry {
		return withDB(ctx, c.db, func(db *storage.DB) error { return listOutbox(ctx, db, c.dead, stdout) })
	}
	return withDB(ctx, c.db, func(db *storage.DB) error {
		n, err := db.RetryAllDead(ctx)
		if !c.all {
			n, err = db.RetryDead(ctx, c.ids...)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d dead %s will be sent again; the running bot picks them up within a second\n", n, plural(n, "notice", "notices"))
		if !c.all && n < len(c.ids) {
			fmt.Fprintf(stdout, "%d of the ids given %s not dead: `tovholder outbox list` shows what is\n", len(c.ids)-n, plural(len(c.ids)-n, "was", "were"))
		}
		return nil
	})
}

// withDB opens the database at path, which must exist: a mistyped path must not
// create an empty database and report an empty outbox.
func withDB(ctx context.Context, path string, fn func(db *storage.DB) error) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	db, err := storage.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

func listOutbox(ctx context.Context, db *storage.DB, deadOnly bool, stdout io.Writer) error {
	ds, err := db.Outbox(ctx, deadOnly)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		fmt.Fprintln(stdout, "the outbox holds nothing to deliver and nothing dead")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tKIND\tOP\tTO\tWISH\tPOLL\tATTEMPTS\tSINCE\tLAST ERROR")
	for _, d := range ds {
		state, since := "pending", d.CreatedAt
		switch {
		case !d.DeadAt.IsZero():
			state, since = "dead", d.DeadAt
		case !d.SendingAt.IsZero():
			state, since = "in flight", d.SendingAt // cut short by a stop: it may be in Slack already
		case !d.NextAt.IsZero():
			state, since = "retry", d.NextAt
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", d.ID, state, d.Kind, d.Op, dash(d.To), idText(d.WishID),
			idText(d.PollID), d.Attempts, since.UTC().Format(time.RFC3339), dash(oneLine(d.LastError)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nreplay a dead notice, once its cause is fixed: tovholder outbox retry --id N (or --all)")
	return nil
}

func idText(id int64) string {
	if id == 0 {
		return "-"
	}
	return strconv.FormatInt(id, 10)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// parseRetention reads TOVHOLDER_OUTBOX_RETENTION: whole days ("90d") or a Go
// duration ("2160h"), from one day to a hundred years; "" is the default.
func parseRetention(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return bot.DefaultOutboxRetention, nil
	}
	const day, most = 24 * time.Hour, 36500 * 24 * time.Hour
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 1 || days > 36500 || n != strconv.Itoa(days) {
			return 0, fmt.Errorf("%q is not a number of days like 90d", s)
		}
		d = time.Duration(days) * day
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not a retention like 90d or 2160h", s)
		}
	}
	if d < day || d > most {
		return 0, fmt.Errorf("%q is out of range: keep delivered notices from 1d to 36500d", s)
	}
	return d, nil
}

func (c *config) parseRetention(s string) error {
	d, err := parseRetention(s)
	if err != nil {
		return configError{"TOVHOLDER_OUTBOX_RETENTION", err.Error()}
	}
	c.OutboxRetention = d
	return nil
}
