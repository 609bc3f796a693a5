package workflow_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// Re-route and resize (issue 12): the secretariat may correct the group and the size of
// a wish in assessment until a poll has started; nobody else may; it is audited and
// both groups' channels are told.
func TestReroute(t *testing.T) {
	for _, c := range []struct {
		name    string
		actor   string
		prepare func(f *pipeFixture, id int64)
		group   string
		size    workflow.Size
		key     string // the refusal; "" for done
	}{
		{"the secretariat moves it to another group", pMette, nil, "systemer", workflow.SizeNormal, ""},
		{"the secretariat resizes it", pMette, nil, "kontrakt", workflow.SizeMajor, ""},
		{"the coordinator may not", pSoren, nil, "systemer", workflow.SizeNormal, "err.forbidden.role"},
		{"the steering group may not", pJens, nil, "systemer", workflow.SizeNormal, "err.forbidden.role"},
		{"the submitter may not", pPer, nil, "systemer", workflow.SizeNormal, "err.forbidden.role"},
		{"nothing to correct", pMette, nil, "kontrakt", workflow.SizeNormal, "err.reroute.same"},
		{"no size", pMette, nil, "systemer", workflow.Size("tiny"), "err.wish.size"},
		{"an unknown group", pMette, nil, "nosuch", workflow.SizeNormal, "err.group.not_found"},
		{"a poll has started", pMette, func(f *pipeFixture, id int64) {
			_, err := f.svc.StartPoll(f.ctx, f.actor(pSoren), workflow.PollInput{WishID: id, Proposal: workflow.ProposeReject, Text: "nej"})
			f.must(err)
		}, "systemer", workflow.SizeNormal, "err.reroute.poll"},
		{"withdrawn", pMette, func(f *pipeFixture, id int64) {
			_, err := f.svc.Withdraw(f.ctx, f.actor(pPer), id, "")
			f.must(err)
		}, "systemer", workflow.SizeNormal, "err.reroute.state"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newPipeFixture(t)
			w, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: "Alarm", Purpose: "p", Value: "v"})
			f.must(err)
			_, err = f.svc.RouteToGroup(f.ctx, f.actor(pMette), w.ID, "kontrakt", workflow.SizeNormal, "")
			f.must(err)
			if c.prepare != nil {
				c.prepare(f, w.ID)
			}
			before := f.countNotices(workflow.NoticeRerouted, "", "")
			got, err := f.svc.Reroute(f.ctx, f.actor(c.actor), w.ID, c.group, c.size, "wrong group")
			if c.key != "" {
				var e *workflow.Error
				if !errors.As(err, &e) || e.Msg != c.key {
					t.Fatalf("refused with %v, want %s", err, c.key)
				}
				if n := f.countNotices(workflow.NoticeRerouted, "", ""); n != before {
					t.Errorf("a refused correction told a channel")
				}
				return
			}
			f.must(err)
			if got.Group != c.group || got.Size != c.size || got.State != workflow.StateInAssessment {
				t.Errorf("after: group %s size %s state %s", got.Group, got.Size, got.State)
			}
			if f.countNotices(workflow.NoticeRerouted, "CKONT", "") != 1 {
				t.Errorf("the group the wish was routed to is not told")
			}
			newCard := f.countNotices(workflow.NoticeGroupCard, "CSYST", workflow.WishRef(w.ID, "group/systemer"))
			if (c.group == "systemer") != (newCard == 1) {
				t.Errorf("new group's card notices: %d", newCard)
			}
			d, err := f.svc.Wish(f.ctx, w.ID)
			f.must(err)
			last := d.History[len(d.History)-1]
			if last.Kind != workflow.EvWishRerouted || last.Actor != pMette || last.Data["from_group"] != "kontrakt" ||
				last.Data["group"] != c.group || last.Data["from_size"] != "normal" || last.Data["size"] != string(c.size) || last.Note != "wrong group" {
				t.Errorf("audit: %+v", last)
			}
		})
	}
}

// A stance after the deadline of a poll the scheduler has not closed yet is refused as
// too late, not as closed (issue 12: a reminder's late click was told the poll is
// closed when it was not); a closed poll is refused as closed.
func TestLateStanceSaysWhy(t *testing.T) {
	f := newPipeFixture(t)
	w, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: "Alarm", Purpose: "p", Value: "v"})
	f.must(err)
	_, err = f.svc.RouteToGroup(f.ctx, f.actor(pMette), w.ID, "kontrakt", workflow.SizeNormal, "")
	f.must(err)
	p, err := f.svc.StartPoll(f.ctx, f.actor(pSoren), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposeReject, Text: "nej"})
	f.must(err)
	f.now = p.Deadline.Add(time.Second)
	var e *workflow.Error
	if _, err := f.svc.TakeStance(f.ctx, f.actor(pAnna), p.ID, workflow.Agree, ""); !errors.As(err, &e) || e.Msg != "err.poll.past_deadline" {
		t.Errorf("a stance past the deadline of an open poll: %v, want err.poll.past_deadline", err)
	}
	_, err = f.svc.ClosePoll(f.ctx, f.actor(pSoren), p.ID)
	f.must(err)
	if _, err := f.svc.TakeStance(f.ctx, f.actor(pAnna), p.ID, workflow.Agree, ""); !errors.As(err, &e) || e.Msg != "err.poll.closed" {
		t.Errorf("a stance in a closed poll: %v, want err.poll.closed", err)
	}
}

// QueueOf continues the Home tab's queue: the same wishes in the same order, all of
// them (issue 12: "… and 60 more" pointed to a list in another order with other states).
func TestQueueOfContinuesTheHomeQueue(t *testing.T) {
	f := newPipeFixture(t)
	var ids []int64
	for _, title := range []string{"A", "B", "C"} {
		w, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: title, Purpose: "p", Value: "v"})
		f.must(err)
		ids = append(ids, w.ID)
	}
	_, err := f.svc.RouteToGroup(f.ctx, f.actor(pMette), ids[1], "kontrakt", workflow.SizeNormal, "")
	f.must(err)
	for _, c := range []struct {
		key, group string
		want       []int64
		err        string
	}{
		{"triage", "", []int64{ids[0], ids[2]}, ""},
		{"assessment", "kontrakt", []int64{ids[1]}, ""},
		{"assessment", "systemer", nil, ""},
		{"everything", "", nil, "err.queue.unknown"},
		{"assessment", "", nil, "err.queue.unknown"},
	} {
		q, err := f.svc.QueueOf(f.ctx, c.key, c.group)
		if c.err != "" {
			var e *workflow.Error
			if !errors.As(err, &e) || e.Msg != c.err {
				t.Errorf("%s %s: %v, want %s", c.key, c.group, err, c.err)
			}
			continue
		}
		f.must(err)
		var got []int64
		for _, w := range q.Wishes {
			got = append(got, w.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) || q.Total != len(c.want) {
			t.Errorf("%s %s: %v (total %d), want %v oldest first", c.key, c.group, got, q.Total, c.want)
		}
	}
}
