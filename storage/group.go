package storage

import (
	"fmt"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

const groupColumns = "key, name, channel_id, coordinator_id, schedule, remind_before_s, created_at"

// CreateGroup stores g with its members; ErrExists when the key or the channel is taken.
func (t *tx) CreateGroup(g workflow.Group) error {
	_, err := t.exec("INSERT INTO groups ("+groupColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		g.Key, g.Name, g.ChannelID, g.CoordinatorID, g.Schedule, int64(g.RemindBefore/time.Second), timeArg(g.CreatedAt))
	if err != nil {
		return fmt.Errorf("create group %s: %w", g.Key, err)
	}
	for _, u := range g.Members {
		if _, err := t.AddMember(g.Key, u); err != nil {
			return err
		}
	}
	return nil
}

// Group returns the group key with its members; ErrNotFound when there is none.
func (t *tx) Group(key string) (workflow.Group, error) {
	return t.groupWhere("key = ?", key)
}

// GroupByChannel returns the group whose channel is channelID; ErrNotFound when none.
func (t *tx) GroupByChannel(channelID string) (workflow.Group, error) {
	return t.groupWhere("channel_id = ?", channelID)
}

func (t *tx) groupWhere(cond string, arg string) (workflow.Group, error) {
	g, err := scanGroup(t.queryRow("SELECT "+groupColumns+" FROM groups WHERE "+cond, arg))
	if err != nil {
		return g, fmt.Errorf("load group %s: %w", arg, mapErr(err))
	}
	g.Members, err = t.strings("SELECT user_id FROM group_members WHERE group_key = ? ORDER BY added_at, user_id", g.Key)
	return g, wrapf(err, "load members of %s", g.Key)
}

// Groups returns every group with its members, ordered by key.
func (t *tx) Groups() ([]workflow.Group, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+groupColumns+" FROM groups ORDER BY key")
	if err != nil {
		return nil, fmt.Errorf("load groups: %w", err)
	}
	defer rows.Close()
	var gs []workflow.Group
	at := map[string]int{}
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, fmt.Errorf("load groups: %w", err)
		}
		at[g.Key] = len(gs)
		gs = append(gs, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load groups: %w", err)
	}
	// One query for every group's members rather than one per group.
	mrows, err := t.tx.QueryContext(t.ctx, "SELECT group_key, user_id FROM group_members ORDER BY group_key, added_at, user_id")
	if err != nil {
		return nil, fmt.Errorf("load members: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var key, user string
		if err := mrows.Scan(&key, &user); err != nil {
			return nil, fmt.Errorf("load members: %w", err)
		}
		gs[at[key]].Members = append(gs[at[key]].Members, user)
	}
	return gs, wrapf(mrows.Err(), "load members")
}

type scanner interface{ Scan(dest ...any) error }

func scanGroup(s scanner) (workflow.Group, error) {
	var g workflow.Group
	var remind int64
	err := s.Scan(&g.Key, &g.Name, &g.ChannelID, &g.CoordinatorID, &g.Schedule, &remind, timeCol{&g.CreatedAt})
	g.RemindBefore = time.Duration(remind) * time.Second
	return g, err
}

// UpdateGroup saves g's name, channel, coordinator, schedule and remind-before; not
// its members. ErrNotFound when there is no such group, ErrExists when the channel
// belongs to another group.
func (t *tx) UpdateGroup(g workflow.Group) error {
	err := t.mustChange(`UPDATE groups SET name = ?, channel_id = ?, coordinator_id = ?, schedule = ?,
		remind_before_s = ? WHERE key = ?`,
		g.Name, g.ChannelID, g.CoordinatorID, g.Schedule, int64(g.RemindBefore/time.Second), g.Key)
	return wrapf(err, "update group %s", g.Key)
}

// AddMember adds user to group key; false when already a member, ErrNotFound when
// there is no such group.
func (t *tx) AddMember(key, user string) (bool, error) {
	ok, err := t.changed(`INSERT INTO group_members (group_key, user_id, added_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, key, user, timeArg(t.now()))
	return ok, wrapf(err, "add %s to group %s", user, key)
}

// RemoveMember removes user from group key; false when not a member.
func (t *tx) RemoveMember(key, user string) (bool, error) {
	ok, err := t.changed("DELETE FROM group_members WHERE group_key = ? AND user_id = ?", key, user)
	return ok, wrapf(err, "remove %s from group %s", user, key)
}
