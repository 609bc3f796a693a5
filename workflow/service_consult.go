package workflow

import (
	"context"
	"fmt"
	"strings"
)

// StartConsultation starts a consultation of the user club (secretariat): the
// consultation is posted in the user-club channel, the groups asked as well get a
// short post with a link, and the wish it concerns, if any, has it in its history.
func (s *Service) StartConsultation(ctx context.Context, a Actor, in ConsultInput) (Consultation, error) {
	now := s.now()
	if errs := in.Validate(now); errs != nil {
		return Consultation{}, &FieldError{Fields: errs}
	}
	if in.Deadline.IsZero() {
		in.Deadline = DefaultConsultDeadline(now, s.Location)
	}
	c := Consultation{Question: in.Question, Background: in.Background, Link: in.Link, Groups: in.Groups,
		WishID: in.WishID, State: ConsultOpen, Deadline: in.Deadline.UTC(), StartedBy: a.UserID}
	err := s.atomic(ctx, a, func(ch *change) (err error) {
		if err := requireDecide(ch.actor, ActConsult); err != nil {
			return err
		}
		c.StartedAt = ch.at
		if c.WishID != 0 {
			if _, err := loadWish(ch.tx, c.WishID); err != nil {
				return err
			}
		}
		groups := make([]Group, len(c.Groups))
		for i, k := range c.Groups {
			if groups[i], err = loadGroup(ch.tx, k); err != nil {
				return &FieldError{Fields: FieldErrors{"groups": "err.group.not_found"}}
			}
		}
		if c.ID, err = ch.tx.CreateConsultation(c); err != nil {
			return fmt.Errorf("create consultation: %w", err)
		}
		notices := []Notice{{Kind: NoticeConsultation, Op: OpPost, To: PlaceTarget(PlaceUserClub), Ref: ConsultRef(c.ID), Payload: itoa(c.ID)}}
		for _, g := range groups {
			notices = append(notices, Notice{Kind: NoticeConsultGroup, Op: OpPost, To: g.ChannelID, Payload: itoa(c.ID)})
		}
		_, err = ch.record(Event{Kind: EvConsultStarted, WishID: c.WishID, Note: c.Question, Data: map[string]string{
			"consultation": itoa(c.ID), "deadline": c.Deadline.Format(timeLayout), "groups": strings.Join(c.Groups, ",")}}, notices...)
		return err
	})
	return c, err
}

const timeLayout = "2006-01-02T15:04:05Z07:00"

// AnswerConsultation records or changes a's answer while the consultation is open.
// Concerns need a reason. The consultation's message is updated in place.
func (s *Service) AnswerConsultation(ctx context.Context, a Actor, id int64, ans Answer, reason string) (ConsultTally, error) {
	reason, err := CheckAnswer(ans, reason)
	if err != nil {
		return ConsultTally{}, err
	}
	var t ConsultTally
	err = s.atomic(ctx, a, func(ch *change) error {
		if err := requireDecide(ch.actor, ActAnswer); err != nil {
			return err
		}
		c, err := loadConsultation(ch.tx, id)
		if err != nil {
			return err
		}
		if !c.Open(ch.at) {
			return Errorf(Conflict, "err.consult.closed", id)
		}
		if err := ch.tx.SetConsultAnswer(ConsultAnswer{ConsultationID: id, UserID: a.UserID, Answer: ans, Reason: reason, At: ch.at}); err != nil {
			return fmt.Errorf("answer consultation %d: %w", id, err)
		}
		if _, err := ch.record(Event{Kind: EvConsultAnswered, Note: reason, Data: map[string]string{"consultation": itoa(id), "answer": string(ans)}},
			Notice{Kind: NoticeConsultation, Op: OpRefresh, Ref: ConsultRef(id), Payload: itoa(id)}); err != nil {
			return err
		}
		t, err = tallyOf(ch.tx, id)
		return err
	})
	return t, err
}

// CloseConsultation closes a consultation before its deadline (secretariat).
func (s *Service) CloseConsultation(ctx context.Context, a Actor, id int64) (Consultation, error) {
	var c Consultation
	err := s.atomic(ctx, a, func(ch *change) (err error) {
		if err := requireDecide(ch.actor, ActClose); err != nil {
			return err
		}
		if c, err = loadConsultation(ch.tx, id); err != nil {
			return err
		}
		if c.State != ConsultOpen {
			return Errorf(Conflict, "err.consult.closed", id)
		}
		return ch.closeConsultation(&c, true)
	})
	return c, err
}

// CloseDueConsultations closes the open consultations past their deadline, each in a
// transaction of its own; the scheduler's minute job calls it. It returns how many it
// closed.
func (s *Service) CloseDueConsultations(ctx context.Context) (int, error) {
	return s.closeDue(ctx, "consultation",
		func(tx Tx) ([]int64, error) {
			open, err := tx.Consultations(true)
			var due []int64
			for _, c := range open {
				if c.State == ConsultOpen && !c.Open(s.now()) {
					due = append(due, c.ID)
				}
			}
			return due, err
		},
		func(ch *change, id int64) error {
			c, err := loadConsultation(ch.tx, id)
			if err != nil || c.State != ConsultOpen || c.Open(ch.at) {
				return err
			}
			return ch.closeConsultation(&c, false)
		})
}

