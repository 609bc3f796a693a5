package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// SubmitWish stores a new wish from a member, makes the submitter follow it, sends
// the submitter a receipt and posts the wish card in the secretariat channel.
func (s *Service) SubmitWish(ctx context.Context, a Actor, in WishInput) (Wish, error) {
	if errs := in.Validate(); errs != nil {
		return Wish{}, &FieldError{Fields: errs}
	}
	var w Wish
	err := s.atomic(ctx, a, func(c *change) error {
		if in.Group != "" {
			if _, err := loadGroup(c.tx, in.Group); err != nil {
				return &FieldError{Fields: FieldErrors{"group": "err.group.not_found"}}
			}
		}
		w = Wish{Title: in.Title, Purpose: in.Purpose, Value: in.Value, Description: in.Description,
			RequestedGroup: in.Group, SourceLink: in.SourceLink, State: StateSubmitted, SubmitterID: a.UserID, CreatedAt: c.at, UpdatedAt: c.at,
			Revision: 1}
		id, err := c.tx.CreateWish(w)
		if err != nil {
			return fmt.Errorf("create wish: %w", err)
		}
		w.ID = id
		if _, err := c.tx.Follow(id, a.UserID); err != nil {
			return fmt.Errorf("follow wish %d: %w", id, err)
		}
		_, err = c.record(Event{Kind: EvWishSubmitted, WishID: id, To: StateSubmitted, GroupKey: in.Group},
			Notice{Kind: NoticeReceipt, Op: OpDM, To: a.UserID},
			Notice{Kind: NoticeWishCard, Op: OpPost, To: PlaceTarget(PlaceSecretariat), Ref: WishRef(id, "secretariat")})
		return err
	})
	return w, err
}

// FieldError is an Invalid error about named fields of a form, so the bot can show
// each message beside its input.
type FieldError struct{ Fields FieldErrors }

func (e *FieldError) Error() string { return fmt.Sprintf("invalid fields %v", e.Fields) }

// EditWish lets the submitter change a wish that is still in triage. A wish that
// needed more information goes back to the secretariat as submitted.
func (s *Service) EditWish(ctx context.Context, a Actor, id int64, in WishInput) (Wish, error) {
	if errs := in.Validate(); errs != nil {
		return Wish{}, &FieldError{Fields: errs}
	}
	var w Wish
	err := s.atomic(ctx, a, func(c *change) (err error) {
		if w, err = loadWish(c.tx, id); err != nil {
			return err
		}
		if w.SubmitterID != a.UserID {
			return Errorf(Forbidden, "err.forbidden.submitter")
		}
		if w.State != StateSubmitted && w.State != StateNeedsInfo {
			return Errorf(Conflict, "err.wish.not_editable", w.ID, string(w.State))
		}
		if in.Group != "" {
			if _, err := loadGroup(c.tx, in.Group); err != nil {
				return &FieldError{Fields: FieldErrors{"group": "err.group.not_found"}}
			}
		}
		w.Title, w.Purpose, w.Value, w.Description, w.RequestedGroup = in.Title, in.Purpose, in.Value, in.Description, in.Group
		w.Revision++ // a triage decision on the text before this edit is refused
		if w.State == StateNeedsInfo {
			// The secretariat is told in the card's thread; the card is refreshed.
			return c.move(&w, StateSubmitted, "", nil, Notice{Kind: NoticeInfoAnswered, Op: OpReply, Ref: WishRef(id, "secretariat")})
		}
		w.UpdatedAt = c.at
		if err := c.tx.UpdateWish(w); err != nil {
			return fmt.Errorf("save wish %d: %w", id, err)
		}
		_, err = c.record(Event{Kind: EvWishEdited, WishID: id}, Notice{Kind: NoticeWishCard, Op: OpRefresh})
		return err
	})
	return w, err
}

// move takes w to state to, saves it and records the change: every message showing
// the wish is refreshed and the submitter and followers (but the actor) get a DM.
func (c *change) move(w *Wish, to State, note string, data map[string]string, extra ...Notice) error {
	if !CanMove(w.State, to) {
		return TransitionError(w.ID, w.State, to)
	}
	from := w.State
	if from == StateRecommended && to != StateApproved && to != StateNotApproved {
		if err := c.leaveInitiative(*w, to); err != nil {
			return err
		}
	}
	w.State, w.UpdatedAt = to, c.at
	if err := c.tx.UpdateWish(*w); err != nil {
		return fmt.Errorf("save wish %d: %w", w.ID, err)
	}
	notices := append([]Notice{{Kind: NoticeWishCard, Op: OpRefresh}}, extra...)
	left, err := c.leaveRankings(*w, from)
	if err != nil {
		return err
	}
	notices = append(notices, left...)
	watchers, err := c.watchers(*w)
	if err != nil {
		return err
	}
	for _, u := range watchers {
		// One DM per person per change: whoever gets a DM of its own (the submitter
		// asked a question) is told there.
		if !dmsUser(extra, u) {
			notices = append(notices, Notice{Kind: NoticeWishChanged, Op: OpDM, To: u})
		}
	}
	_, err = c.record(Event{Kind: EvWishMoved, WishID: w.ID, GroupKey: w.Group, From: from, To: to, Note: note, Data: data}, notices...)
	return err
}

