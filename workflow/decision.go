package workflow

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// PipelineTx is what the steps from priority to delivery need of a transaction:
// estimates, initiatives, decisions, financing and development cycles.
type PipelineTx interface {
	// AddEstimate appends a price estimate (a new revision) and returns its id.
	AddEstimate(e Estimate) (int64, error)
	// Estimates returns the estimates of wish id, oldest revision first.
	Estimates(wishID int64) ([]Estimate, error)

	// CreateInitiative stores in with its wishes and returns its id.
	CreateInitiative(in Initiative) (int64, error)
	// Initiative returns initiative id with its wishes; ErrNotFound when there is none.
	Initiative(id int64) (Initiative, error)
	// UpdateInitiative saves the decision fields of in.
	UpdateInitiative(in Initiative) error
	// RemoveInitiativeWish takes wish wishID out of initiative id; ErrNotFound when it
	// was not in it.
	RemoveInitiativeWish(id, wishID int64) error
	// InitiativeOfWish returns the latest initiative wish id was part of; ErrNotFound
	// when there is none.
	InitiativeOfWish(wishID int64) (Initiative, error)
	// Initiatives returns the initiatives in state s, oldest first.
	Initiatives(s InitiativeState) ([]Initiative, error)

	// FinancingForms returns the configured forms of financing, in the order added.
	FinancingForms() ([]FinancingForm, error)
	// AddFinancingForm adds a form; ErrExists when its key is taken.
	AddFinancingForm(f FinancingForm) error
	// RemoveFinancingForm removes the form with key; it reports false when there was none.
	RemoveFinancingForm(key string) (bool, error)

	// CreateCycle stores a development cycle; ErrExists when the name is taken.
	CreateCycle(c Cycle) error
	// Cycle returns the cycle named name; ErrNotFound when there is none.
	Cycle(name string) (Cycle, error)
	// UpdateCycle saves the delivery time of c.
	UpdateCycle(c Cycle) error
	// Cycles returns every cycle, by expected date.
	Cycles() ([]Cycle, error)
	// WishesInCycle returns the wishes planned (or delivered) in cycle name, by number.
	WishesInCycle(name string) ([]Wish, error)
}

// The events of the pipeline.
const (
	EvEstimate              EventKind = "pipeline.estimate"    // a price estimate or a revision; Data amount, hours, revision
	EvInitiativeRecommended EventKind = "pipeline.recommended" // Data initiative, wishes
	EvInitiativeDecided     EventKind = "pipeline.decided"     // Data initiative, decision, financing
	EvInitiativeWishLeft    EventKind = "pipeline.wish_left"   // Data initiative, wish, state (why), ended ("true" when it was the last)
	EvFinancingAdded        EventKind = "config.financing_added"
	EvFinancingRemoved      EventKind = "config.financing_removed"
	EvCycleCreated          EventKind = "pipeline.cycle_created" // Data cycle, expected
	EvCycleDelivered        EventKind = "pipeline.cycle_delivered"
)

// The notices of the pipeline.
const (
	NoticeSpecReady      NoticeKind = "pipeline_spec_ready"     // secretariat: ready for a price estimate
	NoticeEstimateNews   NoticeKind = "pipeline_estimate_news"  // user club: a revised estimate of an approved wish
	NoticeRecommendation NoticeKind = "pipeline_recommendation" // steering channel: the initiative with Approve/Decline
	NoticeWishLeft       NoticeKind = "pipeline_wish_left"      // steering thread: a wish left the initiative
	NoticeDecision       NoticeKind = "pipeline_decision"       // user club: the steering group's decision
	NoticePlan           NoticeKind = "pipeline_plan"           // user club: the plan of a cycle, updated in place
	NoticePlanChanged    NoticeKind = "pipeline_plan_changed"   // user club: a short post that the plan changed
	NoticeDelivered      NoticeKind = "pipeline_delivered"      // user club: a wish or a cycle delivered
)

// InitiativeRef is the message key of an initiative's message in the steering channel.
func InitiativeRef(id int64) string { return "initiative/" + itoa(id) }

// PlanRef is the message key of a cycle's development plan in the user club.
func PlanRef(cycle string) string { return "plan/" + cycle }

// Estimate is one revision of the supplier's price estimate of a wish.
type Estimate struct {
	ID     int64
	WishID int64
	Amount Amount // in øre
	Hours  Hours  // in tenths
	Note   string // the supplier's note
	By     string
	At     time.Time
}

// InitiativeState is where a recommendation to the steering group stands.
type InitiativeState string

