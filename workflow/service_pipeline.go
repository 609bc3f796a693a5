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