// watchers are the submitter and the followers, less the actor, who knows already.
func (c *change) watchers(w Wish) ([]string, error) {
	fs, err := c.tx.Followers(w.ID)
	if err != nil {
		return nil, fmt.Errorf("followers of %d: %w", w.ID, err)
	}
	var out []string
	for _, u := range append([]string{w.SubmitterID}, fs...) {
		if u != c.actor.UserID && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

func dmsUser(ns []Notice, user string) bool {
	for _, n := range ns {
		if n.Op == OpDM && n.To == user {
			return true
		}
	}
	return false
}

// cleanNote trims a note and refuses one that is too long, or empty when required.
func cleanNote(note string, required bool) (string, error) {
	note = strings.TrimSpace(note)
	if required && note == "" {
		return "", Errorf(Invalid, "err.note.required")
	}
	if utf8.RuneCountInString(note) > MaxNote {
		return "", Errorf(Invalid, "err.note.too_long", MaxNote)
	}
	return note, nil
}

// transition is the shape of most use cases on a wish: check the mandate, load,
// check that the actor decides on the revision they read (seen, when given), let
// apply change the wish, move it.
func (s *Service) transition(ctx context.Context, a Actor, id int64, seen []Revision, to State, note string, noteRequired bool,
	mandate func(Actor, Wish) error, apply func(c *change, w *Wish) ([]Notice, map[string]string, error)) (Wish, error) {
	note, err := cleanNote(note, noteRequired)
	if err != nil {
		return Wish{}, err
	}
	var w Wish
	err = s.atomic(ctx, a, func(c *change) (err error) {
		if w, err = loadWish(c.tx, id); err != nil {
			return err
		}
		if err := mandate(c.actor, w); err != nil {
			return err
		}
		if err := checkSeen(w, seen); err != nil {
			return err
		}
		if !CanMove(w.State, to) {
			return TransitionError(w.ID, w.State, to)
		}
		var extra []Notice
		var data map[string]string
		if apply != nil {
			if extra, data, err = apply(c, &w); err != nil {
				return err
			}
		}
		return c.move(&w, to, note, data, extra...)
	})
	return w, err
}

// Withdraw lets the submitter withdraw a wish that is not yet approved.
func (s *Service) Withdraw(ctx context.Context, a Actor, id int64, note string) (Wish, error) {
	return s.transition(ctx, a, id, nil, StateWithdrawn, note, false, func(a Actor, w Wish) error {
		if w.SubmitterID != a.UserID {
			return Errorf(Forbidden, "err.forbidden.submitter")
		}
		return nil
	}, func(c *change, w *Wish) ([]Notice, map[string]string, error) {
		return nil, nil, c.endPolls(w.ID)
	})
}

// endPolls closes the open polls on a wish that is leaving assessment: the group
// has nothing left to decide, and its members are told in the poll's thread.
func (c *change) endPolls(wishID int64) error {
	polls, err := c.tx.PollsOfWish(wishID)
	if err != nil {
		return fmt.Errorf("polls of wish %d: %w", wishID, err)
	}
	for _, p := range polls {
		if !p.Open() {
			continue
		}
		p.ClosedAt, p.ClosedBy, p.Consensus, p.Outcome = c.at, c.actor.UserID, false, OutcomeWithdrawn
		if err := c.tx.UpdatePoll(p); err != nil {
			return fmt.Errorf("save poll %d: %w", p.ID, err)
		}
		if _, err := c.record(Event{Kind: EvPollClosed, WishID: wishID, PollID: p.ID, GroupKey: p.GroupKey,
			Data: map[string]string{"withdrawn": "true"}},
			Notice{Kind: NoticePoll, Op: OpRefresh}, Notice{Kind: NoticePollOutcome, Op: OpReply, Ref: PollRef(p.ID)}); err != nil {
			return err
		}
	}
	return nil
}

// leaveInitiative takes a recommended wish that leaves the process (withdrawn, or
// marked a duplicate) out of the initiative awaiting the steering group, so that the
// decision covers only the wishes still in it: the steering message and its total
// follow, and the steering channel is told in the message's thread. When it was the
// last wish, it stays listed and the initiative ends: nothing is left to decide.
func (c *change) leaveInitiative(w Wish, to State) error {
	ini, err := c.tx.InitiativeOfWish(w.ID)
	if KindOf(err) == NotFound || (err == nil && ini.State != InitiativeRecommended) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("initiative of wish %d: %w", w.ID, err)
	}
	live := 0
	for _, id := range ini.WishIDs {
		if id == w.ID {
			continue
		}
		other, err := loadWish(c.tx, id)
		if err != nil {
			return err
		}
		if other.State == StateRecommended {
			live++
		}
	}
	data := map[string]string{"initiative": itoa(ini.ID), "wish": itoa(w.ID), "state": string(to)}
	if live == 0 {
		ini.State, ini.DecidedBy, ini.DecidedAt = InitiativeWithdrawn, c.actor.UserID, c.at
		if err := c.tx.UpdateInitiative(ini); err != nil {
			return fmt.Errorf("save initiative %d: %w", ini.ID, err)
		}
		data["ended"] = "true"
	} else if err := c.tx.RemoveInitiativeWish(ini.ID, w.ID); err != nil {
		return fmt.Errorf("take wish %d out of initiative %d: %w", w.ID, ini.ID, err)
	}
	ref := InitiativeRef(ini.ID)
	_, err = c.record(Event{Kind: EvInitiativeWishLeft, WishID: w.ID, GroupKey: w.Group, Note: ini.Title, Data: data},
		Notice{Kind: NoticeRecommendation, Op: OpRefresh, Ref: ref},
		Notice{Kind: NoticeWishLeft, Op: OpReply, Ref: ref})
	return err
}

// Follow makes the actor follow wish id: they get a DM on every change of state.
func (s *Service) Follow(ctx context.Context, a Actor, id int64) (bool, error) {
	return s.follow(ctx, a, id, true)
}

// Unfollow stops the actor following wish id.
func (s *Service) Unfollow(ctx context.Context, a Actor, id int64) (bool, error) {
	return s.follow(ctx, a, id, false)
}

func (s *Service) follow(ctx context.Context, a Actor, id int64, on bool) (bool, error) {
	var changed bool
	err := s.atomic(ctx, a, func(c *change) (err error) {
		if _, err := loadWish(c.tx, id); err != nil {
			return err
		}
		kind, f := EvWishFollowed, c.tx.Follow
		if !on {
			kind, f = EvWishUnfollowed, c.tx.Unfollow
		}
		if changed, err = f(id, a.UserID); err != nil || !changed {
			return err
		}
		_, err = c.record(Event{Kind: kind, WishID: id})
		return err
	})
	return changed, err
}

// MayReadPrivateNotes reports whether a may read the private notes in the history of
// wish w (the secretariat's questions to its submitter): its submitter and the
// secretariat may; any other member sees the change without the note.
func MayReadPrivateNotes(a Actor, w Wish) bool {
	return a.UserID == w.SubmitterID || a.Has(RoleSecretariat)
}

// HistoryFor is the wish's history as a reads it: private notes are left out unless
// a may read them (MayReadPrivateNotes).
func (d WishDetail) HistoryFor(a Actor) []Event {
	if MayReadPrivateNotes(a, d.Wish) {
		return d.History
	}
	out := make([]Event, len(d.History))
	for i, e := range d.History {
		e.Note = e.PublicNote()
		out[i] = e
	}
	return out
}

// WishDetail is a wish with everything a reader of its card wants to know.
type WishDetail struct {
	Wish      Wish
	History   []Event
	Followers []string
	Polls     []Poll
}

// Wish returns wish id with its history, followers and polls.
func (s *Service) Wish(ctx context.Context, id int64) (WishDetail, error) {
	var d WishDetail
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if d.Wish, err = loadWish(tx, id); err != nil {
			return err
		}
		if d.History, err = tx.History(id); err != nil {
			return err
		}
		if d.Followers, err = tx.Followers(id); err != nil {
			return err
		}
		d.Polls, err = tx.PollsOfWish(id)
		return err
	})
	return d, err
}

// Wishes returns a page of wishes matching f, newest first, and how many match in all.
func (s *Service) Wishes(ctx context.Context, f WishFilter) ([]Wish, int, error) {
	var ws []Wish
	var n int
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if ws, err = tx.Wishes(f); err != nil {
			return err
		}
		n, err = tx.CountWishes(f)
		return err
	})
	return ws, n, err
}
