package workflow

import (
	"context"
	"fmt"
)

// TakeStance records the actor's stance in a poll, replacing an earlier one. Only the
// group's members may take a stance; an objection needs a reason. Taking the same
// stance again (a double click, a retried request) changes nothing and records nothing.
func (s *Service) TakeStance(ctx context.Context, a Actor, pollID int64, pos Position, reason string) (Tally, error) {
	reason, err := cleanNote(reason, pos == Object)
	if err != nil {
		return Tally{}, Errorf(Invalid, "err.stance.reason")
	}
	if pos != Agree && pos != Abstain && pos != Object {
		return Tally{}, Errorf(Invalid, "err.stance.position")
	}
	// Grouped: a burst of clicks on one poll commits together, each checked on its own.
	// The batch runs its use cases one after another, so only what must be read and
	// written in the transaction happens in it; the tally is counted afterwards, by
	// each caller on its own core, from the stances the transaction saw.
	var (
		p       Poll
		stances []Stance
		taken   *Stance // the stance recorded, unless it was taken already
	)
	err = s.atomicGrouped(ctx, a, func(c *change) error {
		var err error
		if p, err = loadPoll(c.tx, pollID); err != nil {
			return err
		}
		if !p.Open() {
			return Errorf(Conflict, "err.poll.closed", pollID)
		}
		if !c.at.Before(p.Deadline) {
			// Not closed yet, but too late: say so, not that it is closed.
			return Errorf(Conflict, "err.poll.past_deadline", pollID)
		}
		// The group's members matter only to say why someone outside the electorate
		// may not take a stance: a member's click does not load them.
		g := Group{Key: p.GroupKey}
		if !p.InElectorate(a.UserID) {
			if g, err = loadGroup(c.tx, p.GroupKey); err != nil {
				return err
			}
		}
		if err := CanTakeStance(a, p, g); err != nil {
			return err
		}
		if stances, err = c.tx.Stances(pollID); err != nil {
			return fmt.Errorf("stances of poll %d: %w", pollID, err)
		}
		st := Stance{PollID: pollID, UserID: a.UserID, Position: pos, Reason: reason, At: c.at}
		if !sameStance(stances, st) {
			if err := c.recordStance(p, g, st); err != nil {
				return err
			}
			taken = &st
		}
		return nil
	})
	if err != nil {
		return Tally{}, err
	}
	if taken != nil {
		// stances is this call's own copy (Tx.Stances).
		stances = setStance(stances, *taken)
	}
	return Count(p.Electorate, p.Quorum, stances), nil
}

func sameStance(stances []Stance, s Stance) bool {
	for _, o := range stances {
		if o.UserID == s.UserID {
			return o.Position == s.Position && o.Reason == s.Reason
		}
	}
	return false
}

// recordStance saves a stance and asks for the poll message to be refreshed. The
// refresh names only the poll, not its wish: a stance changes the poll message, and
// the wish's cards need no chat.update for it.
func (c *change) recordStance(p Poll, g Group, st Stance) error {
	if err := c.tx.SetStance(st); err != nil {
		return fmt.Errorf("set stance in poll %d: %w", p.ID, err)
	}
	id, err := c.record(Event{Kind: EvStanceTaken, WishID: p.WishID, PollID: p.ID, GroupKey: g.Key, Note: st.Reason,
		Data: map[string]string{"position": string(st.Position)}})
	if err != nil {
		return err
	}
	refresh := Notice{EventID: id, Kind: NoticePoll, Op: OpRefresh, PollID: p.ID, CreatedAt: c.at}
	if _, err := c.tx.Enqueue(refresh); err != nil {
		return fmt.Errorf("enqueue %s: %w", refresh.Kind, err)
	}
	return nil
}
