package workflow

import "time"

// EventKind says what happened. Every change is an event: the audit log is the events.
type EventKind string

// The event kinds.
const (
	EvWishSubmitted   EventKind = "wish.submitted"
	EvWishEdited      EventKind = "wish.edited"
	EvWishMoved       EventKind = "wish.moved" // a change of state; From, To, Note
	EvWishFollowed    EventKind = "wish.followed"
	EvWishUnfollowed  EventKind = "wish.unfollowed"
	EvPollStarted     EventKind = "poll.started"
	EvStanceTaken     EventKind = "poll.stance"
	EvPollClosed      EventKind = "poll.closed"
	EvChannelSet      EventKind = "config.channel"
	EvRoleAdded       EventKind = "config.role_added"
	EvRoleRemoved     EventKind = "config.role_removed"
	EvGroupCreated    EventKind = "config.group_created"
	EvGroupChanged    EventKind = "config.group_changed"
	EvMemberAdded     EventKind = "config.member_added"
	EvMemberRemoved   EventKind = "config.member_removed"
	EvReminderSent    EventKind = "reminder.sent"
	EvScheduleChanged EventKind = "config.schedule"

	// EvWishRerouted: the secretariat corrected a wish's group or size (Reroute); Data
	// from_group, group, from_size, size.
	EvWishRerouted EventKind = "wish.rerouted"
)

// Event is one entry of the audit log: who did what, when, to which wish or poll.
type Event struct {
	ID       int64
	At       time.Time
	Actor    string // Slack user id, or "system"
	Kind     EventKind
	WishID   int64
	PollID   int64
	GroupKey string
	From, To State
	Note     string
	Data     map[string]string // details of the kind, e.g. "role", "user", "priority"
}

// DataPrivate is the Data key that marks part of an event as private; PrivateNote,
// its value, marks the note: it is for the wish's submitter and the secretariat only.
const (
	DataPrivate = "private"
	PrivateNote = "note"
)

// NoteIsPrivate reports whether e's note is for the submitter and the secretariat
// only: marked so, or the secretariat's question to a submitter (a move to
// needs_info), also as recorded before the mark existed.
func (e Event) NoteIsPrivate() bool {
	return e.Data[DataPrivate] == PrivateNote || (e.Kind == EvWishMoved && e.To == StateNeedsInfo)
}

// PublicNote is the note any member may read: "" when it is private.
func (e Event) PublicNote() string {
	if e.NoteIsPrivate() {
		return ""
	}
	return e.Note
}

// Op is how the dispatcher delivers a notice.
type Op string

// The delivery operations.
const (
	OpPost    Op = "post"    // post a new message in channel To; remember it under Ref
	OpDM      Op = "dm"      // send a direct message to user To
	OpReply   Op = "reply"   // reply in the thread of the message remembered under Ref
	OpRefresh Op = "refresh" // re-render every message showing WishID or PollID
)

// NoticeKind names what a notice shows; the bot has one view for each.
type NoticeKind string

// The notice kinds.
const (
	NoticeWishCard     NoticeKind = "wish_card"     // the card in the secretariat channel
	NoticeGroupCard    NoticeKind = "group_card"    // the card in a working group's channel
	NoticeReceipt      NoticeKind = "receipt"       // DM to the submitter: your wish has number N
	NoticeWishChanged  NoticeKind = "wish_changed"  // DM to submitter and followers: new state
	NoticeInfoRequest  NoticeKind = "info_request"  // DM to the submitter with the question
	NoticeInfoAnswered NoticeKind = "info_answered" // the secretariat card's thread: the submitter answered
	NoticeRerouted     NoticeKind = "rerouted"      // a group's channel: a wish's group or size was corrected
	NoticePoll         NoticeKind = "poll"          // the poll message in the group channel
	NoticePollOutcome  NoticeKind = "poll_outcome"  // in the poll's thread
	NoticeAnnouncement NoticeKind = "announcement"  // in the user club channel
	NoticeDigest       NoticeKind = "digest"        // a reminder digest by DM
	NoticePollReminder NoticeKind = "poll_reminder" // before a poll's deadline, by DM
)

// Notice is one delivery in the outbox, written in the same transaction as the
// event that caused it, so that no announcement is lost or sent twice.
type Notice struct {
	ID        int64
	EventID   int64
	Kind      NoticeKind
	Op        Op
	To        string // channel id (OpPost) or user id (OpDM)
	Ref       string // message key, e.g. "wish/12/secretariat" or "poll/3"
	WishID    int64
	PollID    int64
	Key       string // idempotency key; a second notice with the same key is dropped
	Payload   string // JSON details for digests and reminders
	CreatedAt time.Time
}

// Message keys under which the dispatcher remembers the messages it posted.
func WishRef(id int64, place string) string { return "wish/" + itoa(id) + "/" + place }

// PollRef is the message key of a poll's message.
func PollRef(id int64) string { return "poll/" + itoa(id) }
