package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/os2kitos/tovholder/storage"
)

// defaultDB is the database when neither --db nor TOVHOLDER_DB names one.
const defaultDB = "./tovholder.db"

// newFlags is the flag set of a subcommand, with the --db every subcommand that
// touches the database takes (default TOVHOLDER_DB).
func newFlags(name string, getenv env, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", or(getenv("TOVHOLDER_DB"), defaultDB), "the SQLite database `file` (default TOVHOLDER_DB)")
	return fs, db
}

// mustExist refuses a database file that is not there: a typo in --db must not
// create an empty database and report an empty result from it.
func mustExist(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("database %s does not exist: check --db or TOVHOLDER_DB (only serve, migrate, console and restore start from a missing file)", path)
	case err != nil:
		return fmt.Errorf("database %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("database %s is a directory, not a file", path)
	}
	return nil
}

// openExisting opens the database at path, which must exist, and brings its schema
// up to date (refusing one newer than this release knows); the backup written before
// a migration is named on stderr, as serve and migrate name it.
func openExisting(ctx context.Context, path string, stderr io.Writer) (*storage.DB, error) {
	if err := mustExist(path); err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if db.BeforeMigration != "" {
		fmt.Fprintf(stderr, "backed up %s to %s before migrating it\n", path, db.BeforeMigration)
	}
	return db, nil
}
