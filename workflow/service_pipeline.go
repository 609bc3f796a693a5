package workflow

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// AddSpec attaches the requirements specification of a prioritised major wish (a
// link and a short summary): the group's coordinator, its members or the secretariat.
// The wish becomes specified and the secretariat is told it is ready for a price estimate.
func (s *Service) AddSpec(ctx context.Context, a Actor, id int64, link, summary string) (Wish, error) {
	link, summary = strings.TrimSpace(link), strings.TrimSpace(summary)
	if errs := specErrors(link, summary); errs != nil {
		return Wish{}, &FieldError{Fields: errs}
	}
	return s.transition(ctx, a, id, nil, StateSpecified, summary, false, func(Actor, Wish) error { return nil },
		func(c *change, w *Wish) ([]Notice, map[string]string, error) {
			g, err := loadGroup(c.tx, w.Group)
			if err != nil {
				return nil, nil, err
			}
			if !MayAddSpec(c.actor, g) {
				return nil, nil, Errorf(Forbidden, "err.forbidden.spec", g.Name)
			}
			if !CanAddSpec(*w) {
				return nil, nil, Errorf(Conflict, "err.spec.major", w.ID)
			}
			w.SpecLink, w.SpecSummary = link, summary
			ready := Notice{Kind: NoticeSpecReady, Op: OpPost, To: PlaceTarget(PlaceSecretariat)}
			return []Notice{ready}, map[string]string{"spec_link": link}, nil
		})
}

// specErrors checks a specification: a summary is required, a link is optional but
// must be a plain http(s) address that Slack can show as a link.
func specErrors(link, summary string) FieldErrors {
	errs := FieldErrors{}
	required(errs, "summary", summary, MaxNote)
	if link != "" {
		u, err := url.Parse(link)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			strings.ContainsAny(link, " \t\n<>|") || len(link) > 1000 {
			errs["link"] = "err.spec.link"
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// EstimateInput is the supplier's price estimate as the secretariat types it.
type EstimateInput struct {
	Amount Amount // ParseAmount reads it
	Hours  Hours  // ParseHours reads it
	Note   string
}

// AddEstimate records a price estimate (secretariat). The first makes a specified
// wish estimated; later ones are revisions, also after the steering group's approval:
// the decision stands, the state stays, and a revision of an approved wish is
// announced in the user club. Every revision is kept.
func (s *Service) AddEstimate(ctx context.Context, a Actor, id int64, in EstimateInput) (Estimate, error) {
	if err := requireRole(a, RoleSecretariat); err != nil {
		return Estimate{}, err
	}
	in.Note = strings.TrimSpace(in.Note)
	errs := FieldErrors{}
	if in.Amount < 0 || in.Amount > MaxAmount {
		errs["amount"] = "err.estimate.amount_range"
	}
	if in.Hours < 0 || in.Hours > MaxHours {
		errs["hours"] = "err.estimate.hours_range"
	}
	if utf8.RuneCountInString(in.Note) > MaxNote {
		errs["note"] = "err.field.too_long"
	}
	if len(errs) > 0 {
		return Estimate{}, &FieldError{Fields: errs}
	}
	var e Estimate
	err := s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleSecretariat); err != nil {
			return err
		}
		w, err := loadWish(c.tx, id)
		if err != nil {
			return err
		}
		prev, err := c.tx.Estimates(id)
		if err != nil {
			return fmt.Errorf("estimates of %d: %w", id, err)
		}
		if len(prev) == 0 && (w.State == StateEstimated || w.State == StateApproved || w.State == StatePlanned) {
			return Errorf(Conflict, "err.estimate.none", w.ID)
		}
		if !CanEstimate(w) {
			return Errorf(Conflict, "err.estimate.state", w.ID, string(w.State))
		}
		e = Estimate{WishID: id, Amount: in.Amount, Hours: in.Hours, Note: in.Note, By: a.UserID, At: c.at}
		if e.ID, err = c.tx.AddEstimate(e); err != nil {
			return fmt.Errorf("add estimate to %d: %w", id, err)
		}
		data := EstimateData(e)
		data["revision"] = strconv.Itoa(len(prev) + 1)
		if w.State == StateSpecified {
			if _, err := c.record(Event{Kind: EvEstimate, WishID: id, GroupKey: w.Group, Note: e.Note, Data: data}); err != nil {
				return err
			}
			return c.move(&w, StateEstimated, e.Note, data)
		}
		return c.revised(w, e, data)
	})
	return e, err
}

