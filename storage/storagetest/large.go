package storagetest

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// Sizes are the counts of a generated database.
type Sizes struct {
	Wishes, Polls, Stances, Events int
	Supports                       int // supports, by people most of whom have chosen their municipality
}

// Large is a community some years on: the size the hot paths are measured at.
var Large = Sizes{Wishes: 10_000, Polls: 2_000, Stances: 50_000, Events: 100_000, Supports: 20_000}

// The people of a generated database. Every group has a coordinator but the last,
// which the secretariat convenes; LargeMember is a member of the first group who has
// submitted wishes and has open polls awaiting a stance.
const (
	LargeSecretariat = "USEC"
	LargeSteering    = "USTEER"
	LargeCoordinator = "UCOORD0"
	LargeMember      = "UG0M00"
	LargeGroups      = 5
	LargeGroupSize   = 40 // members besides the coordinator
)

// LargeNow is the time at which a generated database is current: its open polls end
// after it, its other times are before it.
var LargeNow = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)

// largeStates is the life of the wishes, one in twenty in each slot: a quarter done.
var largeStates = []workflow.State{
	workflow.StateSubmitted, workflow.StateNeedsInfo, workflow.StateMinor, workflow.StateInAssessment,
	workflow.StateInAssessment, workflow.StatePrioritised, workflow.StatePrioritised, workflow.StateSpecified,
	workflow.StateEstimated, workflow.StateRecommended, workflow.StateApproved, workflow.StatePlanned,
	workflow.StateDelivered, workflow.StateDelivered, workflow.StateDelivered, workflow.StateDelivered,
	workflow.StateDeclined, workflow.StateRejected, workflow.StateWithdrawn, workflow.StateDuplicate,
}

