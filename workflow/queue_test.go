package workflow

import (
	"slices"
	"testing"
)

// matches is what the store does with the fields of f that the queues use.
func matches(f WishFilter, w Wish) bool {
	return (len(f.States) == 0 || slices.Contains(f.States, w.State)) &&
		(len(f.Sizes) == 0 || slices.Contains(f.Sizes, w.Size))
}

func anyMatches(fs []WishFilter, w Wish) bool {
	n := 0
	for _, f := range fs {
		if matches(f, w) {
			n++
		}
	}
	return n > 0
}

// TestQueueFilters: the queues the store counts and cuts hold exactly the wishes
// their rules name, for every state and size, and their filters never overlap.
func TestQueueFilters(t *testing.T) {
	rules := map[string]func(Wish) bool{
		"triage":    func(w Wish) bool { return w.State == StateSubmitted },
		"estimate":  func(w Wish) bool { return w.State == StateSpecified },
		"recommend": func(w Wish) bool { return w.State == StateEstimated },
		"plan":      func(w Wish) bool { return CanPlan(w) && w.State != StatePlanned },
		"deliver":   func(w Wish) bool { return w.State == StatePlanned },
		// a group's
		"assessment": func(w Wish) bool { return w.State == StateInAssessment },
		"spec":       CanAddSpec,
	}
	for _, q := range slices.Concat(secretariatQueues, groupQueues) {
		rule := rules[q.key]
		if rule == nil {
			t.Fatalf("queue %s has no rule in this test", q.key)
		}
		for _, st := range States {
			for _, size := range []Size{"", SizeNormal, SizeMajor} {
				w := Wish{State: st, Size: size}
				if got, want := anyMatches(q.filters, w), rule(w); got != want {
					t.Errorf("queue %s holds a %s wish of size %q: %v, want %v", q.key, st, size, got, want)
				}
				n := 0
				for _, f := range q.filters {
					if matches(f, w) {
						n++
					}
				}
				if n > 1 {
					t.Errorf("queue %s: %d filters overlap on a %s wish of size %q", q.key, n, st, size)
				}
			}
		}
	}
	for _, st := range States {
		for _, size := range []Size{"", SizeNormal, SizeMajor} {
			w := Wish{State: st, Size: size}
			if got, want := anyMatches(specFilters(""), w), CanAddSpec(w); got != want {
				t.Errorf("spec queue holds a %s wish of size %q: %v, want %v", st, size, got, want)
			}
		}
	}
}