// revised records a revision of an estimate without a change of state: the cards
// show it, the watchers are told, and the user club hears of it once approved.
func (c *change) revised(w Wish, e Estimate, data map[string]string) error {
	w.UpdatedAt = c.at
	if err := c.tx.UpdateWish(w); err != nil {
		return fmt.Errorf("save wish %d: %w", w.ID, err)
	}
	notices := []Notice{{Kind: NoticeWishCard, Op: OpRefresh}}
	if w.State == StateApproved || w.State == StatePlanned {
		notices = append(notices, Notice{Kind: NoticeEstimateNews, Op: OpPost, To: PlaceTarget(PlaceUserClub)})
	}
	watchers, err := c.watchers(w)
	if err != nil {
		return err
	}
	for _, u := range watchers {
		notices = append(notices, Notice{Kind: NoticeWishChanged, Op: OpDM, To: u})
	}
	_, err = c.record(Event{Kind: EvEstimate, WishID: w.ID, GroupKey: w.Group, Note: e.Note, Data: data}, notices...)
	return err
}

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

func distinct(ids []int64) ([]int64, bool) {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id <= 0 || seen[id] {
			return nil, false
		}
		seen[id] = true
		out = append(out, id)
	}
	return out, true
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = itoa(id)
	}
	return strings.Join(parts, ",")
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

func findFinancing(tx Tx, key string) (string, string, error) {
	forms, err := tx.FinancingForms()
	if err != nil {
		return "", "", fmt.Errorf("load forms of financing: %w", err)
	}
	for _, f := range forms {
		if f.Key == key {
			return f.Key, f.Name, nil
		}
	}
	return "", "", &FieldError{Fields: FieldErrors{"financing": "err.financing.unknown"}}
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

// MaxFinancingName is the longest name of a form of financing: a select option's text.
const MaxFinancingName = 75

// AddFinancing adds a form of financing by its text (secretariat or admins).
func (s *Service) AddFinancing(ctx context.Context, a Actor, name string) (FinancingForm, error) {
	if err := requireRole(a, RoleSecretariat, RoleAdmin); err != nil {
		return FinancingForm{}, err
	}
	name = strings.TrimSpace(name)
	f := FinancingForm{Key: FinancingKey(name), Name: name}
	if f.Key == "" || utf8.RuneCountInString(name) > MaxFinancingName {
		return f, Errorf(Invalid, "err.financing.name", MaxFinancingName)
	}
	err := s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleSecretariat, RoleAdmin); err != nil {
			return err
		}
		if err := c.tx.AddFinancingForm(f); KindOf(err) == Conflict {
			return Errorf(Conflict, "err.financing.exists", f.Key)
		} else if err != nil {
			return fmt.Errorf("add financing %s: %w", f.Key, err)
		}
		_, err := c.record(Event{Kind: EvFinancingAdded, Note: name, Data: map[string]string{"key": f.Key}})
		return err
	})
	return f, err
}

// RemoveFinancing removes a form of financing (secretariat or admins); the last one
// stays, so that the steering group can always approve.
func (s *Service) RemoveFinancing(ctx context.Context, a Actor, key string) error {
	if err := requireRole(a, RoleSecretariat, RoleAdmin); err != nil {
		return err
	}
	return s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleSecretariat, RoleAdmin); err != nil {
			return err
		}
		forms, err := c.tx.FinancingForms()
		if err != nil {
			return fmt.Errorf("load forms of financing: %w", err)
		}
		if len(forms) == 1 && forms[0].Key == key {
			return Errorf(Conflict, "err.financing.last")
		}
		ok, err := c.tx.RemoveFinancingForm(key)
		if err != nil {
			return fmt.Errorf("remove financing %s: %w", key, err)
		}
		if !ok {
			return Errorf(NotFound, "err.financing.not_found", key)
		}
		_, err = c.record(Event{Kind: EvFinancingRemoved, Data: map[string]string{"key": key}})
		return err
	})
}

// FinancingForms returns the configured forms of financing.
func (s *Service) FinancingForms(ctx context.Context) ([]FinancingForm, error) {
	var fs []FinancingForm
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		fs, err = tx.FinancingForms()
		return err
	})
	return fs, err
}
