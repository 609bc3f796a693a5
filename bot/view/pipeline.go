package view

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

func pipelineModal(lang i18n.Lang, cb, title, submit, meta string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: cb, PrivateMetadata: meta,
		Title: Plain(Truncate(i18n.T(lang, title), 24)), Submit: Plain(Truncate(i18n.T(lang, submit), 24)),
		Close: Plain(i18n.T(lang, "modal.cancel")), Blocks: slack.Blocks{BlockSet: blocks}}
}

// FinancingName is a form of financing in lang: a default's from the catalog, a
// custom one's as it was typed (not yet escaped).
func FinancingName(lang i18n.Lang, key, name string) string {
	if name != "" {
		return name
	}
	if i18n.Has("financing." + key) {
		return i18n.T(lang, "financing."+key)
	}
	return key
}

// PlWishName is "#12 Title", escaped.
func PlWishName(w workflow.Wish) string { return fmt.Sprintf("#%d %s", w.ID, Clip(w.Title, 150)) }

// DKK shows an amount as each language writes it: "DKK 250,000.50" or
// "250.000,50 kr."; øre only when there are some.
func DKK(lang i18n.Lang, a workflow.Amount) string {
	if lang == i18n.Danish {
		return a.Format(".", ",") + " kr."
	}
	return "DKK " + a.Format(",", ".")
}

// HoursText shows a number of hours as each language writes it: "7.5" or "7,5".
func HoursText(lang i18n.Lang, h workflow.Hours) string {
	if lang == i18n.Danish {
		return h.Format(".", ",")
	}
	return h.Format(",", ".")
}

// HoursCount shows hours with their unit, singular only for exactly one hour:
// "1 hour", "7.5 hours", "7,5 timer".
func HoursCount(lang i18n.Lang, h workflow.Hours) string {
	key := "count.hours.many"
	if h == workflow.WholeHours(1) {
		key = "count.hours.one"
	}
	return i18n.T(lang, key, HoursText(lang, h))
}

// IDStr is a wish, poll or initiative number as a button value or metadata.
func IDStr(n int64) string { return strconv.FormatInt(n, 10) }

// maxCycleNames bounds the cycles offered: a static_select's options.
const maxCycleNames = 100

// pipelineWish is the line naming the wish a pipeline form is about.
func pipelineWish(lang i18n.Lang, w workflow.Wish) slack.Block {
	return Section(i18n.T(lang, "pipeline.modal.wish", PlWishName(w)))
}

// SpecModal asks for the requirements specification of w: a link, a summary.
func SpecModal(lang i18n.Lang, w workflow.Wish) slack.ModalViewRequest {
	link := TextInput(lang, BlkPipelineLink, "spec.field.link", "spec.hint.link", w.SpecLink, false, 1000, true)
	sum := TextInput(lang, BlkPipelineSummary, "spec.field.summary", "spec.hint.summary", w.SpecSummary, true, workflow.MaxNote, false)
	return pipelineModal(lang, CbPipelineSpec, "spec.modal.title", "modal.save", IDStr(w.ID), pipelineWish(lang, w), link, sum)
}

// EstimateModal asks for the supplier's price estimate of w; es are its earlier ones.
func EstimateModal(lang i18n.Lang, w workflow.Wish, es []workflow.Estimate) slack.ModalViewRequest {
	blocks := []slack.Block{pipelineWish(lang, w)}
	if len(es) > 0 {
		last := es[len(es)-1]
		blocks = append(blocks, Context(i18n.T(lang, "estimate.previous", len(es), DKK(lang, last.Amount), HoursCount(lang, last.Hours))))
	}
	blocks = append(blocks,
		TextInput(lang, BlkPipelineAmount, "estimate.field.amount", "estimate.hint.amount", "", false, 20, false),
		TextInput(lang, BlkPipelineHours, "estimate.field.hours", "estimate.hint.hours", "", false, 10, false),
		TextInput(lang, BlkPipelineNote, "estimate.field.note", "", "", true, workflow.MaxNote, true))
	return pipelineModal(lang, CbPipelineEstimate, "estimate.modal.title", "modal.save", IDStr(w.ID), blocks...)
}

