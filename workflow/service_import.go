package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ImportTx is what an import needs of a transaction: the external keys of the wishes
// imported before, so that importing a file twice creates nothing the second time.
type ImportTx interface {
	// ImportedWish returns the wish imported under key; ErrNotFound when none was.
	ImportedWish(key string) (int64, error)
	// RecordImport remembers that key was imported as wish id; ErrExists when key was.
	RecordImport(key string, id int64, at time.Time) error
}

// EvWishImported is the one event an import adds to each wish it creates, after the
// history the file brought.
const EvWishImported EventKind = "wish.imported"

// ImportWish is one wish of an import file, as the file has it.
type ImportWish struct {
	Line           int    // where the wish starts in the file, for messages
	Key            string // the external key: an export's number, or a sheet's id
	Wish           Wish   // ID and DuplicateOf are ignored; Group may be a key or a name
	DuplicateOfKey string // the key of the wish this one duplicates
	Estimates      []Estimate
	History        []Event // with their original times and actors
}

// ImportProblem is what is wrong with one wish of a file, by line and column.
type ImportProblem struct {
	Line    int
	Column  string
	Problem string
}

func (p ImportProblem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Problem)
	}
	return fmt.Sprintf("line %d, column %s: %s", p.Line, p.Column, p.Problem)
}

// ImportErrors is every problem found in a file; nothing is written when there is one.
type ImportErrors []ImportProblem

func (e ImportErrors) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s), nothing imported:\n%s", len(e), strings.Join(lines, "\n"))
}

// groupRequired are the states a wish reaches only through a working group.
var groupRequired = map[State]bool{StateInAssessment: true, StatePrioritised: true, StateRejected: true, StateSpecified: true}

