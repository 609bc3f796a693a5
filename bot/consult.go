package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Action and callback ids of consultations of the user club (høringer). A button's
// value is the consultation's number; Consult the user club carries a wish's number,
// or 0 for a consultation on no wish.
const (
	cActOpen       = "consult.open"
	cActSupport    = "consult.answer.support"
	cActConcerns   = "consult.answer.concerns"
	cActNoOpinion  = "consult.answer.no_opinion"
	cActClose      = "consult.close"
	cActRecord     = "consult.record"
	cCbNew         = "consult.new"
	cCbConcerns    = "consult.concerns"
	cCbRecord      = "consult.record"
	cBlkQuestion   = "question"
	cBlkBackground = "background"
	cBlkLink       = "link"
	cBlkDeadline   = "deadline"
	cBlkGroups     = "groups"
	cBlkReason     = "reason"
	cBlkNote       = "note"
)

// consultCommands are the slash subcommands of consultations and steering proposals.
var consultCommands = []Command{
	{Slash: "/tovholder", Name: "consult", Args: "usage.consult", Help: "help.consult", Example: "/tovholder consult 12", Run: cmdConsult},
	{Slash: "/tovholder", Name: "propose steering", Help: "help.propose_steering", Example: "/tovholder propose steering", Run: cmdProposeSteering},
	{Slash: "/tovholder", Name: "decisions", Args: "usage.decisions", Help: "help.decisions", Example: "/tovholder decisions steering", Run: cmdDecisions},
}

var consultActions = map[string]actionFunc{
	cActOpen: func(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
		id, _ := idValue(a.Value) // 0: on no wish
		return b.openConsultModal(ctx, r, id)
	},
	cActSupport:   answerAction(workflow.AnswerSupport),
	cActNoOpinion: answerAction(workflow.AnswerNoOpinion),
	cActConcerns:  wishAction(openConcernsModal),
	cActClose:     wishAction(closeConsultation),
	cActRecord:    wishAction(openRecordModal),
	stActApprove: wishAction(func(ctx context.Context, b *Bot, r *request, id int64) error {
		return openSteeringDecision(ctx, b, r, id, true)
	}),
	stActDecline: wishAction(func(ctx context.Context, b *Bot, r *request, id int64) error {
		return openSteeringDecision(ctx, b, r, id, false)
	}),
}

var consultSubmissions = map[string]submitFunc{
	cCbNew: submitConsult, cCbConcerns: submitConcerns, cCbRecord: submitRecord,
	stCbPropose: submitProposeSteering, stCbApprove: submitSteeringDecision(true), stCbDecline: submitSteeringDecision(false),
}

// cmdConsult opens the consultation modal, on a wish when its number is given.
func cmdConsult(ctx context.Context, b *Bot, r *request, args []string) error {
	switch len(args) {
	case 0:
		return b.openConsultModal(ctx, r, 0)
	case 1:
		id, ok := wishNumber(args[0])
		if !ok {
			return errUsage
		}
		return b.openConsultModal(ctx, r, id)
	}
	return errUsage
}

func (b *Bot) openConsultModal(ctx context.Context, r *request, wishID int64) error {
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSecretariat); err != nil {
		return err
	}
	var blocks []slack.Block
	question := ""
	if wishID != 0 {
		d, err := b.svc.Wish(ctx, wishID)
		if err != nil {
			return err
		}
		blocks = append(blocks, section(i18n.T(r.lang, "pipeline.modal.wish", plWishName(d.Wish))))
		question = d.Wish.Title
	}
	groups, err := b.svc.Groups(ctx)
	if err != nil {
		return err
	}
	blocks = append(blocks,
		textInput(r.lang, cBlkQuestion, "consult.field.question", "consult.hint.question", question, false, workflow.MaxTitle, false),
		textInput(r.lang, cBlkBackground, "consult.field.background", "", "", true, workflow.MaxText, true),
		textInput(r.lang, cBlkLink, "consult.field.link", "", "", false, 1000, true),
		datePicker(r.lang, cBlkDeadline, "consult.field.deadline", i18n.T(r.lang, "consult.hint.deadline", workflow.DefaultConsultDays)))
	if len(groups) > 0 {
		blocks = append(blocks, groupsSelect(r.lang, groups))
	}
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, cCbNew, "consult.modal.title", "consult.modal.submit", idStr(wishID), blocks...))
}

// datePicker is an optional date input.
func datePicker(lang i18n.Lang, blockID, label, hint string) *slack.InputBlock {
	el := slack.NewDatePickerBlockElement(actInput)
	in := slack.NewInputBlock(blockID, plain(i18n.T(lang, label)), nil, el)
	in.Hint, in.Optional = plain(hint), true
	return in
}

