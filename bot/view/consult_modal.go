package view

import (
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// The input blocks of the consultations' and steering proposals' forms; the
// workflow's field names ("question", "reason", "note", "kind", …) are the same.
const (
	BlkConsultQuestion   = "question"
	BlkConsultBackground = "background"
	BlkConsultLink       = "link"
	BlkConsultDeadline   = "deadline"
	BlkConsultGroups     = "groups"
	BlkConsultReason     = "reason"
	BlkDecisionNote      = "note"
	BlkProposalTitle     = "title"
	BlkProposalText      = "text"
	BlkProposalKind      = "kind"
	BlkProposalAmount    = "amount"
	BlkProposalLinks     = "links"
	BlkProposalInternal  = "internal"
	ProposalInternal     = "internal" // the checkbox's value
)

func consultModal(lang i18n.Lang, cb, title, submit, meta string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: cb, PrivateMetadata: meta,
		Title: Plain(Truncate(i18n.T(lang, title), 24)), Submit: Plain(Truncate(i18n.T(lang, submit), 24)),
		Close: Plain(i18n.T(lang, "modal.cancel")), Blocks: slack.Blocks{BlockSet: blocks}}
}

// ConsultModal is the form that starts a consultation of the user club, on wish (nil
// for none): question, background, link, deadline and the working groups asked as well.
func ConsultModal(lang i18n.Lang, wish *workflow.Wish, groups []workflow.Group) slack.ModalViewRequest {
	var blocks []slack.Block
	question, meta := "", "0"
	if wish != nil {
		blocks = append(blocks, Section(i18n.T(lang, "pipeline.modal.wish", PlWishName(*wish))))
		question, meta = wish.Title, IDStr(wish.ID)
	}
	deadline := slack.NewInputBlock(BlkConsultDeadline, Plain(i18n.T(lang, "consult.field.deadline")), nil, slack.NewDatePickerBlockElement(ActInput))
	deadline.Hint, deadline.Optional = Plain(i18n.T(lang, "consult.hint.deadline", workflow.DefaultConsultDays)), true
	blocks = append(blocks,
		TextInput(lang, BlkConsultQuestion, "consult.field.question", "consult.hint.question", question, false, workflow.MaxTitle, false),
		TextInput(lang, BlkConsultBackground, "consult.field.background", "", "", true, workflow.MaxText, true),
		TextInput(lang, BlkConsultLink, "consult.field.link", "", "", false, 1000, true),
		deadline)
	var opts []*slack.OptionBlockObject
	for _, g := range groups {
		if len(opts) < 100 {
			opts = append(opts, slack.NewOptionBlockObject(g.Key, Plain(Clip(g.Name, 75)), nil))
		}
	}
	if len(opts) > 0 {
		sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, ActInput, opts...)
		in := slack.NewInputBlock(BlkConsultGroups, Plain(i18n.T(lang, "consult.field.groups")), nil, sel)
		in.Hint, in.Optional = Plain(i18n.T(lang, "consult.hint.groups")), true
		blocks = append(blocks, in)
	}
	return consultModal(lang, CbConsultNew, "consult.modal.title", "consult.modal.submit", meta, blocks...)
}

// ConcernsModal asks for the reason of a member's concerns (required), with the
// reason they gave before.
func ConcernsModal(lang i18n.Lang, c workflow.Consultation, prev string) slack.ModalViewRequest {
	return consultModal(lang, CbConsultConcerns, "consult.concerns.title", "consult.concerns.submit", IDStr(c.ID),
		Section(i18n.T(lang, "consult.modal.question", Clip(c.Question, 2000))),
		TextInput(lang, BlkConsultReason, "consult.field.reason", "consult.hint.reason", prev, true, workflow.MaxNote, false))
}

// RecordModal is the secretariat's decision after a closed consultation, with the count.
func RecordModal(lang i18n.Lang, d workflow.ConsultationDetail) slack.ModalViewRequest {
	return consultModal(lang, CbConsultRecord, "consult.record.title", "consult.record.submit", IDStr(d.ID),
		Section(i18n.T(lang, "consult.modal.question", Clip(d.Question, 2000))),
		Context(CountLine(lang, d.Tally.Count)),
		TextInput(lang, BlkDecisionNote, "consult.field.decision", "consult.hint.decision", "", true, workflow.MaxNote, false))
}

// ProposeModal is the secretariat's proposal to the steering group beyond wishes.
func ProposeModal(lang i18n.Lang) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	for _, k := range workflow.ProposalKinds {
		opts = append(opts, slack.NewOptionBlockObject(string(k), Plain(i18n.T(lang, "steering.kind."+string(k))), nil))
	}
	kind := slack.NewInputBlock(BlkProposalKind, Plain(i18n.T(lang, "steering.field.kind")), nil,
		slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActInput, opts...))
	internal := slack.NewInputBlock(BlkProposalInternal, Plain(i18n.T(lang, "steering.field.internal")), nil,
		slack.NewCheckboxGroupsBlockElement(ActInput, slack.NewOptionBlockObject(ProposalInternal, Plain(i18n.T(lang, "steering.internal_option")), nil)))
	internal.Optional = true
	return consultModal(lang, CbSteeringPropose, "steering.modal.title", "steering.modal.submit", "",
		TextInput(lang, BlkProposalTitle, "steering.field.title", "", "", false, workflow.MaxTitle, false),
		kind,
		TextInput(lang, BlkProposalText, "steering.field.text", "", "", true, workflow.MaxText, false),
		TextInput(lang, BlkProposalAmount, "steering.field.amount", "estimate.hint.amount", "", false, 20, true),
		TextInput(lang, BlkProposalLinks, "steering.field.links", "steering.hint.links", "", true, 3000, true),
		internal)
}

// ProposalDecisionModal is the steering group's Approve (an optional note) or Decline
// (a reason required) of a proposal.
func ProposalDecisionModal(lang i18n.Lang, p workflow.SteeringProposal, approve bool) slack.ModalViewRequest {
	intro := Section("*" + Clip(p.Title, 200) + "*")
	if !approve {
		return consultModal(lang, CbSteeringDecline, "steering.decline.title", "decline.modal.submit", IDStr(p.ID), intro,
			TextInput(lang, BlkDecisionNote, "decline.field.reason", "steering.hint.reason", "", true, workflow.MaxNote, false))
	}
	return consultModal(lang, CbSteeringApprove, "steering.approve.title", "approve.modal.submit", IDStr(p.ID), intro,
		TextInput(lang, BlkDecisionNote, "approve.field.note", "", "", true, workflow.MaxNote, true))
}
