package workflow

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ImportData is everything a file brings: its wishes, the steering group's
// initiatives over them, and the development cycles they are planned in.
type ImportData struct {
	Wishes      []ImportWish
	Initiatives []ImportInitiative
	Cycles      []ImportCycle
}

// ImportInitiative is one initiative of a file: a recommendation to the steering group
// and its decision, over wishes of the same file named by their keys.
type ImportInitiative struct {
	Line       int
	Key        string     // the source's initiative, e.g. "initiative/3": what history data names
	Initiative Initiative // ID and WishIDs are ignored
	WishKeys   []string
	// DecidedEstimate is the source's id of the newest estimate at the decision (the
	// estimates' IDs of the same file); 0 when undecided.
	DecidedEstimate int64
}

// ImportCycle is one development cycle of a file.
type ImportCycle struct {
	Line  int
	Cycle Cycle
}

// needsGroup are the states a wish reaches only through a working group.
var needsGroup = map[State]bool{StateInAssessment: true, StatePrioritised: true, StateRejected: true, StateSpecified: true,
	StateEstimated: true, StateRecommended: true, StateApproved: true, StateNotApproved: true}

// needsEstimate are the states a wish reaches only with the supplier's price estimate:
// the major wish's path from the estimate to the steering group's decision.
var needsEstimate = map[State]bool{StateEstimated: true, StateRecommended: true, StateApproved: true, StateNotApproved: true}

// needsInitiative are the states only a recommendation to the steering group leads to.
var needsInitiative = map[State]bool{StateRecommended: true, StateApproved: true, StateNotApproved: true}

// CheckImport checks the wishes of a file that brings nothing else.
func CheckImport(ws []ImportWish) ImportErrors { return CheckImportData(ImportData{Wishes: ws}) }

// CheckImportData checks every wish, initiative and cycle of a file on its own and
// against the others, and returns all the problems at once. A wish's state must carry
// what the charter's steps to it produce (a group, a size, a priority, an estimate, an
// initiative, a cycle), and its history must end in that state. What depends on the
// database (groups, keys imported before) is checked by Import.
func CheckImportData(d ImportData) ImportErrors {
	var errs ImportErrors
	inInitiative := map[string]bool{}
	for _, in := range d.Initiatives {
		for _, k := range in.WishKeys {
			inInitiative[k] = true
		}
	}
	seen := map[string]int{}
	for _, iw := range d.Wishes {
		add := func(col, format string, args ...any) {
			errs = append(errs, ImportProblem{Line: iw.Line, Column: col, Problem: fmt.Sprintf(format, args...)})
		}
		if line, ok := seen[iw.Key]; ok {
			add("id", "the key %q is also on line %d", iw.Key, line)
		}
		seen[iw.Key] = iw.Line
		checkImportFields(iw, add)
		checkImportState(iw, inInitiative[iw.Key], add)
		checkImportHistory(iw, add)
	}
	errs = append(errs, checkImportPlan(d, seen)...)
	return errs
}

func checkImportFields(iw ImportWish, add func(col, format string, args ...any)) {
	w := iw.Wish
	switch {
	case strings.TrimSpace(w.Title) == "":
		add("title", "is required")
	case utf8.RuneCountInString(w.Title) > MaxTitle:
		add("title", "is longer than %d characters", MaxTitle)
	}
	if w.Size != "" && w.Size != SizeNormal && w.Size != SizeMajor {
		add("size", "%q is not normal or major", w.Size)
	}
	if _, ok := ParsePriority(string(w.Priority)); w.Priority != "" && !ok {
		add("priority", "%q is not high, medium or low", w.Priority)
	}
	if strings.TrimSpace(w.SubmitterID) == "" {
		add("submitted_by", "is required")
	}
	if w.CreatedAt.IsZero() {
		add("submitted_at", "is required")
	}
	for _, e := range iw.Estimates {
		if e.Amount < 0 || e.Amount > MaxAmount || e.Hours < 0 || e.Hours > MaxHours {
			add("estimate", "%s DKK, %s hours is out of range", e.Amount.Format("", "."), e.Hours.Format("", "."))
		}
	}
}

