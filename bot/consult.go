package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// Input blocks of the consultation's forms.
const (
	cBlkQuestion   = "question"
	cBlkBackground = "background"
	cBlkLink       = "link"
	cBlkDeadline   = "deadline"
	cBlkGroups     = "groups"
	cBlkReason     = "reason"
	cBlkNote       = "note"
)

// consultModal is a form of consultations and steering proposals.
func consultModal(lang i18n.Lang, cb, title, submit, meta string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: cb, PrivateMetadata: meta,
		Title: view.Plain(view.Truncate(i18n.T(lang, title), 24)), Submit: view.Plain(view.Truncate(i18n.T(lang, submit), 24)),
		Close: view.Plain(i18n.T(lang, "modal.cancel")), Blocks: slack.Blocks{BlockSet: blocks}}
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
		blocks = append(blocks, view.Section(i18n.T(r.lang, "pipeline.modal.wish", view.PlWishName(d.Wish))))
		question = d.Wish.Title
	}
	groups, err := b.svc.Groups(ctx)
	if err != nil {
		return err
	}
	blocks = append(blocks,
		view.TextInput(r.lang, cBlkQuestion, "consult.field.question", "consult.hint.question", question, false, workflow.MaxTitle, false),
		view.TextInput(r.lang, cBlkBackground, "consult.field.background", "", "", true, workflow.MaxText, true),
		view.TextInput(r.lang, cBlkLink, "consult.field.link", "", "", false, 1000, true),
		datePicker(r.lang, cBlkDeadline, "consult.field.deadline", i18n.T(r.lang, "consult.hint.deadline", workflow.DefaultConsultDays)))
	if len(groups) > 0 {
		blocks = append(blocks, groupsSelect(r.lang, groups))
	}
	return b.openModal(ctx, r, r.triggerID, consultModal(r.lang, view.CbConsultNew, "consult.modal.title", "consult.modal.submit", view.IDStr(wishID), blocks...))
}

// datePicker is an optional date input.
func datePicker(lang i18n.Lang, blockID, label, hint string) *slack.InputBlock {
	el := slack.NewDatePickerBlockElement(view.ActInput)
	in := slack.NewInputBlock(blockID, view.Plain(i18n.T(lang, label)), nil, el)
	in.Hint, in.Optional = view.Plain(hint), true
	return in
}

// groupsSelect picks the working groups asked as well.
func groupsSelect(lang i18n.Lang, groups []workflow.Group) *slack.InputBlock {
	var opts []*slack.OptionBlockObject
	for _, g := range groups {
		if len(opts) < 100 {
			opts = append(opts, slack.NewOptionBlockObject(g.Key, view.Plain(view.Clip(g.Name, 75)), nil))
		}
	}
	sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, view.ActInput, opts...)
	in := slack.NewInputBlock(cBlkGroups, view.Plain(i18n.T(lang, "consult.field.groups")), nil, sel)
	in.Hint, in.Optional = view.Plain(i18n.T(lang, "consult.hint.groups")), true
	return in
}

// selectedValues reads a multi-select of a submitted modal.
func selectedValues(ic *slack.InteractionCallback, blockID string) []string {
	var out []string
	for _, o := range ic.View.State.Values[blockID][view.ActInput].SelectedOptions {
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
		return slack.NewErrorsViewSubmissionResponse(map[string]string{cBlkQuestion: view.Truncate(b.errorText(r, err), 1000)}), nil
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
	return b.openModal(ctx, r, r.triggerID, consultModal(r.lang, view.CbConsultConcerns, "consult.concerns.title", "consult.concerns.submit", view.IDStr(id),
		view.Section(i18n.T(r.lang, "consult.modal.question", view.Clip(d.Question, 2000))),
		view.TextInput(r.lang, cBlkReason, "consult.field.reason", "consult.hint.reason", prev, true, workflow.MaxNote, false)))
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
	return b.openModal(ctx, r, r.triggerID, consultModal(r.lang, view.CbConsultRecord, "consult.record.title", "consult.record.submit", view.IDStr(id),
		view.Section(i18n.T(r.lang, "consult.modal.question", view.Clip(d.Question, 2000))),
		view.Context(view.CountLine(r.lang, d.Tally.Count)),
		view.TextInput(r.lang, cBlkNote, "consult.field.decision", "consult.hint.decision", "", true, workflow.MaxNote, false)))
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
	b.say(ctx, r, title, append([]slack.Block{view.Section("*" + title + "*")}, view.PackLines(lines, 45, view.MoreText(r.lang, "poll.more_lines"))...)...)
	return nil
}

func (b *Bot) decisionLines(ctx context.Context, lang i18n.Lang, d workflow.Decisions) []string {
	var lines []string
	for _, p := range d.Steering {
		label := linkTo(b.permalink(ctx, workflow.SteeringRef(p.ID)), view.Clip(p.Title, 150))
		line := i18n.T(lang, "decisions.steering_line", p.ID, label, i18n.T(lang, "steering.kind."+string(p.Kind)), i18n.T(lang, "steering.state."+string(p.State)))
		if p.Internal {
			line += " " + i18n.T(lang, "steering.internal_mark")
		}
		lines = append(lines, line)
	}
	for _, c := range d.Consultations {
		label := linkTo(b.permalink(ctx, workflow.ConsultRef(c.ID)), view.Clip(c.Question, 150))
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

// sayLong answers privately with text that may be longer than one message's text
// allows (the help of every subcommand): its lines packed into sections, with the
// first line as the notification.
func (b *Bot) sayLong(ctx context.Context, r *request, text string) {
	if len([]rune(text)) <= 2900 { // a section's room
		b.say(ctx, r, text)
		return
	}
	lines := strings.Split(text, "\n")
	b.say(ctx, r, lines[0], view.PackLines(lines, 45, view.MoreText(r.lang, "poll.more_lines"))...)
}

// linkTo links label to url, or is label alone without one.
func linkTo(url, label string) string {
	if url == "" {
		return label
	}
	return "<" + url + "|" + label + ">"
}

// consultOpenAction is Consult the user club: on a wish's card (its number) or on the
// secretariat's Home (0, on no wish).
func consultOpenAction(ctx context.Context, b *Bot, r *request, _ *slack.InteractionCallback, a *slack.BlockAction) error {
	id, _ := idValue(a.Value)
	return b.openConsultModal(ctx, r, id)
}

func approveProposal(ctx context.Context, b *Bot, r *request, id int64) error {
	return openSteeringDecision(ctx, b, r, id, true)
}

func declineProposal(ctx context.Context, b *Bot, r *request, id int64) error {
	return openSteeringDecision(ctx, b, r, id, false)
}
