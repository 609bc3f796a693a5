package workflow

import (
	"context"
	"time"
)

// Store is where the workflow keeps its state. storage/ implements it on SQLite.
type Store interface {
	// Atomic runs fn in one write transaction: everything fn does is committed
	// together, or nothing is when fn returns an error. Write transactions are
	// serialised, so a use case sees no concurrent change between load and save.
	Atomic(ctx context.Context, fn func(Tx) error) error
	// Read runs fn in a read-only transaction with a consistent snapshot.
	Read(ctx context.Context, fn func(Tx) error) error
}

// Tx is the work a transaction can do. Methods return ErrNotFound for a missing row
// and ErrExists for a taken unique key; any other error is internal.
type Tx interface {
	featureTx
	// Setting returns the value of key, or "" when unset.
	Setting(key string) (string, error)
	SetSetting(key, value string) error

	// UserRoles returns the roles granted to user (not counting configured admins).
	UserRoles(user string) ([]Role, error)
	// RoleHolders returns the users holding role, in the order they were granted.
	RoleHolders(role Role) ([]string, error)
	// GrantRole grants role; it reports false when the user already had it.
	GrantRole(user string, role Role) (bool, error)
	// RevokeRole revokes role; it reports false when the user did not have it.
	RevokeRole(user string, role Role) (bool, error)

	// CreateGroup stores a new group; ErrExists when the key is taken.
	CreateGroup(g Group) error
	// Group returns the group with its members; ErrNotFound when there is none.
	Group(key string) (Group, error)
	// Groups returns every group with its members, ordered by key.
	Groups() ([]Group, error)
	// GroupByChannel returns the group whose channel is channelID.
	GroupByChannel(channelID string) (Group, error)
	// UpdateGroup saves a group's name, channel, coordinator, schedule and remind-before.
	UpdateGroup(g Group) error
	// AddMember adds user to group key; it reports false when already a member.
	AddMember(key, user string) (bool, error)
	// RemoveMember removes user from group key; it reports false when not a member.
	RemoveMember(key, user string) (bool, error)

	// CreateWish stores w with the next wish number and returns that number.
	CreateWish(w Wish) (int64, error)
	// Wish returns wish id; ErrNotFound when there is none.
	Wish(id int64) (Wish, error)
	// UpdateWish saves every field of w.
	UpdateWish(w Wish) error
	// Wishes returns the wishes matching f, newest first.
	Wishes(f WishFilter) ([]Wish, error)
	// CountWishes counts the wishes matching f (ignoring BeforeID and Limit).
	CountWishes(f WishFilter) (int, error)

	// Followers returns the users following wish id, in the order they followed.
	Followers(id int64) ([]string, error)
	// Follow makes user follow wish id; it reports false when already following.
	Follow(id int64, user string) (bool, error)
	// Unfollow stops user following wish id; it reports false when not following.
	Unfollow(id int64, user string) (bool, error)

	// CreatePoll stores p with its electorate and returns its id.
	CreatePoll(p Poll) (int64, error)
	// Poll returns poll id with its electorate; ErrNotFound when there is none.
	Poll(id int64) (Poll, error)
	// UpdatePoll saves the closing fields (outcome included) and RemindedAt of p;
	// never its electorate.
	UpdatePoll(p Poll) error
	// OpenPolls returns the open polls with their electorates, oldest first.
	OpenPolls() ([]Poll, error)
	// PollsOfWish returns the polls on wish id, oldest first.
	PollsOfWish(id int64) ([]Poll, error)
	// SetStance inserts or replaces user's stance in a poll (one per member).
	SetStance(s Stance) error
	// Stances returns a poll's stances in the order they were first taken, in a slice
	// that is the caller's own to change.
	Stances(pollID int64) ([]Stance, error)

	// AppendEvent adds e to the audit log and returns its id.
	AppendEvent(e Event) (int64, error)
	// History returns the events of wish id, oldest first.
	History(id int64) ([]Event, error)
	// Enqueue adds n to the outbox. A notice whose non-empty Key is already in the
	// outbox is dropped; Enqueue reports whether n was added.
	Enqueue(n Notice) (bool, error)
}

// Clock gives the time; tests and the console replace it.
type Clock func() time.Time

// Feature transactions. Each feature declares its own methods in its own file, and
// storage implements them in its own; Tx embeds them all.
type featureTx interface {
	PipelineTx
	PublicTx
	ReminderTx
	ImportTx
	SupportTx
	RankingTx
	MeetingTx
	ConsultationTx
}
