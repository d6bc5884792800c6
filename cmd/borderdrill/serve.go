package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
)

// serveShutdownWait is how long serve waits for HTTP requests in flight
// when it shuts down.
const serveShutdownWait = 5 * time.Second

// serveWebDir is where make wasm puts the browser client; serve serves it
// when --web is not given and it holds client.wasm.
const serveWebDir = "web"

// serveDefaultWeb returns serveWebDir if it holds the browser client, else "".
func serveDefaultWeb() string {
	if st, err := os.Stat(filepath.Join(serveWebDir, "client.wasm")); err == nil && st.Mode().IsRegular() {
		return serveWebDir
	}
	return ""
}

// serveMain runs the exercise server:
//
//	borderdrill serve [--addr 127.0.0.1:8080] [--data DIR] [--instructor-token T] [--web DIR]
//	                  [--tls-cert FILE --tls-key FILE]
//	                  [--scenario NAME|FILE [--speed N] [--seed N]] [--aar-baseline N] [--pprof] [--quiet]
//
// --web defaults to ./web when web/client.wasm exists (make wasm builds
// it there); --web "" serves no browser client.
//
// It prints the lobby URL and the instructor token (from the flag,
// BORDERDRILL_INSTRUCTOR_TOKEN or a new random one) and stops cleanly on
// SIGINT or SIGTERM.
func serveMain(args []string) int {
	fs := newFlags("serve", "[--addr 127.0.0.1:8080] [--data DIR] [--instructor-token T] [--web DIR] [--tls-cert FILE --tls-key FILE] [--scenario NAME|FILE]", os.Stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fs.String("data", "", "directory for exercise data such as recordings (created if missing)")
	token := fs.String("instructor-token", "", "instructor token (default: $BORDERDRILL_INSTRUCTOR_TOKEN, else a new random one)")
	web := fs.String("web", "", "directory holding the browser client (index.html, wasm_exec.js, client.wasm), served at /client/ (default: "+serveWebDir+" when it holds client.wasm, as after make wasm)")
	scenario := fs.String("scenario", "", "start an exercise of this built-in scenario or scenario file at start-up and print its join codes")
	speed := fs.Int("speed", 0, "with --scenario: ticks per wall-clock second (default: the scenario's)")
	seed := fs.Uint64("seed", 0, "with --scenario: random seed (default: random)")
	quiet := fs.Bool("quiet", false, "log only warnings and errors")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS and WSS with this certificate (PEM; with --tls-key)")
	tlsKey := fs.String("tls-key", "", "the private key of --tls-cert (PEM)")
	profile := fs.Bool("pprof", false, "serve net/http/pprof under /debug/pprof/ (for measurements; do not expose)")
	var baseline int
	fs.Func("aar-baseline", "set a baseline of `N` computer-only runs beside the objectives of every report page (GET /api/recordings/{id}/aar); the runs are made on all cores at each request", baselineFlag(&baseline))
	if code := parseFlagsOnly(fs, args, os.Stderr); code >= 0 {
		return code
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		fmt.Fprintln(os.Stderr, "borderdrill serve: give both --tls-cert and --tls-key, or neither")
		return 2
	}
	if *tlsCert != "" {
		// Fail now, not at the first connection.
		if _, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey); err != nil {
			fmt.Fprintf(os.Stderr, "borderdrill serve: --tls-cert/--tls-key: %v\n", err)
			return 1
		}
	}
	webGiven := false
	fs.Visit(func(f *flag.Flag) { webGiven = webGiven || f.Name == "web" })
	if !webGiven {
		*web = serveDefaultWeb()
	}
	tok := *token
	if tok == "" {
		tok = os.Getenv("BORDERDRILL_INSTRUCTOR_TOKEN")
	}
	if tok == "" {
		tok = server.NewToken()
	}
	if *data != "" {
		if err := os.MkdirAll(*data, 0o755); err != nil {
			fmt.Fprintf(os.Stderr, "borderdrill serve: %v\n", err)
			return 1
		}
	}
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelWarn
	}
	cfg := server.Config{
		InstructorToken: tok,
		WebDir:          *web,
		DataDir:         *data,
		Logger:          slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
		Report:          aar.PageFunc(aar.Options{Baseline: baseline}),
	}
	if *data != "" {
		// A checkpoint a minute of simulated time: after a crash the
		// exercise resumes at most that far back (no command is lost).
		cfg.CheckpointEvery = 60
	}
	srv := server.New(cfg)
	resumed, err := srv.ResumeAll()
	for _, in := range resumed {
		fmt.Printf("borderdrill serve: resumed     %s (%s) at tick %d\n", in.ID, in.Scenario, in.Tick)
	}
	if err != nil {
		// The others run; the recording of this one stays for a look.
		fmt.Fprintf(os.Stderr, "borderdrill serve: not resumed: %v\n", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "borderdrill serve: %v\n", err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	if *tlsCert != "" {
		base = "https://" + ln.Addr().String()
	}
	fmt.Printf("borderdrill serve: lobby       %s/\n", base)
	fmt.Printf("borderdrill serve: instructor  %s/?token=%s\n", base, tok)
	fmt.Printf("borderdrill serve: token       %s\n", tok)
	if *web != "" {
		fmt.Printf("borderdrill serve: client      %s/client/ (from %s)\n", base, *web)
	}
	if *scenario != "" {
		sc, err := scenarios.Resolve(*scenario)
		if err != nil {
			fmt.Fprintf(os.Stderr, "borderdrill serve: %v\n", err)
			ln.Close()
			return 1
		}
		info, err := srv.NewExercise(sc, server.ExerciseOptions{Seed: *seed, Speed: *speed})
		if err != nil {
			fmt.Fprintf(os.Stderr, "borderdrill serve: %v\n", err)
			ln.Close()
			return 1
		}
		fmt.Printf("borderdrill serve: exercise    %s (%s, seed %d)\n", info.ID, info.Scenario, info.Seed)
		for _, team := range append(info.Teams, "observer") {
			fmt.Printf("borderdrill serve:   %-10s %s\n", team, info.Codes[team])
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	handler := srv.Handler()
	if *profile {
		mux := http.NewServeMux()
		mux.Handle("/", handler)
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		handler = mux
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() {
		if *tlsCert != "" {
			served <- hs.ServeTLS(ln, *tlsCert, *tlsKey)
			return
		}
		served <- hs.Serve(ln)
	}()
	select {
	case <-ctx.Done():
	case err := <-served:
		fmt.Fprintf(os.Stderr, "borderdrill serve: %v\n", err)
		srv.Close()
		return 1
	}
	stop()
	fmt.Fprintln(os.Stderr, "borderdrill serve: shutting down")
	// Websockets are hijacked connections that Shutdown does not wait for:
	// stopping the exercises closes them with "going away".
	srv.Close()
	sctx, cancel := context.WithTimeout(context.Background(), serveShutdownWait)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		fmt.Fprintf(os.Stderr, "borderdrill serve: shutdown: %v\n", err)
		return 1
	}
	return 0
}
