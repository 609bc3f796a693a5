package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium for a test, or skips the test with one line
// saying what to install; with CI=true a missing browser or axe-core fails instead.
func browser(t *testing.T) (ctx context.Context, axe string) {
	t.Helper()
	missing := func(what string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test: %s", what)
		}
		t.Skipf("browser test skipped: %s", what)
	}
	chrome := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chrome = p
			break
		}
	}
	if chrome == "" {
		missing("install Chromium (apt-get install chromium) to run it")
	}
	axePath := os.Getenv("TOVHOLDER_AXE")
	src, err := os.ReadFile(axePath)
	if axePath == "" || err != nil {
		missing("set TOVHOLDER_AXE to axe.min.js of the npm package axe-core (npm install axe-core)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("lang", "en-US"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx, string(src)
}

// watch collects the page's console errors, uncaught exceptions and dialogs; a
// dialog is dismissed so that the page goes on.
type watch struct {
	mu       sync.Mutex
	problems []string
}

func (w *watch) add(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, s)
}

func (w *watch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.problems
	w.problems = nil
	return p
}

func listen(ctx context.Context) *watch {
	w := &watch{}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				w.add("console " + string(ev.Type) + ": " + strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			w.add("exception: " + ev.ExceptionDetails.Text)
		case *page.EventJavascriptDialogOpening:
			w.add("dialog: " + ev.Message)
			go func() { _ = chromedp.Run(ctx, page.HandleJavaScriptDialog(false)) }()
		}
	})
	return w
}

// axeResult is what axe-core reports: its violations with the elements at fault.
type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes []struct {
		ID string `json:"id"`
	} `json:"passes"`
}

const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})`

// audit loads url and checks it: it loads without a console error or a dialog, and
// axe-core finds no WCAG 2.1 A or AA violation.
func audit(t *testing.T, ctx context.Context, w *watch, axe, url string) {
	t.Helper()
	var res axeResult
	err := chromedp.Run(ctx, chromedp.Navigate(url), chromedp.WaitReady("main"),
		chromedp.Evaluate(axe, nil),
		chromedp.Evaluate(axeRun, &res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	if len(res.Passes) < 10 {
		t.Errorf("%s: axe checked only %d rules: did it run?", url, len(res.Passes))
	}
	for _, v := range res.Violations {
		t.Errorf("%s: axe: %s (%s) at %v", url, v.ID, v.Help, v.Nodes)
	}
	for _, p := range w.take() {
		t.Errorf("%s: %s", url, p)
	}
}

func TestBrowser(t *testing.T) {
	ctx, axe := browser(t)
	c := newCommunity(t)
	c.meetings(t) // kontrakt has a meeting ahead, system the minutes of one held
	srv := httptest.NewServer(c.server(t, false))
	t.Cleanup(srv.Close)
	w := listen(ctx)

	pages := []string{"/", "/wishes", "/wishes?state=delivered", fmt.Sprintf("/wishes/%d", c.ids["alarm"]),
		fmt.Sprintf("/wishes/%d", c.ids["major"]), "/plan", "/plan/2027.1", "/groups", "/groups/kontrakt",
		"/groups/system", "/decisions", "/wishes/999", "/wishes/abc"}
	for _, lang := range []string{"en", "da"} {
		for _, p := range pages {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			t.Run(lang+p, func(t *testing.T) { audit(t, ctx, w, axe, srv.URL+p+sep+"lang="+lang) })
		}
	}

	t.Run("links", func(t *testing.T) {
		var h1 string
		err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/?lang=en"),
			chromedp.Click(`main ul.events a`, chromedp.ByQuery), chromedp.WaitVisible(`ol.timeline`, chromedp.ByQuery),
			chromedp.Text(`h1`, &h1, chromedp.ByQuery))
		if err != nil || !strings.HasPrefix(h1, "Wish #") {
			t.Fatalf("overview → wish: %q %v", h1, err)
		}
		err = chromedp.Run(ctx, chromedp.Click(`dl.facts a[href^="/groups/"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`a[href*="feed.atom"]`, chromedp.ByQuery), chromedp.Text(`h1`, &h1, chromedp.ByQuery))
		if err != nil || h1 != "Working group IT-kontrakter" {
			t.Fatalf("wish → group: %q %v", h1, err)
		}
		err = chromedp.Run(ctx, chromedp.Click(`nav a[href^="/plan"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`table`, chromedp.ByQuery), chromedp.Text(`h1`, &h1, chromedp.ByQuery))
		if err != nil || h1 != "Development plan" {
			t.Fatalf("group → plan: %q %v", h1, err)
		}
		var lang string
		err = chromedp.Run(ctx, chromedp.Click(`p.lang a`, chromedp.ByQuery), chromedp.WaitVisible(`html[lang="da"]`, chromedp.ByQuery),
			chromedp.Text(`h1`, &h1, chromedp.ByQuery), chromedp.AttributeValue(`html`, "lang", &lang, nil))
		if err != nil || h1 != "Udviklingsplan" || lang != "da" {
			t.Fatalf("language switch: %q %q %v", h1, lang, err)
		}
	})

	t.Run("skip link", func(t *testing.T) {
		var hidden, shown bool
		var focus string
		err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/decisions?lang=da"), chromedp.WaitReady("main"),
			chromedp.Evaluate(`document.querySelector('a.skip').getBoundingClientRect().right <= 0`, &hidden),
			chromedp.KeyEvent("\t"),
			chromedp.Evaluate(`document.activeElement.className`, &focus),
			chromedp.Evaluate(`(r => r.left >= 0 && r.right > 0)(document.querySelector('a.skip').getBoundingClientRect())`, &shown))
		if err != nil || !hidden || focus != "skip" || !shown {
			t.Errorf("skip link: hidden before focus %v, first focus %q, shown on focus %v, %v", hidden, focus, shown, err)
		}
	})

	t.Run("hostile title", func(t *testing.T) {
		var h1, purpose string
		var imgs int
		err := chromedp.Run(ctx, chromedp.Navigate(fmt.Sprintf("%s/wishes/%d?lang=en", srv.URL, c.ids["hostile"])),
			chromedp.WaitReady("main"), chromedp.Sleep(200*time.Millisecond),
			chromedp.Text(`h1`, &h1, chromedp.ByQuery), chromedp.Text(`p.text`, &purpose, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll('main img, main script').length`, &imgs))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(h1, hostileTitle) || purpose != hostilePurpose || imgs != 0 {
			t.Errorf("hostile text not shown as text: h1 %q, purpose %q, %d elements made of it", h1, purpose, imgs)
		}
		for _, p := range w.take() {
			t.Errorf("hostile page: %s", p)
		}
	})

	if dir := os.Getenv("TOVHOLDER_SCREENSHOTS"); dir != "" {
		screenshots(t, ctx, srv.URL, dir, c.ids["major"])
	}
}

// screenshots writes the README's pictures of the pages (TOVHOLDER_SCREENSHOTS=../docs):
// the overview on a desktop in English, and a wish on a phone in Danish.
func screenshots(t *testing.T, ctx context.Context, base, dir string, wish int64) {
	shots := []struct {
		name, path string
		width      int64
	}{
		{"web-overview-en.png", "/?lang=en", 1100},
		{"web-wish-da-phone.png", fmt.Sprintf("/wishes/%d?lang=da", wish), 375},
	}
	for _, s := range shots {
		var png []byte
		err := chromedp.Run(ctx, chromedp.EmulateViewport(s.width, 800), chromedp.Navigate(base+s.path),
			chromedp.WaitReady("main"), chromedp.FullScreenshot(&png, 100))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