// groupsSelect picks the working groups asked as well.
func groupsSelect(lang i18n.Lang, groups []workflow.Group) *slack.InputBlock {
	var opts []*slack.OptionBlockObject
	for _, g := range groups {
		if len(opts) < 100 {
			opts = append(opts, slack.NewOptionBlockObject(g.Key, plain(clip(g.Name, 75)), nil))
		}
	}
	sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, actInput, opts...)
	in := slack.NewInputBlock(cBlkGroups, plain(i18n.T(lang, "consult.field.groups")), nil, sel)
	in.Hint, in.Optional = plain(i18n.T(lang, "consult.hint.groups")), true
	return in
}

// selectedValues reads a multi-select of a submitted modal.
func selectedValues(ic *slack.InteractionCallback, blockID string) []string {
	var out []string
	for _, o := range ic.View.State.Values[blockID][actInput].SelectedOptions {
		out = append(out, o.Value)
	}
	return out
}

func submitConsult(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	in := workflow.ConsultInput{Question: inputValue(ic, cBlkQuestion), Background: inputValue(ic, cBlkBackground),
		Link: inputValue(ic, cBlkLink), Groups: selectedValues(ic, cBlkGroups)}
	in.WishID, _ = idValue(ic.View.PrivateMetadata)
	if day := inputValue(ic, cBlkDeadline); day != "" {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{cBlkDeadline: r.t("err.consult.deadline")}), nil
		}
		in.Deadline = workflow.EndOfDay(d.Year(), d.Month(), d.Day(), b.loc)
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, err = b.svc.StartConsultation(ctx, a, in)
	if resp, ok := fieldErrors(r, err); ok {
		return resp, nil
	}
	if err != nil && workflow.KindOf(err) != workflow.Internal {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{cBlkQuestion: truncate(b.errorText(r, err), 1000)}), nil
	}
	return nil, err
}

// answerAction answers a consultation at once (Support, No opinion) and says so privately.
func answerAction(ans workflow.Answer) actionFunc {
	return wishAction(func(ctx context.Context, b *Bot, r *request, id int64) error {
		return b.answer(ctx, r, id, ans, "")
	})
}

func (b *Bot) answer(ctx context.Context, r *request, id int64, ans workflow.Answer, reason string) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if _, err := b.svc.AnswerConsultation(ctx, a, id, ans, reason); err != nil {
		return err
	}
	b.sayKey(ctx, r, "consult.answered", i18n.T(r.lang, "consult.answer."+string(ans)))
	return nil
}

func openConcernsModal(ctx context.Context, b *Bot, r *request, id int64) error {
	d, err := b.svc.Consultation(ctx, id)
	if err != nil {
		return err
	}
	if !d.Open(b.now()) {
		return workflow.Errorf(workflow.Conflict, "err.consult.closed", id)
	}
	prev := ""
	if a, ok := d.AnswerOf(r.user); ok {
		prev = a.Reason
	}
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, cCbConcerns, "consult.concerns.title", "consult.concerns.submit", idStr(id),
		section(i18n.T(r.lang, "consult.modal.question", clip(d.Question, 2000))),
		textInput(r.lang, cBlkReason, "consult.field.reason", "consult.hint.reason", prev, true, workflow.MaxNote, false)))
}

func submitConcerns(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return submitForWish(ctx, b, r, ic, cBlkReason, func(a workflow.Actor, id int64) error {
		_, err := b.svc.AnswerConsultation(ctx, a, id, workflow.AnswerConcerns, inputValue(ic, cBlkReason))
		return err
	})
}

func closeConsultation(ctx context.Context, b *Bot, r *request, id int64) error {
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	if _, err := b.svc.CloseConsultation(ctx, a, id); err != nil {
		return err
	}
	b.sayKey(ctx, r, "consult.closed_by_you", id)
	return nil
}

func openRecordModal(ctx context.Context, b *Bot, r *request, id int64) error {
	if err := b.requireRoleEarly(ctx, r, workflow.RoleSecretariat); err != nil {
		return err
	}
	d, err := b.svc.Consultation(ctx, id)
	if err != nil {
		return err
	}
	if d.State != workflow.ConsultClosed {
		key := "err.consult.decided"
		if d.State == workflow.ConsultOpen {
			key = "err.consult.still_open"
		}
		return workflow.Errorf(workflow.Conflict, key, id)
	}
	return b.openPipelineModal(ctx, r, pipelineModal(r.lang, cCbRecord, "consult.record.title", "consult.record.submit", idStr(id),
		section(i18n.T(r.lang, "consult.modal.question", clip(d.Question, 2000))),
		context_(countLine(r.lang, d.Tally.Count)),
		textInput(r.lang, cBlkNote, "consult.field.decision", "consult.hint.decision", "", true, workflow.MaxNote, false)))
}

func submitRecord(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return submitForWish(ctx, b, r, ic, cBlkNote, func(a workflow.Actor, id int64) error {
		_, err := b.svc.RecordConsultDecision(ctx, a, id, inputValue(ic, cBlkNote))
		return err
	})
}

