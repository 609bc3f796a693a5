package storage_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// t0 has microseconds, the resolution times are stored at, and a zone other than
// UTC, to show that stored times come back as the same instant.
var t0 = time.Date(2025, 3, 1, 10, 0, 0, 123456000, time.FixedZone("CET", 3600))

var cmpEmpty = cmpopts.EquateEmpty()

// must returns v, or panics with err: Atomic and Read roll back and the test fails.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// wantErr fails the test unless errors.Is(err, target).
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s = %v, want %v", what, err, target)
	}
}

// openClocked opens a test database whose clock gives t0, then a microsecond more
// each time, so that the order of grants and follows is the order of the calls.
func openClocked(t *testing.T) *storage.DB {
	db := storagetest.Open(t)
	now := t0
	db.Now = func() time.Time { now = now.Add(time.Microsecond); return now }
	return db
}

func TestSettings(t *testing.T) {
	db := storagetest.Open(t)
	write(t, db, func(tx workflow.Tx) error {
		if v := must(tx.Setting("missing")); v != "" {
			t.Errorf("unset setting = %q, want \"\"", v)
		}
		must(0, tx.SetSetting("k", "1"))
		must(0, tx.SetSetting("k", "2"))
		if v := must(tx.Setting("k")); v != "2" {
			t.Errorf("setting = %q, want the last value 2", v)
		}
		return nil
	})
}

func TestRoles(t *testing.T) {
	db := openClocked(t)
	write(t, db, func(tx workflow.Tx) error {
		for _, g := range []struct {
			user string
			role workflow.Role
			want bool
		}{
			{"U2", workflow.RoleSecretariat, true},
			{"U1", workflow.RoleSecretariat, true},
			{"U1", workflow.RoleAdmin, true},
			{"U1", workflow.RoleSecretariat, false},
		} {
			if got := must(tx.GrantRole(g.user, g.role)); got != g.want {
				t.Errorf("GrantRole(%s, %s) = %v, want %v", g.user, g.role, got, g.want)
			}
		}
		return nil
	})
	read(t, db, func(tx workflow.Tx) error {
		if diff := cmp.Diff([]workflow.Role{workflow.RoleSecretariat, workflow.RoleAdmin}, must(tx.UserRoles("U1"))); diff != "" {
			t.Errorf("UserRoles (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"U2", "U1"}, must(tx.RoleHolders(workflow.RoleSecretariat))); diff != "" {
			t.Errorf("RoleHolders in order granted (-want +got):\n%s", diff)
		}
		if got := must(tx.UserRoles("nobody")); len(got) != 0 {
			t.Errorf("UserRoles(nobody) = %v", got)
		}
		return nil
	})
	write(t, db, func(tx workflow.Tx) error {
		if !must(tx.RevokeRole("U1", workflow.RoleAdmin)) || must(tx.RevokeRole("U1", workflow.RoleAdmin)) {
			t.Error("RevokeRole: want true, then false")
		}
		return nil
	})
}

func TestGroups(t *testing.T) {
	db := openClocked(t)
	kontrakt := workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "C1", CoordinatorID: "U1",
		Members: []string{"U1", "U3", "U2"}, Schedule: "0 9 * * 2", RemindBefore: 36 * time.Hour, CreatedAt: t0}
	data := workflow.Group{Key: "data", Name: "Data", ChannelID: "C2", CreatedAt: t0}
	write(t, db, func(tx workflow.Tx) error {
		must(0, tx.CreateGroup(kontrakt))
		must(0, tx.CreateGroup(data))
		return nil
	})
	t.Run("OK", func(t *testing.T) {
		read(t, db, func(tx workflow.Tx) error {
			if diff := cmp.Diff(kontrakt, must(tx.Group("kontrakt"))); diff != "" {
				t.Errorf("Group (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(data, must(tx.GroupByChannel("C2"))); diff != "" {
				t.Errorf("GroupByChannel (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]workflow.Group{data, kontrakt}, must(tx.Groups())); diff != "" {
				t.Errorf("Groups by key (-want +got):\n%s", diff)
			}
			return nil
		})
	})
	t.Run("ErrExists", func(t *testing.T) {
		_ = db.Atomic(ctx, func(tx workflow.Tx) error {
			wantErr(t, "CreateGroup with a taken key", tx.CreateGroup(workflow.Group{Key: "data", ChannelID: "C9"}), workflow.ErrExists)
			return nil
		})
		_ = db.Atomic(ctx, func(tx workflow.Tx) error {
			wantErr(t, "CreateGroup with a taken channel", tx.CreateGroup(workflow.Group{Key: "new", ChannelID: "C1"}), workflow.ErrExists)
			return nil
		})
		_ = db.Atomic(ctx, func(tx workflow.Tx) error {
			d := data
			d.ChannelID = "C1"
			wantErr(t, "UpdateGroup to a taken channel", tx.UpdateGroup(d), workflow.ErrExists)
			return nil
		})
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_ = db.Atomic(ctx, func(tx workflow.Tx) error {
			_, err := tx.Group("nope")
			wantErr(t, "Group", err, workflow.ErrNotFound)
			_, err = tx.GroupByChannel("C9")
			wantErr(t, "GroupByChannel", err, workflow.ErrNotFound)
			wantErr(t, "UpdateGroup", tx.UpdateGroup(workflow.Group{Key: "nope", ChannelID: "C9"}), workflow.ErrNotFound)
			_, err = tx.AddMember("nope", "U1")
			wantErr(t, "AddMember", err, workflow.ErrNotFound)
			return nil
		})
	})
	t.Run("UpdateAndMembers", func(t *testing.T) {
		write(t, db, func(tx workflow.Tx) error {
			d := data
			d.Name, d.ChannelID, d.CoordinatorID, d.Schedule, d.RemindBefore = "Data og rapporter", "C3", "U9", "0 8 * * *", time.Hour
			d.Members = []string{"ignored"} // members change only by AddMember and RemoveMember
			must(0, tx.UpdateGroup(d))
			if !must(tx.AddMember("data", "U9")) || must(tx.AddMember("data", "U9")) {
				t.Error("AddMember: want true, then false")
			}
			if !must(tx.RemoveMember("kontrakt", "U3")) || must(tx.RemoveMember("kontrakt", "U3")) {
				t.Error("RemoveMember: want true, then false")
			}
			return nil
		})
		read(t, db, func(tx workflow.Tx) error {
			want := workflow.Group{Key: "data", Name: "Data og rapporter", ChannelID: "C3", CoordinatorID: "U9",
				Members: []string{"U9"}, Schedule: "0 8 * * *", RemindBefore: time.Hour, CreatedAt: t0}
			if diff := cmp.Diff(want, must(tx.GroupByChannel("C3"))); diff != "" {
				t.Errorf("updated group (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"U1", "U2"}, must(tx.Group("kontrakt")).Members); diff != "" {
				t.Errorf("members after RemoveMember (-want +got):\n%s", diff)
			}
			return nil
		})
	})
}
