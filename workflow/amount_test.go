package workflow_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// amountCases are read by TestParseAmount and seed FuzzParseAmount. want is in øre;
// key is the catalog key of a refusal.
var amountCases = []struct {
	in   string
	want workflow.Amount
	key  string
}{
	{"250000", 25_000_000, ""},
	{"250.000", 25_000_000, ""},
	{"250.000,50", 25_000_050, ""}, // the bug: read as 25,000,050 kroner
	{"250 000", 25_000_000, ""},
	{"250\u00a0000,5", 25_000_050, ""},
	{"250,000.50", 25_000_050, ""},
	{"250,000", 25_000_000, ""}, // a lone separator before three digits groups thousands
	{"1.500", 150_000, ""},
	{"1,500", 150_000, ""},
	{"12.5", 1250, ""}, // the bug: read as 125 kroner
	{"12,5", 1250, ""},
	{"7,05", 705, ""},
	{"0", 0, ""},
	{"0,5", 50, ""},
	{"1.234.567,89", 123_456_789, ""},
	{"1,234,567.89", 123_456_789, ""},
	{"kr. 250.000", 25_000_000, ""},
	{"250.000 kr.", 25_000_000, ""},
	{"250.000 kr", 25_000_000, ""},
	{"250.000,- kr.", 25_000_000, ""},
	{"250.000,-", 25_000_000, ""},
	{"DKK 250,000.50", 25_000_050, ""},
	{"250000 dkk", 25_000_000, ""},
	{"1.000.000.000", workflow.MaxAmount, ""},
	{"", 0, "err.estimate.amount"},
	{"kr.", 0, "err.estimate.amount"},
	{"abc", 0, "err.estimate.amount"},
	{"-5", 0, "err.estimate.amount"},
	{"1e5", 0, "err.estimate.amount"},
	{"250.", 0, "err.estimate.amount"},
	{",50", 0, "err.estimate.amount"},
	{"1.2345", 0, "err.estimate.amount"},
	{"1.2.3", 0, "err.estimate.amount"},
	{"250,000,50", 0, "err.estimate.amount"},
	{"250.000.000,5.0", 0, "err.estimate.amount"},
	{"1 2", 0, "err.estimate.amount"},
	{"250 000.000", 0, "err.estimate.amount"}, // two ways of grouping
	{"2500 000", 0, "err.estimate.amount"},
	{"250  000", 0, "err.estimate.amount"},
	{"1,234.567", 0, "err.estimate.amount_decimals"},
	{"250.000,505", 0, "err.estimate.amount_decimals"},
	{"1.000.000.001", 0, "err.estimate.amount_range"},
	{"99999999999999999999", 0, "err.estimate.amount"},
}

func TestParseAmount(t *testing.T) {
	for _, tc := range amountCases {
		got, err := workflow.ParseAmount(tc.in)
		if key := errKey(err); got != tc.want || key != tc.key {
			t.Errorf("ParseAmount(%q) = %d, %q; want %d, %q", tc.in, got, key, tc.want, tc.key)
		}
	}
}

var hoursCases = []struct {
	in   string
	want workflow.Hours
	key  string
}{
	{"150", 1500, ""},
	{"7,5", 75, ""}, // the bug: read as 75 hours
	{"7.5", 75, ""},
	{"12.5", 125, ""}, // the bug: read as 125 hours
	{"0,5", 5, ""},
	{"1.500", 15000, ""},
	{"1 500,5", 15005, ""},
	{"1.000.000", workflow.MaxHours, ""},
	{"", 0, "err.estimate.hours"},
	{"ten", 0, "err.estimate.hours"},
	{"7,", 0, "err.estimate.hours"},
	{"7,25", 0, "err.estimate.hours_decimals"},
	{"1.000.001", 0, "err.estimate.hours_range"},
}

func TestParseHours(t *testing.T) {
	for _, tc := range hoursCases {
		got, err := workflow.ParseHours(tc.in)
		if key := errKey(err); got != tc.want || key != tc.key {
			t.Errorf("ParseHours(%q) = %d, %q; want %d, %q", tc.in, got, key, tc.want, tc.key)
		}
	}
}

