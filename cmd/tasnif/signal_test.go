//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// proc is the test binary running as tasnif.
type proc struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has ended
	err    error         // what Wait returned
}

// startCLI runs the test binary as tasnif, with a standard input that stays
// open and empty: commands that read it block.
func startCLI(t *testing.T, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asCLI+"=1")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = r
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	p := &proc{cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		w.Close()
		cmd.Process.Kill()
		<-p.exited
	})
	return p
}

// interrupt sends SIGINT every interval until the process ends, at most n
// times, and returns how many it took (0: it did not end).
func (p *proc) interrupt(n int, interval time.Duration) (int, error) {
	for i := 1; i <= n; i++ {
		p.cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.exited:
			return i, p.err
		case <-time.After(interval):
		}
	}
	return 0, nil
}

func killedByInterrupt(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGINT
}

// TestInterrupt: Ctrl-C ends a command, even one blocked reading standard
// input. Before, run caught SIGINT for every command and only tag looked at
// it, so Ctrl-C did nothing to train, eval or cv.
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Run("train", func(t *testing.T) {
		p := startCLI(t, "train", "-o", filepath.Join(t.TempDir(), "m.tasnif"))
		time.Sleep(200 * time.Millisecond)
		n, err := p.interrupt(3, 2*time.Second)
		if n != 1 || !killedByInterrupt(err) {
			t.Errorf("train blocked on its input: ended after %d interrupts (0: never), %v", n, err)
		}
	})
	t.Run("tag", func(t *testing.T) {
		// The first interrupt stops tagging, which waits for the blocked
		// read; the second kills.
		p := startCLI(t, "tag")
		time.Sleep(200 * time.Millisecond)
		if n, err := p.interrupt(5, time.Second); n == 0 || n > 2 {
			t.Errorf("tag blocked on its input: ended after %d interrupts (0: never), %v", n, err)
		}
	})
}
