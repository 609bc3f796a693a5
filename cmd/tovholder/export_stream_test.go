package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestExportJSONStreamed: the JSON written a wish at a time is, byte for byte, what
// json.Encoder writes of the whole export file at once.
func TestExportJSONStreamed(t *testing.T) {
	path := exportDB(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Atomic(ctx, func(tx workflow.Tx) error { return tx.SetDisplayName("UPER", "Per Kommune", time.Now()) }); err != nil {
		t.Fatal(err)
	}
	all := exportFile{Wishes: []exportWish{}, Initiatives: []exportInitiative{}, Cycles: []exportCycle{},
		TimeZone: "Europe/Copenhagen", Names: map[string]string{"UPER": "Per Kommune"}}
	err = db.EachWish(ctx, func(tx workflow.Tx) error { return loadPlan(tx, &all) },
		func(tx workflow.Tx, w workflow.Wish) error {
			x, err := exportOf(tx, w)
			all.Wishes = append(all.Wishes, x)
			return err
		})
	db.Close()
	if err != nil || len(all.Wishes) != 2 {
		t.Fatalf("export: %d wishes, %v", len(all.Wishes), err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(all); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	env := envOf(map[string]string{"TOVHOLDER_DB": path})
	if err := run(ctx, []string{"export", "--format", "json"}, env, nil, &got, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("streamed JSON differs from the encoder's:\n%s\nwant:\n%s", got.String(), want.String())
	}
}

// BenchmarkExportLarge exports storagetest.Large as JSON and as CSV in a process of its
// own, and reports its peak RSS. Targets: ≤ 2 s and ≤ 60 MB.
func BenchmarkExportLarge(b *testing.B) {
	db := storagetest.OpenLarge(b, storagetest.Large)
	dir := b.TempDir()
	path := filepath.Join(dir, "copy.db")
	if err := db.Backup(context.Background(), path); err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"json", "csv"} {
		b.Run(format, func(b *testing.B) {
			var rss int64
			var cpu time.Duration
			n := 0
			for b.Loop() {
				n++
				cmd := exec.Command(os.Args[0], "-test.run=^TestExportHelperProcess$")
				cmd.Env = append(os.Environ(), "TOVHOLDER_EXPORT_HELPER=1", "TOVHOLDER_DB="+path,
					"TOVHOLDER_EXPORT_FORMAT="+format, "TOVHOLDER_EXPORT_PROFILE="+os.Getenv("TOVHOLDER_EXPORT_PROFILE"), "TOVHOLDER_EXPORT_OUT="+filepath.Join(dir, "out."+format))
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("export: %v\n%s", err, out)
				}
				rss = max(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.ReportMetric(float64(rss)/1024, "peak-rss-MB")
			// The wall time on a shared machine measures the others too.
			b.ReportMetric(cpu.Seconds()/float64(n), "cpu-s/op")
		})
	}
}

// TestExportHelperProcess is the export process of BenchmarkExportLarge.
func TestExportHelperProcess(t *testing.T) {
	if os.Getenv("TOVHOLDER_EXPORT_HELPER") != "1" {
		t.Skip("run by BenchmarkExportLarge")
	}
	start := time.Now()
	if p := os.Getenv("TOVHOLDER_EXPORT_PROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	args := []string{"export", "--format", os.Getenv("TOVHOLDER_EXPORT_FORMAT"), "--out", os.Getenv("TOVHOLDER_EXPORT_OUT")}
	if err := run(context.Background(), args, os.Getenv, nil, io.Discard, os.Stderr); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "export took %v\n", time.Since(start))
}

// TestExportJSONStreamedEmpty: an empty database exports what the encoder writes of
// empty lists.
func TestExportJSONStreamedEmpty(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "empty.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var want, got bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(exportFile{Wishes: []exportWish{}, Initiatives: []exportInitiative{}, Cycles: []exportCycle{},
		TimeZone: "Europe/Copenhagen", Names: map[string]string{}}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"export", "--format", "json"}, envOf(map[string]string{"TOVHOLDER_DB": path}), nil, &got, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("empty export:\n%s\nwant:\n%s", got.String(), want.String())
	}
}
