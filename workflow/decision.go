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
	ID        int64
	WishID    int64
	AmountDKK int64 // whole kroner
	Hours     int
	Note      string // the supplier's note
	By        string
	At        time.Time
}

// Limits of an estimate: generous, but a typo of ten digits is caught.
const (
	MaxAmountDKK = 1_000_000_000
	MaxHours     = 1_000_000
)

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
// approval. While the steering group decides, the estimate it sees stands still.
func CanEstimate(w Wish) bool {
	switch w.State {
	case StateSpecified, StateEstimated, StateApproved, StatePlanned:
		return true
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

// TotalAmount sums the latest estimate of each wish; missing ones count as zero.
func TotalAmount(latest map[int64]Estimate) (dkk int64, hours int) {
	for _, e := range latest {
		dkk += e.AmountDKK
		hours += e.Hours
	}
	return dkk, hours
}
