package bot

import (
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// This file is the bot's one route table: every slash command, button, form, notice,
// part of a wish card, Home section and scheduled job, each in the order people see it.
// A feature adds its lines here; nothing is registered anywhere else.

// commandTable is every slash command and subcommand, in the order help lists them.
// The router matches a command's Name on the first words typed; help, usage and the
// examples are generated from these lines.
var commandTable = []Command{
	// /tovholder: setup (admins; working groups also the secretariat)
	{Slash: "/tovholder", Name: "help", Help: "help.tovholder.help", Example: "/tovholder help"}, // Run nil: the router's help
	{Slash: "/tovholder", Name: "channel", Args: "usage.channel", Help: "help.channel",
		Example: "/tovholder channel secretariat #kitos-sekretariat", Run: cmdChannel},
	{Slash: "/tovholder", Name: "role add", Args: "usage.role", Help: "help.role_add",
		Example: "/tovholder role add secretariat @Mette", Run: cmdRole(true)},
	{Slash: "/tovholder", Name: "role remove", Args: "usage.role", Help: "help.role_remove",
		Example: "/tovholder role remove steering @Jens", Run: cmdRole(false)},
	{Slash: "/tovholder", Name: "role list", Help: "help.role_list", Example: "/tovholder role list", Run: cmdRoleList},
	{Slash: "/tovholder", Name: "group create", Args: "usage.group_create", Help: "help.group_create",
		Example: "/tovholder group create kontrakt #kitos-kontrakt IT-kontrakter", Run: cmdGroupCreate},
	{Slash: "/tovholder", Name: "group coordinator", Args: "usage.group_coordinator", Help: "help.group_coordinator",
		Example: "/tovholder group coordinator kontrakt @Søren", Run: cmdGroupCoordinator},
	{Slash: "/tovholder", Name: "group member add", Args: "usage.group_member", Help: "help.group_member_add",
		Example: "/tovholder group member add kontrakt @Anna @Lars", Run: cmdGroupMembers(true)},
	{Slash: "/tovholder", Name: "group member remove", Args: "usage.group_member", Help: "help.group_member_remove",
		Example: "/tovholder group member remove kontrakt @Lars", Run: cmdGroupMembers(false)},
	{Slash: "/tovholder", Name: "group list", Help: "help.group_list", Example: "/tovholder group list", Run: cmdGroupList},

	// /wish: submitting and following wishes
	{Slash: "/wish", Name: "help", Help: "help.wish.help", Example: "/wish help"},
	{Slash: "/wish", Name: "", Args: "usage.wish_new", Help: "help.wish_new", Example: "example.wish_new", Run: cmdWish, Fallback: true},
	{Slash: "/wish", Name: "list", Help: "help.wish_list", Example: "/wish list", Run: cmdWishList},
	{Slash: "/wish", Name: "list all", Help: "help.wish_list_all", Example: "/wish list all", Run: cmdWishListAll},
	{Slash: "/wish", Name: "queue", Args: "usage.wish_queue", Help: "help.wish_queue", Example: "/wish queue triage", Run: cmdWishQueue},
	{Slash: "/wish", Name: "follow", Args: "usage.wish_number", Help: "help.wish_follow", Example: "/wish follow 12", Run: cmdFollow(true)},
	{Slash: "/wish", Name: "unfollow", Args: "usage.wish_number", Help: "help.wish_unfollow", Example: "/wish unfollow 12", Run: cmdFollow(false)},

	// consensus polls
	{Slash: "/tovholder", Name: "poll", Args: "usage.poll", Help: "help.poll",
		Example: "example.poll", Run: cmdPoll},

	// from priority to delivery
	{Slash: "/tovholder", Name: "recommend", Args: "usage.recommend", Help: "help.recommend", Example: "/tovholder recommend 12 14", Run: cmdRecommend},
	{Slash: "/tovholder", Name: "financing add", Args: "usage.financing_add", Help: "help.financing_add", Example: "/tovholder financing add EU-midler", Run: cmdFinancingAdd},
	{Slash: "/tovholder", Name: "financing remove", Args: "usage.financing_remove", Help: "help.financing_remove", Example: "/tovholder financing remove eu-midler", Run: cmdFinancingRemove},
	{Slash: "/tovholder", Name: "financing list", Help: "help.financing_list", Run: cmdFinancingList},
	{Slash: "/tovholder", Name: "cycle create", Args: "usage.cycle_create", Help: "help.cycle_create", Example: "/tovholder cycle create 2027.2 2027-06-30", Run: cmdCycleCreate},
	{Slash: "/tovholder", Name: "cycle deliver", Args: "usage.cycle", Help: "help.cycle_deliver", Example: "/tovholder cycle deliver 2027.2", Run: cmdCycleDeliver},
	{Slash: "/tovholder", Name: "cycle list", Help: "help.cycle_list", Run: cmdCycleList},
	{Slash: "/wish", Name: "plan", Args: "usage.plan", Help: "help.wish_plan", Example: "/wish plan 2027.2", Run: cmdWishPlan},
	{Slash: "/wish", Name: "withdraw", Args: "usage.wish_number", Help: "help.wish_withdraw", Example: "/wish withdraw 12", Run: cmdWithdraw},
	{Slash: "/wish", Name: "reroute", Args: "usage.wish_reroute", Help: "help.wish_reroute", Example: "/wish reroute 12 systemer major", Run: cmdReroute},

	// reminders and digests
	{Slash: "/tovholder", Name: "group schedule", Args: "usage.group_schedule", Help: "help.group_schedule",
		Example: `/tovholder group schedule kontrakt "0 9 * * 1"`, Run: cmdGroupSchedule},
	{Slash: "/tovholder", Name: "group remind-before", Args: "usage.group_remind_before", Help: "help.group_remind_before",
		Example: "/tovholder group remind-before kontrakt 2d", Run: cmdRemindBefore},
	{Slash: "/tovholder", Name: "schedule secretariat", Args: "usage.schedule_digest", Help: "help.schedule_secretariat",
		Example: `/tovholder schedule secretariat "0 8 * * 1-5"`, Run: cmdDigestSchedule(workflow.RuleSecretariat)},
	{Slash: "/tovholder", Name: "schedule steering", Args: "usage.schedule_digest", Help: "help.schedule_steering",
		Example: `/tovholder schedule steering "0 9 1 * *"`, Run: cmdDigestSchedule(workflow.RuleSteering)},
	{Slash: "/tovholder", Name: "schedule list", Help: "help.schedule_list", Example: "/tovholder schedule list", Run: cmdScheduleList},

	// support by municipality, and the ranked backlog (bot/support.go, bot/ranking.go)
	{Slash: "/wish", Name: "municipality", Help: "help.wish_municipality", Example: "/wish municipality", Run: cmdMunicipality},
	{Slash: "/wish", Name: "support", Args: "usage.wish_number", Help: "help.wish_support", Example: "/wish support 12", Run: cmdSupport(true)},
	{Slash: "/wish", Name: "unsupport", Args: "usage.wish_number", Help: "help.wish_unsupport", Example: "/wish unsupport 12", Run: cmdSupport(false)},
	{Slash: "/wish", Name: "list top", Help: "help.wish_list_top", Example: "/wish list top", Run: cmdWishListTop},
	{Slash: "/tovholder", Name: "organisation add", Args: "usage.org_add", Help: "help.org_add",
		Example: "/tovholder organisation add andre Digitaliseringsstyrelsen", Run: cmdOrgAdd},
	{Slash: "/tovholder", Name: "organisation remove", Args: "usage.org_remove", Help: "help.org_remove",
		Example: `/tovholder organisation remove "Anden organisation"`, Run: cmdOrgRemove},
	{Slash: "/tovholder", Name: "organisation list", Help: "help.org_list", Example: "/tovholder organisation list", Run: cmdOrgList},
	{Slash: "/tovholder", Name: "rank", Help: "help.rank", Example: "/tovholder rank", Run: cmdRank},

	// meetings, tasks and coordinators
	{Slash: "/tovholder", Name: "meeting", Args: "usage.meeting", Help: "help.meeting", Example: "/tovholder meeting kontrakt", Run: cmdMeeting},
	{Slash: "/tovholder", Name: "tasks", Args: "usage.tasks", Help: "help.tasks", Example: "/tovholder tasks kontrakt", Run: cmdTasks},
	{Slash: "/tovholder", Name: "group volunteer", Args: "usage.group_key", Help: "help.group_volunteer", Example: "/tovholder group volunteer kontrakt", Run: cmdVolunteer},
	{Slash: "/tovholder", Name: "group step-down", Args: "usage.group_key", Help: "help.group_step_down", Example: "/tovholder group step-down kontrakt", Run: cmdStepDown},
	// larger decisions beyond wishes: consultations of the user club, steering proposals
	{Slash: "/tovholder", Name: "consult", Args: "usage.consult", Help: "help.consult", Example: "/tovholder consult 12", Run: cmdConsult},
	{Slash: "/tovholder", Name: "propose steering", Help: "help.propose_steering", Example: "/tovholder propose steering", Run: cmdProposeSteering},
	{Slash: "/tovholder", Name: "decisions", Args: "usage.decisions", Help: "help.decisions", Example: "/tovholder decisions steering", Run: cmdDecisions},
}

// commands is every slash subcommand, in the order help lists them.
func commands() []Command { return commandTable }

// commitsFirst is the actions that commit before anything about the user is looked
// up (their language, by users.info): a stance, which two hundred members may take at
// once, so that no Slack round trip holds their shared commit back. Their handlers
// personalise the request themselves, after the commit.
var commitsFirst = map[string]bool{view.ActAgree: true, view.ActAbstain: true}

// actions maps every action_id (a button or a select) to its handler, in the order
// the buttons show on a wish card, then the poll message's, then the rest.
var actions = map[string]actionFunc{
	// the secretariat's card
	view.ActRoute:     triage(workflow.StateInAssessment, triageRoute),
	view.ActMinor:     triage(workflow.StateMinor, triageMinor),
	view.ActAsk:       triageModal(workflow.StateNeedsInfo, view.CbAsk),
	view.ActDecline:   triageModal(workflow.StateDeclined, view.CbDecline),
	view.ActDuplicate: triageModal(workflow.StateDuplicate, view.CbDuplicate),
	view.ActDone:      triage(workflow.StateDelivered, triageDone),
	view.ActEditWish:  editWishAction, // in the submitter's request for information

	// the steps after prioritisation, on both cards
	view.ActPipelineSpec:      wishAction(openSpecModal),
	view.ActPipelineEstimate:  wishAction(openEstimateModal),
	view.ActPipelineRecommend: wishAction(recommendWish),
	view.ActPipelinePlan:      wishAction(openPlanModal),
	view.ActPipelineDeliver:   wishAction(deliverWish),
	view.ActPipelineApprove:   wishAction(approveInitiative), // the steering group's message
	view.ActPipelineDecline:   wishAction(declineInitiative),
	view.ActPipelineWithdraw:  wishAction(withdrawWish), // the submitter's own view of a wish

	// the group's card and the poll message (the reminder's buttons are the poll's own)
	view.ActStartPoll: startPollAction,
	view.ActAgree:     stanceAction(workflow.Agree),
	view.ActAbstain:   stanceAction(workflow.Abstain),
	view.ActObject:    stanceAction(workflow.Object),
	view.ActReason:    reasonAction,
	view.ActClosePoll: closePollAction,

	// on every card, on /wish N and on the Home tab
	view.ActFollow:     followAction,
	view.ActUnfollow:   unfollowAction,
	view.ActListMore:   listMoreAction,
	view.ActSubmitWish: submitWishAction,

	// support and the ranked backlog
	view.ActSupport:   supportAction(true),
	view.ActUnsupport: supportAction(false),
	view.ActRankStart: rankStartAction, // on the Home tab
	view.ActRankDots:  rankDotsAction,  // on the ranking message
	view.ActRankClose: rankCloseAction,

	// meetings: Convene (digest, Home), the meeting message, the secretariat's answer
	// to a volunteer, and Done on a task
	view.ActConvene:     conveneAction,
	view.ActFindDate:    findDateAction,
	view.ActAttend:      rsvpAction(workflow.ReplyYes),
	view.ActCantAttend:  rsvpAction(workflow.ReplyNo),
	view.ActAnswerTimes: answerTimesAction,
	view.ActPickTime:    pickTimeAction,
	view.ActMinutes:     minutesAction,
	view.ActMove:        moveAction,
	view.ActCancel:      cancelAction,
	view.ActTaskDone:    taskDoneAction,
	view.ActVolunteer:   volunteerAction,
	view.ActConfirmVol:  decideVolunteerAction(true),
	view.ActDeclineVol:  decideVolunteerAction(false),
	// consultations (the secretariat's card, its Home, the consultation's message) and
	// steering proposals (the steering channel's message)
	view.ActConsultOpen:      consultOpenAction,
	view.ActConsultSupport:   answerAction(workflow.AnswerSupport),
	view.ActConsultNoOpinion: answerAction(workflow.AnswerNoOpinion),
	view.ActConsultConcerns:  wishAction(openConcernsModal),
	view.ActConsultClose:     wishAction(closeConsultation),
	view.ActConsultRecord:    wishAction(openRecordModal),
	view.ActSteeringApprove:  wishAction(approveProposal),
	view.ActSteeringDecline:  wishAction(declineProposal),
}

// submissions maps every modal's callback_id to its handler.
var submissions = map[string]submitFunc{
	view.CbNewWish:  submitNewWish,
	view.CbEditWish: submitEditWish,

	view.CbRoute:     submitRoute,
	view.CbAsk:       submitAsk,
	view.CbDecline:   submitDecline,
	view.CbDuplicate: submitDuplicate,

	view.CbStartPoll: submitStartPoll,
	view.CbStance:    submitStance,

	view.CbPipelineSpec:      submitSpec,
	view.CbPipelineEstimate:  submitEstimate,
	view.CbPipelineRecommend: submitRecommend,
	view.CbPipelineApprove:   submitDecision(true),
	view.CbPipelineDecline:   submitDecision(false),
	view.CbPipelinePlan:      submitPlan,

	view.CbOrg:       submitOrg,
	view.CbRankStart: submitRankStart,
	view.CbRankDots:  submitDots,

	view.CbConvene:         submitConvene,
	view.CbAnswerTimes:     submitAnswerTimes,
	view.CbMinutes:         submitMinutes,
	view.CbMove:            submitMove,
	view.CbCancel:          submitCancel,
	view.CbConsultNew:      submitConsult,
	view.CbConsultConcerns: submitConcerns,
	view.CbConsultRecord:   submitRecord,
	view.CbSteeringPropose: submitProposeSteering,
	view.CbSteeringApprove: submitSteeringDecision(true),
	view.CbSteeringDecline: submitSteeringDecision(false),
}

// renderers maps every kind of notice the dispatcher delivers to its view, in the
// order of a wish's life.
var renderers = map[string]renderFunc{
	string(workflow.NoticeWishCard):    renderWishCard,
	string(workflow.NoticeGroupCard):   renderWishCard,
	string(workflow.NoticeReceipt):     renderReceipt,
	string(workflow.NoticeWishChanged): renderWishChanged,
	string(workflow.NoticeInfoRequest): renderInfoRequest,

	string(workflow.NoticeInfoAnswered): renderInfoAnswered,
	string(workflow.NoticeRerouted):     renderRerouted,

	string(workflow.NoticePoll):         renderPoll,
	string(workflow.NoticePollOutcome):  renderPollOutcome,
	string(workflow.NoticeAnnouncement): renderAnnouncement,

	string(workflow.NoticeSpecReady):      renderSpecReady,
	string(workflow.NoticeEstimateNews):   renderEstimateNews,
	string(workflow.NoticeRecommendation): renderRecommendation,
	string(workflow.NoticeWishLeft):       renderWishLeft,
	string(workflow.NoticeDecision):       renderDecision,
	string(workflow.NoticePlan):           renderPlan,
	string(workflow.NoticePlanChanged):    renderPlanChanged,
	string(workflow.NoticeDelivered):      renderDelivered,

	string(workflow.NoticeDigest):       renderDigest,
	string(workflow.NoticePollReminder): renderPollReminder,

	string(workflow.NoticeSupportReceipt): renderSupportReceipt,
	string(workflow.NoticeRanking):        renderRanking,
	string(workflow.NoticeRankingResult):  renderRankingResult,
	string(workflow.NoticeRanksAnnounced): renderRanksAnnounced,

	string(workflow.NoticeMeeting):          meetingRender(view.MeetingMessage),
	string(workflow.NoticeMeetingChanged):   renderMeetingChanged,
	string(workflow.NoticeMeetingReminder):  meetingRender(view.MeetingReminderMessage),
	string(workflow.NoticeMinutes):          meetingRender(view.MinutesMessage),
	string(workflow.NoticeMeetingSummary):   meetingRender(view.MeetingSummaryMessage),
	string(workflow.NoticeTaskAssigned):     renderTaskAssigned,
	string(workflow.NoticeVolunteer):        renderVolunteer,
	string(workflow.NoticeCoordinator):      renderCoordinator,
	string(workflow.NoticeVolunteerAnswer):  renderVolunteerAnswer,
	string(workflow.NoticeConsultation):     consultRender(view.ConsultationMessage),
	string(workflow.NoticeConsultGroup):     consultRender(view.ConsultGroupMessage),
	string(workflow.NoticeConsultResult):    consultRender(view.ConsultResultMessage),
	string(workflow.NoticeConsultDecision):  consultRender(view.ConsultDecisionMessage),
	string(workflow.NoticeSteeringProposal): proposalRender(view.ProposalMessage),
	string(workflow.NoticeSteeringDecision): proposalRender(view.SteeringDecisionMessage),
}

// cardParts are the parts of a wish card above its buttons, top to bottom: the
// requirements, estimates and plan of a wish past prioritisation, then who leads the
// group's work.
var cardParts = []view.CardPart{
	view.StandingPart, // support by municipality, and the rank in the group's order
	view.PipelineCardPart,
	view.GroupLeadPart,
	view.SourcePart, // the Slack message a shortcut made the wish from
}

// cardButtons are a wish card's buttons, left to right; Follow comes last on every card.
var cardButtons = []view.CardButtons{
	view.ConsultButton, // the secretariat's card of an open wish: Consult the user club
	view.PipelineButtons,
	view.PollButtons,
	view.TriageButtons,
}

// ownerButtons are the buttons of a wish shown privately to viewer (`/wish N` and the
// DMs about it), after Follow: Withdraw for its submitter.
var ownerButtons = []view.OwnerButtons{
	view.WithdrawButton,
}

// changeTexts say a change other than a move to the wish's followers.
var changeTexts = map[workflow.EventKind]func(lang i18n.Lang, w workflow.Wish, e workflow.Event) string{
	workflow.EvPollClosed: view.PollClosedChange,
	workflow.EvEstimate:   estimateChange,
}

// historyTexts say the events of a wish's history other than submitted, edited and
// moved, which the card says itself.
var historyTexts = map[workflow.EventKind]view.HistoryText{
	workflow.EvPollStarted:        view.PollStartedHistory,
	workflow.EvPollClosed:         view.PollClosedHistory,
	workflow.EvEstimate:           estimateHistory,
	workflow.EvInitiativeWishLeft: wishLeftHistory,
	workflow.EvWishImported:       view.ImportedHistory,
	workflow.EvWishDiscussed:      discussedHistory,
	workflow.EvConsultStarted:     view.ConsultStartedHistory,
	workflow.EvConsultClosed:      view.ConsultClosedHistory,
	workflow.EvConsultDecided:     view.ConsultDecidedHistory,

	// issue 12
	workflow.EvWishRerouted: view.ReroutedHistory,
}

// homeSections are the Home tab's parts below its title, intro and Submit button, top
// to bottom; publishHome keeps the whole within Block Kit's 100 blocks.
var homeSections = []view.HomeSection{
	view.HomeMine,          // the viewer's own wishes
	view.HomePolls,         // polls awaiting the viewer's stance
	view.HomeQueues,        // the queues of the groups the viewer coordinates, and the secretariat's
	view.HomeSteering,      // recommendations awaiting the steering group
	view.HomeMeetings,      // the viewer's open tasks and working groups (meetings)
	view.HomeRank,          // the backlogs of the groups the viewer leads, to rank
	view.HomeConsultations, // the secretariat's consultations, and Consult the user club
}

// jobs are the scheduler's jobs, in the order each minute runs them. (A variable so that
// a test can add a job that panics.)
var jobs = func(b *Bot) []Job {
	js := []Job{
		closePollsJob{b},         // close polls past their deadline
		&pruneOutboxJob{b: b},    // prune delivered notices
		reminderJob{b},           // digests and before-deadline reminders
		closeConsultationsJob{b}, // close consultations past their deadline
	}
	if b.cfg.Backup.Dir != "" {
		js = append(js, backupJob{b}) // verified backups (TOVHOLDER_BACKUP_DIR)
	}
	return js
}
