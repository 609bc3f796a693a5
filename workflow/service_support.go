package workflow

import (
	"context"
	"fmt"
	"slices"
	"strconv"
)

// Events and notices of support and the organisation list.
const (
	EvWishSupported   EventKind = "wish.supported"
	EvWishUnsupported EventKind = "wish.unsupported"
	EvOrgChosen       EventKind = "user.organisation"
	EvOrgAdded        EventKind = "config.organisation_added"
	EvOrgRemoved      EventKind = "config.organisation_removed"
)

// Organisations returns the organisation list: the configured one, or the defaults.
func (s *Service) Organisations(ctx context.Context) ([]Organisation, error) {
	var os []Organisation
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		os, err = loadOrgs(tx)
		return err
	})
	return os, err
}

func loadOrgs(tx Tx) ([]Organisation, error) {
	os, err := tx.Organisations()
	if err != nil {
		return nil, fmt.Errorf("load organisations: %w", err)
	}
	if os == nil {
		return slices.Clone(DefaultOrganisations), nil
	}
	return os, nil
}

// AddOrganisation adds an organisation to group of the list (admins, secretariat).
func (s *Service) AddOrganisation(ctx context.Context, a Actor, name, group string) (Organisation, error) {
	var o Organisation
	err := s.atomic(ctx, a, func(c *change) error {
		if err := CanConfigureOrganisations(a); err != nil {
			return err
		}
		os, err := loadOrgs(c.tx)
		if err != nil {
			return err
		}
		if o, err = NewOrganisation(name, group, os); err != nil {
			return err
		}
		if err := c.tx.SaveOrganisations(append(os, o)); err != nil {
			return fmt.Errorf("save organisations: %w", err)
		}
		_, err = c.record(Event{Kind: EvOrgAdded, Note: o.Name, Data: map[string]string{"key": o.Key, "group": o.Group}})
		return err
	})
	return o, err
}

