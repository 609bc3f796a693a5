package main

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// The amounts a secretariat's sheet holds are read by workflow.ParseAmount, the same
// parser as the estimate form: the forms issue 11 names, and øre.
func TestImportReadsSheetAmounts(t *testing.T) {
	for in, want := range map[string]workflow.Amount{
		"250000": workflow.Kroner(250000), "250.000": workflow.Kroner(250000), "250.000,00": workflow.Kroner(250000),
		"250.000,50": workflow.Kroner(250000) + 50, " 250.000 kr.": workflow.Kroner(250000), "250000.50": workflow.Kroner(250000) + 50,
	} {
		if got, err := workflow.ParseAmount(in); err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestParseDateAndState(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	for in, want := range map[string]time.Time{
		"2025-03-31":           time.Date(2025, 3, 31, 0, 0, 0, 0, cph),
		"31-03-2025":           time.Date(2025, 3, 31, 0, 0, 0, 0, cph),
		"31.03.2025":           time.Date(2025, 3, 31, 0, 0, 0, 0, cph),
		"1-3-2025":             time.Date(2025, 3, 1, 0, 0, 0, 0, cph),
		"31-03-2025 14:30":     time.Date(2025, 3, 31, 14, 30, 0, 0, cph),
		"2025-03-31T12:00:00Z": time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC),
	} {
		if got, err := parseDate(in, cph); err != nil || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"31-02-2025", "03/31/2025", "", "i går"} {
		if got, err := parseDate(in, cph); err == nil {
			t.Errorf("parseDate(%q) = %v, want a refusal", in, got)
		}
	}
	for in, want := range map[string]workflow.State{"indsendt": workflow.StateSubmitted, "Til vurdering": workflow.StateInAssessment,
		"in_assessment": workflow.StateInAssessment, "in assessment": workflow.StateInAssessment, "I udviklingsplan": workflow.StatePlanned,
		"prisoverslag indhentet": workflow.StateEstimated, "declined by the secretariat": workflow.StateDeclined, "DUBLET": workflow.StateDuplicate} {
		if got, err := parseState(in, false); err != nil || got != want {
			t.Errorf("parseState(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if got, _ := parseState("afvist", true); got != workflow.StateRejected {
		t.Errorf("afvist with a group = %q", got)
	}
	if got, _ := parseState("afvist", false); got != workflow.StateDeclined {
		t.Errorf("afvist without a group = %q", got)
	}
}

// FuzzImportCSV: any bytes are read without a panic; every wish read has a key and a
// line inside the file, and the problems name lines inside the file.
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte(danishSheet))
	f.Add([]byte("title,purpose,business_value,state,submitted_at,submitted_by\nA,p,v,indsendt,2025-01-01,Per\n"))
	f.Add([]byte("wish,title,state,event_kind\n1,A,submitted,wish.submitted\n1,A,submitted,wish.moved\n")) // the export's form
	f.Add([]byte("title;purpose;business_value;state;submitted_at;submitted_by;estimate_dkk\n;;;frosset;31-02-2025;;250.000,50\n"))
	f.Add([]byte("\uFEFF\"unterminated\n"))
	f.Add([]byte("title,purpose,business_value,state,submitted_at,submitted_by,event_data\nA,p,v,x,y,z,{\"a\":1}\n"))
	// Two id-less rows that differ only in purpose (review finding 8), and an
	// initiative and cycle in the export's columns.
	f.Add([]byte("title;purpose;business_value;state;submitted_at;submitted_by\nFejl;A;v;indsendt;01-02-2025;Per\nFejl;B;v;indsendt;01-02-2025;Per\n"))
	f.Add([]byte("wish,title,purpose,value,state,submitter,created_at,cycle,initiative,initiative_state,cycle_expected,estimate_by\n" +
		"1,A,p,v,planned,U1,2025-01-01,2027.2,x,approved,2027-09-01,U9\n"))
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	f.Fuzz(func(t *testing.T, data []byte) {
		d, problems, err := readImportCSV(bytes.NewReader(data), cph)
		if err != nil {
			return
		}
		ws := d.Wishes
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, w := range ws {
			if w.Key == "" || w.Line < 2 || w.Line > lines {
				t.Fatalf("wish with key %q on line %d of %d", w.Key, w.Line, lines)
			}
		}
		for _, p := range append(problems, workflow.CheckImportData(d)...) {
			if p.Line < 1 || p.Line > lines {
				t.Fatalf("problem on line %d of %d: %v", p.Line, lines, p)
			}
		}
	})
}

// FuzzImportJSON: any bytes are read without a panic, and what an export wrote reads back.
func FuzzImportJSON(f *testing.F) {
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"id":1,"title":"Påmindelse","state":"til vurdering","group":"kontrakt","submitter":"U1","created_at":"2025-01-01T00:00:00Z",` +
		`"estimates":[{"amount_dkk":120000,"hours":5}],"history":[{"at":"2025-01-01T00:00:00Z","actor":"U1","kind":"wish.submitted"}]}]`))
	f.Add([]byte(`[{"id":2,"state":"dublet","duplicate_of":1}, {"id":"x"}]`))
	f.Add([]byte(`{"id":1}`))
	f.Add([]byte("\uFEFF[\n{\"id\":1},\n"))
	// The export's object, with an initiative and a cycle.
	f.Add([]byte(`{"wishes":[{"id":1,"title":"A","state":"approved","group":"kontrakt","size":"major","submitter":"U1","created_at":"2025-01-01T00:00:00Z",` +
		`"estimates":[{"id":4,"amount_dkk":"1000","hours":"2"}],"followers":["U2"]}],` +
		`"initiatives":[{"id":3,"title":"T","wishes":[1],"state":"approved","decided_by":"U3","financing":"frame","decided_estimate":4}],` +
		`"cycles":[{"name":"2027.2","expected":"2027-09-01"}]}`))
	f.Add([]byte(`{"wishes":[],"initiatives":[{"id":0,"wishes":[9]}],"cycles":[{"name":"","expected":"x"}],"other":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, problems, err := readImportJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("reading bytes in memory failed: %v", err)
		}
		ws := d.Wishes
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, w := range ws {
			if w.Line < 1 || w.Line > lines {
				t.Fatalf("wish on line %d of %d", w.Line, lines)
			}
		}
		for _, p := range append(problems, workflow.CheckImportData(d)...) {
			if p.Line < 1 || p.Line > lines {
				t.Fatalf("problem on line %d of %d: %v", p.Line, lines, p)
			}
		}
	})
}

