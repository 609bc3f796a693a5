package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// consoleMark is the setting that marks a database the console created: the console
// runs on such a database, and on no other. The community's database (one `serve`
// uses) would have its pending announcements "delivered" to the built-in Slack and
// its open polls closed by the console's clock.
const consoleMark = "console.database"

// consoleDB says which file the console runs on for --db path: a new file (marked as
// the console's once open), a database the console created, or else a temporary copy
// (VACUUM INTO a file in dir), leaving the file itself as it was. copyOf is the file a
// copy was made of, "" when there is none.
//
// latest is the time of the database's latest record (zero for none): reopened without
// --at, the console's clock starts there when it is later than now.
func consoleDB(ctx context.Context, path, dir string) (use, copyOf string, fresh bool, latest time.Time, err error) {
	if path == "" {
		return filepath.Join(dir, "tovholder.db"), "", true, time.Time{}, nil
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return path, "", true, time.Time{}, nil
	} else if err != nil {
		return "", "", false, time.Time{}, fmt.Errorf("console --db: %w", err)
	}
	db, err := storage.OpenNoMigrate(ctx, path)
	if err != nil {
		return "", "", false, time.Time{}, fmt.Errorf("console --db: %w", err)
	}
	defer db.Close()
	var mark string
	err = db.Read(ctx, func(tx workflow.Tx) (err error) {
		mark, err = tx.Setting(consoleMark)
		return err
	})
	if err != nil {
		return "", "", false, time.Time{}, fmt.Errorf("console --db %s: %w", path, err)
	}
	if latest, err = db.LatestRecord(ctx); err != nil {
		return "", "", false, time.Time{}, fmt.Errorf("console --db %s: %w", path, err)
	}
	if mark == "true" {
		return path, "", false, latest, nil
	}
	cp := filepath.Join(dir, "copy-"+filepath.Base(path))
	if err := db.Backup(ctx, cp); err != nil {
		return "", "", false, time.Time{}, fmt.Errorf("console --db: copy %s: %w", path, err)
	}
	return cp, path, false, latest, nil
}

// markConsoleDB marks the database the console just created as the console's.
func markConsoleDB(ctx context.Context, db *storage.DB) error {
	return db.Atomic(ctx, func(tx workflow.Tx) error { return tx.SetSetting(consoleMark, "true") })
}
