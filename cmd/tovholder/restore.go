package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/os2kitos/tovholder/storage"
)

// runRestore is `tovholder restore [--db FILE] BACKUP`: it checks the backup, refuses
// while a bot holds the database, keeps the current file as <db>.replaced-<time> and
// puts a copy of the backup in its place. The backup itself is left as it was.
func runRestore(ctx context.Context, args []string, getenv env, _ io.Reader, stdout, stderr io.Writer) error {
	fs, path := newFlags("restore", getenv, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: tovholder restore [--db FILE] BACKUP")
	}
	backup, db := fs.Arg(0), *path
	if _, err := storage.VerifyFile(ctx, backup); err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	// Holding the lock keeps a bot from starting on the file half-way.
	lock, err := storage.Acquire(db, time.Now())
	if err != nil {
		return fmt.Errorf("restore refused: %w", err)
	}
	defer lock.Release()
	tmp := db + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	defer os.Remove(tmp) // gone after the rename; left only on an error
	v, err := storage.VerifyFile(ctx, tmp)
	if err != nil {
		return fmt.Errorf("restore: the copy of the backup: %w; nothing was changed", err)
	}
	kept, err := moveAside(ctx, db)
	if err != nil && kept != "" {
		return fmt.Errorf("restore: %w (the database was moved to %s; move it back)", err, kept)
	}
	if err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	if err := os.Rename(tmp, db); err != nil {
		return fmt.Errorf("restore: put the backup in place: %w (the previous database is %s)", err, kept)
	}
	fmt.Fprintf(stdout, "restored %s (schema version %d) to %s\n", backup, v, db)
	if kept != "" {
		fmt.Fprintf(stdout, "the previous database is kept as %s\n", kept)
	}
	return nil
}

// moveAside renames the database at path, with its write-ahead log emptied into it
// first, to <path>.replaced-<time>; it returns "" when there is no database.
func moveAside(ctx context.Context, path string) (string, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return "", nil // a new machine: nothing to keep
	}
	if err := storage.Checkpoint(ctx, path); err != nil {
		return "", err
	}
	kept := path + ".replaced-" + time.Now().UTC().Format("20060102T150405Z")
	if err := os.Rename(path, kept); err != nil {
		return "", err
	}
	// A log left beside the restored file would be replayed into it.
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			if err := os.Rename(path+suffix, kept+suffix); err != nil {
				return kept, err
			}
		}
	}
	return kept, nil
}

// copyFile copies src to dst and syncs it to disk.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
