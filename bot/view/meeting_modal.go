package view

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Callback ids and input blocks of the meeting modals.
const (
	CbConvene          = "meeting.convene_form"
	CbAnswerTimes      = "meeting.answer_form"
	CbMinutes          = "meeting.minutes_form"
	CbMove             = "meeting.move_form"
	CbCancel           = "meeting.cancel_form"
	BlkMeetingDate     = "date"
	BlkMeetingStart    = "start"
	BlkMeetingDuration = "duration"
	BlkMeetingPlace    = "place"
	BlkMeetingAgenda   = "agenda"
	BlkMeetingOther    = "other"
	BlkCandidate       = "cand" // cand1date, cand1time, … in the Convene modal; cand1, … when answering
	BlkMinutesNote     = "note" // note0, note1, …
	BlkMinutesDecided  = "decisions"
	BlkMinutesTasks    = "tasks"
	BlkCancelReason    = "reason"
	ModeFixed          = "fixed" // the Convene modal's private metadata: "key|mode"
	ModeFind           = "find"
)

// ConveneForm is what the Convene modal shows: the group, the agenda proposed from its
// queue, whether to ask for candidate times (Find a date) instead of one time, and
// the time it is opened at with the time zone times are entered in.
type ConveneForm struct {
	Group    workflow.Group
	Items    []workflow.AgendaItem
	FindDate bool
	Now      time.Time
	Loc      *time.Location
}

// ConveneModal asks when, how long, where and what: a fixed time (tomorrow at 10:00
// proposed), or up to workflow.MaxCandidates candidate times.
func ConveneModal(lang i18n.Lang, f ConveneForm) slack.ModalViewRequest {
	blocks := []slack.Block{Section(i18n.T(lang, "meeting.modal.intro", Esc(f.Group.Name), f.Loc.String()))}
	mode := ModeFixed
	if f.FindDate {
		mode = ModeFind
		for i := 1; i <= workflow.MaxCandidates; i++ {
			n := strconv.Itoa(i)
			blocks = append(blocks,
				datePicker(BlkCandidate+n+"date", i18n.T(lang, "meeting.field.cand_date", i), "", i > workflow.MinCandidates),
				timePicker(BlkCandidate+n+"time", i18n.T(lang, "meeting.field.cand_time", i), "", i > workflow.MinCandidates))
		}
	} else {
		tomorrow := f.Now.In(f.Loc).AddDate(0, 0, 1).Format(dayFormat)
		blocks = append(blocks,
			datePicker(BlkMeetingDate, i18n.T(lang, "meeting.field.date"), tomorrow, false),
			timePicker(BlkMeetingStart, i18n.T(lang, "meeting.field.start"), "10:00", false),
			Buttons("find_date", Button(ActFindDate, i18n.T(lang, "meeting.find_date"), f.Group.Key, "")))
	}
	dur := TextInput(lang, BlkMeetingDuration, "meeting.field.duration", "meeting.hint.duration", workflow.FormatDuration(workflow.DefaultDuration), false, 10, false)
	blocks = append(blocks, dur, TextInput(lang, BlkMeetingPlace, "meeting.field.place", "", "", false, workflow.MaxPlace, true))
	if len(f.Items) > 0 {
		blocks = append(blocks, agendaChoice(lang, f.Items))
	}
	blocks = append(blocks, TextInput(lang, BlkMeetingOther, "meeting.field.other", "meeting.hint.other", "", true, 2500, len(f.Items) > 0))
	return meetingModal(lang, CbConvene, f.Group.Key+"|"+mode, "meeting.modal.title", "meeting.modal.submit", blocks)
}

// agendaChoice is the proposed agenda as checkboxes, all ticked; what does not fit in
// workflow.MaxAgendaProposals is named in the hint.
func agendaChoice(lang i18n.Lang, items []workflow.AgendaItem) *slack.InputBlock {
	var opts []*slack.OptionBlockObject
	for _, it := range items[:min(len(items), workflow.MaxAgendaProposals)] {
		opts = append(opts, slack.NewOptionBlockObject(it.Key(), Plain(Truncate(ItemLabel(lang, it, false), 75)), nil))
	}
	cb := slack.NewCheckboxGroupsBlockElement(ActInput, opts...)
	cb.InitialOptions = opts
	in := slack.NewInputBlock(BlkMeetingAgenda, Plain(i18n.T(lang, "meeting.field.agenda")), Plain(i18n.T(lang, "meeting.hint.agenda")), cb)
	in.Optional = true
	if rest := items[min(len(items), workflow.MaxAgendaProposals):]; len(rest) > 0 {
		var names []string
		for _, it := range rest {
			names = append(names, ItemLabel(lang, it, false))
		}
		in.Hint = Plain(Truncate(i18n.T(lang, "meeting.hint.agenda_rest", len(rest), strings.Join(names, "; ")), 2000))
	}
	return in
}

