package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/borderdrill/borderdrill/i18n"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// tokenCookie is the lobby cookie holding the instructor token.
const tokenCookie = "borderdrill_token"

// maxUpload is the largest request body of POST /api/exercises.
const maxUpload = 1 << 20 // bytes

// Handler returns the server's HTTP handler:
//
//	GET    /                       lobby (codes only for the instructor: ?token= or cookie)
//	POST   /api/exercises          create an exercise (Bearer token)
//	GET    /api/exercises          list exercises and their codes (Bearer token)
//	DELETE /api/exercises/{id}     stop an exercise (Bearer token)
//	POST   /api/exercises/{id}/control
//	                               pause, resume, speed: {"paused": bool, "speed": N} (Bearer token)
//	GET    /api/exercises/{id}/codes   list its codes (Bearer token or its control code)
//	POST   /api/exercises/{id}/codes   issue a code: {"role", "team", "nation", "label"} (Bearer token or its control code)
//	DELETE /api/exercises/{id}/codes/{code}  revoke a code (Bearer token or its control code)
//	GET    /api/recordings         list the recordings of the data directory (Bearer token)
//	GET    /api/recordings/{id}    one recording, JSON lines (Bearer token or lobby cookie)
//	GET    /api/recordings/{id}/aar
//	                               its after-action review, one HTML page (Bearer token or lobby cookie)
//	POST   /api/recordings/{id}/branch
//	                               a new exercise from a tick of it, fresh codes (Bearer token)
//	POST   /api/recordings/{id}/review
//	                               a review session playing it back to everyone, fresh codes (Bearer token)
//	GET    /api/maps/{name}        the map of a running exercise, maps.Map.Pack encoding
//	GET    /ws                     websocket (package wire)
//	GET    /client/                the browser client from Config.WebDir
//	GET    /healthz                "ok"
//	GET    /metrics                Prometheus metrics
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.lobby)
	mux.HandleFunc("POST /api/exercises", s.only(s.bearer, s.apiCreate))
	mux.HandleFunc("GET /api/exercises", s.only(s.bearer, s.apiList))
	mux.HandleFunc("DELETE /api/exercises/{id}", s.only(s.bearer, s.apiStop))
	mux.HandleFunc("POST /api/exercises/{id}/control", s.only(s.bearer, s.apiControl))
	mux.HandleFunc("GET /api/exercises/{id}/codes", s.controlOnly(s.apiCodes))
	mux.HandleFunc("POST /api/exercises/{id}/codes", s.controlOnly(s.apiIssue))
	mux.HandleFunc("DELETE /api/exercises/{id}/codes/{code}", s.controlOnly(s.apiRevoke))
	mux.HandleFunc("GET /api/recordings", s.only(s.bearer, s.apiRecordings))
	mux.HandleFunc("GET /api/recordings/{id}", s.only(s.lobbyInstructor, s.apiRecording))
	mux.HandleFunc("GET /api/recordings/{id}/aar", s.only(s.lobbyInstructor, s.apiAAR))
	mux.HandleFunc("POST /api/recordings/{id}/branch", s.only(s.bearer, s.apiBranch))
	mux.HandleFunc("POST /api/recordings/{id}/review", s.only(s.bearer, s.apiReview))
	mux.HandleFunc("GET /api/maps/{name}", s.apiMap)
	mux.HandleFunc("GET /ws", s.serveWS)
	mux.Handle("GET /client/", http.StripPrefix("/client/", s.clientFiles()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{Registry: s.reg}))
	return mux
}

// only serves h to the requests that auth admits (the instructor's) and
// answers the others 401.
func (s *Server) only(auth func(*http.Request) bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !auth(r) {
			unauthorized(w)
			return
		}
		h(w, r)
	}
}

// bearer reports whether the request carries the instructor token as a
// Bearer token.
func (s *Server) bearer(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && s.isInstructor(strings.TrimSpace(tok))
}