// OpenLarge returns a migrated database in a fresh file under tb.TempDir(), filled
// with a community of size s by direct SQL in one transaction (a second or two for
// Large), closed when the test ends. Its clock is LargeNow.
func OpenLarge(tb testing.TB, s Sizes) *storage.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "large.db")
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("open large database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return LargeNow }
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000&_journal_mode=WAL")
	if err != nil {
		tb.Fatalf("open large database: %v", err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	g := &generator{tx: tx, s: s}
	g.fill()
	if g.err != nil {
		tx.Rollback()
		tb.Fatalf("fill large database: %v", g.err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatalf("fill large database: %v", err)
	}
	if _, err := raw.Exec("ANALYZE"); err != nil {
		tb.Fatalf("analyze large database: %v", err)
	}
	return db
}

// generator writes rows until the first error, which it keeps.
type generator struct {
	tx    *sql.Tx
	s     Sizes
	err   error
	stmts map[string]*sql.Stmt
}

func (g *generator) exec(query string, args ...any) {
	if g.err != nil {
		return
	}
	if g.stmts == nil {
		g.stmts = map[string]*sql.Stmt{}
	}
	st, ok := g.stmts[query]
	if !ok {
		if st, g.err = g.tx.Prepare(query); g.err != nil {
			return
		}
		g.stmts[query] = st
	}
	_, g.err = st.Exec(args...)
}

func at(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func groupKey(i int) string { return fmt.Sprintf("g%d", i%LargeGroups) }

func member(group, j int) string { return fmt.Sprintf("UG%dM%02d", group, j) }

func (g *generator) fill() {
	g.people()
	polls := g.wishes()
	g.polls(polls)
	g.events()
	g.support()
	g.exec("INSERT INTO settings (key, value) VALUES ('channel.userclub', 'CCLUB'), ('channel.secretariat', 'CSEC'), ('channel.steering', 'CSTEER')")
}

func (g *generator) people() {
	t := at(LargeNow.AddDate(-3, 0, 0))
	g.exec("INSERT INTO roles (user_id, role, granted_at) VALUES (?, 'secretariat', ?)", LargeSecretariat, t)
	g.exec("INSERT INTO roles (user_id, role, granted_at) VALUES (?, 'steering', ?)", LargeSteering, t)
	for i := range LargeGroups {
		coord := ""
		if i < LargeGroups-1 {
			coord = fmt.Sprintf("UCOORD%d", i)
		}
		g.exec("INSERT INTO groups (key, name, channel_id, coordinator_id, created_at) VALUES (?, ?, ?, ?, ?)",
			groupKey(i), fmt.Sprintf("Group %d", i), fmt.Sprintf("CG%d", i), coord, t)
		if coord != "" {
			g.exec("INSERT INTO group_members (group_key, user_id, added_at) VALUES (?, ?, ?)", groupKey(i), coord, t)
		}
		for j := range LargeGroupSize {
			g.exec("INSERT INTO group_members (group_key, user_id, added_at) VALUES (?, ?, ?)", groupKey(i), member(i, j), t)
		}
	}
}

// wishes writes the wishes with their followers, estimates and initiatives, and
// returns the wishes a poll was held on.
func (g *generator) wishes() []int {
	text := strings.Repeat("Municipalities miss notice deadlines on contracts. ", 4)
	var polled []int
	pairs := map[workflow.State][]int{} // wishes waiting for a second one to share an initiative
	for i := 1; i <= g.s.Wishes; i++ {
		st := largeStates[i%len(largeStates)]
		group, requested := groupKey(i/len(largeStates)), groupKey(i/len(largeStates))
		switch st {
		case workflow.StateSubmitted, workflow.StateNeedsInfo, workflow.StateMinor, workflow.StateDeclined:
			group = ""
		}
		size := workflow.SizeNormal
		if i%len(largeStates) == 6 || st == workflow.StateSpecified || st == workflow.StateEstimated || st == workflow.StateRecommended {
			size = workflow.SizeMajor
		}
		submitter := member((i/LargeGroups)%LargeGroups, (i/25)%LargeGroupSize)
		created := at(LargeNow.Add(-time.Duration(g.s.Wishes-i+1) * 2 * time.Hour))
		dup := any(nil)
		if st == workflow.StateDuplicate {
			dup = i - 1
		}
		g.exec(`INSERT INTO wishes (id, title, purpose, value, description, requested_group, group_key, size, priority,
			state, submitter_id, duplicate_of, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			i, fmt.Sprintf("Wish %d: notice-period alarm on contracts", i), text, text, text, requested, group, string(size),
			"medium", string(st), submitter, dup, created, created)
		g.exec("INSERT INTO followers (wish_id, user_id, since) VALUES (?, ?, ?)", i, submitter, created)
		switch st {
		case workflow.StateInAssessment, workflow.StatePrioritised, workflow.StateRejected:
			polled = append(polled, i)
		case workflow.StateEstimated, workflow.StateRecommended, workflow.StateApproved, workflow.StatePlanned:
			g.exec("INSERT INTO estimates (wish_id, amount_ore, hours_tenths, note, by_user, at) VALUES (?, ?, ?, '', ?, ?)",
				i, 25_000_000+i*100, 400, LargeSecretariat, created)
		}
		if st == workflow.StateRecommended || st == workflow.StateApproved {
			if pairs[st] = append(pairs[st], i); len(pairs[st]) == 2 {
				g.initiative(pairs[st], st)
				pairs[st] = nil
			}
		}
	}
	return polled
}

func (g *generator) initiative(wishes []int, st workflow.State) {
	state, decided := workflow.InitiativeRecommended, any(nil)
	if st == workflow.StateApproved {
		state, decided = workflow.InitiativeApproved, at(LargeNow.AddDate(0, -1, 0))
	}
	var id int64
	if g.err != nil {
		return
	}
	g.err = g.tx.QueryRow(`INSERT INTO initiatives (title, recommendation, state, recommended_by, recommended_at, decided_at)
		VALUES (?, 'Recommended.', ?, ?, ?, ?) RETURNING id`, fmt.Sprintf("Initiative of #%d", wishes[0]), string(state),
		LargeSecretariat, at(LargeNow.AddDate(0, -2, 0)), decided).Scan(&id)
	for k, w := range wishes {
		g.exec("INSERT INTO initiative_wishes (initiative_id, wish_id, position) VALUES (?, ?, ?)", id, w, k)
	}
}

// polls writes up to Polls polls on the wishes polled, one block in sixteen of those in
// assessment still open, each with the group's members as its electorate and
// Stances/Polls stances, never LargeMember's.
func (g *generator) polls(polled []int) {
	n := min(g.s.Polls, len(polled))
	per := 0
	if n > 0 {
		per = min(g.s.Stances/n, LargeGroupSize-1)
	}
	for id := 1; id <= n; id++ {
		w := polled[id-1]
		block := w / len(largeStates) // the wishes of a block of twenty share a group
		key, gi := groupKey(block), block%LargeGroups
		open := largeStates[w%len(largeStates)] == workflow.StateInAssessment && block%16 == 0
		created := LargeNow.Add(-time.Duration(n-id+1) * 3 * time.Hour)
		deadline, closed, outcome := created.Add(7*24*time.Hour), any(at(created.Add(7*24*time.Hour))), "no_consensus"
		if open {
			deadline, closed, outcome = LargeNow.Add(3*24*time.Hour), nil, ""
		}
		g.exec(`INSERT INTO polls (id, wish_id, group_key, proposal, priority, text, deadline, quorum, created_by, created_at,
			closed_at, outcome) VALUES (?, ?, ?, 'prioritise', 'medium', '', ?, ?, ?, ?, ?, ?)`,
			id, w, key, at(deadline), LargeGroupSize/2, LargeSecretariat, at(created), closed, outcome)
		for j := range LargeGroupSize {
			g.exec("INSERT INTO poll_electorate (poll_id, user_id, position) VALUES (?, ?, ?)", id, member(gi, j), j)
		}
		for j := 1; j <= per; j++ {
			t := at(created.Add(time.Duration(j) * time.Minute))
			g.exec("INSERT INTO stances (poll_id, user_id, position, reason, first_at, at) VALUES (?, ?, 'agree', '', ?, ?)",
				id, member(gi, j), t, t)
		}
	}
}

// events writes the audit log: Events entries spread over the wishes, oldest first.
func (g *generator) events() {
	if g.s.Wishes == 0 {
		return
	}
	for i := range g.s.Events {
		w := i%g.s.Wishes + 1
		kind, from, to := workflow.EvWishMoved, "submitted", "in_assessment"
		if i < g.s.Wishes {
			kind, from, to = workflow.EvWishSubmitted, "", ""
		}
		g.exec(`INSERT INTO events (at, actor, kind, wish_id, group_key, from_state, to_state, note, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'A note.', '{"size":"normal"}')`,
			at(LargeNow.Add(-time.Duration(g.s.Events-i)*time.Minute)), LargeSecretariat, string(kind), w, groupKey(w), from, to)
	}
}
