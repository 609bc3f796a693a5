package workflow

import (
	"context"
	"fmt"
	"strings"
)

// RecommendInput is the secretariat's recommendation of one or several estimated
// wishes to the steering group, as one initiative.
type RecommendInput struct {
	WishIDs []int64
	Title   string
	Text    string
}

// MaxInitiativeWishes bounds an initiative, so that its message stays readable.
const MaxInitiativeWishes = 20

// Recommend recommends estimated wishes to the steering group (secretariat): the
// wishes become recommended and the initiative is posted in the steering channel
// with Approve and Decline.
func (s *Service) Recommend(ctx context.Context, a Actor, in RecommendInput) (Initiative, error) {
	if err := requireRole(a, RoleSecretariat); err != nil {
		return Initiative{}, err
	}
	in.Title, in.Text = strings.TrimSpace(in.Title), strings.TrimSpace(in.Text)
	errs := FieldErrors{}
	required(errs, "title", in.Title, MaxTitle)
	required(errs, "text", in.Text, MaxText)
	ids, ok := distinct(in.WishIDs)
	if !ok || len(ids) == 0 || len(ids) > MaxInitiativeWishes {
		errs["wishes"] = "err.recommend.wishes"
	}
	if len(errs) > 0 {
		return Initiative{}, &FieldError{Fields: errs}
	}
	ini := Initiative{Title: in.Title, Recommendation: in.Text, WishIDs: ids, State: InitiativeRecommended, RecommendedBy: a.UserID}
	err := s.atomic(ctx, a, func(c *change) (err error) {
		if err := c.require(RoleSecretariat); err != nil {
			return err
		}
		ini.RecommendedAt = c.at
		ws := make([]Wish, len(ids))
		for i, id := range ids {
			if ws[i], err = loadWish(c.tx, id); err != nil {
				return err
			}
			if ws[i].State != StateEstimated {
				return Errorf(Conflict, "err.recommend.state", id, string(ws[i].State))
			}
			// The steering group decides on the supplier's price: never on none.
			if es, err := c.tx.Estimates(id); err != nil {
				return fmt.Errorf("estimates of %d: %w", id, err)
			} else if len(es) == 0 {
				return Errorf(Conflict, "err.recommend.no_estimate", id)
			}
		}
		if ini.ID, err = c.tx.CreateInitiative(ini); err != nil {
			return fmt.Errorf("create initiative: %w", err)
		}
		for i := range ws {
			if err := c.move(&ws[i], StateRecommended, ini.Title, map[string]string{"initiative": itoa(ini.ID)}); err != nil {
				return err
			}
		}
		// Posted after the moves, so that their refreshes do not update it at once.
		post := Notice{Kind: NoticeRecommendation, Op: OpPost, To: PlaceTarget(PlaceSteering), Ref: InitiativeRef(ini.ID), WishID: ids[0]}
		_, err = c.record(Event{Kind: EvInitiativeRecommended, Note: ini.Title,
			Data: map[string]string{"initiative": itoa(ini.ID), "wishes": joinIDs(ids)}}, post)
		return err
	})
	return ini, err
}

// Decide is the steering group's decision on an initiative: approved with a form of
// financing (and an optional note), or declined with a reason. Its wishes become
// approved or not approved, the steering message shows the decision, and the user
// club is told.
func (s *Service) Decide(ctx context.Context, a Actor, id int64, approve bool, financing, note string) (Initiative, error) {
	if err := requireRole(a, RoleSteering); err != nil {
		return Initiative{}, err
	}
	clean, err := cleanNote(note, !approve)
	if err != nil {
		key := "err.field.too_long"
		if strings.TrimSpace(note) == "" {
			key = "err.note.required"
		}
		return Initiative{}, &FieldError{Fields: FieldErrors{"note": key}}
	}
	note = clean
	if approve && financing == "" {
		return Initiative{}, &FieldError{Fields: FieldErrors{"financing": "err.field.required"}}
	}
	var ini Initiative
	err = s.atomic(ctx, a, func(c *change) (err error) {
		if err := c.require(RoleSteering); err != nil {
			return err
		}
		if ini, err = loadInitiative(c.tx, id); err != nil {
			return err
		}
		if ini.State != InitiativeRecommended {
			return Errorf(Conflict, "err.initiative.decided", id)
		}
		if approve {
			if ini.Financing, ini.FinancingName, err = findFinancing(c.tx, financing); err != nil {
				return err
			}
		}
		ini.State, ini.DecisionNote, ini.DecidedBy, ini.DecidedAt = InitiativeDeclined, note, a.UserID, c.at
		if err := decidedTotal(c.tx, &ini); err != nil {
			return err
		}
		to := StateNotApproved
		if approve {
			ini.State, to = InitiativeApproved, StateApproved
		}
		if err := c.tx.UpdateInitiative(ini); err != nil {
			return fmt.Errorf("save initiative %d: %w", id, err)
		}
		return c.decideWishes(ini, to)
	})
	return ini, err
}

