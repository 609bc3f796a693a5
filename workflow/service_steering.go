package workflow

import (
	"context"
	"fmt"
	"strings"
)

// ProposeSteering submits a proposal that is not a wish to the steering group
// (secretariat): it is posted in the steering channel with Approve and Decline and is
// in the steering digest while it waits.
func (s *Service) ProposeSteering(ctx context.Context, a Actor, in ProposalInput) (SteeringProposal, error) {
	p, errs := in.Parse()
	if errs != nil {
		return SteeringProposal{}, &FieldError{Fields: errs}
	}
	p.ProposedBy = a.UserID
	err := s.atomic(ctx, a, func(ch *change) (err error) {
		if err := requireDecide(ch.actor, ActPropose); err != nil {
			return err
		}
		p.ProposedAt = ch.at
		if p.ID, err = ch.tx.CreateSteeringProposal(p); err != nil {
			return fmt.Errorf("create steering proposal: %w", err)
		}
		_, err = ch.record(Event{Kind: EvSteeringProposed, Note: p.Title, Data: map[string]string{
			"proposal": itoa(p.ID), "kind": string(p.Kind), "internal": fmt.Sprint(p.Internal)}},
			Notice{Kind: NoticeSteeringProposal, Op: OpPost, To: PlaceTarget(PlaceSteering), Ref: SteeringRef(p.ID), Payload: itoa(p.ID)})
		return err
	})
	return p, err
}

// DecideSteering is the steering group's decision on a proposal: approved (an
// optional note) or declined (a reason required). The decision is announced in the
// user club, or, for an internal proposal, told only to the secretariat (the steering
// group sees it on its message); the audit log keeps it either way.
func (s *Service) DecideSteering(ctx context.Context, a Actor, id int64, approve bool, note string) (SteeringProposal, error) {
	act := ActDecline
	if approve {
		act = ActApprove
	}
	note, err := checkNote(note, !approve)
	if err != nil {
		return SteeringProposal{}, err
	}
	var p SteeringProposal
	err = s.atomic(ctx, a, func(ch *change) (err error) {
		if err := requireDecide(ch.actor, act); err != nil {
			return err
		}
		if p, err = loadSteeringProposal(ch.tx, id); err != nil {
			return err
		}
		if p.State != ProposalPending {
			return Errorf(Conflict, "err.steering.decided", id)
		}
		p.State, p.DecisionNote, p.DecidedBy, p.DecidedAt = ProposalDeclined, note, a.UserID, ch.at
		if approve {
			p.State = ProposalApproved
		}
		if err := ch.tx.UpdateSteeringProposal(p); err != nil {
			return fmt.Errorf("decide steering proposal %d: %w", id, err)
		}
		to := PlaceTarget(PlaceUserClub)
		if p.Internal {
			to = PlaceTarget(PlaceSecretariat)
		}
		_, err = ch.record(Event{Kind: EvSteeringDecided, Note: note, Data: map[string]string{
			"proposal": itoa(id), "decision": string(p.State), "internal": fmt.Sprint(p.Internal)}},
			Notice{Kind: NoticeSteeringProposal, Op: OpRefresh, Ref: SteeringRef(id), Payload: itoa(id)},
			Notice{Kind: NoticeSteeringDecision, Op: OpPost, To: to, Payload: itoa(id)})
		return err
	})
	return p, err
}

// SteeringProposal loads a proposal. A proposal marked internal is NotFound to an
// actor who may not see it.
func (s *Service) SteeringProposal(ctx context.Context, a Actor, id int64) (SteeringProposal, error) {
	var p SteeringProposal
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if a, err = s.reloadRoles(tx, a); err != nil {
			return err
		}
		p, err = loadSteeringProposal(tx, id)
		if err == nil && p.Internal && !MaySeeInternal(a) && a.UserID != System.UserID {
			return Errorf(NotFound, "err.steering.not_found", id)
		}
		return err
	})
	return p, err
}

// DecisionFilter selects what Decisions lists.
type DecisionFilter string

// The filters of Decisions.
const (
	DecisionsAll           DecisionFilter = ""
	DecisionsSteering      DecisionFilter = "steering"
	DecisionsConsultations DecisionFilter = "consultations"
)

// ParseDecisionFilter reads the argument of /tovholder decisions.
func ParseDecisionFilter(s string) (DecisionFilter, bool) {
	switch f := DecisionFilter(strings.ToLower(strings.TrimSpace(s))); f {
	case DecisionsAll, DecisionsSteering, DecisionsConsultations:
		return f, true
	}
	return "", false
}

// Decisions is what /tovholder decisions lists: steering proposals and consultations,
// newest first.
type Decisions struct {
	Steering      []SteeringProposal
	Consultations []Consultation
}

// Decisions lists the steering proposals and consultations a may see: the internal
// proposals only to the secretariat and the steering group (and the System actor,
// which the export uses for nothing: see PublicDecisions).
func (s *Service) Decisions(ctx context.Context, a Actor, f DecisionFilter) (Decisions, error) {
	var d Decisions
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if a.UserID != "" {
			if a, err = s.reloadRoles(tx, a); err != nil {
				return err
			}
		}
		if f != DecisionsConsultations {
			ps, err := tx.SteeringProposals(false)
			if err != nil {
				return fmt.Errorf("steering proposals: %w", err)
			}
			for _, p := range ps {
				if p.Public() || MaySeeInternal(a) {
					d.Steering = append(d.Steering, p)
				}
			}
		}
		if f != DecisionsSteering {
			cs, err := tx.Consultations(false)
			if err != nil {
				return fmt.Errorf("consultations: %w", err)
			}
			d.Consultations = cs
		}
		return nil
	})
	return d, err
}

// PublicDecisions is what the export and the public pages carry: the decided steering
// proposals that are not internal, and every consultation.
func (s *Service) PublicDecisions(ctx context.Context) (Decisions, error) {
	d, err := s.Decisions(ctx, Actor{}, DecisionsAll)
	d.Steering = PublicSteering(d.Steering)
	return d, err
}

// PublicSteering keeps the proposals whose decision is public: decided, and not
// marked internal (domain.md, "What is public": what the user club channel was told).
func PublicSteering(ps []SteeringProposal) []SteeringProposal {
	var out []SteeringProposal
	for _, p := range ps {
		if p.Public() && p.State != ProposalPending {
			out = append(out, p)
		}
	}
	return out
}

func loadSteeringProposal(tx Tx, id int64) (SteeringProposal, error) {
	p, err := tx.SteeringProposal(id)
	if KindOf(err) == NotFound {
		return p, Errorf(NotFound, "err.steering.not_found", id)
	}
	if err != nil {
		return p, fmt.Errorf("load steering proposal %d: %w", id, err)
	}
	return p, nil
}