// closeConsultation closes c: the message shows the result, and the result is posted
// in its thread with the concerns quoted and the secretariat's Record the decision.
func (ch *change) closeConsultation(c *Consultation, early bool) error {
	c.State, c.ClosedBy, c.ClosedAt = ConsultClosed, ch.actor.UserID, ch.at
	if err := ch.tx.UpdateConsultation(*c); err != nil {
		return fmt.Errorf("close consultation %d: %w", c.ID, err)
	}
	id := itoa(c.ID)
	_, err := ch.record(Event{Kind: EvConsultClosed, WishID: c.WishID, Data: map[string]string{"consultation": id, "early": fmt.Sprint(early)}},
		Notice{Kind: NoticeConsultation, Op: OpRefresh, Ref: ConsultRef(c.ID), Payload: id},
		Notice{Kind: NoticeConsultResult, Op: OpReply, Ref: ConsultRef(c.ID), Payload: id, Key: "consult-result/" + id})
	return err
}

// RecordConsultDecision records the secretariat's decision after a closed
// consultation, with a note; it is announced in the user club with a link to the
// consultation, and is in the history of the wish it concerns.
func (s *Service) RecordConsultDecision(ctx context.Context, a Actor, id int64, note string) (Consultation, error) {
	note, err := checkNote(note, true)
	if err != nil {
		return Consultation{}, err
	}
	var c Consultation
	err = s.atomic(ctx, a, func(ch *change) (err error) {
		if err := requireDecide(ch.actor, ActRecord); err != nil {
			return err
		}
		if c, err = loadConsultation(ch.tx, id); err != nil {
			return err
		}
		switch c.State {
		case ConsultOpen:
			return Errorf(Conflict, "err.consult.still_open", id)
		case ConsultDecided:
			return Errorf(Conflict, "err.consult.decided", id)
		}
		c.State, c.Decision, c.DecidedBy, c.DecidedAt = ConsultDecided, note, a.UserID, ch.at
		if err := ch.tx.UpdateConsultation(c); err != nil {
			return fmt.Errorf("decide consultation %d: %w", id, err)
		}
		_, err = ch.record(Event{Kind: EvConsultDecided, WishID: c.WishID, Note: note, Data: map[string]string{"consultation": itoa(id)}},
			Notice{Kind: NoticeConsultation, Op: OpRefresh, Ref: ConsultRef(id), Payload: itoa(id)},
			Notice{Kind: NoticeConsultDecision, Op: OpPost, To: PlaceTarget(PlaceUserClub), Payload: itoa(id)})
		return err
	})
	return c, err
}

// ConsultationDetail is a consultation with its answers counted.
type ConsultationDetail struct {
	Consultation
	Tally   ConsultTally
	Answers []ConsultAnswer
	Wish    Wish // the wish it concerns, when WishID is set
}

// AnswerOf returns user's answer, if any.
func (d ConsultationDetail) AnswerOf(user string) (ConsultAnswer, bool) {
	for _, a := range d.Answers {
		if a.UserID == user {
			return a, true
		}
	}
	return ConsultAnswer{}, false
}

// Consultation loads a consultation and counts its answers, in one read.
func (s *Service) Consultation(ctx context.Context, id int64) (ConsultationDetail, error) {
	var d ConsultationDetail
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if d.Consultation, err = loadConsultation(tx, id); err != nil {
			return err
		}
		if d.Answers, err = tx.ConsultAnswers(id); err != nil {
			return fmt.Errorf("answers of consultation %d: %w", id, err)
		}
		if d.Tally, err = tallyOf(tx, id); err != nil {
			return err
		}
		if d.WishID != 0 {
			d.Wish, err = loadWish(tx, d.WishID)
		}
		return err
	})
	return d, err
}

func tallyOf(tx Tx, id int64) (ConsultTally, error) {
	answers, err := tx.ConsultAnswers(id)
	if err != nil {
		return ConsultTally{}, fmt.Errorf("answers of consultation %d: %w", id, err)
	}
	users := make([]string, len(answers))
	for i, a := range answers {
		users[i] = a.UserID
	}
	muni, err := tx.Municipalities(users)
	if err != nil {
		return ConsultTally{}, fmt.Errorf("municipalities: %w", err)
	}
	return TallyConsultation(answers, muni), nil
}

func loadConsultation(tx Tx, id int64) (Consultation, error) {
	c, err := tx.Consultation(id)
	if KindOf(err) == NotFound {
		return c, Errorf(NotFound, "err.consult.not_found", id)
	}
	if err != nil {
		return c, fmt.Errorf("load consultation %d: %w", id, err)
	}
	return c, nil
}