// CheckImport checks every wish of a file on its own and against the others, and
// returns all the problems at once. What depends on the database (groups, keys
// imported before) is checked by Import.
func CheckImport(ws []ImportWish) ImportErrors {
	var errs ImportErrors
	add := func(iw ImportWish, col, format string, args ...any) {
		errs = append(errs, ImportProblem{Line: iw.Line, Column: col, Problem: fmt.Sprintf(format, args...)})
	}
	seen := map[string]int{}
	for _, iw := range ws {
		w := iw.Wish
		if line, ok := seen[iw.Key]; ok {
			add(iw, "id", "the key %q is also on line %d", iw.Key, line)
		}
		seen[iw.Key] = iw.Line
		switch {
		case strings.TrimSpace(w.Title) == "":
			add(iw, "title", "is required")
		case utf8.RuneCountInString(w.Title) > MaxTitle:
			add(iw, "title", "is longer than %d characters", MaxTitle)
		}
		if !knownState(w.State) {
			add(iw, "state", "%q is not a state", w.State)
		}
		if groupRequired[w.State] && w.Group == "" {
			add(iw, "group", "is required for a wish in state %s", w.State)
		}
		if w.Size != "" && w.Size != SizeNormal && w.Size != SizeMajor {
			add(iw, "size", "%q is not normal or major", w.Size)
		}
		if _, ok := ParsePriority(string(w.Priority)); w.Priority != "" && !ok {
			add(iw, "priority", "%q is not high, medium or low", w.Priority)
		}
		if strings.TrimSpace(w.SubmitterID) == "" {
			add(iw, "submitted_by", "is required")
		}
		if w.CreatedAt.IsZero() {
			add(iw, "submitted_at", "is required")
		}
		if w.State == StateDuplicate && iw.DuplicateOfKey == "" {
			add(iw, "duplicate_of", "is required for a duplicate")
		}
		for _, e := range iw.Estimates {
			if e.Amount < 0 || e.Amount > MaxAmount || e.Hours < 0 || e.Hours > MaxHours {
				add(iw, "estimate", "%s DKK, %s hours is out of range", e.Amount.Format("", "."), e.Hours.Format("", "."))
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

// ImportOptions say how to import.
type ImportOptions struct {
	DryRun   bool   // check and report, write nothing
	Announce bool   // post each new wish's card to its current place, through the outbox
	Source   string // the file's name, for the imported event
}

// ImportedWish is one wish of an import's result.
type ImportedWish struct {
	Key   string
	ID    int64
	Title string
	State State
}

// ImportResult says what an import created and what it found imported before.
type ImportResult struct {
	Created  []ImportedWish
	Existing []ImportedWish
}

var errDryRun = errors.New("dry run")

// Import creates the wishes of a file in one transaction, with their estimates and
// history as the file has them and one EvWishImported event each. A wish whose key
// was imported before is left alone. Nothing is written when any wish has a problem,
// or on a dry run, which reports what it would create (numbers included).
func (s *Service) Import(ctx context.Context, ws []ImportWish, opt ImportOptions) (ImportResult, error) {
	if errs := CheckImport(ws); len(errs) > 0 {
		return ImportResult{}, errs
	}
	var res ImportResult
	err := s.atomic(ctx, System, func(c *change) error {
		res = ImportResult{}
		im := importer{c: c, opt: opt, ids: map[string]int64{}}
		if err := im.load(); err != nil {
			return err
		}
		fresh, err := im.sortOut(ws, &res)
		if err != nil {
			return err
		}
		for _, iw := range fresh {
			if err := im.create(iw, &res); err != nil {
				return err
			}
		}
		for _, iw := range fresh {
			if err := im.fill(iw); err != nil {
				return err
			}
		}
		if len(im.errs) > 0 {
			return im.errs
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return res, err
}

// importer is one import's transaction.
type importer struct {
	c      *change
	opt    ImportOptions
	groups map[string]Group // by key and by lower-case name
	ids    map[string]int64 // wish number by external key
	errs   ImportErrors
}

func (im *importer) load() error {
	gs, err := im.c.tx.Groups()
	if err != nil {
		return fmt.Errorf("load groups: %w", err)
	}
	im.groups = map[string]Group{}
	for _, g := range gs {
		im.groups[g.Key] = g
		im.groups[strings.ToLower(g.Name)] = g
	}
	return nil
}

// sortOut finds the wishes imported before and returns the others.
func (im *importer) sortOut(ws []ImportWish, res *ImportResult) ([]ImportWish, error) {
	var fresh []ImportWish
	for _, iw := range ws {
		id, err := im.c.tx.ImportedWish(iw.Key)
		switch {
		case err == nil:
			im.ids[iw.Key] = id
			res.Existing = append(res.Existing, ImportedWish{Key: iw.Key, ID: id, Title: iw.Wish.Title, State: iw.Wish.State})
		case KindOf(err) == NotFound:
			fresh = append(fresh, iw)
		default:
			return nil, fmt.Errorf("look up import key %s: %w", iw.Key, err)
		}
	}
	return fresh, nil
}

// group resolves a group named by key or by name; "" stays "".
func (im *importer) group(iw ImportWish, col, name string) string {
	if name == "" {
		return ""
	}
	g, ok := im.groups[name]
	if !ok {
		g, ok = im.groups[strings.ToLower(name)]
	}
	if !ok {
		im.errs = append(im.errs, ImportProblem{Line: iw.Line, Column: col,
			Problem: fmt.Sprintf("%q is not a working group here: create it first (/tovholder group create)", name)})
		return ""
	}
	return g.Key
}

func (im *importer) create(iw ImportWish, res *ImportResult) error {
	w := iw.Wish
	w.ID, w.DuplicateOf = 0, 0
	w.Group = im.group(iw, "group", w.Group)
	if w.RequestedGroup != "" {
		w.RequestedGroup = im.group(iw, "requested_group", w.RequestedGroup)
	}
	if w.UpdatedAt.IsZero() {
		w.UpdatedAt = w.CreatedAt
	}
	id, err := im.c.tx.CreateWish(w)
	if err != nil {
		return fmt.Errorf("import line %d: %w", iw.Line, err)
	}
	im.ids[iw.Key] = id
	if err := im.c.tx.RecordImport(iw.Key, id, im.c.at); err != nil {
		return fmt.Errorf("import line %d: %w", iw.Line, err)
	}
	res.Created = append(res.Created, ImportedWish{Key: iw.Key, ID: id, Title: w.Title, State: w.State})
	return nil
}

// fill links a duplicate to its original and adds the estimates, the history and the
// imported event, with the card's notice when announcing.
func (im *importer) fill(iw ImportWish) error {
	id := im.ids[iw.Key]
	if iw.DuplicateOfKey != "" {
		orig, ok := im.ids[iw.DuplicateOfKey]
		if !ok {
			im.errs = append(im.errs, ImportProblem{Line: iw.Line, Column: "duplicate_of",
				Problem: fmt.Sprintf("%q is neither in the file nor imported before", iw.DuplicateOfKey)})
			return nil
		}
		w, err := im.c.tx.Wish(id)
		if err != nil {
			return err
		}
		w.DuplicateOf = orig
		if err := im.c.tx.UpdateWish(w); err != nil {
			return err
		}
	}
	for _, e := range iw.Estimates {
		e.ID, e.WishID = 0, id
		if _, err := im.c.tx.AddEstimate(e); err != nil {
			return err
		}
	}
	history := iw.History
	if len(history) == 0 {
		history = []Event{{At: iw.Wish.CreatedAt, Actor: iw.Wish.SubmitterID, Kind: EvWishSubmitted, To: StateSubmitted}}
	}
	for _, e := range history {
		e.ID, e.WishID = 0, id
		if _, err := im.c.tx.AppendEvent(e); err != nil {
			return err
		}
	}
	return im.imported(iw, id)
}

func (im *importer) imported(iw ImportWish, id int64) error {
	w, err := im.c.tx.Wish(id)
	if err != nil {
		return err
	}
	var notices []Notice
	if im.opt.Announce {
		card := Notice{Kind: NoticeWishCard, Op: OpPost, To: PlaceTarget(PlaceSecretariat), Ref: WishRef(id, "secretariat")}
		if g, ok := im.groups[w.Group]; ok {
			card = Notice{Kind: NoticeGroupCard, Op: OpPost, To: g.ChannelID, Ref: WishRef(id, "group/"+g.Key)}
		}
		card.Key = "import/" + iw.Key + "/card"
		notices = append(notices, card)
	}
	_, err = im.c.record(Event{Kind: EvWishImported, WishID: id, GroupKey: w.Group, To: w.State,
		Data: map[string]string{"key": iw.Key, "source": im.opt.Source}}, notices...)
	return err
}