// decideWishes moves the wishes still recommended in ini and announces the decision.
func (c *change) decideWishes(ini Initiative, to State) error {
	data := map[string]string{"initiative": itoa(ini.ID), "decision": string(ini.State), "financing": ini.Financing}
	moved := 0
	for _, wid := range ini.WishIDs {
		w, err := loadWish(c.tx, wid)
		if err != nil {
			return err
		}
		if w.State != StateRecommended {
			continue // withdrawn while the steering group deliberated
		}
		moved++
		if err := c.move(&w, to, ini.DecisionNote, data); err != nil {
			return err
		}
	}
	if moved == 0 {
		return Errorf(Conflict, "err.initiative.empty", ini.ID)
	}
	first := ini.WishIDs[0]
	_, err := c.record(Event{Kind: EvInitiativeDecided, Note: ini.DecisionNote, Data: data},
		Notice{Kind: NoticeRecommendation, Op: OpRefresh, Ref: InitiativeRef(ini.ID), WishID: first},
		Notice{Kind: NoticeDecision, Op: OpPost, To: PlaceTarget(PlaceUserClub), WishID: first})
	return err
}

// decidedTotal records on ini the total of the estimates the decision is made on: the
// latest of each wish still awaiting it, and the newest of their ids.
func decidedTotal(tx Tx, ini *Initiative) error {
	ini.DecidedAmount, ini.DecidedHours, ini.DecidedEstimate = 0, 0, 0
	for _, wid := range ini.WishIDs {
		w, err := loadWish(tx, wid)
		if err != nil {
			return err
		}
		if w.State != StateRecommended {
			continue
		}
		es, err := tx.Estimates(wid)
		if err != nil {
			return fmt.Errorf("estimates of %d: %w", wid, err)
		}
		if len(es) == 0 {
			continue
		}
		e := es[len(es)-1]
		ini.DecidedAmount += e.Amount
		ini.DecidedHours += e.Hours
		ini.DecidedEstimate = max(ini.DecidedEstimate, e.ID)
	}
	return nil
}

func loadInitiative(tx Tx, id int64) (Initiative, error) {
	ini, err := tx.Initiative(id)
	if KindOf(err) == NotFound {
		return ini, Errorf(NotFound, "err.initiative.not_found", id)
	}
	if err != nil {
		return ini, fmt.Errorf("load initiative %d: %w", id, err)
	}
	return ini, nil
}

// InitiativeDetail is an initiative with its wishes, each wish's latest estimate and,
// once decided, each wish's estimate the decision was made on.
type InitiativeDetail struct {
	Initiative Initiative
	Wishes     []Wish
	Latest     map[int64]Estimate
	Decided    map[int64]Estimate // empty until decided
}

// Revised reports whether an estimate was revised after the decision.
func (d InitiativeDetail) Revised() bool {
	if len(d.Decided) == 0 {
		return false
	}
	for id, e := range d.Latest {
		if d.Decided[id].ID != e.ID {
			return true
		}
	}
	return false
}

// InitiativeDetail returns initiative id with its wishes and their latest estimates.
func (s *Service) InitiativeDetail(ctx context.Context, id int64) (InitiativeDetail, error) {
	var d InitiativeDetail
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		d, err = initiativeDetail(tx, id)
		return err
	})
	return d, err
}

func initiativeDetail(tx Tx, id int64) (InitiativeDetail, error) {
	d := InitiativeDetail{Latest: map[int64]Estimate{}, Decided: map[int64]Estimate{}}
	var err error
	if d.Initiative, err = loadInitiative(tx, id); err != nil {
		return d, err
	}
	for _, wid := range d.Initiative.WishIDs {
		w, err := loadWish(tx, wid)
		if err != nil {
			return d, err
		}
		d.Wishes = append(d.Wishes, w)
		es, err := tx.Estimates(wid)
		if err != nil {
			return d, fmt.Errorf("estimates of %d: %w", wid, err)
		}
		if len(es) > 0 {
			d.Latest[wid] = es[len(es)-1]
		}
		for _, e := range es {
			if d.Initiative.DecidedEstimate > 0 && e.ID <= d.Initiative.DecidedEstimate {
				d.Decided[wid] = e
			}
		}
	}
	return d, nil
}

// InitiativeOfWish returns the latest initiative a wish was part of, if any.
func (s *Service) InitiativeOfWish(ctx context.Context, wishID int64) (Initiative, bool, error) {
	var ini Initiative
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		ini, err = tx.InitiativeOfWish(wishID)
		return err
	})
	if KindOf(err) == NotFound {
		return ini, false, nil
	}
	return ini, err == nil, err
}
