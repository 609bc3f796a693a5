package storage_test

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
)

func TestLockRefusesASecondHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	first, err := storage.Acquire(path, now)
	if err != nil {
		t.Fatal(err)
	}
	_, err = storage.Acquire(path, now)
	var held *storage.LockedError
	if !errors.As(err, &held) {
		t.Fatalf("a second lock while the first is held: %v", err)
	}
	if want := "pid " + strconv.Itoa(os.Getpid()); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "2027-03-01T09:00:00Z") {
		t.Errorf("the refusal does not name the holder (%s): %v", want, err)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := storage.Acquire(path, now)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again.Release()
}

// TestLockHelperProcess holds the lock for TestLockAcrossProcesses until its stdin closes.
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv("TOVHOLDER_LOCK_HELPER")
	if path == "" {
		t.Skip("run by TestLockAcrossProcesses")
	}
	l, err := storage.Acquire(path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	bufio.NewReader(os.Stdin).ReadString('\n')
	_ = l // released when the process ends, as when a bot is killed
	os.Exit(0)
}

func TestLockAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "TOVHOLDER_LOCK_HELPER="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("the child did not lock: %q", line)
	}
	_, err := storage.Acquire(path, time.Now())
	var held *storage.LockedError
	if !errors.As(err, &held) || !strings.Contains(held.Holder, "pid "+strconv.Itoa(cmd.Process.Pid)) {
		t.Errorf("while the child holds it: %v", err)
	}
	// The child ends without releasing: the kernel frees the lock.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	l, err := storage.Acquire(path, time.Now())
	if err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
	l.Release()
}
