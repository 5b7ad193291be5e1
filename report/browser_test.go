package report

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowser opens the HTML report in a real headless Chromium, as a person
// would open the file from disk: the page must load without a console error
// or an uncaught exception, hold the confusion matrix, the charts and
// right-to-left Arabic text, and its full-page screenshot is saved for a
// person to look at. .ci/browser-check runs it.
//
// TASNIF_BROWSER is the browser binary; without it the test skips.
// TASNIF_SCREENSHOT is where the PNG goes (default: the test's temp dir).
// TASNIF_REPORT, when set, is a report written by "tasnif eval --report"
// on real data to open instead of the hand-made one; the checks are then
// about structure (a matrix, charts, right-to-left Arabic, no console
// errors), not the hand-made report's exact counts.
func TestBrowser(t *testing.T) {
	browser := os.Getenv("TASNIF_BROWSER")
	if browser == "" {
		t.Skip("TASNIF_BROWSER is not set: skipping the real-browser check (run .ci/browser-check, or set TASNIF_BROWSER=/usr/bin/chromium)")
	}
	shot := os.Getenv("TASNIF_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(t.TempDir(), "report.png")
	}

	dir := t.TempDir()
	page, real := os.Getenv("TASNIF_REPORT"), true
	if page == "" {
		page, real = filepath.Join(dir, "report.html"), false
		f, err := os.Create(page)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(f, sampleReport(t, true)); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	} else if abs, err := filepath.Abs(page); err == nil {
		page = abs
	}

	// This machine has no network: the flags keep Chromium from trying
	// (and logging refused connections), and a fresh profile keeps runs
	// apart.
	var out syncWriter
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&out),
	)
	// Allocator first, so that its cancel (which waits for the browser to
	// exit) runs before the temp dir holding the profile is removed.
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()

	// The first Do starts the browser; failing to start is a failure, not
	// a skip: whoever set TASNIF_BROWSER wants the check.
	// The first Do binds the browser's life to its context, so it gets no
	// timeout of its own; a timer guards against a browser that hangs.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("cannot start %s: %v\nbrowser output:\n%s", browser, err, out.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not start within a minute\nbrowser output:\n%s", browser, out.String())
	}

	// Subscribe before navigating, so that no message is lost; read the
	// messages in the background until the checks are done.
	cctx, stopConsole := context.WithCancel(ctx)
	messages := chromedp.Console(cctx)
	var (
		mu   sync.Mutex
		seen []chromedp.ConsoleMessage
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, m)
			mu.Unlock()
		}
	}()

	tctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	u := url.URL{Scheme: "file", Path: page}
	if err := chromedp.Do(tctx, chromedp.Navigate(u.String())); err != nil {
		t.Fatalf("open %s: %v", u.String(), err)
	}

	type domCheck struct {
		Matrix     bool     `json:"matrix"`
		Cells      int      `json:"cells"`
		Shares     bool     `json:"shares"`
		Charts     int      `json:"charts"`
		Arabic     int      `json:"arabic"`
		Directions []string `json:"directions"`
		LatinDir   string   `json:"latinDir"`
		Groups     int      `json:"groups"`
		Overflow   bool     `json:"overflow"`
	}
	check, err := chromedp.Run(tctx, chromedp.Evaluate[domCheck](`(() => {
		const counts = document.querySelector("table.heatmap.counts");
		const charts = Array.from(document.querySelectorAll("svg.chart"))
			.filter(s => s.getBoundingClientRect().width > 100 && s.getBoundingClientRect().height > 100);
		const arabic = Array.from(document.querySelectorAll(".mistake .text[lang=ar]"));
		const latin = document.querySelector(".mistake .text:not([lang])");
		return {
			matrix: !!counts,
			cells: counts ? counts.querySelectorAll("tbody td.right, tbody td.wrong").length : 0,
			shares: !!document.querySelector("table.heatmap.shares"),
			charts: charts.length,
			arabic: arabic.length,
			directions: arabic.map(e => getComputedStyle(e).direction),
			latinDir: latin ? getComputedStyle(latin).direction : "",
			groups: document.querySelectorAll("details.group").length,
			overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
		};
	})()`))
	if err != nil {
		t.Fatalf("inspect the page: %v", err)
	}
	t.Logf("DOM: %+v", check)
	if real {
		if !check.Matrix || check.Cells < 4 || !check.Shares {
			t.Errorf("confusion matrix: table %v with %d cells, normalised table %v", check.Matrix, check.Cells, check.Shares)
		}
		if check.Charts < 3 {
			t.Errorf("%d visible charts, want at least 3", check.Charts)
		}
	} else {
		if !check.Matrix || check.Cells != 25 || !check.Shares {
			t.Errorf("confusion matrix: table %v with %d cells (want 25), normalised table %v", check.Matrix, check.Cells, check.Shares)
		}
		if check.Charts < 4 {
			t.Errorf("%d visible charts, want 4", check.Charts)
		}
	}
	if check.Arabic == 0 {
		t.Error("no Arabic mistake text")
	}
	for i, d := range check.Directions {
		if d != "rtl" {
			t.Errorf("Arabic text %d has direction %q, want rtl", i, d)
		}
	}
	if check.LatinDir != "ltr" && !(real && check.LatinDir == "") {
		t.Errorf("Latin text has direction %q, want ltr", check.LatinDir)
	}
	if !real && check.Groups != 7 {
		t.Errorf("%d mistake groups, want 7", check.Groups)
	}
	if check.Overflow {
		t.Error("the page is wider than a 1280-pixel window")
	}

	png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(shot), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shot, len(png))

	// Exercise the optional script (after the screenshot, which shows the
	// page as opened): sort the per-class table by F1.
	sorted, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`(() => {
		document.querySelector("table.metrics thead th:nth-child(4)").click();
		return Array.from(document.querySelectorAll("table.metrics tbody td:nth-of-type(3)"), td => td.textContent);
	})()`))
	if err != nil {
		t.Errorf("sort the per-class table: %v", err)
	} else if (!real && len(sorted) != 5) || !slices.IsSorted(sorted) {
		t.Errorf("sorting by F1 gave %v", sorted)
	}

	// Late messages (a deferred error) get a moment to arrive.
	time.Sleep(300 * time.Millisecond)
	stopConsole()
	<-done
	mu.Lock()
	defer mu.Unlock()
	for _, m := range seen {
		where := fmt.Sprintf("%s:%d", m.URL, m.Line+1)
		switch {
		case m.IsException(), m.Type == chromedp.ConsoleError:
			t.Errorf("console %s at %s: %s", m.Type, where, m.Text)
		default:
			t.Logf("console %s at %s: %s", m.Type, where, m.Text)
		}
	}
}

// syncWriter collects the browser's output for a failure message.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