// RemoveOrganisation takes the organisation with key (or name) off the list (admins,
// secretariat). People who chose it keep it, and their support still counts by it.
func (s *Service) RemoveOrganisation(ctx context.Context, a Actor, key string) (Organisation, error) {
	var o Organisation
	err := s.atomic(ctx, a, func(c *change) error {
		if err := CanConfigureOrganisations(a); err != nil {
			return err
		}
		os, err := loadOrgs(c.tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(os, func(o Organisation) bool { return o.Key == key || o.Key == OrgKey(key) })
		if i < 0 {
			return Errorf(NotFound, "err.org.not_found", key)
		}
		o = os[i]
		if err := c.tx.SaveOrganisations(slices.Delete(os, i, i+1)); err != nil {
			return fmt.Errorf("save organisations: %w", err)
		}
		_, err = c.record(Event{Kind: EvOrgRemoved, Note: o.Name, Data: map[string]string{"key": o.Key}})
		return err
	})
	return o, err
}

// ChooseOrganisation records which organisation the actor belongs to.
func (s *Service) ChooseOrganisation(ctx context.Context, a Actor, key string) (Organisation, error) {
	var o Organisation
	err := s.atomic(ctx, a, func(c *change) (err error) {
		o, err = c.chooseOrganisation(key)
		return err
	})
	return o, err
}

func (c *change) chooseOrganisation(key string) (Organisation, error) {
	os, err := loadOrgs(c.tx)
	if err != nil {
		return Organisation{}, err
	}
	o, ok := findOrg(os, key)
	if !ok {
		return o, Errorf(Invalid, "err.org.not_found", key)
	}
	if err := c.tx.SetUserOrganisation(c.actor.UserID, o.Key, c.at); err != nil {
		return o, fmt.Errorf("set organisation: %w", err)
	}
	_, err = c.record(Event{Kind: EvOrgChosen, Data: map[string]string{"organisation": o.Key}})
	return o, err
}

// OrganisationOf returns user's organisation; false when they have chosen none.
func (s *Service) OrganisationOf(ctx context.Context, user string) (Organisation, bool, error) {
	var o Organisation
	var ok bool
	err := s.Store.Read(ctx, func(tx Tx) error {
		key, err := tx.UserOrganisation(user)
		if err != nil || key == "" {
			return err
		}
		os, err := tx.Organisations()
		if os == nil {
			os = DefaultOrganisations
		}
		if o, ok = findOrg(os, key); !ok {
			if o, ok = findOrg(DefaultOrganisations, key); !ok {
				o, ok = Organisation{Key: key, Name: key, Group: OrgOther}, true
			}
		}
		return err
	})
	return o, ok, err
}

// Support records the actor's support of wish id; supporting also follows the wish.
// It reports false when the actor supported it already (the submitter always does).
func (s *Service) Support(ctx context.Context, a Actor, id int64) (bool, error) {
	var changed bool
	err := s.atomic(ctx, a, func(c *change) (err error) {
		changed, err = c.support(id)
		return err
	})
	return changed, err
}

// ChooseAndSupport records the actor's organisation and their support of wish id in
// one transaction: what a person does who supports a wish before choosing. The actor
// is told by DM, after the wish's cards show the new count.
func (s *Service) ChooseAndSupport(ctx context.Context, a Actor, org string, id int64) error {
	return s.atomic(ctx, a, func(c *change) error {
		if _, err := c.chooseOrganisation(org); err != nil {
			return err
		}
		changed, err := c.support(id)
		if err != nil {
			return err
		}
		_, err = c.record(Event{Kind: EvSupportReceipt, WishID: id, Data: map[string]string{"changed": strconv.FormatBool(changed)}},
			Notice{Kind: NoticeSupportReceipt, Op: OpDM, To: a.UserID})
		return err
	})
}

// EvSupportReceipt and NoticeSupportReceipt tell a person that their support, given
// with their choice of organisation, is recorded.
const (
	EvSupportReceipt     EventKind  = "wish.support_receipt"
	NoticeSupportReceipt NoticeKind = "support_receipt"
)

func (c *change) support(id int64) (bool, error) {
	w, err := loadWish(c.tx, id)
	if err != nil {
		return false, err
	}
	if err := CanSupport(w); err != nil {
		return false, err
	}
	if org, err := c.tx.UserOrganisation(c.actor.UserID); err != nil {
		return false, fmt.Errorf("organisation of %s: %w", c.actor.UserID, err)
	} else if org == "" {
		return false, Errorf(Conflict, ErrNeedsOrganisation)
	}
	if w.SubmitterID == c.actor.UserID {
		return false, nil
	}
	changed, err := c.tx.AddSupport(id, c.actor.UserID, c.at)
	if err != nil || !changed {
		return false, err
	}
	if _, err := c.tx.Follow(id, c.actor.UserID); err != nil {
		return false, fmt.Errorf("follow %d: %w", id, err)
	}
	return true, c.supportChanged(w, EvWishSupported)
}

// Unsupport withdraws the actor's support of wish id; they keep following it. The
// submitter's support cannot be withdrawn: they asked for it.
func (s *Service) Unsupport(ctx context.Context, a Actor, id int64) (bool, error) {
	var changed bool
	err := s.atomic(ctx, a, func(c *change) error {
		w, err := loadWish(c.tx, id)
		if err != nil {
			return err
		}
		if w.SubmitterID == a.UserID {
			return Errorf(Conflict, "err.support.submitter", id)
		}
		if changed, err = c.tx.RemoveSupport(id, a.UserID); err != nil || !changed {
			return err
		}
		return c.supportChanged(w, EvWishUnsupported)
	})
	return changed, err
}

// supportChanged records a change of support: every card of the wish shows the count.
func (c *change) supportChanged(w Wish, kind EventKind) error {
	sup, err := supportOf(c.tx, w)
	if err != nil {
		return err
	}
	_, err = c.record(Event{Kind: kind, WishID: w.ID, GroupKey: w.Group,
		Data: map[string]string{"people": strconv.Itoa(sup.People), "municipalities": strconv.Itoa(sup.Municipalities)}},
		Notice{Kind: NoticeWishCard, Op: OpRefresh})
	return err
}

func supportOf(tx Tx, w Wish) (Support, error) {
	sup, err := tx.Supporters(w.ID)
	if err != nil {
		return Support{}, fmt.Errorf("supporters of %d: %w", w.ID, err)
	}
	org, err := tx.UserOrganisation(w.SubmitterID)
	if err != nil {
		return Support{}, fmt.Errorf("organisation of %s: %w", w.SubmitterID, err)
	}
	os, err := loadOrgs(tx)
	if err != nil {
		return Support{}, err
	}
	return CountSupport(Supporter{UserID: w.SubmitterID, Org: org}, sup, os), nil
}

// SupportOf returns the support of wish id.
func (s *Service) SupportOf(ctx context.Context, id int64) (Support, error) {
	var sup Support
	err := s.Store.Read(ctx, func(tx Tx) error {
		w, err := loadWish(tx, id)
		if err != nil {
			return err
		}
		sup, err = supportOf(tx, w)
		return err
	})
	return sup, err
}

// Supports reports whether user supports wish id (its submitter always does).
func (s *Service) Supports(ctx context.Context, id int64, user string) (bool, error) {
	var ok bool
	err := s.Store.Read(ctx, func(tx Tx) error {
		w, err := loadWish(tx, id)
		if err != nil {
			return err
		}
		sup, err := tx.Supporters(id)
		ok = w.SubmitterID == user || slices.ContainsFunc(sup, func(p Supporter) bool { return p.UserID == user })
		return err
	})
	return ok, err
}

// TopWishes returns the open wishes by the number of supporting municipalities, then
// people: "/wish list top".
func (s *Service) TopWishes(ctx context.Context, limit int) ([]RankedWish, error) {
	var out []RankedWish
	err := s.Store.Read(ctx, func(tx Tx) error {
		ws, err := tx.Wishes(WishFilter{OpenOnly: true})
		if err != nil {
			return fmt.Errorf("open wishes: %w", err)
		}
		for _, w := range ws {
			rw, err := rankedWish(tx, w)
			if err != nil {
				return err
			}
			out = append(out, rw)
		}
		return nil
	})
	ByMunicipalities(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

// rankedWish loads w's support and its rank in its group.
func rankedWish(tx Tx, w Wish) (RankedWish, error) {
	sup, err := supportOf(tx, w)
	if err != nil {
		return RankedWish{}, err
	}
	rw := RankedWish{Wish: w, Support: sup}
	if w.Group != "" {
		ranks, err := tx.Ranks(w.Group)
		if err != nil {
			return rw, fmt.Errorf("ranks of %s: %w", w.Group, err)
		}
		rw.Rank = ranks[w.ID]
	}
	return rw, nil
}

// Standing returns wish id with its support and its rank in its group, for cards,
// "/wish N" and the export.
func (s *Service) Standing(ctx context.Context, id int64) (RankedWish, error) {
	var rw RankedWish
	err := s.Store.Read(ctx, func(tx Tx) error {
		w, err := loadWish(tx, id)
		if err != nil {
			return err
		}
		rw, err = rankedWish(tx, w)
		return err
	})
	return rw, err
}

// carrySupport moves the support of duplicate w to the original: its supporters and
// its submitter support the original from then on, each person counted once.
func (c *change) carrySupport(w, orig Wish) error {
	if err := c.tx.MoveSupport(w.ID, orig.ID); err != nil {
		return fmt.Errorf("move support of %d to %d: %w", w.ID, orig.ID, err)
	}
	if w.SubmitterID != orig.SubmitterID {
		if _, err := c.tx.AddSupport(orig.ID, w.SubmitterID, c.at); err != nil {
			return fmt.Errorf("carry submitter's support to %d: %w", orig.ID, err)
		}
	}
	return c.supportChanged(orig, EvWishSupported)
}

// StandingIn is w's support and rank read in tx, for an export made in one snapshot.
func StandingIn(tx Tx, w Wish) (RankedWish, error) { return rankedWish(tx, w) }