// checkImportState says what a state lacks of what the steps to it produce.
func checkImportState(iw ImportWish, inInitiative bool, add func(col, format string, args ...any)) {
	w := iw.Wish
	if !knownState(w.State) {
		add("state", "%q is not a state", w.State)
		return
	}
	if needsGroup[w.State] && w.Group == "" {
		add("group", "is required for a wish in state %s", w.State)
	}
	if (w.State == StatePrioritised || w.State == StateSpecified) && w.Priority == "" {
		add("priority", "is required for a wish in state %s", w.State)
	}
	if (w.State == StateSpecified || needsEstimate[w.State]) && w.Size != SizeMajor {
		add("size", "must be major for a wish in state %s: only a major wish is specified and estimated", w.State)
	}
	if w.State == StateSpecified && w.SpecLink == "" && w.SpecSummary == "" {
		add("spec_link", "a specification (link or summary) is required for a wish in state %s", w.State)
	}
	if needsEstimate[w.State] && len(iw.Estimates) == 0 {
		add("estimate_dkk", "the supplier's price estimate is required for a wish in state %s", w.State)
	}
	if w.State == StatePlanned && w.Cycle == "" {
		add("cycle", "is required for a wish in state %s", w.State)
	}
	if w.State == StatePlanned && w.Size == SizeMajor && len(iw.Estimates) == 0 {
		add("estimate_dkk", "the supplier's price estimate is required for a planned major wish")
	}
	if needsInitiative[w.State] && !inInitiative {
		add("state", "a wish in state %s needs the steering group's initiative in the file (tovholder export writes it)", w.State)
	}
	if w.State == StateDuplicate && iw.DuplicateOfKey == "" {
		add("duplicate_of", "is required for a duplicate")
	}
}

// importableKinds are the kinds of event a wish's imported history may hold.
var importableKinds = map[EventKind]bool{EvWishSubmitted: true, EvWishEdited: true, EvWishMoved: true,
	EvWishFollowed: true, EvWishUnfollowed: true, EvPollStarted: true, EvStanceTaken: true, EvPollClosed: true,
	EvEstimate: true, EvInitiativeRecommended: true, EvInitiativeDecided: true, EvInitiativeWishLeft: true,
	EvWishImported: true, EvReminderSent: true,
	// support's history (the supports themselves are people's, not a file's: not imported)
	EvWishSupported: true, EvWishUnsupported: true, EvSupportReceipt: true}

// checkImportHistory refuses history that is not a wish's, or that does not end where
// the wish is: a card announces the last move as the file has it.
func checkImportHistory(iw ImportWish, add func(col, format string, args ...any)) {
	var last *Event
	for i, e := range iw.History {
		if !importableKinds[e.Kind] {
			add("event_kind", "%q is not an event of a wish's history", e.Kind)
		}
		if e.At.IsZero() {
			add("event_at", "is required")
		}
		if (e.Kind == EvWishMoved || e.Kind == EvWishSubmitted) && !knownState(e.To) {
			add("event_to", "%q is not a state", e.To)
		}
		if e.Kind == EvWishMoved || e.Kind == EvWishSubmitted {
			last = &iw.History[i]
		}
	}
	if last != nil && knownState(iw.Wish.State) && last.To != iw.Wish.State {
		add("event_to", "the history ends in state %s, the wish is %s", last.To, iw.Wish.State)
	}
}

// checkImportPlan checks the initiatives and cycles against the wishes of the file.
func checkImportPlan(d ImportData, wishLines map[string]int) ImportErrors {
	var errs ImportErrors
	add := func(line int, col, format string, args ...any) {
		errs = append(errs, ImportProblem{Line: line, Column: col, Problem: fmt.Sprintf(format, args...)})
	}
	cycles := map[string]bool{}
	for _, c := range d.Cycles {
		if !ValidCycleName(c.Cycle.Name) {
			add(c.Line, "cycles.name", "%q is not a cycle name", c.Cycle.Name)
		}
		if c.Cycle.Expected.IsZero() {
			add(c.Line, "cycles.expected", "is required")
		}
		if cycles[c.Cycle.Name] {
			add(c.Line, "cycles.name", "cycle %q is in the file twice", c.Cycle.Name)
		}
		cycles[c.Cycle.Name] = true
	}
	keys := map[string]bool{}
	for _, in := range d.Initiatives {
		if keys[in.Key] {
			add(in.Line, "initiatives.id", "initiative %q is in the file twice", in.Key)
		}
		keys[in.Key] = true
		if strings.TrimSpace(in.Initiative.Title) == "" {
			add(in.Line, "initiatives.title", "is required")
		}
		switch in.Initiative.State {
		case InitiativeRecommended, InitiativeWithdrawn:
		case InitiativeApproved, InitiativeDeclined:
			if in.Initiative.DecidedBy == "" || in.Initiative.DecidedAt.IsZero() {
				add(in.Line, "initiatives.decided_by", "who decided, and when, is required for a decided initiative")
			}
			if in.Initiative.State == InitiativeApproved && in.Initiative.Financing == "" {
				add(in.Line, "initiatives.financing", "is required for an approved initiative")
			}
		default:
			add(in.Line, "initiatives.state", "%q is not a state of an initiative", in.Initiative.State)
		}
		for _, k := range in.WishKeys {
			if _, ok := wishLines[k]; !ok {
				add(in.Line, "initiatives.wishes", "wish %q is not in the file", k)
			}
		}
	}
	return errs
}

func knownState(s State) bool {
	for _, k := range States {
		if k == s {
			return true
		}
	}
	return false
}