// The states of an initiative.
const (
	InitiativeRecommended InitiativeState = "recommended"
	InitiativeApproved    InitiativeState = "approved"
	InitiativeDeclined    InitiativeState = "declined"
	// InitiativeWithdrawn: every wish in it was withdrawn before the steering group
	// decided, so there is nothing left to decide.
	InitiativeWithdrawn InitiativeState = "withdrawn"
)

// Initiative is the secretariat's recommendation of one or several wishes to the
// steering group, and the steering group's decision on it.
type Initiative struct {
	ID             int64
	Title          string
	Recommendation string
	WishIDs        []int64
	State          InitiativeState
	RecommendedBy  string
	RecommendedAt  time.Time
	Financing      string // the key of the form of financing, when approved
	FinancingName  string // its name when it is a custom form ("" for the defaults)
	DecisionNote   string // the note of an approval or the reason of a decline
	DecidedBy      string
	DecidedAt      time.Time
	// The total estimate the decision was made on, kept as decided: a revision after
	// the decision is shown beside it, never instead of it.
	DecidedAmount Amount
	DecidedHours  Hours
	// DecidedEstimate is the id of the newest estimate of its wishes at the decision:
	// a wish's estimate at the decision is its newest with an id up to this one.
	DecidedEstimate int64
}

// FinancingForm is a form of financing the steering group chooses from. The four
// defaults have stable keys and their names in the bot's catalog (Name ""); forms
// added by text keep that text as their name.
type FinancingForm struct {
	Key  string
	Name string
}

// The default forms of financing (domain.md).
const (
	FinancingFrame      = "frame"      // inden for rammen
	FinancingGrant      = "grant"      // særskilt bevilling
	FinancingRequester  = "requester"  // opgavestiller betaler
	FinancingCofinanced = "cofinanced" // samfinansiering
)

// DefaultFinancing lists the default forms, in the order of domain.md.
var DefaultFinancing = []string{FinancingFrame, FinancingGrant, FinancingRequester, FinancingCofinanced}

// FinancingKey derives a stable key from the text of a custom form: lowercase
// letters and digits joined by dashes, Danish letters spelled out. "" when nothing
// usable is left.
func FinancingKey(text string) string {
	text = strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "Æ", "ae", "Ø", "oe", "Å", "aa").Replace(text)
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(text) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	k := sb.String()
	if len(k) > 32 {
		k = strings.TrimRight(k[:32], "-")
	}
	return k
}

// Cycle is a development cycle of the supplier, e.g. "2027.2", with its expected date.
type Cycle struct {
	Name        string
	Expected    time.Time // a date, at midnight UTC
	CreatedBy   string
	CreatedAt   time.Time
	DeliveredAt time.Time // zero until the whole cycle is marked delivered
}

var cycleName = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$`)

// ValidCycleName reports whether s is a cycle name: letters, digits, dots, dashes and
// underscores, like "2027.2".
func ValidCycleName(s string) bool { return cycleName.MatchString(s) }

// CanAddSpec reports whether a wish may get its requirements specification: a
// prioritised major wish.
func CanAddSpec(w Wish) bool { return w.State == StatePrioritised && w.Size == SizeMajor }

// CanEstimate reports whether the secretariat may record a price estimate for w: the
// first once specified, revisions while estimated and after the steering group's
// approval. While the steering group decides, the estimate it sees stands still. A
// revision needs an estimate to revise: only a major wish gets one (specified, then
// estimated), so a normal wish planned straight from its priority is never revised.
func CanEstimate(w Wish) bool {
	switch w.State {
	case StateSpecified, StateEstimated, StateApproved:
		return true
	case StatePlanned:
		return w.Size == SizeMajor
	}
	return false
}

// CanPlan reports whether w may be put in (or moved within) the development plan:
// approved, prioritised of normal size, or planned already.
func CanPlan(w Wish) bool {
	switch w.State {
	case StateApproved, StatePlanned:
		return true
	case StatePrioritised:
		return w.Size != SizeMajor
	}
	return false
}

// MayAddSpec reports whether a may attach the requirements of a wish of group g: its
// coordinator, its members, or the secretariat.
func MayAddSpec(a Actor, g Group) bool {
	return a.Has(RoleSecretariat) || (g.CoordinatorID != "" && g.CoordinatorID == a.UserID) || g.IsMember(a.UserID)
}

// TotalAmount sums one estimate of each wish; missing ones count as zero.
func TotalAmount(estimates map[int64]Estimate) (amount Amount, hours Hours) {
	for _, e := range estimates {
		amount += e.Amount
		hours += e.Hours
	}
	return amount, hours
}