func datePicker(block, label, initial string, optional bool) *slack.InputBlock {
	p := slack.NewDatePickerBlockElement(ActInput)
	p.InitialDate = initial
	in := slack.NewInputBlock(block, Plain(label), nil, p)
	in.Optional = optional
	return in
}

func timePicker(block, label, initial string, optional bool) *slack.InputBlock {
	p := slack.NewTimePickerBlockElement(ActInput)
	p.InitialTime = initial
	in := slack.NewInputBlock(block, Plain(label), nil, p)
	in.Optional = optional
	return in
}

func meetingModal(lang i18n.Lang, callback, metadata, title, submit string, blocks []slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callback, PrivateMetadata: metadata,
		Title:  Plain(i18n.T(lang, title)),
		Submit: Plain(i18n.T(lang, submit)),
		Close:  Plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// AnswerTimesModal asks Yes / If need be / No for each candidate time of meeting m,
// with the answers mine (by slot) already given.
func AnswerTimesModal(lang i18n.Lang, m workflow.Meeting, mine map[int]workflow.Reply, loc *time.Location) slack.ModalViewRequest {
	var blocks []slack.Block
	for i, c := range m.Candidates {
		var opts []*slack.OptionBlockObject
		var initial *slack.OptionBlockObject
		for _, ans := range []workflow.Reply{workflow.ReplyYes, workflow.ReplyMaybe, workflow.ReplyNo} {
			o := slack.NewOptionBlockObject(string(ans), Plain(i18n.T(lang, "meeting.answer."+string(ans))), nil)
			opts = append(opts, o)
			if mine[i+1] == ans {
				initial = o
			}
		}
		rb := slack.NewRadioButtonsBlockElement(ActInput, opts...)
		rb.InitialOption = initial
		in := slack.NewInputBlock(BlkCandidate+strconv.Itoa(i+1), Plain(Truncate(i18n.T(lang, "meeting.candidate", i+1, Date(c, loc)), 2000)), nil, rb)
		in.Optional = true
		blocks = append(blocks, in)
	}
	return meetingModal(lang, CbAnswerTimes, strconv.FormatInt(m.ID, 10), "meeting.modal.answer_title", "meeting.modal.answer_submit", blocks)
}

// MoveModal asks meeting d's new day and start, proposing its present ones.
func MoveModal(lang i18n.Lang, d workflow.MeetingDetail, loc *time.Location) slack.ModalViewRequest {
	l := d.Meeting.Start.In(loc)
	return meetingModal(lang, CbMove, strconv.FormatInt(d.Meeting.ID, 10), "meeting.modal.move_title", "meeting.modal.move_submit", []slack.Block{
		Section(i18n.T(lang, "meeting.modal.move_intro", Esc(d.Group.Name), Date(d.Meeting.Start, loc), loc.String())),
		datePicker(BlkMeetingDate, i18n.T(lang, "meeting.field.date"), l.Format(dayFormat), false),
		timePicker(BlkMeetingStart, i18n.T(lang, "meeting.field.start"), l.Format("15:04"), false),
	})
}

// CancelModal asks why meeting id is cancelled.
func CancelModal(lang i18n.Lang, id int64) slack.ModalViewRequest {
	return meetingModal(lang, CbCancel, strconv.FormatInt(id, 10), "meeting.modal.cancel_title", "meeting.modal.cancel_submit", []slack.Block{
		TextInput(lang, BlkCancelReason, "meeting.field.reason", "meeting.hint.reason", "", true, workflow.MaxReason, false),
	})
}

// MinutesModal asks a note per agenda item, the decisions and the tasks. The tasks are
// a rich-text input, so that each @mention arrives as a user id.
func MinutesModal(lang i18n.Lang, d workflow.MeetingDetail, loc *time.Location) slack.ModalViewRequest {
	blocks := []slack.Block{Section(i18n.T(lang, "minutes.modal.intro", Esc(d.Group.Name), Date(d.Meeting.Start, loc)))}
	for i, it := range d.Meeting.Agenda {
		in := TextInput(lang, BlkMinutesNote+strconv.Itoa(i), "", "", "", true, workflow.MaxMinutesNote, true)
		in.Label = Plain(Truncate(strconv.Itoa(i+1)+". "+ItemLabel(lang, it, false), 2000))
		blocks = append(blocks, in)
	}
	blocks = append(blocks, TextInput(lang, BlkMinutesDecided, "minutes.field.decisions", "", "", true, workflow.MaxMinutesNote, true))
	tasks := slack.NewInputBlock(BlkMinutesTasks, Plain(i18n.T(lang, "minutes.field.tasks")), Plain(i18n.T(lang, "minutes.hint.tasks")),
		slack.NewRichTextInputBlockElement(nil, ActInput))
	tasks.Optional = true
	blocks = append(blocks, tasks)
	return meetingModal(lang, CbMinutes, strconv.FormatInt(d.Meeting.ID, 10), "minutes.modal.title", "minutes.modal.submit", blocks)
}
