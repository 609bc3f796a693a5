package view

// Action, callback and block ids: the handlers in bot route on them, the views put
// them in Block Kit. A value, once released, stays: Slack keeps old messages' buttons.

// Ids of the intake: its buttons and the wish modal, whose input blocks the
// workflow's field names map to.
const (
	ActFollow      = "wish.follow"
	ActUnfollow    = "wish.unfollow"
	ActListMore    = "wish.list_more"
	ActSubmitWish  = "wish.open_modal"
	CbNewWish      = "wish.new"
	CbEditWish     = "wish.edit"
	ActInput       = "input"
	BlkTitle       = "title"
	BlkGroup       = "group"
	BlkPurpose     = "purpose"
	BlkValue       = "value"
	BlkDescription = "description"
)

// Ids of the secretariat's triage: the buttons of its card (their value is the wish's
// number), the Edit wish button of a request for information, and the triage modals,
// which carry the wish's number in private_metadata.
const (
	ActMinor     = "triage.minor"
	ActRoute     = "triage.route"
	ActAsk       = "triage.ask"
	ActDecline   = "triage.decline"
	ActDuplicate = "triage.duplicate"
	ActDone      = "triage.done"
	ActEditWish  = "triage.edit_wish"
	CbRoute      = "triage.route_form"
	CbAsk        = "triage.ask_form"
	CbDecline    = "triage.decline_form"
	CbDuplicate  = "triage.duplicate_form"
	BlkSize      = "size"
	BlkNote      = "note"
	BlkQuestion  = "question"
	BlkReason    = "reason"
	BlkOther     = "other"
)

// Ids of consensus polls: the buttons of a poll (their value is the poll id), Add a
// reason in a stance's confirmation (its value is "poll id:position"), and the poll modals.
const (
	ActStartPoll = "poll.start"
	ActAgree     = "poll.agree"
	ActAbstain   = "poll.abstain"
	ActObject    = "poll.object"
	ActClosePoll = "poll.close"
	ActReason    = "poll.reason"
	CbStartPoll  = "poll.start_form"
	CbStance     = "poll.stance_form"
	BlkProposal  = "proposal"
	BlkPollText  = "text"
	BlkDeadline  = "deadline"
	BlkQuorum    = "quorum"
)

// Ids of the steps from priority to delivery. A button's value is the wish's number,
// or the initiative's for Approve and Decline.
const (
	ActPipelineSpec      = "pipeline.spec"
	ActPipelineEstimate  = "pipeline.estimate"
	ActPipelineRecommend = "pipeline.recommend"
	ActPipelineApprove   = "pipeline.approve"
	ActPipelineDecline   = "pipeline.decline"
	ActPipelinePlan      = "pipeline.plan"
	ActPipelineDeliver   = "pipeline.deliver"
	ActPipelineWithdraw  = "pipeline.withdraw"
	CbPipelineSpec       = "pipeline.spec"
	CbPipelineEstimate   = "pipeline.estimate"
	CbPipelineRecommend  = "pipeline.recommend"
	CbPipelineApprove    = "pipeline.approve"
	CbPipelineDecline    = "pipeline.decline"
	CbPipelinePlan       = "pipeline.plan"
	BlkPipelineTitle     = "title"
	BlkPipelineLink      = "link"
	BlkPipelineSummary   = "summary"
	BlkPipelineAmount    = "amount"
	BlkPipelineHours     = "hours"
	BlkPipelineNote      = "note"
	BlkPipelineWishes    = "wishes"
	BlkPipelineRecText   = "text"
	BlkPipelineFinancing = "financing"
	BlkPipelineCycle     = "cycle"
)
