package workflow

import (
	"context"
	"fmt"
)

// MeetingDetail is a meeting with what its message shows.
type MeetingDetail struct {
	Meeting Meeting
	Group   Group
	Answers []MeetingAnswer
	Wishes  map[int64]Wish // the wishes on the agenda
	Polls   map[int64]Poll // the polls on the agenda, and the open polls on its wishes
	Tasks   []Task         // the tasks its minutes gave
}

// Meeting returns meeting id with what its message shows.
func (s *Service) Meeting(ctx context.Context, id int64) (MeetingDetail, error) {
	var d MeetingDetail
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		d, err = meetingDetail(tx, id)
		return err
	})
	return d, err
}

func meetingDetail(tx Tx, id int64) (MeetingDetail, error) {
	var d MeetingDetail
	var err error
	if d.Meeting, d.Group, err = loadMeeting(tx, id); err != nil {
		return d, err
	}
	if d.Answers, err = tx.MeetingAnswers(id); err != nil {
		return d, fmt.Errorf("answers of meeting %d: %w", id, err)
	}
	d.Wishes, d.Polls = map[int64]Wish{}, map[int64]Poll{}
	for _, it := range d.Meeting.Agenda {
		if it.WishID != 0 {
			w, err := loadWish(tx, it.WishID)
			if err != nil {
				return d, err
			}
			d.Wishes[w.ID] = w
			ps, err := tx.PollsOfWish(w.ID)
			if err != nil {
				return d, fmt.Errorf("polls of wish %d: %w", w.ID, err)
			}
			for _, p := range ps {
				if p.Open() {
					d.Polls[p.ID] = p
				}
			}
		}
		if it.PollID != 0 {
			p, err := loadPoll(tx, it.PollID)
			if err != nil {
				return d, err
			}
			d.Polls[p.ID] = p
		}
	}
	if d.Meeting.State == MeetingHeld {
		d.Tasks, err = tx.TasksOfMeeting(id)
	}
	return d, err
}

// OpenPollOn returns the open poll on wish id among d's polls.
func (d MeetingDetail) OpenPollOn(wish int64) (Poll, bool) {
	for _, p := range d.Polls {
		if p.WishID == wish && p.Open() {
			return p, true
		}
	}
	return Poll{}, false
}

// NextMeetings returns each group's next meeting, by group key: one being planned,
// or one scheduled that has not ended (a meeting whose minutes were never written is
// not "next" once it is over).
func (s *Service) NextMeetings(ctx context.Context) (map[string]Meeting, error) {
	out := map[string]Meeting{}
	now := s.now()
	err := s.Store.Read(ctx, func(tx Tx) error {
		ms, err := tx.ActiveMeetings("")
		for _, m := range ms {
			if m.State == MeetingScheduled && !m.End().After(now) {
				continue
			}
			if _, ok := out[m.GroupKey]; !ok {
				out[m.GroupKey] = m
			}
		}
		return err
	})
	return out, err
}
