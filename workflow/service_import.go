package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
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
	Line           int        // where the wish starts in the file, for messages
	Key            string     // the external key: an export's number, or a sheet's id
	Wish           Wish       // ID and DuplicateOf are ignored; Group may be a key or a name
	DuplicateOfKey string     // the key of the wish this one duplicates
	Estimates      []Estimate // ID, when set, is the source's: it orders them and maps the decisions
	History        []Event    // with their original times and actors
	Followers      []string   // Slack user IDs, as the file has them
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

// Import creates the wishes of a file that brings nothing else; see ImportAll.
func (s *Service) Import(ctx context.Context, ws []ImportWish, opt ImportOptions) (ImportResult, error) {
	return s.ImportAll(ctx, ImportData{Wishes: ws}, opt)
}

// ImportAll creates the wishes of a file in one transaction, with their estimates,
// followers and history as the file has them and one EvWishImported event each, and
// the cycles and initiatives the file brings. A wish whose key was imported before is
// left alone, and so is an initiative all of whose wishes were, and a cycle whose name
// exists. Nothing is written when anything has a problem, or on a dry run, which
// reports what it would create (numbers included).
func (s *Service) ImportAll(ctx context.Context, d ImportData, opt ImportOptions) (ImportResult, error) {
	if errs := CheckImportData(d); len(errs) > 0 {
		return ImportResult{}, errs
	}
	var res ImportResult
	err := s.atomic(ctx, System, func(c *change) error {
		res = ImportResult{}
		im := importer{c: c, opt: opt, ids: map[string]int64{}, estimates: map[int64]int64{}, initiatives: map[string]int64{}}
		if err := im.load(); err != nil {
			return err
		}
		fresh, err := im.sortOut(d.Wishes, &res)
		if err != nil {
			return err
		}
		if err := im.cycles(d.Cycles, fresh); err != nil {
			return err
		}
		for _, iw := range fresh {
			if err := im.create(iw, &res); err != nil {
				return err
			}
		}
		if err := im.addEstimates(fresh); err != nil {
			return err
		}
		if err := im.addInitiatives(d.Initiatives); err != nil {
			return err
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
	c           *change
	opt         ImportOptions
	byKey       map[string]Group // groups by key: a key always wins
	byName      map[string]Group // groups by lower-case name; nil value when two share it
	ids         map[string]int64 // wish number by external key
	fresh       map[string]bool  // the keys this import creates
	estimates   map[int64]int64  // the new estimate id by the source's
	initiatives map[string]int64 // the new initiative id by the source's key
	errs        ImportErrors
}

func (im *importer) problem(line int, col, format string, args ...any) {
	im.errs = append(im.errs, ImportProblem{Line: line, Column: col, Problem: fmt.Sprintf(format, args...)})
}

func (im *importer) load() error {
	gs, err := im.c.tx.Groups()
	if err != nil {
		return fmt.Errorf("load groups: %w", err)
	}
	im.byKey, im.byName = map[string]Group{}, map[string]Group{}
	for _, g := range gs {
		im.byKey[g.Key] = g
		name := strings.ToLower(g.Name)
		if _, taken := im.byName[name]; taken {
			im.byName[name] = Group{} // ambiguous: refused by name
			continue
		}
		im.byName[name] = g
	}
	return nil
}

// sortOut finds the wishes imported before and returns the others.
func (im *importer) sortOut(ws []ImportWish, res *ImportResult) ([]ImportWish, error) {
	var fresh []ImportWish
	im.fresh = map[string]bool{}
	for _, iw := range ws {
		id, err := im.c.tx.ImportedWish(iw.Key)
		switch {
		case err == nil:
			im.ids[iw.Key] = id
			res.Existing = append(res.Existing, ImportedWish{Key: iw.Key, ID: id, Title: iw.Wish.Title, State: iw.Wish.State})
		case KindOf(err) == NotFound:
			fresh = append(fresh, iw)
			im.fresh[iw.Key] = true
		default:
			return nil, fmt.Errorf("look up import key %s: %w", iw.Key, err)
		}
	}
	return fresh, nil
}

// group resolves a group named by key or by name; "" stays "". A key always wins over
// a name, and a name two groups share is refused.
func (im *importer) group(iw ImportWish, col, name string) string {
	if name == "" {
		return ""
	}
	if g, ok := im.byKey[name]; ok {
		return g.Key
	}
	g, ok := im.byName[strings.ToLower(name)]
	switch {
	case !ok:
		im.problem(iw.Line, col, "%q is not a working group here: create it first (/tovholder group create)", name)
	case g.Key == "":
		im.problem(iw.Line, col, "%q is the name of more than one working group: write the group's key", name)
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
	w.Revision = max(w.Revision, 1) // a text the secretariat can read and decide on
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

// fill links a duplicate to its original (whose followers it joins, as MarkDuplicate
// does), and adds the followers, the history and the imported event, with the card's
// notice when announcing.
func (im *importer) fill(iw ImportWish) error {
	id := im.ids[iw.Key]
	for _, u := range iw.Followers {
		if _, err := im.c.tx.Follow(id, u); err != nil {
			return fmt.Errorf("import line %d: follow: %w", iw.Line, err)
		}
	}
	if iw.DuplicateOfKey != "" {
		if err := im.duplicate(iw, id); err != nil {
			return err
		}
	}
	history := iw.History
	if len(history) == 0 {
		history = []Event{{At: iw.Wish.CreatedAt, Actor: iw.Wish.SubmitterID, Kind: EvWishSubmitted, To: StateSubmitted}}
	}
	for _, e := range history {
		e.ID, e.WishID, e.Data = 0, id, im.data(e.Data)
		if _, err := im.c.tx.AppendEvent(e); err != nil {
			return err
		}
	}
	return im.imported(iw, id)
}

func (im *importer) duplicate(iw ImportWish, id int64) error {
	orig, ok := im.ids[iw.DuplicateOfKey]
	if !ok {
		im.problem(iw.Line, "duplicate_of", "%q is neither in the file nor imported before", iw.DuplicateOfKey)
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
	for _, u := range append(iw.Followers, w.SubmitterID) {
		if _, err := im.c.tx.Follow(orig, u); err != nil {
			return fmt.Errorf("carry follower to %d: %w", orig, err)
		}
	}
	return nil
}

// DataImported marks an event of a wish's history that an import brought: it is the
// file's word, not something this database saw happen.
const DataImported = "imported"

// sourceRows are the keys of an event's data that name a row of the source database
// (a poll, a wish): they mean nothing here, or something else, and are dropped.
// "initiative" is mapped to the initiative imported, or dropped.
var sourceRows = map[string]bool{"poll": true, "wish": true, "wishes": true, "duplicate_of": true, "initiative": true}

// data keeps what of an imported event's data means the same here, and marks it imported.
func (im *importer) data(in map[string]string) map[string]string {
	out := map[string]string{DataImported: "true"}
	for k, v := range in {
		switch {
		case !sourceRows[k]:
			out[k] = v
		case k == "initiative" && im.initiatives["initiative/"+v] != 0:
			out[k] = itoa(im.initiatives["initiative/"+v])
		}
	}
	return out
}

func (im *importer) imported(iw ImportWish, id int64) error {
	w, err := im.c.tx.Wish(id)
	if err != nil {
		return err
	}
	var notices []Notice
	if im.opt.Announce {
		card := Notice{Kind: NoticeWishCard, Op: OpPost, To: PlaceTarget(PlaceSecretariat), Ref: WishRef(id, "secretariat")}
		if g, ok := im.byKey[w.Group]; ok {
			card = Notice{Kind: NoticeGroupCard, Op: OpPost, To: g.ChannelID, Ref: WishRef(id, "group/"+g.Key)}
		}
		card.Key = "import/" + iw.Key + "/card"
		notices = append(notices, card)
	}
	_, err = im.c.record(Event{Kind: EvWishImported, WishID: id, GroupKey: w.Group, To: w.State,
		Data: map[string]string{"key": iw.Key, "source": im.opt.Source}}, notices...)
	return err
}