func TestFormatAmountAndHours(t *testing.T) {
	for _, tc := range []struct {
		a      workflow.Amount
		da, en string
	}{
		{25_000_050, "250.000,50", "250,000.50"},
		{25_000_000, "250.000", "250,000"},
		{5, "0,05", "0.05"},
		{100, "1", "1"},
		{123_456_789, "1.234.567,89", "1,234,567.89"},
	} {
		if da, en := tc.a.Format(".", ","), tc.a.Format(",", "."); da != tc.da || en != tc.en {
			t.Errorf("Amount(%d) = %q / %q, want %q / %q", tc.a, da, en, tc.da, tc.en)
		}
	}
	for h, want := range map[workflow.Hours]string{75: "7,5", 1500: "150", 15005: "1.500,5", 0: "0"} {
		if got := h.Format(".", ","); got != want {
			t.Errorf("Hours(%d) = %q, want %q", h, got, want)
		}
	}
}

func errKey(err error) string {
	if err == nil {
		return ""
	}
	e, ok := err.(*workflow.Error)
	if !ok {
		return err.Error()
	}
	return e.Msg
}

// FuzzParseAmount: no panic; a refusal rather than a negative or too large amount;
// whatever is accepted prints back, Danish or English, to the same amount.
func FuzzParseAmount(f *testing.F) {
	for _, tc := range amountCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := workflow.ParseAmount(s)
		if err != nil {
			if a != 0 || workflow.KindOf(err) != workflow.Invalid {
				t.Fatalf("ParseAmount(%q) = %d, %v", s, a, err)
			}
			return
		}
		if a < 0 || a > workflow.MaxAmount {
			t.Fatalf("ParseAmount(%q) = %d, out of range", s, a)
		}
		for _, sep := range [][2]string{{".", ","}, {",", "."}, {" ", ","}} {
			text := a.Format(sep[0], sep[1])
			if back, err := workflow.ParseAmount(text); err != nil || back != a {
				t.Fatalf("ParseAmount(%q) = %d, printed %q, read back %d, %v", s, a, text, back, err)
			}
		}
	})
}

// FuzzParseHours: as FuzzParseAmount, for hours.
func FuzzParseHours(f *testing.F) {
	for _, tc := range hoursCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := workflow.ParseHours(s)
		if err != nil {
			if h != 0 || workflow.KindOf(err) != workflow.Invalid {
				t.Fatalf("ParseHours(%q) = %d, %v", s, h, err)
			}
			return
		}
		if h < 0 || h > workflow.MaxHours {
			t.Fatalf("ParseHours(%q) = %d, out of range", s, h)
		}
		for _, sep := range [][2]string{{".", ","}, {",", "."}} {
			text := h.Format(sep[0], sep[1])
			if back, err := workflow.ParseHours(text); err != nil || back != h {
				t.Fatalf("ParseHours(%q) = %d, printed %q, read back %d, %v", s, h, text, back, err)
			}
		}
	})
}

// FuzzParseWishIDs: no panic; what is accepted is a list of positive numbers that
// reads back the same when written out again.
func FuzzParseWishIDs(f *testing.F) {
	for _, s := range []string{"12", "#12 14", "1,2;3", "x", "0", "12a", "", "#", "1\n2", "+1", "-1", "01",
		"99999999999999999999", "9223372036854775807", " , ;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids, ok := workflow.ParseWishIDs(s)
		if !ok {
			if ids != nil {
				t.Fatalf("ParseWishIDs(%q) refused but returned %v", s, ids)
			}
			return
		}
		if len(ids) == 0 {
			t.Fatalf("ParseWishIDs(%q) accepted nothing", s)
		}
		parts := make([]string, len(ids))
		for i, id := range ids {
			if id <= 0 {
				t.Fatalf("ParseWishIDs(%q) = %v", s, ids)
			}
			parts[i] = "#" + strconv.FormatInt(id, 10)
		}
		back, ok := workflow.ParseWishIDs(strings.Join(parts, ", "))
		if !ok || len(back) != len(ids) {
			t.Fatalf("ParseWishIDs(%q) = %v, written back reads %v, %v", s, ids, back, ok)
		}
		for i := range ids {
			if back[i] != ids[i] {
				t.Fatalf("ParseWishIDs(%q) = %v, written back reads %v", s, ids, back)
			}
		}
	})
}
