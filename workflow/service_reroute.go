package workflow

import (
	"context"
	"fmt"
)

// Reroute corrects the working group and the size of a wish the secretariat routed,
// while it is in assessment and no consensus poll has been started on it (secretariat
// only; domain.md, "Mandates"). It is audited (EvWishRerouted, with what it was); the
// new group gets the card in its channel, the group it left is told in its channel (a
// new size alone is told in the group's channel), and every card of the wish shows
// the correction.
func (s *Service) Reroute(ctx context.Context, a Actor, id int64, group string, size Size, note string) (Wish, error) {
	if err := CanTriage(a); err != nil {
		return Wish{}, err
	}
	if size != SizeNormal && size != SizeMajor {
		return Wish{}, Errorf(Invalid, "err.wish.size")
	}
	var w Wish
	err := s.atomic(ctx, a, func(c *change) (err error) {
		if err := c.require(RoleSecretariat); err != nil {
			return err
		}
		if w, err = loadWish(c.tx, id); err != nil {
			return err
		}
		if err := CanReroute(w); err != nil {
			return err
		}
		polls, err := c.tx.PollsOfWish(id)
		if err != nil {
			return fmt.Errorf("polls of wish %d: %w", id, err)
		}
		if len(polls) > 0 {
			// The group has begun to decide: its poll stays the group's.
			return Errorf(Conflict, "err.reroute.poll", id)
		}
		to, err := loadGroup(c.tx, group)
		if err != nil {
			return err
		}
		if to.Key == w.Group && size == w.Size {
			return Errorf(Invalid, "err.reroute.same", id)
		}
		from, err := loadGroup(c.tx, w.Group)
		if err != nil {
			return err
		}
		data := map[string]string{"from_group": from.Key, "group": to.Key, "from_size": string(w.Size), "size": string(size)}
		w.Group, w.Size, w.UpdatedAt = to.Key, size, c.at
		if err := c.tx.UpdateWish(w); err != nil {
			return fmt.Errorf("save wish %d: %w", id, err)
		}
		notices := []Notice{{Kind: NoticeWishCard, Op: OpRefresh}, {Kind: NoticeRerouted, Op: OpPost, To: from.ChannelID}}
		if to.Key != from.Key {
			notices = append(notices, Notice{Kind: NoticeGroupCard, Op: OpPost, To: to.ChannelID, Ref: WishRef(id, "group/"+to.Key)})
		}
		_, err = c.record(Event{Kind: EvWishRerouted, WishID: id, GroupKey: to.Key, Note: note, Data: data}, notices...)
		return err
	})
	return w, err
}

// CanReroute reports, as a Conflict error, whether w's group and size may still be
// corrected: only while the group assesses it.
func CanReroute(w Wish) error {
	if w.State != StateInAssessment {
		return Errorf(Conflict, "err.reroute.state", w.ID, string(w.State))
	}
	return nil
}
