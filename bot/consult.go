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
	var wish *workflow.Wish
	if wishID != 0 {
		d, err := b.svc.Wish(ctx, wishID)
		if err != nil {
			return err
		}
		wish = &d.Wish
	}
	groups, err := b.svc.Groups(ctx)
	if err != nil {
		return err
	}
	return b.openModal(ctx, r, r.triggerID, view.ConsultModal(r.lang, wish, groups))
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
	in := workflow.ConsultInput{Question: inputValue(ic, view.BlkConsultQuestion), Background: inputValue(ic, view.BlkConsultBackground),
		Link: inputValue(ic, view.BlkConsultLink), Groups: selectedValues(ic, view.BlkConsultGroups)}
	in.WishID, _ = idValue(ic.View.PrivateMetadata)
	if day := inputValue(ic, view.BlkConsultDeadline); day != "" {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkConsultDeadline: r.t("err.consult.deadline")}), nil
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
		return slack.NewErrorsViewSubmissionResponse(map[string]string{view.BlkConsultQuestion: view.Truncate(b.errorText(r, err), 1000)}), nil
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
	return b.openModal(ctx, r, r.triggerID, view.ConcernsModal(r.lang, d.Consultation, prev))
}

func submitConcerns(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return submitForWish(ctx, b, r, ic, view.BlkConsultReason, func(a workflow.Actor, id int64) error {
		_, err := b.svc.AnswerConsultation(ctx, a, id, workflow.AnswerConcerns, inputValue(ic, view.BlkConsultReason))
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
	return b.openModal(ctx, r, r.triggerID, view.RecordModal(r.lang, d))
}

func submitRecord(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	return submitForWish(ctx, b, r, ic, view.BlkDecisionNote, func(a workflow.Actor, id int64) error {
		_, err := b.svc.RecordConsultDecision(ctx, a, id, inputValue(ic, view.BlkDecisionNote))
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
