package workflow

import "time"

// Delivery is a notice in the outbox with the state of its delivery.
type Delivery struct {
	Notice
	Attempts  int
	NextAt    time.Time // not before this time
	LastError string
	// SendingAt is when the latest post of it began, until that post's outcome is
	// recorded. Still set when the dispatcher picks the notice up, it means the
	// process stopped while the post was in flight, and Slack may have it already.
	SendingAt   time.Time
	DeliveredAt time.Time // zero until delivered
	DeadAt      time.Time // zero unless given up on
}

// MessageRef remembers a message the bot posted, so that it can be updated in place
// when the wish or poll it shows changes.
type MessageRef struct {
	Ref     string // e.g. WishRef(12, "secretariat"), PollRef(3)
	Channel string
	TS      string
	WishID  int64
	PollID  int64
	Kind    NoticeKind // the view that renders it
	// Permalink is Slack's link to the message, asked for once when it was posted;
	// "" when Slack gave none (or it was posted before links were kept).
	Permalink string
}
