// Command borderdrill-client is the Ebiten client of borderdrill: it runs
// an exercise in-process and shows it, for one team or for the instructor
// (the white cell), or joins an exercise on a server.
//
//	borderdrill-client [--scenario NAME|FILE] [--team ID|instructor] [--seed N] [--speed 10]
//	                   [--capture FILE.png --capture-after TICKS] [--width 1280 --height 800]
//	                   [--fit action|border] [--look LON,LAT,KM]
//	borderdrill-client --join URL --code CODE [--name NAME] [--exercise ID] [display flags]
//
// --capture fast-forwards the exercise to --capture-after, writes that
// frame as PNG and exits (for tests and README screenshots); with --join it
// waits for that tick instead. --join joins the exercise of a server (its
// base URL, http://host:port) with a team's or the observers' join code, or
// as the white cell with --exercise ID and the instructor token as --code;
// it draws through netclient exactly as local play draws an in-process
// exercise. --replay FILE plays a recording back (exercise.Replay) with a
// timeline: [ and ] seek, Home/End, N branches a live exercise. --replay
// http://host:port/api/recordings/ID --code TOKEN plays one of a server's
// recordings; there N branches a new exercise on the server (fresh join
// codes, printed) and joins it as the white cell.
//
// Built for js/wasm (main_js.go) the same client runs in the browser: the
// server serves it under /client/ and it joins with the page's query.
//
// Any binary that links Ebiten needs a display; on a headless machine run
// it under xvfb-run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/borderdrill/borderdrill/i18n"
	"image"
	"image/png"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/cmd/borderdrill-client/internal/cli"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/paulmach/orb"
)

// exitUsage is the exit status for bad flags and unavailable modes.
const exitUsage = 2

// lang is the language the client shows: --lang, else the locale's
// ($LC_ALL, $LC_MESSAGES, $LANG: "fi_FI.UTF-8" reads as fi), else English.
func lang(flagLang string) string {
	if flagLang != "" {
		return flagLang
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			s, _, _ = strings.Cut(s, ".")
			return i18n.Get(strings.ReplaceAll(s, "_", "-")).Code()
		}
	}
	return i18n.Default
}

// config is the parsed command line.
type config = cli.Config

