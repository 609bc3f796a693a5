package bot_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// BenchmarkHomePublish is the Home tab as a whole at storagetest.Large (10,000 wishes,
// 2,000 polls, 50,000 stances, 100,000 events) for the secretariat, a coordinator and
// a member: Data is what publishHome loads, in its one snapshot; Unsnapshotted is the
// same loads each in a read of its own, for comparison in the same run; Publish is
// load, render and views.publish to the emulator, which validates the view strictly
// (the emulator runs in this process: its CPU time is in cpu-ms/op). Targets on 2
// cores for the data: the secretariat ≤ 10 ms, a coordinator and a member ≤ 5 ms.
func BenchmarkHomePublish(b *testing.B) {
	emu := slackemu.New(slackemu.WithoutRateLimit())
	b.Cleanup(emu.Close)
	roles := []struct{ name, user string }{
		{"Secretariat", storagetest.LargeSecretariat},
		{"Coordinator", storagetest.LargeCoordinator},
		{"Member", storagetest.LargeMember},
	}
	for _, r := range roles {
		emu.AddUser(slackemu.User{ID: r.user, Name: r.name, RealName: r.name, Locale: "en-US"})
	}
	db := storagetest.OpenLarge(b, storagetest.Large)
	now := func() time.Time { return storagetest.LargeNow }
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	svc := workflow.New(db, now, nil)
	svc.Location = loc
	client := slack.New(slackemu.BotToken, slack.OptionAPIURL(emu.APIURL()))
	bt, err := bot.New(bot.Config{Slack: client, Store: db, Service: svc, Log: zerolog.Nop(), Lang: i18n.English,
		Location: loc, Clock: now})
	if err != nil {
		b.Fatal(err)
	}
	// The bot is not run: nothing but the benchmark reads the database.
	ctx := context.Background()
	for _, r := range roles {
		h, err := bot.HomeOf(ctx, bt, r.user, i18n.English)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(bot.HomeTab(i18n.English, h).Blocks.BlockSet); n < 10 || n > 100 {
			b.Fatalf("the %s's Home has %d blocks", r.name, n)
		}
		if (r.name == "Member") != (h.Agenda.PollsTotal > 0 && len(h.Agenda.Queues) == 0) {
			b.Fatalf("the %s's Home shows %d polls and %d queues", r.name, h.Agenda.PollsTotal, len(h.Agenda.Queues))
		}
	}
	for _, r := range roles {
		b.Run(r.name+"/Data", func(b *testing.B) {
			measure(b, func() error { _, err := bot.HomeOf(ctx, bt, r.user, i18n.English); return err })
		})
		b.Run(r.name+"/Unsnapshotted", func(b *testing.B) {
			measure(b, func() error { _, err := bot.LoadHomeUnsnapshotted(ctx, bt, r.user, i18n.English); return err })
		})
		b.Run(r.name+"/Publish", func(b *testing.B) {
			published := len(emu.CallsTo("views.publish"))
			measure(b, func() error { return bot.PublishHome(ctx, bt, r.user, i18n.English) })
			if _, ok := emu.Home(r.user); !ok || len(emu.CallsTo("views.publish")) == published {
				b.Fatalf("the %s's Home was not published", r.name)
			}
		})
	}
}

// measure runs fn in the benchmark's loop and reports ms/op and cpu-ms/op: the
// process's CPU time, which on a shared machine says more than the wall time.
func measure(b *testing.B, fn func() error) {
	b.ReportAllocs()
	cpu, n := processCPU(), 0
	for b.Loop() {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed())/float64(n)/1e6, "ms/op")
	b.ReportMetric(float64(processCPU()-cpu)/float64(n)/1e6, "cpu-ms/op")
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