// cmdDecisions lists the steering group's decisions beyond wishes and the consultations.
func cmdDecisions(ctx context.Context, b *Bot, r *request, args []string) error {
	if len(args) > 1 {
		return errUsage
	}
	f, ok := workflow.ParseDecisionFilter(strings.Join(args, ""))
	if !ok {
		return errUsage
	}
	a, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	d, err := b.svc.Decisions(ctx, a, f)
	if err != nil {
		return err
	}
	lines := b.decisionLines(ctx, r.lang, d)
	if len(lines) == 0 {
		b.sayKey(ctx, r, "decisions.none")
		return nil
	}
	title := r.t("decisions.title")
	b.say(ctx, r, title, append([]slack.Block{section("*" + title + "*")}, packLines(lines, 45, moreText(r.lang, "poll.more_lines"))...)...)
	return nil
}

func (b *Bot) decisionLines(ctx context.Context, lang i18n.Lang, d workflow.Decisions) []string {
	var lines []string
	for _, p := range d.Steering {
		label := b.refLink(ctx, clip(p.Title, 150), workflow.SteeringRef(p.ID))
		line := i18n.T(lang, "decisions.steering_line", p.ID, label, i18n.T(lang, "steering.kind."+string(p.Kind)), i18n.T(lang, "steering.state."+string(p.State)))
		if p.Internal {
			line += " " + i18n.T(lang, "steering.internal_mark")
		}
		lines = append(lines, line)
	}
	for _, c := range d.Consultations {
		label := b.refLink(ctx, clip(c.Question, 150), workflow.ConsultRef(c.ID))
		lines = append(lines, i18n.T(lang, "decisions.consult_line", c.ID, label, i18n.T(lang, "consult.state."+string(c.State))))
	}
	return lines
}

// closeConsultationsJob closes consultations whose deadline has passed.
type closeConsultationsJob struct{ b *Bot }

func (closeConsultationsJob) Name() string { return "close_consultations" }

func (j closeConsultationsJob) Run(ctx context.Context, _ time.Time) error {
	n, err := j.b.svc.CloseDueConsultations(ctx)
	if n > 0 {
		j.b.log.Info().Int("consultations", n).Msg("closed consultations past their deadline")
	}
	return err
}

func init() {
	schedulerJobs = append(schedulerJobs, func(b *Bot) Job { return closeConsultationsJob{b} })
	cardButtons = append(cardButtons, consultButton)
	homeSections = append(homeSections, homeConsultations)
	historyTexts[workflow.EvConsultStarted] = func(lang i18n.Lang, e workflow.Event) string {
		return i18n.T(lang, "history.consult_started", user(e.Actor))
	}
	historyTexts[workflow.EvConsultClosed] = func(lang i18n.Lang, e workflow.Event) string {
		return i18n.T(lang, "history.consult_closed")
	}
	historyTexts[workflow.EvConsultDecided] = func(lang i18n.Lang, e workflow.Event) string {
		return i18n.T(lang, "history.consult_decided", user(e.Actor))
	}
}

// consultButton is Consult the user club on the secretariat's card of an open wish.
func consultButton(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement {
	if n.Kind != workflow.NoticeWishCard || !w.State.Open() {
		return nil
	}
	return []slack.BlockElement{button(cActOpen, i18n.T(lang, "consult.button"), idStr(w.ID), "")}
}

// homeConsultations is the secretariat's part of the Home tab: Consult the user club,
// and the consultations open or awaiting its decision.
func homeConsultations(ctx context.Context, b *Bot, lang i18n.Lang, a workflow.Actor) ([]slack.Block, error) {
	if !a.Has(workflow.RoleSecretariat) {
		return nil, nil
	}
	d, err := b.svc.Decisions(ctx, a, workflow.DecisionsConsultations)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, c := range d.Consultations {
		if c.State != workflow.ConsultDecided && len(lines) < 10 {
			label := b.refLink(ctx, clip(c.Question, 150), workflow.ConsultRef(c.ID))
			lines = append(lines, i18n.T(lang, "decisions.consult_line", c.ID, label, i18n.T(lang, "consult.state."+string(c.State))))
		}
	}
	blocks := []slack.Block{header(i18n.T(lang, "home.consultations"))}
	if len(lines) > 0 {
		blocks = append(blocks, section(strings.Join(lines, "\n")))
	}
	return append(blocks, buttons("home_consult", button(cActOpen, i18n.T(lang, "consult.button"), "0", "")), slack.NewDividerBlock()), nil
}

// sayLong answers privately with text that may be longer than one message's text
// allows (the help of every subcommand): its lines packed into sections, with the
// first line as the notification.
func (b *Bot) sayLong(ctx context.Context, r *request, text string) {
	if len([]rune(text)) <= sectionRoom {
		b.say(ctx, r, text)
		return
	}
	lines := strings.Split(text, "\n")
	b.say(ctx, r, lines[0], packLines(lines, 45, moreText(r.lang, "poll.more_lines"))...)
}