// lobbyInstructor reports whether the request carries the instructor
// token as a Bearer token or in the lobby's cookie (SameSite=Strict, so
// another site cannot make a browser send it). Only downloads accept the
// cookie.
func (s *Server) lobbyInstructor(r *http.Request) bool {
	if s.bearer(r) {
		return true
	}
	c, err := r.Cookie(tokenCookie)
	return err == nil && s.isInstructor(c.Value)
}

// readJSON decodes the request body (at most maxUpload bytes, no unknown
// fields) into v, or answers 400 and reports false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "bad request body: " + err.Error()})
		return false
	}
	return true
}

// readWithSpeed is readJSON for a body with a speed, which must be one
// the engine takes (0: the default), else it answers 400.
func readWithSpeed(w http.ResponseWriter, r *http.Request, v any, speed *int) bool {
	if !readJSON(w, r, v) {
		return false
	}
	if *speed < 0 || *speed > 1000 {
		writeJSON(w, http.StatusBadRequest, apiError{Error: sim.ReasonBadSpeed})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// apiError is the body of an API error answer.
type apiError struct {
	Error  string   `json:"error"`
	Errors []string `json:"errors,omitempty"` // scenario problems, FILE:LINE:COL: message
}

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="borderdrill"`)
	writeJSON(w, http.StatusUnauthorized, apiError{Error: "instructor token required (Authorization: Bearer TOKEN)"})
}

// createRequest is the body of POST /api/exercises: a built-in scenario
// name or a scenario file's text.
type createRequest struct {
	Scenario string `json:"scenario"`
	YAML     string `json:"yaml"`
	Seed     uint64 `json:"seed"`
	Speed    int    `json:"speed"`
	Paused   *bool  `json:"paused"` // default true: teams join before the clock runs
}

// createResponse is the answer to POST /api/exercises.
type createResponse struct {
	ID      string            `json:"id"`
	Codes   map[string]string `json:"codes"`
	Control string            `json:"control"` // the exercise's control code (its white cell)
	Seed    uint64            `json:"seed"`
	Tick    int32             `json:"tick"`
	Paused  bool              `json:"paused"`
	Speed   int               `json:"speed"`
}

// created is the answer to a request that made the exercise info.
func created(info ExerciseInfo) createResponse {
	return createResponse{ID: info.ID, Codes: info.Codes, Control: info.Control, Seed: info.Seed, Tick: info.Tick, Paused: info.Paused, Speed: info.Speed}
}

func (s *Server) apiCreate(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	if !readWithSpeed(w, r, &req, &req.Speed) {
		return
	}
	var sc *sim.Scenario
	var err error
	switch {
	case (req.Scenario == "") == (req.YAML == ""):
		writeJSON(w, http.StatusBadRequest, apiError{Error: `give exactly one of "scenario" (a built-in name) and "yaml" (a scenario file)`})
		return
	case req.Scenario != "":
		sc, err = scenarios.Builtin(req.Scenario)
	default:
		sc, err = scenarios.Parse("upload.yaml", []byte(req.YAML))
	}
	if err != nil {
		ae := apiError{Error: "invalid scenario"} // i18n: not user text (the API's error, for programs)
		var list scenarios.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				ae.Errors = append(ae.Errors, e.Error())
			}
		} else {
			ae.Errors = []string{err.Error()}
		}
		writeJSON(w, http.StatusBadRequest, ae)
		return
	}
	info, err := s.NewExercise(sc, ExerciseOptions{Seed: req.Seed, Speed: req.Speed, Paused: req.Paused == nil || *req.Paused})
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusCreated, created(info))
}

func (s *Server) apiList(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Exercises())
}

func (s *Server) apiStop(w http.ResponseWriter, r *http.Request) {
	if !s.StopExercise(r.PathValue("id")) {
		writeJSON(w, http.StatusNotFound, apiError{Error: "no such exercise"})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiRecordings(w http.ResponseWriter, r *http.Request) {
	list, err := s.Recordings()
	if err != nil {
		writeRecordingError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) apiRecording(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, err := s.RecordingPath(id)
	if err != nil {
		writeRecordingError(w, err)
		return
	}
	f, err := os.Open(p)
	if err != nil {
		writeRecordingError(w, ErrNoRecording)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, apiError{Error: err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", `attachment; filename="`+id+recordingExt+`"`)
	w.Header().Set("Cache-Control", "no-store") // a live exercise's recording grows
	http.ServeContent(w, r, "", st.ModTime(), f)
}

// apiAAR answers the after-action review of a recording, the page with
// its pictures inside, made on request by Config.Report: a running
// exercise's review covers it so far.
func (s *Server) apiAAR(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Report == nil {
		writeJSON(w, http.StatusNotImplemented, apiError{Error: "this server makes no reports"})
		return
	}
	id := r.PathValue("id")
	rec, err := s.openRecording(id)
	if err != nil {
		writeRecordingError(w, err)
		return
	}
	rec.Path = id + recordingExt // the report names the recording, not the server's files
	var page bytes.Buffer
	if err := s.cfg.Report(&page, rec, readerLang(w, r).Code()); err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: fmt.Sprintf("recording %s: %v", id, err)})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(page.Bytes())
}

// branchRequest is the body of POST /api/recordings/{id}/branch.
type branchRequest struct {
	Tick   int32 `json:"tick"`
	Speed  int   `json:"speed"`
	Paused *bool `json:"paused"` // default true: teams join before the clock runs
}

// branchResponse is the answer to POST /api/recordings/{id}/branch.
type branchResponse struct {
	createResponse
	BranchOf *recording.Origin `json:"branch_of"`
}

func (s *Server) apiBranch(w http.ResponseWriter, r *http.Request) {
	var req branchRequest
	if !readWithSpeed(w, r, &req, &req.Speed) {
		return
	}
	opt := ExerciseOptions{Speed: req.Speed, Paused: req.Paused == nil || *req.Paused}
	info, err := s.Branch(r.PathValue("id"), req.Tick, opt)
	if err != nil {
		writeRecordingError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, branchResponse{createResponse: created(info), BranchOf: info.BranchOf})
}

// reviewRequest is the body of POST /api/recordings/{id}/review.
type reviewRequest struct {
	Speed  int   `json:"speed"`
	Paused *bool `json:"paused"` // default true: the teams join before it plays
}

// reviewResponse is the answer to POST /api/recordings/{id}/review.
type reviewResponse struct {
	createResponse
	Review *ReviewInfo `json:"review"`
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) {
	var req reviewRequest
	if !readWithSpeed(w, r, &req, &req.Speed) {
		return
	}
	info, err := s.Review(r.PathValue("id"), ExerciseOptions{Speed: req.Speed, Paused: req.Paused == nil || *req.Paused})
	if err != nil {
		writeRecordingError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, reviewResponse{createResponse: created(info), Review: info.Review})
}

// writeRecordingError answers a failed recording request.
func writeRecordingError(w http.ResponseWriter, err error) {
	var be *BranchError
	switch {
	case errors.Is(err, ErrNoData), errors.Is(err, ErrNoRecording):
		writeJSON(w, http.StatusNotFound, apiError{Error: err.Error()})
	case errors.As(err, &be):
		writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
	case errors.Is(err, ErrClosed):
		writeJSON(w, http.StatusServiceUnavailable, apiError{Error: err.Error()})
	default:
		writeJSON(w, http.StatusInternalServerError, apiError{Error: err.Error()})
	}
}

func (s *Server) apiControl(w http.ResponseWriter, r *http.Request) {
	var ctl Control
	if !readJSON(w, r, &ctl) {
		return
	}
	if err := s.ControlExercise(r.PathValue("id"), ctl); err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, ErrNoExercise) {
			status = http.StatusNotFound
		}
		writeJSON(w, status, apiError{Error: err.Error()})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// clientFiles serves the browser client, or a page saying how to build it.
func (s *Server) clientFiles() http.Handler {
	files := http.FileServer(http.Dir(s.cfg.WebDir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.WebDir == "" {
			noClient(w)
			return
		}
		if _, err := os.Stat(filepath.Join(s.cfg.WebDir, "index.html")); err != nil {
			noClient(w)
			return
		}
		if s.gz.serveCompressed(w, r, s.cfg.WebDir) {
			return
		}
		files.ServeHTTP(w, r)
	})
}

func noClient(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	noClientPage.Execute(w, nil)
}

var noClientPage = template.Must(template.New("noclient").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>borderdrill: browser client not built</title></head>
<body style="font-family: sans-serif; max-width: 50em; margin: 2em auto">
<h1>The browser client is not built</h1>
<p>This server has no browser client to serve. Build it and restart the server with <code>--web</code>:</p>
<pre>make web            # or, by hand (web/index.html is in the repository):
mkdir -p web
GOOS=js GOARCH=wasm go build -o web/client.wasm ./cmd/borderdrill-client
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" web/
mkdir -p web/fonts && cp render/fonts/*.ttf render/fonts/OFL.txt web/fonts/
cp "$(go list -m -f '{{.Dir}}' golang.org/x/image)/font/gofont/ttfs/Go-Regular.ttf" web/fonts/
mkdir -p web/i18n && cp i18n/catalog/*.json web/i18n/
borderdrill serve --web web</pre>
<p>Or join with the native client: <code>borderdrill-client --join URL --code CODE</code>.</p>
<p><a href="/">Back to the lobby</a></p>
</body></html>
`))

