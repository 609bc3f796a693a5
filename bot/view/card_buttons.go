package view

import (
	"strconv"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// PipelineButtons are a wish card's buttons for the steps after prioritisation: the
// requirements on both cards, the secretariat's steps on its own card.
func PipelineButtons(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement {
	id := IDStr(w.ID)
	var els []slack.BlockElement
	if workflow.CanAddSpec(w) {
		els = append(els, Button(ActPipelineSpec, i18n.T(lang, "spec.button"), id, slack.StylePrimary))
	}
	if n.Kind != workflow.NoticeWishCard {
		return els
	}
	switch {
	case w.State == workflow.StateSpecified:
		els = append(els, Button(ActPipelineEstimate, i18n.T(lang, "estimate.button"), id, slack.StylePrimary))
	case workflow.CanEstimate(w):
		els = append(els, Button(ActPipelineEstimate, i18n.T(lang, "estimate.revise"), id, ""))
	}
	if w.State == workflow.StateEstimated {
		els = append(els, Button(ActPipelineRecommend, i18n.T(lang, "recommend.button"), id, slack.StylePrimary))
	}
	switch {
	case w.State == workflow.StatePlanned:
		els = append(els, Button(ActPipelinePlan, i18n.T(lang, "plan.move"), id, ""),
			Button(ActPipelineDeliver, i18n.T(lang, "deliver.button"), id, slack.StylePrimary))
	case workflow.CanPlan(w):
		els = append(els, Button(ActPipelinePlan, i18n.T(lang, "plan.button"), id, slack.StylePrimary))
	}
	return els
}

// PollButtons is Start consensus poll on a group's card while the wish is assessed.
func PollButtons(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement {
	if n.Kind != workflow.NoticeGroupCard || w.State != workflow.StateInAssessment || !cardOfWishGroup(w, n) {
		return nil
	}
	return []slack.BlockElement{Button(ActStartPoll, i18n.T(lang, "poll.start"), strconv.FormatInt(w.ID, 10), slack.StylePrimary)}
}

// cardOfWishGroup reports whether n's card is in the channel of the group w is with
// now, not of a group the secretariat moved it away from (workflow.Reroute).
func cardOfWishGroup(w workflow.Wish, n workflow.Notice) bool {
	return n.Ref == "" || n.Ref == workflow.WishRef(w.ID, "group/"+w.Group)
}

// TriageButtons are the secretariat card's buttons, in the states where they apply.
func TriageButtons(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement {
	if n.Kind != workflow.NoticeWishCard {
		return nil
	}
	id := SeenValue(w) // decide on the revision the card shows
	switch w.State {
	case workflow.StateSubmitted:
		return []slack.BlockElement{
			Button(ActRoute, i18n.T(lang, "triage.route"), id, slack.StylePrimary),
			Button(ActMinor, i18n.T(lang, "triage.minor"), id, ""),
			Button(ActAsk, i18n.T(lang, "triage.ask"), id, ""),
			Button(ActDuplicate, i18n.T(lang, "triage.duplicate"), id, ""),
			Button(ActDecline, i18n.T(lang, "triage.decline"), id, slack.StyleDanger),
		}
	case workflow.StateMinor:
		return []slack.BlockElement{
			Button(ActDone, i18n.T(lang, "triage.done"), id, slack.StylePrimary),
			Button(ActDecline, i18n.T(lang, "triage.decline"), id, slack.StyleDanger),
		}
	}
	return nil
}

// WithdrawButton lets the submitter withdraw their wish while it is not yet approved.
func WithdrawButton(lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement {
	if viewer != w.SubmitterID || !w.State.Withdrawable() {
		return nil
	}
	bt := Button(ActPipelineWithdraw, i18n.T(lang, "withdraw.button"), IDStr(w.ID), slack.StyleDanger)
	bt.Confirm = slack.NewConfirmationBlockObject(Plain(Truncate(i18n.T(lang, "withdraw.button"), 100)),
		Plain(Truncate(i18n.T(lang, "withdraw.confirm"), 300)), Plain(Truncate(i18n.T(lang, "withdraw.button"), 30)), Plain(Truncate(i18n.T(lang, "modal.cancel"), 30)))
	return []slack.BlockElement{bt}
}