// RecommendModal asks how to recommend ws to the steering group as one initiative.
func RecommendModal(lang i18n.Lang, ws []workflow.Wish) slack.ModalViewRequest {
	var nums, title []string
	for _, w := range ws {
		nums, title = append(nums, IDStr(w.ID)), append(title, w.Title)
	}
	return pipelineModal(lang, CbPipelineRecommend, "recommend.modal.title", "recommend.modal.submit", "",
		TextInput(lang, BlkPipelineWishes, "recommend.field.wishes", "recommend.hint.wishes", strings.Join(nums, " "), false, 200, false),
		TextInput(lang, BlkPipelineTitle, "recommend.field.title", "", strings.Join(title, " + "), false, workflow.MaxTitle, false),
		TextInput(lang, BlkPipelineRecText, "recommend.field.text", "recommend.hint.text", "", true, workflow.MaxText, false))
}

// decisionIntro names the initiative the steering group decides on.
func decisionIntro(lang i18n.Lang, d workflow.InitiativeDetail) slack.Block {
	return Section(i18n.T(lang, "decision.modal.intro", Clip(d.Initiative.Title, 200), len(d.Wishes)))
}

// DeclineModal asks the steering group's reason to decline initiative d.
func DeclineModal(lang i18n.Lang, d workflow.InitiativeDetail) slack.ModalViewRequest {
	return pipelineModal(lang, CbPipelineDecline, "decline.modal.title", "decline.modal.submit", IDStr(d.Initiative.ID), decisionIntro(lang, d),
		TextInput(lang, BlkPipelineNote, "decline.field.reason", "decline.hint.reason", "", true, workflow.MaxNote, false))
}

// ApproveModal asks the form of financing (of forms) for initiative d, and a note.
func ApproveModal(lang i18n.Lang, d workflow.InitiativeDetail, forms []workflow.FinancingForm) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	for _, f := range forms {
		if len(opts) < 100 {
			opts = append(opts, slack.NewOptionBlockObject(f.Key, Plain(Clip(FinancingName(lang, f.Key, f.Name), 75)), nil))
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, Plain(i18n.T(lang, "approve.field.financing")), ActInput, opts...)
	in := slack.NewInputBlock(BlkPipelineFinancing, Plain(i18n.T(lang, "approve.field.financing")), nil, sel)
	return pipelineModal(lang, CbPipelineApprove, "approve.modal.title", "approve.modal.submit", IDStr(d.Initiative.ID), decisionIntro(lang, d), in,
		TextInput(lang, BlkPipelineNote, "approve.field.note", "", "", true, workflow.MaxNote, true))
}

// PlanModal asks in which of cycles to plan w; ok is false when no cycle is open.
func PlanModal(lang i18n.Lang, w workflow.Wish, cycles []workflow.Cycle) (m slack.ModalViewRequest, ok bool) {
	var opts []*slack.OptionBlockObject
	for _, c := range cycles {
		if c.DeliveredAt.IsZero() && c.Name != w.Cycle && len(opts) < maxCycleNames {
			label := i18n.T(lang, "plan.option", c.Name, c.Expected.Format(time.DateOnly))
			opts = append(opts, slack.NewOptionBlockObject(c.Name, Plain(Truncate(label, 75)), nil))
		}
	}
	if len(opts) == 0 {
		return m, false
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, Plain(i18n.T(lang, "plan.field.cycle")), ActInput, opts...)
	return pipelineModal(lang, CbPipelinePlan, "plan.modal.title", "modal.save", IDStr(w.ID), pipelineWish(lang, w),
		slack.NewInputBlock(BlkPipelineCycle, Plain(i18n.T(lang, "plan.field.cycle")), nil, sel),
		TextInput(lang, BlkPipelineNote, "plan.field.note", "", "", true, workflow.MaxNote, true)), true
}
