package bot_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/storage"
)

// TestScheduledBackup drives the backup job with the scheduler's clock: a backup at
// each fire time, KEEP kept, a failure counted and tried again, a downtime made up once.
func TestScheduledBackup(t *testing.T) {
	dir := t.TempDir()
	e := bottest.New(t, bottest.Options{Transport: bottest.HTTP,
		Backup: bot.BackupConfig{Dir: dir, Schedule: "0 3 * * *", Keep: 2}})
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	at := func(day, hour, min int) time.Time { return time.Date(2027, 3, day, hour, min, 0, 0, cph) }
	tick := func(now time.Time) []string {
		t.Helper()
		e.Clock.Set(now)
		e.Sched.Tick(e.Ctx(), now)
		files, err := storage.Backups(dir)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return files
	}
	name := func(tm time.Time) string {
		return filepath.Join(dir, storage.BackupPrefix+tm.UTC().Format("20060102T150405Z")+storage.BackupSuffix)
	}
	if files := tick(at(1, 10, 0)); len(files) != 0 {
		t.Fatalf("a backup before the first fire time: %v", files)
	}
	for day := 2; day <= 4; day++ {
		tick(at(day, 3, 0))
	}
	if files := tick(at(4, 3, 1)); fmt.Sprint(files) != fmt.Sprint([]string{name(at(3, 3, 0)), name(at(4, 3, 0))}) {
		t.Errorf("after three nights with KEEP=2: %v", files)
	}

	// The directory is gone: the run fails, is counted, and is tried again next minute.
	os.RemoveAll(dir)
	tick(at(5, 3, 0))
	os.Mkdir(dir, 0o700)
	if files := tick(at(5, 3, 1)); len(files) != 1 || files[0] != name(at(5, 3, 1)) {
		t.Errorf("the retry after a failure: %v", files)
	}
	metrics := get(t, strings.TrimSuffix(e.URL, "/slack/events")+"/metrics")
	for _, want := range []string{
		"tovholder_backup_failures_total 1",
		"tovholder_backup_last_success_timestamp_seconds " + strconv.FormatFloat(float64(at(5, 3, 1).Unix()), 'g', -1, 64),
		`tovholder_scheduler_runs_total{job="backup",outcome="failed"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// Four days down: one backup at start, not four.
	if files := tick(at(9, 12, 0)); len(files) != 2 || files[1] != name(at(9, 12, 0)) {
		t.Errorf("after a downtime: %v", files)
	}
	if files := tick(at(9, 12, 1)); len(files) != 2 {
		t.Errorf("a second make-up: %v", files)
	}
	for _, f := range []string{name(at(9, 12, 0))} {
		if v, err := storage.VerifyFile(e.Ctx(), f); err != nil || v == 0 {
			t.Errorf("%s: %d, %v", f, v, err)
		}
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
