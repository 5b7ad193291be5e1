package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// IOStreams are a command's standard streams. Tests give buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ErrTerminal reports whether ErrOut is a terminal: progress bars are
	// drawn only then.
	ErrTerminal bool
}

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// run executes the command line args and returns the exit code.
func run(args []string, s *IOStreams) int {
	root := newRootCmd(s)
	root.SetArgs(args)
	if err := root.ExecuteContext(context.Background()); err != nil {
		if errors.Is(err, context.Canceled) {
			// Ctrl-C (tag stops cleanly on it): the shell convention, 128+SIGINT.
			fmt.Fprintln(s.ErrOut, "tasnif: interrupted")
			return 130
		}
		fmt.Fprintf(s.ErrOut, "tasnif: %v\n", err)
		return 1
	}
	return 0
}

func newRootCmd(s *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "tasnif",
		Short: "Tag Arabic news by topic: security, sports, weather, politics, other",
		Long: `tasnif tags Arabic news headlines and articles by topic with a TF-IDF feature
extractor and a naive Bayes model. Out of the box it uses an embedded model for
five topics (security, sports, weather, politics, other); train your own on any
labels with "tasnif train".`,
		Example: `  # tag headlines, one per line, with the embedded model
  tasnif tag headlines.txt

  # tag a scraped news page: every ticker headline and the article
  tasnif tag --in page page.txt

  # train, evaluate and inspect your own model
  tasnif train labelled.jsonl -o news.tasnif
  tasnif eval test.jsonl -m news.tasnif
  tasnif inspect news.tasnif`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// Profiling, for developers (see README.md, "Speed"): hidden from --help.
	var cpuProfile, memProfile string
	var stopProfile func()
	pf := root.PersistentFlags()
	pf.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile (pprof) to this file")
	pf.StringVar(&memProfile, "memprofile", "", "write a heap profile (pprof) to this file at exit")
	pf.MarkHidden("cpuprofile")
	pf.MarkHidden("memprofile")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		var err error
		stopProfile, err = startProfiles(cpuProfile, memProfile)
		return err
	}
	root.PersistentPostRun = func(cmd *cobra.Command, args []string) {
		if stopProfile != nil {
			stopProfile()
		}
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	root.AddCommand(
		newTrainCmd(s),
		newTagCmd(s),
		newEvalCmd(s),
		newCVCmd(s),
		newInspectCmd(s),
		newExplainCmd(s),
	)
	return root
}