// FuzzParseDate: never a panic; what it accepts is in UTC and reads back the same
// written as RFC 3339.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-31", "31-03-2025", "31.03.2025", "1-3-2025", "31-03-2025 14:30",
		"2025-03-31T12:00:00Z", "2025-03-31T12:00:00+02:00", "31-02-2025", "03/31/2025", "", "i går"} {
		f.Add(s)
	}
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseDate(s, cph)
		if err != nil {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("%q gave %v, not UTC", s, got)
		}
		if again, err := parseDate(got.Format(time.RFC3339Nano), cph); err != nil || !again.Equal(got) {
			t.Fatalf("%q gave %v, which reads back as %v, %v", s, got, again, err)
		}
	})
}

// FuzzParseState: never a panic; what it accepts is a known state, and the state's
// own code reads back as that state.
func FuzzParseState(f *testing.F) {
	for _, s := range []string{"indsendt", "Til vurdering", "in_assessment", "in assessment", "afvist", "DUBLET", "frosset", ""} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, hasGroup bool) {
		st, err := parseState(s, hasGroup)
		if err != nil {
			return
		}
		if again, err := parseState(string(st), hasGroup); err != nil || again != st || !slices.Contains(workflow.States, st) {
			t.Fatalf("%q gave %q, which reads back as %q, %v", s, st, again, err)
		}
	})
}
