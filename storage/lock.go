package storage

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Lock is an exclusive hold on a database by one bot process: two `serve` processes on
// one file would deliver every notice twice. It is an advisory lock (flock) on
// `<db>.lock`, which the kernel releases when the process dies, however it dies; the
// file says who holds it, for the message the next one prints.
type Lock struct {
	f *os.File
}

// LockedError says that another process holds the database, and which.
type LockedError struct {
	Path   string // the lock file
	Holder string // what the holder wrote: pid, host and start time; "" when unreadable
}

func (e *LockedError) Error() string {
	who := e.Holder
	if who == "" {
		who = "an unknown process"
	}
	return fmt.Sprintf("the database is in use by another Tovholder (%s, lock %s): stop it first", who, e.Path)
}

// LockPath is the lock file of the database at path.
func LockPath(path string) string { return path + ".lock" }

// Acquire takes the lock of the database at path for this process, or returns a
// *LockedError naming the process that holds it. Release it with Release; it is also
// released when the process ends.
func Acquire(path string, now time.Time) (*Lock, error) {
	lp := LockPath(path)
	f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", lp, err)
	}
	if err := tryLock(f); err != nil {
		holder, _ := os.ReadFile(lp)
		f.Close()
		if errors.Is(err, errHeld) {
			return nil, &LockedError{Path: lp, Holder: strings.TrimSpace(string(holder))}
		}
		return nil, fmt.Errorf("lock %s: %w", lp, err)
	}
	host, _ := os.Hostname()
	info := fmt.Sprintf("pid %d on %s since %s", os.Getpid(), host, now.UTC().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(info+"\n"), 0) // only a hint for the message; the lock is what counts
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up. The file stays: removing it would let a second process
// lock a new file while a third still waits on the old one.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := unlock(l.f)
	return errors.Join(err, l.f.Close())
}

// errHeld is tryLock's answer when another process holds the lock.
var errHeld = errors.New("held")
