package workflow

import (
	"context"
	"fmt"
	"strings"
)

// CanTriage reports, as a Forbidden error, whether a may triage wishes: route them,
// handle them as minor, ask for information, decline them, mark duplicates. Only the
// secretariat may (domain.md, "Mandates").
func CanTriage(a Actor) error { return requireRole(a, RoleSecretariat) }

// secretariatOnly is the mandate of the secretariat's transitions.
func secretariatOnly(a Actor, _ Wish) error { return CanTriage(a) }

// The triage use cases take, as seen, the revision of the wish that the secretariat
// read on the card or in the modal: when the submitter has edited it since, the
// decision is refused (Conflict, err.wish.changed) and nothing changes. Without a
// revision (a card posted by an older release) the wish is decided as it is.

// HandleAsMinor takes a submitted wish into the secretariat's own hands.
func (s *Service) HandleAsMinor(ctx context.Context, a Actor, id int64, note string, seen ...Revision) (Wish, error) {
	return s.transition(ctx, a, id, seen, StateMinor, note, false, secretariatOnly, nil)
}

// CompleteMinor marks a minor wish done (delivered) by the secretariat. A delivery is
// announced in the user club like every other (domain.md, "Announcements"), as
// delivered by the secretariat without a development cycle.
func (s *Service) CompleteMinor(ctx context.Context, a Actor, id int64, note string, seen ...Revision) (Wish, error) {
	return s.transition(ctx, a, id, seen, StateDelivered, note, false, secretariatOnly, func(c *change, w *Wish) ([]Notice, map[string]string, error) {
		if w.State != StateMinor {
			return nil, nil, TransitionError(w.ID, w.State, StateDelivered)
		}
		return []Notice{{Kind: NoticeDelivered, Op: OpPost, To: PlaceTarget(PlaceUserClub)}}, map[string]string{"minor": "true"}, nil
	})
}

// Decline declines a submitted or minor wish; a reason is required.
func (s *Service) Decline(ctx context.Context, a Actor, id int64, reason string, seen ...Revision) (Wish, error) {
	return s.transition(ctx, a, id, seen, StateDeclined, reason, true, secretariatOnly, nil)
}

// RouteToGroup sends a submitted wish to a working group for assessment, as a normal
// change or a major initiative. The card is posted in the group's channel.
func (s *Service) RouteToGroup(ctx context.Context, a Actor, id int64, group string, size Size, note string, seen ...Revision) (Wish, error) {
	if size != SizeNormal && size != SizeMajor {
		return Wish{}, Errorf(Invalid, "err.wish.size")
	}
	return s.transition(ctx, a, id, seen, StateInAssessment, note, false, secretariatOnly, func(c *change, w *Wish) ([]Notice, map[string]string, error) {
		g, err := loadGroup(c.tx, group)
		if err != nil {
			return nil, nil, err
		}
		w.Group, w.Size = g.Key, size
		card := Notice{Kind: NoticeGroupCard, Op: OpPost, To: g.ChannelID, Ref: WishRef(w.ID, "group/"+g.Key)}
		return []Notice{card}, map[string]string{"group": g.Key, "size": string(size)}, nil
	})
}

// AskForInfo asks the submitter a question; the wish waits for their edit.
func (s *Service) AskForInfo(ctx context.Context, a Actor, id int64, question string, seen ...Revision) (Wish, error) {
	return s.transition(ctx, a, id, seen, StateNeedsInfo, question, true, secretariatOnly, func(c *change, w *Wish) ([]Notice, map[string]string, error) {
		w.Question = strings.TrimSpace(question)
		// The question is between the secretariat and the submitter (domain.md, "What
		// is public"): the move's note is marked private.
		return []Notice{{Kind: NoticeInfoRequest, Op: OpDM, To: w.SubmitterID}}, map[string]string{DataPrivate: PrivateNote}, nil
	})
}

// MarkDuplicate closes a submitted wish as a duplicate of another, which must still be
// open; its followers follow the other wish from then on.
func (s *Service) MarkDuplicate(ctx context.Context, a Actor, id, of int64, note string, seen ...Revision) (Wish, error) {
	return s.transition(ctx, a, id, seen, StateDuplicate, note, false, secretariatOnly, func(c *change, w *Wish) ([]Notice, map[string]string, error) {
		if of == id {
			return nil, nil, Errorf(Invalid, "err.wish.duplicate_self")
		}
		orig, err := loadWish(c.tx, of)
		if err != nil {
			return nil, nil, err
		}
		if orig.State == StateDuplicate {
			return nil, nil, Errorf(Invalid, "err.wish.duplicate_chain", of, orig.DuplicateOf)
		}
		if !orig.State.Open() {
			// Its followers would follow a wish on which nothing more happens.
			return nil, nil, Errorf(Conflict, "err.wish.duplicate_closed", of, string(orig.State))
		}
		w.DuplicateOf = of
		fs, err := c.tx.Followers(id)
		if err != nil {
			return nil, nil, err
		}
		for _, u := range append(fs, w.SubmitterID) {
			if _, err := c.tx.Follow(of, u); err != nil {
				return nil, nil, fmt.Errorf("carry follower to %d: %w", of, err)
			}
		}
		if err := c.carrySupport(*w, orig); err != nil {
			return nil, nil, err
		}
		return nil, map[string]string{"duplicate_of": itoa(of)}, nil
	})
}