// lobbyData is what the lobby template shows.
type lobbyData struct {
	Instructor bool
	Token      string // only on the instructor's page
	Exercises  []ExerciseInfo
	Builtins   []scenarios.Info
	// Recordings are listed for the instructor when the server has a data
	// directory; Recording says why not, or what went wrong.
	Recordings []RecordingInfo
	Recording  string
	// L is the reader's language; Langs the languages the join form offers.
	L     *i18n.Lang
	Langs []i18n.Info
}

// langCookie remembers the lobby reader's language.
const langCookie = "borderdrill_lang"

// readerLang is the language a page is written in: ?lang= (then
// remembered in a cookie), else the cookie, else Accept-Language.
func readerLang(w http.ResponseWriter, r *http.Request) *i18n.Lang {
	if l := r.URL.Query().Get("lang"); l != "" && i18n.Known(l) {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", SameSite: http.SameSiteLaxMode})
		return i18n.Get(l)
	}
	if c, err := r.Cookie(langCookie); err == nil && i18n.Known(c.Value) {
		return i18n.Get(c.Value)
	}
	return i18n.Get(r.Header.Get("Accept-Language"))
}

// lobbySpeeds are the speeds the lobby offers, ticks per second: the
// client's keys' and the current one.
func lobbySpeeds(current int) []int {
	s := []int{1, 10, 60, 600}
	if !slices.Contains(s, current) && current > 0 {
		s = append(s, current)
		slices.Sort(s)
	}
	return s
}

