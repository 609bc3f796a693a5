package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/os2kitos/tovholder/workflow"
)

const importUsage = "usage: tovholder import [--db FILE] [--format csv|json] [--dry-run] [--announce] FILE"

// runImport is `tovholder import`: it reads wishes from an export or a hand-written
// sheet, checks every row before writing anything, and creates them in one
// transaction. It runs beside a serving bot on the same file.
func runImport(ctx context.Context, args []string, getenv env, _ io.Reader, stdout, stderr io.Writer) error {
	fs, path := newFlags("import", getenv, stderr)
	format := fs.String("format", "", "csv or json (default: from the file's extension)")
	dry := fs.Bool("dry-run", false, "check the file and print what would be created; write nothing")
	announce := fs.Bool("announce", false, "post each new wish's card to its current place in Slack (through the outbox, paced)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New(importUsage)
	}
	file := fs.Arg(0)
	if *format == "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(file)), ".")
	}
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("--format %q: use csv or json\n%s", *format, importUsage)
	}
	if err := mustExist(*path); err != nil {
		return err
	}
	cfg, err := loadConfig(getenv, false)
	if err != nil {
		return err
	}
	d, problems, err := readImportFile(file, *format, cfg)
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, *path, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := workflow.New(db, nil, cfg.Admins)
	if len(problems) > 0 {
		// What the database says of the other rows (unknown groups) belongs in the same list.
		_, err := svc.ImportAll(ctx, withoutProblems(d, problems), workflow.ImportOptions{DryRun: true})
		var more workflow.ImportErrors
		if errors.As(err, &more) {
			problems = append(problems, more...)
		}
		sortProblems(problems)
		return problems
	}
	res, err := svc.ImportAll(ctx, d, workflow.ImportOptions{DryRun: *dry, Announce: *announce, Source: filepath.Base(file)})
	if errors.As(err, &problems) {
		sortProblems(problems)
		return problems
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	printImport(stdout, res, *dry, *announce)
	return nil
}

// readImportFile reads and parses the file, and checks every wish on its own: all the
// problems come back at once.
func readImportFile(file, format string, cfg config) (workflow.ImportData, workflow.ImportErrors, error) {
	var d workflow.ImportData
	f, err := os.Open(file)
	if err != nil {
		return d, nil, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	var problems workflow.ImportErrors
	if format == "json" {
		d, problems, err = readImportJSON(f)
	} else {
		d, problems, err = readImportCSV(f, cfg.Location)
	}
	if err != nil {
		return d, nil, fmt.Errorf("import %s: %w", file, err)
	}
	problems = append(problems, workflow.CheckImportData(d)...)
	sortProblems(problems)
	return d, dedupe(problems), nil
}

// withoutProblems is d without the wishes, initiatives and cycles a problem names (and
// without the initiatives over a wish left out).
func withoutProblems(d workflow.ImportData, ps workflow.ImportErrors) workflow.ImportData {
	bad := map[int]bool{}
	for _, p := range ps {
		bad[p.Line] = true
	}
	var out workflow.ImportData
	kept := map[string]bool{}
	for _, w := range d.Wishes {
		if !bad[w.Line] {
			out.Wishes = append(out.Wishes, w)
			kept[w.Key] = true
		}
	}
	for _, in := range d.Initiatives {
		ok := !bad[in.Line]
		for _, k := range in.WishKeys {
			ok = ok && kept[k]
		}
		if ok {
			out.Initiatives = append(out.Initiatives, in)
		}
	}
	for _, c := range d.Cycles {
		if !bad[c.Line] {
			out.Cycles = append(out.Cycles, c)
		}
	}
	return out
}

// dedupe drops a check's problem when parsing already reported that cell.
func dedupe(ps workflow.ImportErrors) workflow.ImportErrors {
	seen := map[string]bool{}
	var out workflow.ImportErrors
	for _, p := range ps {
		k := fmt.Sprint(p.Line, "\x00", p.Column)
		if p.Column != "" && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out
}

func printImport(w io.Writer, res workflow.ImportResult, dry, announce bool) {
	verb := "created"
	if dry {
		verb = "would create"
	}
	for _, c := range res.Created {
		fmt.Fprintf(w, "%s #%d %q (%s) from %s\n", verb, c.ID, c.Title, c.State, c.Key)
	}
	for _, c := range res.Existing {
		fmt.Fprintf(w, "already imported: %s as #%d %q\n", c.Key, c.ID, c.Title)
	}
	fmt.Fprintf(w, "%s %d wish(es); %d were imported before", verb, len(res.Created), len(res.Existing))
	switch {
	case dry:
		fmt.Fprint(w, "; nothing was written (dry run)")
	case announce && len(res.Created) > 0:
		fmt.Fprint(w, "; their cards are queued for Slack")
	}
	fmt.Fprintln(w)
}