func parse(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("borderdrill-client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cli.Define(fs, &c)
	fs.Usage = func() {
		cli.Synopsis(stderr)
		fmt.Fprintln(stderr, "built-in scenarios:")
		for _, b := range scenarios.Builtins() {
			fmt.Fprintf(stderr, "  %-28s %s\n", b.Name, b.Description)
		}
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.Width < 200 || c.Height < 150 {
		return c, fmt.Errorf("--width/--height %dx%d: too small", c.Width, c.Height)
	}
	if c.Speed < 0 {
		return c, fmt.Errorf("--speed %d: must be 0 or more", c.Speed)
	}
	if c.Fit != "border" && c.Fit != "action" {
		return c, fmt.Errorf("--fit %q: want action or border", c.Fit)
	}
	if c.CaptureAfter < 0 {
		return c, fmt.Errorf("--capture-after %d: must be 0 or more", c.CaptureAfter)
	}
	if c.UIScale < 1 || c.UIScale > 2 {
		return c, fmt.Errorf("--ui-scale %g: want 1 to 2", c.UIScale)
	}
	if c.Lang != "" && !i18n.Known(c.Lang) {
		var codes []string
		for _, l := range i18n.Languages() {
			codes = append(codes, l.Code)
		}
		return c, fmt.Errorf("--lang %q: not a shipped language (have %s)", c.Lang, strings.Join(codes, ", "))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if c.Record != "" && strings.Contains(c.Replay, "://") {
		return c, errors.New("--record: not with a server's recording (a branch on the server is recorded there)")
	}
	if c.Join == "" {
		for _, name := range []string{"code", "exercise", "name"} {
			if set[name] && !(name == "code" && c.Replay != "") {
				return c, fmt.Errorf("--%s: only with --join (or --code with a server's --replay URL)", name)
			}
		}
	} else {
		// The server's exercise decides these.
		for _, name := range []string{"scenario", "team", "seed", "speed", "replay", "record"} {
			if set[name] {
				return c, fmt.Errorf("--%s: not with --join (the server's exercise decides)", name)
			}
		}
	}
	return c, nil
}

// resolve loads a scenario by built-in name or file; a border name
// ("fin-rus") stands for that border's first built-in scenario.
func resolve(name string) (*sim.Scenario, error) {
	s, err := scenarios.Resolve(name)
	if err == nil {
		return s, nil
	}
	for _, b := range scenarios.Builtins() {
		if b.Border == name {
			return scenarios.Builtin(b.Name)
		}
	}
	return nil, err
}

// teamIndex resolves --team against the scenario's teams.
func teamIndex(s *sim.Scenario, team string) (int, error) {
	if team == "" {
		if len(s.Teams) == 0 {
			return sim.Instructor, nil
		}
		return 0, nil
	}
	if strings.EqualFold(team, "instructor") || strings.EqualFold(team, "white") {
		return sim.Instructor, nil
	}
	var ids []string
	for i, t := range s.Teams {
		if strings.EqualFold(t.ID, team) {
			return i, nil
		}
		ids = append(ids, t.ID)
	}
	if n, err := strconv.Atoi(team); err == nil && n >= 0 && n < len(s.Teams) {
		return n, nil
	}
	return 0, fmt.Errorf("--team %q: no such team; teams: %s, or instructor", team, strings.Join(ids, ", "))
}

// openReplay opens a recording for playback as --team (default: the white
// cell).
func openReplay(path, team string) (*exercise.Replay, error) {
	rec, err := recording.Open(path)
	if err != nil {
		return nil, err
	}
	return replayAs(rec, team)
}

// replayAs plays rec back as --team (default: the white cell).
func replayAs(rec *recording.Recording, team string) (*exercise.Replay, error) {
	sc, err := rec.Scenario()
	if err != nil {
		return nil, err
	}
	ti := sim.Instructor
	if team != "" {
		if ti, err = teamIndex(sc, team); err != nil {
			return nil, err
		}
	}
	return exercise.NewReplay(rec, ti)
}

func run(args []string, stderr io.Writer) int {
	c, err := parse(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "borderdrill-client:", err)
		return exitUsage
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// Each way to get an exercise produces a client.Exercise; the game
	// draws it the same way.
	var (
		ex      client.Exercise
		warm    func(*game) // before the game runs: a capture's earlier view
		titleOf string
		stopped func() error // the exercise ended under the client
	)
	opt := render.Options{Width: c.Width, Height: c.Height, Context: ctx, Card: c.Card, Lang: lang(c.Lang), UIScale: c.UIScale, HighContrast: c.HighContrast}
	if c.Join != "" {
		jo, err := joinOptions(c.Join, c.Code, c.Exercise, c.Name)
		if err != nil {
			fmt.Fprintln(stderr, "borderdrill-client:", err)
			return exitUsage
		}
		cl, err := netclient.Dial(ctx, jo)
		if err != nil {
			fmt.Fprintln(stderr, "borderdrill-client:", err)
			return 1
		}
		defer cl.Close()
		info := cl.Info()
		info.Lang = lang(c.Lang)
		ex, titleOf, stopped = asReview(cl, jo), joinTitle(cl.Welcome(), info), clientStopped(cl)
		fmt.Fprintf(stderr, "borderdrill-client: joined %s\n", strings.TrimPrefix(titleOf, "borderdrill — "))
		if c.Capture != "" {
			opt.NoInterpolation = true
		}
	} else if c.Replay != "" {
		token := c.Code
		if token == "" {
			token = os.Getenv("BORDERDRILL_INSTRUCTOR_TOKEN")
		}
		var rep *exercise.Replay
		src, remote, err := parseServerRecording(c.Replay, token)
		switch {
		case err != nil:
			fmt.Fprintln(stderr, "borderdrill-client:", err)
			return exitUsage
		case remote:
			sr, err := openServerReplay(ctx, src, c.Team)
			if err != nil {
				fmt.Fprintln(stderr, "borderdrill-client:", err)
				return 1
			}
			sr.branched = func(br netclient.Branched) {
				fmt.Fprintf(stderr, "borderdrill-client: branched exercise %s at tick %d of %s; join codes:\n%s", br.ID, br.Tick, src.id, codesText(br))
			}
			rep, ex = sr.Replay, sr
		default:
			if rep, err = openReplay(c.Replay, c.Team); err != nil {
				fmt.Fprintln(stderr, "borderdrill-client:", err)
				return 1
			}
			if c.Record != "" {
				rep.RecordBranchTo(c.Record)
				defer func() {
					if _, err := os.Stat(c.Record); err == nil {
						fmt.Fprintf(stderr, "borderdrill-client: the branch is recorded in %s\n", c.Record)
					}
				}()
			}
			ex = rep
		}
		if c.Capture != "" {
			rep.Seek(int32(c.CaptureAfter))
			<-rep.MarksFound() // the still shows the timeline's marks
			opt.NoInterpolation = true
		} else {
			go rep.Run(ctx)
		}
		info := rep.Info()
		info.Lang = lang(c.Lang)
		titleOf = i18n.Get(info.Lang).F("title.replay", info.Scenario, info.TeamName(info.Team))
	} else {
		s, err := resolve(c.Scenario)
		if err != nil {
			fmt.Fprintln(stderr, "borderdrill-client:", err)
			return 1
		}
		team, err := teamIndex(s, c.Team)
		if err != nil {
			fmt.Fprintln(stderr, "borderdrill-client:", err)
			return exitUsage
		}
		local, err := exercise.NewLocal(s, c.Seed, team, c.Speed)
		if err != nil {
			fmt.Fprintln(stderr, "borderdrill-client:", err)
			return 1
		}
		if c.Record != "" {
			wr, err := startRecording(c.Record, c.Scenario, s, c.Seed)
			if err != nil {
				fmt.Fprintln(stderr, "borderdrill-client:", err)
				return 1
			}
			local.Record(wr, recording.DefaultCheckpointEvery)
			defer func() {
				// After the game: the exercise goroutine has stopped.
				err := errors.Join(local.FinishRecording(), wr.Close())
				if err != nil {
					fmt.Fprintln(stderr, "borderdrill-client: recording:", err)
					return
				}
				fmt.Fprintf(stderr, "borderdrill-client: recorded %s to tick %d (borderdrill-client --replay %s)\n", c.Record, local.Tick(), c.Record)
			}()
		}
		if c.Capture != "" {
			// A capture is a still of a fixed tick: fast-forward, then
			// draw it without running the clock, so the same flags give
			// the same picture. The game sees the exercise first a few
			// minutes earlier, so that the tracks that came since are new
			// in the still (they flash, arrows point at them).
			after := int32(c.CaptureAfter)
			local.StepTo(max(after-captureLead/int32(max(s.TickSeconds, 1)), 0))
			warm = func(g *game) {
				g.Step(client.Input{X: -1, Y: -1})
				local.StepTo(after)
			}
			opt.NoInterpolation = true
		} else {
			running := make(chan struct{})
			go func() {
				defer close(running)
				local.Run(ctx)
			}()
			defer func() { cancel(); <-running }() // before the recording is finished
		}
		ex, titleOf = local, fmt.Sprintf("borderdrill — %s — %s", s.Name, local.Info().TeamName(team))
	}

	if c.Fit == "border" {
		opt.Fit = render.FitBorder
	}
	if c.Look != "" {
		ll, km, err := parseLook(c.Look)
		if err != nil {
			fmt.Fprintln(stderr, "borderdrill-client: --look:", err)
			return exitUsage
		}
		opt.Look = render.Look{Center: ex.Info().Map.Proj.Forward(ll), Span: km * 1000}
	}
	if c.Capture != "" {
		opt.Capture = &render.Capture{AfterTick: int32(c.CaptureAfter), Done: func(img *image.RGBA) error {
			return writePNG(c.Capture, img)
		}}
	}
	g, _, err := newGame(ex, opt, stopped)
	if err != nil {
		fmt.Fprintln(stderr, "borderdrill-client:", err)
		return 1
	}
	if warm != nil {
		warm(g)
	}
	ebiten.SetWindowTitle(titleOf)
	ebiten.SetWindowSize(c.Width, c.Height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	if err := ebiten.RunGame(g); err != nil {
		fmt.Fprintln(stderr, "borderdrill-client:", err)
		return 1
	}
	return 0
}

// captureLead is how long before its tick a capture of a local exercise
// shows the game the exercise first, simulated seconds: the tracks that
// came in this time are new in the still.
const captureLead = 5 * 60

// startRecording creates the recording of a local exercise: with the
// scenario's YAML when it was read from a file, so that the recording
// stands on its own.
func startRecording(path, scenario string, s *sim.Scenario, seed uint64) (*recording.Writer, error) {
	var src []byte
	var name string
	if st, err := os.Stat(scenario); err == nil && st.Mode().IsRegular() {
		if src, err = os.ReadFile(scenario); err != nil {
			return nil, err
		}
		name = scenario
	}
	h, err := recording.NewHeader(s, seed, src, name)
	if err != nil {
		return nil, err
	}
	return recording.Create(path, h)
}

// parseLook reads LON,LAT,KM.
func parseLook(s string) (orb.Point, float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return orb.Point{}, 0, fmt.Errorf("%q: want LON,LAT,KM", s)
	}
	var v [3]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return orb.Point{}, 0, fmt.Errorf("%q: %w", s, err)
		}
		v[i] = f
	}
	if v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90 || v[2] <= 0 {
		return orb.Point{}, 0, fmt.Errorf("%q: lon in -180..180, lat in -90..90, km above 0", s)
	}
	return orb.Point{v[0], v[1]}, v[2], nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