// trusted marks a catalog message that carries markup (the catalogs are
// embedded in the binary, not user input) as HTML.
func trusted(s string) template.HTML { return template.HTML(s) }

// hm writes simulated seconds as h:mm.
func hm(seconds int) string { return fmt.Sprintf("%d:%02d", seconds/3600, seconds/60%60) }

func (s *Server) lobby(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok != "" && s.isInstructor(tok) {
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	} else if c, err := r.Cookie(tokenCookie); err == nil {
		tok = c.Value
	}
	d := lobbyData{Instructor: s.isInstructor(tok), L: readerLang(w, r), Langs: i18n.Languages()}
	if d.Instructor {
		d.Token = tok
		d.Builtins = scenarios.Builtins()
		var err error
		if d.Recordings, err = s.Recordings(); err != nil {
			d.Recording = err.Error()
		}
	}
	for _, x := range s.Exercises() {
		if !d.Instructor {
			x.Codes, x.Control, x.Access = nil, "", nil
		}
		d.Exercises = append(d.Exercises, x)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := lobbyPage.Execute(w, d); err != nil {
		s.log.Error("lobby page", "err", err)
	}
}

var lobbyPage = template.Must(template.New("lobby").Funcs(template.FuncMap{"hm": hm, "speeds": lobbySpeeds, "trusted": trusted}).Parse(`<!doctype html>
<html lang="{{.L.Code}}"{{if .L.RTL}} dir="rtl"{{end}}><head><meta charset="utf-8"><title>{{.L.T "lobby.title"}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
:root { --fg: #1b1f24; --dim: #5b6470; --bg: #f6f7f9; --card: #fff; --line: #d9dde3; --accent: #1f5fd1 }
* { box-sizing: border-box }
body { font-family: "Noto Sans", system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 64em; margin: 0 auto; padding: 1em; line-height: 1.45 }
h1 { margin: .2em 0 .6em } h2, h3 { margin-top: 1.4em }
form, table { background: var(--card); border: 1px solid var(--line); border-radius: 8px }
form { padding: .8em; display: flex; flex-wrap: wrap; gap: .6em 1em; align-items: end }
form p { margin: .2em 0; width: 100% }
label { display: inline-flex; flex-direction: column; gap: .2em; color: var(--dim); font-size: .9em }
input, select, textarea, button { font: inherit; padding: .45em .6em; border: 1px solid var(--line); border-radius: 6px; max-width: 100% }
button { background: var(--accent); color: #fff; border: 0; cursor: pointer }
#join input, #join select, #join button, .check { min-height: 2.75rem }
.check { flex-direction: row; align-items: center; gap: .5em; color: var(--fg); cursor: pointer }
#join .check input { width: 1.4em; height: 1.4em; min-height: 0; margin: 0 }
html.hc { --fg: #000; --dim: #000; --bg: #fff; --card: #fff; --line: #000; --accent: #003fb3 }
html.hc form, html.hc table, html.hc input, html.hc select, html.hc textarea { border-width: 2px }
html.hc :focus-visible { outline: 3px solid #000; outline-offset: 2px }
textarea { width: 100% }
.wide { overflow-x: auto; -webkit-overflow-scrolling: touch }
table { border-collapse: collapse; width: 100% } td, th { padding: .45em .6em; border-bottom: 1px solid var(--line); text-align: start; vertical-align: top }
code { font-size: 1.05em; word-break: break-all }
@media (max-width: 600px) { body { padding: .6em } form { flex-direction: column; align-items: stretch } label { width: 100% } input, select, button { width: 100% } td, th { padding: .35em .4em; font-size: .92em } }
</style></head>
<body>
<h1>borderdrill</h1>
<h2>{{.L.T "lobby.join_h"}}</h2>
<form action="/client/" method="get" id="join">
<label>{{.L.T "lobby.code"}} <input name="code" size="32" autocomplete="off" required></label>
<label>{{.L.T "lobby.name"}} <input name="name" size="16"></label>
<label>{{.L.T "lobby.language"}} <select name="lang" id="lang" onchange="pickLang(this.value)">{{range .Langs}}<option value="{{.Code}}"{{if eq .Code $.L.Code}} selected{{end}}>{{.Name}}</option>{{end}}</select></label>
<label class="check"><input type="checkbox" name="contrast" value="1" id="contrast" onchange="pickContrast(this.checked)"> {{.L.T "lobby.contrast"}}</label>
<button>{{.L.T "lobby.join"}}</button>
</form>
<script>
// The language and the contrast mode are remembered in this browser (the
// client reads the same keys); without a choice the contrast follows the
// system's prefers-contrast.
function pickLang(l) { localStorage.setItem("borderdrill.lang", l); const u = new URL(location.href); u.searchParams.set("lang", l); location.replace(u); }
function pickContrast(on) { localStorage.setItem("borderdrill.contrast", on ? "1" : "0"); document.documentElement.classList.toggle("hc", on); }
(function () { const v = localStorage.getItem("borderdrill.contrast");
  const on = v ? v === "1" : matchMedia("(prefers-contrast: more)").matches;
  document.getElementById("contrast").checked = on; document.documentElement.classList.toggle("hc", on); })();
(function () { const l = localStorage.getItem("borderdrill.lang"); const u = new URL(location.href);
  if (l && !u.searchParams.get("lang") && l !== {{.L.Code}}) { u.searchParams.set("lang", l); location.replace(u); } })();
</script>

<h2>{{.L.T "lobby.exercises"}}</h2>
{{if not .Exercises}}<p>{{.L.T "lobby.none_running"}}</p>{{else}}
<div class="wide"><table>
<tr><th>{{.L.T "lobby.th_id"}}</th><th>{{.L.T "lobby.th_scenario"}}</th><th>{{.L.T "lobby.th_map"}}</th><th>{{.L.T "lobby.th_teams"}}</th><th>{{.L.T "lobby.th_clients"}}</th><th>{{.L.T "lobby.th_tick"}}</th><th>{{.L.T "lobby.th_speed"}}</th></tr>
{{range .Exercises}}
<tr><td><code>{{.ID}}</code></td><td>{{.Scenario}}</td><td>{{.Map}}</td><td>{{range $i, $t := .Teams}}{{if $i}}, {{end}}{{$t}}{{end}}</td>
<td>{{.Clients}}</td><td>{{.Tick}}{{with .Review}} / {{.Duration}} {{$.L.T "lobby.review"}}{{end}}</td><td>{{if .Paused}}{{$.L.T "lobby.paused"}}{{else}}{{.Speed}}×{{end}}</td></tr>
{{end}}
</table></div>
{{end}}

{{if .Instructor}}
<h2>{{.L.T "lobby.instructor"}}</h2>
{{range .Exercises}}
<h3>{{.Scenario}} <code>{{.ID}}</code>{{with .BranchOf}} <small>({{$.L.T "lobby.branch_of"}} <code>{{.Recording}}</code> {{$.L.T "lobby.at_tick"}} {{.Tick}})</small>{{end}}{{with .Review}} <small>({{$.L.T "lobby.debrief_of"}} <code>{{.Recording}}</code>)</small>{{end}}</h3>
{{$id := .ID}}<div class="wide"><table class="codes">
<tr><th>{{$.L.T "lobby.th_role"}}</th><th>{{$.L.T "lobby.th_nation"}}</th><th>{{$.L.T "lobby.th_label"}}</th><th>{{$.L.T "lobby.th_code"}}</th><th></th><th></th></tr>
{{range .Access}}<tr{{if .Revoked}} style="color: #999"{{end}}><td>{{$.L.T (printf "lobby.role_%s" .Role)}}</td><td>{{.Team}}{{.Nation}}</td><td>{{.Label}}</td>
<td><code>{{.Code}}</code></td>{{if .Revoked}}<td>{{$.L.T "lobby.revoked"}}</td><td></td>{{else}}<td><a href="/client/?code={{.Code}}&amp;lang={{$.L.Code}}">{{$.L.T "lobby.open"}}</a></td>
<td><button onclick="revokeCode('{{$id}}', '{{.Code}}')">{{$.L.T "lobby.revoke"}}</button></td>{{end}}</tr>
{{end}}
<tr><td>{{$.L.T "lobby.instructor_row"}}</td><td></td><td></td><td>{{$.L.T "lobby.your_token"}}</td><td><a href="/client/?exercise={{.ID}}&amp;code={{$.Token}}&amp;lang={{$.L.Code}}">{{$.L.T "lobby.open_white"}}</a></td><td></td></tr>
</table></div>
<form onsubmit="issueCode(event, '{{.ID}}')">{{$.L.T "lobby.issue_code"}} <select name="role"><option value="evaluator">{{$.L.T "lobby.role_evaluator"}}</option><option value="controller">{{$.L.T "lobby.role_controller"}}</option>
<option value="trainee">{{$.L.T "lobby.role_trainee"}}</option><option value="observer">{{$.L.T "lobby.role_observer"}}</option><option value="instructor">{{$.L.T "lobby.role_instructor"}}</option></select>
<select name="team">{{range .Teams}}<option>{{.}}</option>{{end}}</select>
<input name="nation" size="4" placeholder="ISO3"> <input name="label" size="14" placeholder="{{$.L.T "lobby.issued_to"}}"> <button>{{$.L.T "lobby.issue"}}</button></form>
<p>{{if .Paused}}<button onclick="controlExercise('{{.ID}}', {paused: false})">{{$.L.T "lobby.start"}}</button>{{else}}<button onclick="controlExercise('{{.ID}}', {paused: true})">{{$.L.T "lobby.pause"}}</button>{{end}}
{{$.L.T "lobby.speed"}} <select onchange="controlExercise('{{.ID}}', {speed: parseInt(this.value, 10)})">{{$sp := .Speed}}{{range $v := speeds .Speed}}<option value="{{$v}}"{{if eq $v $sp}} selected{{end}}>{{$v}}×</option>{{end}}</select>
<button onclick="stopExercise('{{.ID}}')">{{$.L.T "lobby.stop"}}</button></p>
{{end}}

<h3>{{.L.T "lobby.recordings"}}</h3>
{{if .Recording}}<p>{{.Recording}}</p>{{else if not .Recordings}}<p>{{.L.T "lobby.no_recording"}}</p>{{else}}
<div class="wide"><table id="recordings">
<tr><th>{{.L.T "lobby.th_recording"}}</th><th>{{.L.T "lobby.th_scenario"}}</th><th>{{.L.T "lobby.th_length"}}</th><th>{{.L.T "lobby.th_recorded"}}</th><th></th><th></th><th>{{.L.T "lobby.th_branch"}}</th><th>{{.L.T "lobby.th_review"}}</th></tr>
{{range .Recordings}}
<tr><td><code>{{.ID}}</code>{{if .Live}} {{$.L.T "lobby.running"}}{{end}}{{with .BranchOf}}<br><small>{{$.L.T "lobby.branch_of"}} {{.Recording}} {{$.L.T "lobby.at_tick"}} {{.Tick}}</small>{{end}}</td>
<td>{{.Scenario}}</td><td>{{hm .Seconds}}</td><td>{{.Created.Format "2006-01-02 15:04"}}</td>
<td><a href="/client/?replay={{.ID}}&amp;code={{$.Token}}&amp;lang={{$.L.Code}}">{{$.L.T "lobby.replay"}}</a></td>
<td><a href="/api/recordings/{{.ID}}/aar?lang={{$.L.Code}}" target="_blank">{{$.L.T "lobby.report"}}</a> · <a href="/api/recordings/{{.ID}}" download>{{$.L.T "lobby.download"}}</a></td>
<td><form onsubmit="branchRecording(event, '{{.ID}}', {{.TickSeconds}})"><input name="at" size="6" value="{{hm .Seconds}}"> <button>{{$.L.T "lobby.branch"}}</button></form></td>
<td><button onclick="reviewRecording('{{.ID}}')">{{$.L.T "lobby.debrief"}}</button></td></tr>
{{end}}
</table></div>
<p>{{.L.T "lobby.recordings_help"}}</p>
{{end}}

<h3>{{.L.T "lobby.new_exercise"}}</h3>
<form id="create" onsubmit="createExercise(event)">
<p><label>{{.L.T "lobby.builtin"}} <select name="scenario">
{{range .Builtins}}<option value="{{.Name}}">{{.Name}} ({{.Border}})</option>{{end}}
</select></label></p>
<p><label>{{.L.T "lobby.or_file"}}<br><textarea name="yaml" rows="8" cols="80" placeholder="{{.L.T "lobby.paste"}}"></textarea></label></p>
<p><label>{{.L.T "lobby.speed_tps"}} <input name="speed" type="number" min="1" max="1000" value="10"></label>
<label><input name="paused" type="checkbox" checked> {{.L.T "lobby.start_paused"}}</label></p>
<p><button>{{.L.T "lobby.create"}}</button></p>
<pre id="result"></pre>
</form>
<script>
const token = {{.Token}};
async function createExercise(ev) {
  ev.preventDefault();
  const f = ev.target;
  const body = {speed: parseInt(f.speed.value, 10) || 0, paused: f.paused.checked};
  if (f.yaml.value.trim() !== "") { body.yaml = f.yaml.value; } else { body.scenario = f.scenario.value; }
  const r = await fetch("/api/exercises", {method: "POST", headers: {"Authorization": "Bearer " + token, "Content-Type": "application/json"}, body: JSON.stringify(body)});
  const j = await r.json();
  if (r.ok) { location.reload(); } else { document.getElementById("result").textContent = j.error + "\n" + (j.errors || []).join("\n"); }
}
async function branchRecording(ev, id, tickSeconds) {
  ev.preventDefault();
  const parts = ev.target.at.value.trim().split(":").map(Number);
  if (parts.length < 1 || parts.length > 3 || parts.some(isNaN)) { alert({{.L.T "lobby.give_hmm"}}); return; }
  let s = 0;
  for (let i = 0; i < 3; i++) { s = s * 60 + (parts[i] || 0); }
  const r = await fetch("/api/recordings/" + id + "/branch", {method: "POST", headers: {"Authorization": "Bearer " + token, "Content-Type": "application/json"}, body: JSON.stringify({tick: Math.floor(s / tickSeconds)})});
  const j = await r.json();
  if (r.ok) { location.reload(); } else { alert(j.error); }
}
async function reviewRecording(id) {
  const r = await fetch("/api/recordings/" + id + "/review", {method: "POST", headers: {"Authorization": "Bearer " + token, "Content-Type": "application/json"}, body: "{}"});
  const j = await r.json();
  if (r.ok) { location.reload(); } else { alert(j.error); }
}
async function controlExercise(id, body) {
  const r = await fetch("/api/exercises/" + id + "/control", {method: "POST", headers: {"Authorization": "Bearer " + token, "Content-Type": "application/json"}, body: JSON.stringify(body)});
  if (r.ok) { location.reload(); } else { const j = await r.json(); alert(j.error); }
}
async function issueCode(ev, id) {
  ev.preventDefault();
  const f = ev.target;
  const body = {role: f.role.value, team: f.team.value, nation: f.nation.value.trim().toUpperCase(), label: f.label.value};
  const r = await fetch("/api/exercises/" + id + "/codes", {method: "POST", headers: {"Authorization": "Bearer " + token, "Content-Type": "application/json"}, body: JSON.stringify(body)});
  if (r.ok) { location.reload(); } else { const j = await r.json(); alert(j.error); }
}
async function revokeCode(id, code) {
  if (!confirm({{.L.T "lobby.confirm_revoke"}})) return;
  const r = await fetch("/api/exercises/" + id + "/codes/" + code, {method: "DELETE", headers: {"Authorization": "Bearer " + token}});
  if (r.ok) { location.reload(); } else { const j = await r.json(); alert(j.error); }
}
async function stopExercise(id) {
  if (!confirm({{.L.Format "lobby.confirm_stop"}}.replace("%s", id))) return;
  await fetch("/api/exercises/" + id, {method: "DELETE", headers: {"Authorization": "Bearer " + token}});
  location.reload();
}
</script>
{{else}}
<p>{{.L.T "lobby.instructor_hint" | trusted}}</p>
{{end}}
</body></html>
`))
