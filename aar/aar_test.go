package aar_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"image"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"regexp"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// golden is the recording package's committed version-1 recording: FIN
// played by a scripted trainee, RUS and EU computer-controlled.
const golden = "../recording/testdata/v1-fin-rus.jsonl"

// reviewGolden builds the review of the golden recording with opt.
func reviewGolden(t testing.TB, opt aar.Options) *aar.Report {
	t.Helper()
	r, err := aar.Build(drilltest.Open(t, golden), opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// writeReview writes r with opt into a new temporary directory and
// returns the directory.
func writeReview(t testing.TB, r *aar.Report, opt aar.WriteOptions) string {
	t.Helper()
	dir := t.TempDir()
	if err := aar.Write(dir, r, opt); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestFiguresMatchRun checks the review of a fixed run against the run's
// own summary (what `run --json` prints), and the review's per-group
// ground truth against the totals.
func TestFiguresMatchRun(t *testing.T) {
	rec, w := drilltest.Record(t, "col-ven-cucuta-bridges", 4, 8*3600)
	want := scenarios.Summarize(w)
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Summary, want) {
		t.Errorf("summary\n got %+v\nwant %+v", r.Summary, want)
	}
	c := want.Crossings
	if c.Attempted < 20 {
		t.Fatalf("only %d groups: pick a busier run", c.Attempted)
	}
	var crossed, detected, caught, escaped int
	for _, g := range r.Groups {
		if g.Crossed >= 0 {
			crossed++
		}
		if g.Detected >= 0 {
			detected++
		}
		if g.Caught >= 0 {
			caught++
		}
		if g.Escape >= 0 {
			escaped++
		}
	}
	got := scenarios.CrossingSummary{Attempted: len(r.Groups), Crossed: crossed, Detected: detected, Apprehended: caught, Escaped: escaped,
		Persons: c.Persons, Vulnerable: c.Vulnerable}
	if got != c {
		t.Errorf("groups from the events: %+v; run totals %+v", got, c)
	}
	last := r.Samples[len(r.Samples)-1]
	if last.Tick != 8*3600 || last.Attempted != c.Attempted || last.Detected != c.Detected || last.Apprehended != c.Apprehended || last.Escaped != c.Escaped {
		t.Errorf("last sample %+v; run totals %+v", last, c)
	}
	if n := len(r.Samples); n != 8*60+1 {
		t.Errorf("%d samples, want one a minute and one at tick 0 (%d)", n, 8*60+1)
	}
	if len(r.Objectives) != len(want.Objectives) {
		t.Fatalf("%d objectives, run has %d", len(r.Objectives), len(want.Objectives))
	}
	for i, o := range r.Objectives {
		w := want.Objectives[i]
		if o.ID != w.ID || o.Met != w.Met || round4(o.Value) != w.Value || round4(o.Target) != w.Target {
			t.Errorf("objective %d: %s met %v value %v target %v; run: %+v", i, o.ID, o.Met, o.Value, o.Target, w)
		}
	}
	for i, tm := range r.Teams {
		w := want.Teams[i]
		if tm.ID != w.ID || tm.Detection != w.Detections || tm.Intercepts != w.Intercepts || tm.SharedOut != w.SharedOut || tm.Incidents != w.Incidents || !tm.Auto {
			t.Errorf("team %s: %+v; run: %+v", tm.ID, tm, w)
		}
	}
	if r.Verified != 48 || r.Hash != want.StateHash {
		t.Errorf("%d checkpoints verified, hash %s; want 48 and %s", r.Verified, r.Hash, want.StateHash)
	}
	for _, p := range r.Plan {
		if p.Recommendation == "" || p.Capability == "" || p.Responsible == "" {
			t.Errorf("plan row %+v has empty fields", p)
		}
	}
	if unmet := len(r.Objectives) - r.Met(); len(r.Plan) != unmet {
		t.Errorf("%d plan rows for %d objectives not met", len(r.Plan), unmet)
	}
}

// round4 rounds as the run summary does.
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// TestGoldenReview reads the trainee's commands and the white cell's
// actions out of the golden recording.
func TestGoldenReview(t *testing.T) {
	r := reviewGolden(t, aar.Options{Window: 30 * time.Minute})
	if r.Commands.Total != 14 || r.Commands.Rejected != 3 || r.Commands.Accepted != 11 {
		t.Errorf("commands %+v; want 14, 11 accepted, 3 rejected", r.Commands)
	}
	if r.Teams[0].Auto || !r.Teams[1].Auto || !r.Teams[2].Auto {
		t.Errorf("auto flags %v %v %v; want FIN played, RUS and EU automated", r.Teams[0].Auto, r.Teams[1].Auto, r.Teams[2].Auto)
	}
	injects := map[string]aar.Inject{}
	for _, in := range r.Injects {
		injects[in.ID] = in
	}
	m5 := injects["M5"]
	if !m5.Fired || m5.FiredAt != "21:30" || m5.Addressee != "FIN" || m5.Objective != "share" {
		t.Errorf("M5 %+v", m5)
	}
	var rejected bool
	for _, a := range m5.Actions {
		rejected = rejected || (strings.Contains(a.Text, "Zastava Torfyanovka foot: hold") && strings.Contains(a.Outcome, "another team"))
	}
	if !rejected || m5.FirstResponse != "10 min" || m5.Rating != "P" {
		t.Errorf("M5 actions %+v, first response %q, rating %s", m5.Actions, m5.FirstResponse, m5.Rating)
	}
	if in := injects["M2"]; in.Fired || in.Rating != "—" {
		t.Errorf("M2 (01:00, after the recording) %+v", in)
	}
	var kinds []string
	for _, e := range r.Timeline {
		kinds = append(kinds, e.Time+" "+e.Kind)
	}
	for _, want := range []string{"21:30 control", "21:30 inject", "21:00 inject"} {
		if !strings.Contains(strings.Join(kinds, ","), want) {
			t.Errorf("timeline %v lacks %q", kinds, want)
		}
	}
	jurisdiction := 0
	for _, row := range r.Plan {
		if row.Capability == "Jurisdiction and cross-border cooperation" && strings.Contains(row.Observation, "Vaalimaa foot 1") {
			jurisdiction++
		}
	}
	if jurisdiction != 1 {
		t.Errorf("plan %+v; want one jurisdiction row naming the unit", r.Plan)
	}
}

// TestWrite checks the files of a report: the page, its pictures, the
// JSON, and the embedded variant.
func TestWrite(t *testing.T) {
	r := reviewGolden(t, aar.Options{})
	dir := writeReview(t, r, aar.WriteOptions{})
	html, err := os.ReadFile(filepath.Join(dir, aar.IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"After-Action Report", "no-incursions", "Improvement plan", `src="map-1.png"`, `src="crossings.png"`, "Vaalimaa foot 1"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	if bytes.Contains(html, []byte("http://")) || bytes.Contains(html, []byte("https://")) {
		t.Error("index.html refers to the network")
	}
	for _, name := range []string{"crossings.png", "hourly.png", "teams.png", "map-1.png"} {
		checkPNG(t, filepath.Join(dir, name))
	}
	js, err := os.ReadFile(filepath.Join(dir, aar.JSONFile))
	if err != nil || !bytes.Contains(js, []byte(`"attempted": 4`)) {
		t.Errorf("report.json: %v; want the summary", err)
	}
	emb := writeReview(t, r, aar.WriteOptions{Embed: true})
	html, _ = os.ReadFile(filepath.Join(emb, aar.IndexFile))
	if n := bytes.Count(html, []byte(`src="data:image/png;base64,`)); n != 4 {
		t.Errorf("embedded page has %d data images, want 4", n)
	}
}

// checkPNG decodes a picture and checks that it is not blank.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	if n := colours(drilltest.ReadPNG(t, path)); n < 8 {
		t.Errorf("%s: %d colours; looks blank", filepath.Base(path), n)
	}
}

// colours counts the distinct colours of an image, up to 1000.
func colours(img image.Image) int {
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bb, a := img.At(x, y).RGBA()
			seen[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bb >> 8), uint8(a >> 8)}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// TestMismatchRefused: a review of an exercise that does not replay is
// refused.
func TestMismatchRefused(t *testing.T) {
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := recording.Parse(bytes.Replace(data, []byte(`"seed":"7"`), []byte(`"seed":"70"`), 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := aar.Build(rec, aar.Options{}); err == nil || !strings.Contains(err.Error(), "mismatch at tick 600") {
		t.Errorf("Build of a mismatching recording: %v", err)
	}
}

// TestBranchReview reviews the recording of an exercise branched from the
// golden one at 21:30: the report says where it was branched, and its
// figures are those of the whole branched exercise.
func TestBranchReview(t *testing.T) {
	src, err := recording.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	const at = 1800
	w, err := recording.Replay(src, recording.Options{To: at})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "branch.jsonl")
	wr, err := recording.Branch(path, src, recording.Origin{Recording: "golden", Tick: at}, w)
	if err != nil {
		t.Fatal(err)
	}
	for w.Tick() < 3600 {
		w.Step(nil)
	}
	if err := wr.Checkpoint(w.Tick(), w.Hash()); err != nil {
		t.Fatal(err)
	}
	r, err := aar.Build(drilltest.Reopen(t, wr), aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.BranchOf == nil || r.BranchOf.Recording != "golden" || r.BranchOf.Tick != at || r.BranchClock != "21:30" || r.Ticks != 3600 {
		t.Fatalf("branch %+v at %q, %d ticks", r.BranchOf, r.BranchClock, r.Ticks)
	}
	if r.Hash != fmt.Sprintf("%016x", w.Hash()) {
		t.Errorf("report hash %s, the branch ended at %016x", r.Hash, w.Hash())
	}
	dir := writeReview(t, r, aar.WriteOptions{})
	page, _ := os.ReadFile(filepath.Join(dir, aar.IndexFile))
	if !strings.Contains(string(page), "branched from recording <span class=\"mono\">golden</span> at tick 1800 (21:30)") {
		t.Error("the page does not say where the exercise was branched")
	}
}

// TestCommsSection is issue 13's chat done-when: a 12-hour recording with
// 200 chat lines (50 on a team channel, 50 liaison lines each answered by
// the partner after a known delay, 50 liaison lines lost to a comms cut)
// replays, and the review reports the lines per channel and the median
// liaison reply time.
func TestCommsSection(t *testing.T) {
	const name = "col-ven-cucuta-bridges"
	sc, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	ts := int32(max(sc.TickSeconds, 1))
	ticks := 12 * 3600 / ts
	every := ticks / 50
	ag := sc.Agreements[0]
	chats := map[int32][]recording.Chat{}
	for k := range int32(50) {
		base := k * every
		delay := 60 + 10*k // ticks; sorted, the median is (300 + 310) / 2
		chats[base] = append(chats[base], recording.Chat{Tick: base, Channel: "liaison", Team: ag.A, Agreement: ag.ID, From: "A", Text: "seen a group?"})
		chats[base+delay] = append(chats[base+delay], recording.Chat{Tick: base + delay, Channel: "liaison", Team: ag.B, Agreement: ag.ID, From: "B", Text: "yes"})
		chats[base+every*7/10] = append(chats[base+every*7/10], recording.Chat{Tick: base + every*7/10, Channel: "team", Team: 0, From: "T", Text: "status"})
		chats[base+every*8/10] = append(chats[base+every*8/10], recording.Chat{Tick: base + every*8/10, Channel: "liaison", Team: ag.A, Agreement: ag.ID, From: "A", Text: "hello?", Lost: "comms cut"})
	}
	rec, _ := drilltest.RecordWith(t, name, 4, ticks, func(tick int32, wr *recording.Writer) {
		for _, c := range chats[tick] {
			if err := wr.Chat(c); err != nil {
				t.Fatal(err)
			}
		}
	})
	if len(rec.Chats) != 200 {
		t.Fatalf("%d chat lines read back, want 200", len(rec.Chats))
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatalf("a recording with chat does not replay: %v", err)
	}
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{"team " + sc.Teams[0].ID: {50, 0}, "liaison " + ag.ID: {100, 50}}
	if len(r.Comms.Channels) != len(want) {
		t.Errorf("channels %+v, want %v", r.Comms.Channels, want)
	}
	for _, cc := range r.Comms.Channels {
		if w := want[cc.Channel]; cc.Lines != w[0] || cc.Lost != w[1] {
			t.Errorf("channel %s: %d lines, %d lost; want %v", cc.Channel, cc.Lines, cc.Lost, w)
		}
	}
	if r.Comms.Replies != 50 || r.Comms.MedianReplyTicks != 305 || r.Comms.Lost != 50 {
		t.Errorf("replies %d, median %d ticks, lost %d; want 50, 305, 50", r.Comms.Replies, r.Comms.MedianReplyTicks, r.Comms.Lost)
	}
	var html bytes.Buffer
	if err := aar.WriteHTML(&html, r, aar.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "median liaison reply time "+r.Comms.MedianReply) {
		t.Error("the HTML review lacks the communications section")
	}
}

// tableRows parses an HTML page and returns the text of each body row's
// cells of the table with id (nil when there is none).
func tableRows(t *testing.T, page []byte, id string) [][]string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	var rows [][]string
	depth, in, body := 0, false, false // depth inside the table
	var cell *strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatalf("the review's HTML does not parse: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if !in {
				for _, a := range e.Attr {
					in = in || e.Name.Local == "table" && a.Name.Local == "id" && a.Value == id
				}
				continue
			}
			depth++
			switch e.Name.Local {
			case "tbody":
				body = true
			case "tr":
				if body {
					rows = append(rows, nil)
				}
			case "td":
				cell = &strings.Builder{}
			}
		case xml.EndElement:
			if !in {
				continue
			}
			if depth == 0 {
				return rows
			}
			depth--
			if e.Name.Local == "td" && cell != nil && len(rows) > 0 {
				rows[len(rows)-1] = append(rows[len(rows)-1], strings.TrimSpace(cell.String()))
				cell = nil
			}
		case xml.CharData:
			if cell != nil {
				cell.Write(e)
			}
		}
	}
}

// TestCustodySections: the HTML review has the sections report.json has
// for custody and risk to life — a row per group's custody chain and per
// distress, rescue and death, a humanitarian rescue marked as such — read
// back by parsing the page.
func TestCustodySections(t *testing.T) {
	rec, _ := drilltest.Record(t, "fin-rus-winter-surge", 1, 12*3600)
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d custody chains, %d life events", len(r.Custody), len(r.Life))
	if len(r.Custody) == 0 || len(r.Life) == 0 {
		t.Fatalf("a night of fin-rus has %d custody chains and %d distress, rescue or death events; the test needs both", len(r.Custody), len(r.Life))
	}
	r.Life = append(r.Life, aar.LifeEvent{Time: "23:59", Kind: "rescue", Group: 7, Cause: "humanitarian"})
	var page bytes.Buffer
	if err := aar.WriteHTML(&page, r, aar.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	custody := tableRows(t, page.Bytes(), "custody-table")
	if len(custody) != len(r.Custody) {
		t.Fatalf("custody table: %d rows, want %d", len(custody), len(r.Custody))
	}
	for i, ch := range r.Custody {
		row := custody[i]
		want := []string{fmt.Sprint(ch.Group), ch.Team, ch.Caught, or(ch.HandedOver, "—"), ch.HandedTo, or(ch.Processed, "—")}
		if len(row) != 8 || !reflect.DeepEqual(row[:6], want) {
			t.Errorf("custody row %d: %q, want it to begin %q", i, row, want)
		}
		if asylum := row[6] == "claimed"; asylum != ch.Asylum {
			t.Errorf("custody row %d: asylum %q, the chain says %v", i, row[6], ch.Asylum)
		}
	}
	life := tableRows(t, page.Bytes(), "life-table")
	if len(life) != len(r.Life) {
		t.Fatalf("life table: %d rows, want %d", len(life), len(r.Life))
	}
	for i, l := range r.Life {
		row := life[i]
		kind := l.Kind
		if l.Cause == "humanitarian" {
			kind += " humanitarian"
		}
		deaths := ""
		if l.Deaths > 0 {
			deaths = fmt.Sprint(l.Deaths)
		}
		if len(row) != 5 || row[0] != l.Time || row[1] != kind || row[2] != fmt.Sprint(l.Group) || row[3] != deaths {
			t.Errorf("life row %d: %q, want %s %q group %d deaths %q", i, row, l.Time, kind, l.Group, deaths)
		}
	}
	if tableRows(t, page.Bytes(), "orders-table") != nil {
		t.Error("an orders table in a review without checkpoint orders")
	}
}

// or is s, or else when s is empty.
func or(s, orElse string) string {
	if s == "" {
		return orElse
	}
	return s
}

// TestPortOrderSection: a Migración order that opens two more car lanes
// at Simón Bolívar at 10:00 in col-ven is in the review with the mean
// wait of the cars that arrived in the hour before it, the hour after it
// and that hour without it (the counterfactual run), and in the HTML
// page's orders table, read back by parsing the page.
func TestPortOrderSection(t *testing.T) {
	sc := drilltest.Builtin(t, "col-ven-cucuta-bridges")
	w := drilltest.NewWorld(t, sc, 3)
	wr := drilltest.Create(t, filepath.Join(t.TempDir(), "order.jsonl"), sc, 3, nil, "")
	const at, end = 3600, 3 * 3600 // ticks
	for w.Tick() < end {
		var cmds []sim.Command
		if w.Tick() == at {
			cmds = []sim.Command{{ID: 1, Team: 0, Kind: sim.CmdLanes, Index: 0, Count: 8}}
			if err := wr.Append(at, cmds); err != nil {
				t.Fatal(err)
			}
		}
		w.Step(cmds)
		if w.Tick()%drilltest.CheckpointEvery == 0 {
			if err := wr.Checkpoint(w.Tick(), w.Hash()); err != nil {
				t.Fatal(err)
			}
		}
	}
	r, err := aar.Build(drilltest.Reopen(t, wr), aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.PortOrders) != 1 {
		t.Fatalf("%d checkpoint orders in the review, want 1", len(r.PortOrders))
	}
	o := r.PortOrders[0]
	t.Logf("%+v", o)
	if o.Time != "10:00" || o.Team != "MIG" || o.Order != "lanes" || o.Value != 8 || !o.Accepted || o.Stream != "cars" {
		t.Errorf("order %+v", o)
	}
	if o.BeforeN < 200 || o.AfterN < 200 || o.WithoutN < 200 || !(o.AfterS < o.WithoutS) || !(o.AfterS < o.BeforeS) {
		t.Errorf("cars' mean wait %.0f s over %d before, %.0f s over %d after, %.0f s over %d without the order: want about 300 cars each and a fall",
			o.BeforeS, o.BeforeN, o.AfterS, o.AfterN, o.WithoutS, o.WithoutN)
	}
	var page bytes.Buffer
	if err := aar.WriteHTML(&page, r, aar.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	rows := tableRows(t, page.Bytes(), "orders-table")
	wait := func(s float64, n int) string { return fmt.Sprintf("%.0f s (%d)", s, n) }
	want := []string{"10:00", "MIG", "Simón Bolívar International Bridge", "lanes 8", "cars", wait(o.BeforeS, o.BeforeN), wait(o.AfterS, o.AfterN), wait(o.WithoutS, o.WithoutN)}
	if len(rows) != 1 || !reflect.DeepEqual(rows[0], want) {
		t.Errorf("orders table %q, want one row %q", rows, want)
	}
}

// TestReviewLanguage: `aar --lang fi` writes the review's headings, labels
// and tables in Finnish; the default stays English; the page says which
// language it is in.
func TestReviewLanguage(t *testing.T) {
	r := reviewGolden(t, aar.Options{})
	for _, tc := range []struct {
		lang      string
		want, not []string
	}{
		{"", []string{`<html lang="en"`, "2. Summary of results", "Exercise objectives", "crossed the border"}, []string{"Tulosten yhteenveto"}},
		{"fi", []string{`<html lang="fi"`, "1. Harjoituksen yleiskuva", "2. Tulosten yhteenveto", "3. Harjoituksen tavoitteet", "ylitti rajan", "Liite B. Harjoituksen aikajana", "Skenaario <b>"},
			[]string{"2. Summary of results", "Exercise overview", "Appendix B", "Exercise period"}},
		{"ar", []string{`<html lang="ar" dir="rtl"`, "2. ملخص النتائج"}, []string{"2. Summary of results"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(writeReview(t, r, aar.WriteOptions{Lang: tc.lang}), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			for _, s := range tc.want {
				if !strings.Contains(page, s) {
					t.Errorf("the page lacks %q", s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(page, s) {
					t.Errorf("the page still says %q", s)
				}
			}
		})
	}
}

// TestReviewNarrativeLanguage: a review built in a language (`aar --lang`)
// writes its generated texts — the narrative, the draft ratings' notes, the
// improvement plan, the timeline and the title — in that language, in every
// shipped language: none of them is the English one.
func TestReviewNarrativeLanguage(t *testing.T) {
	words := regexp.MustCompile(`\p{L}{2,}`) // a clock time ("03:00 (D+1)") is no text
	en := reviewGolden(t, aar.Options{})
	texts := func(r *aar.Report) []string {
		out := []string{r.Title}
		for _, p := range r.Plan {
			out = append(out, p.Observation, p.Recommendation, p.Capability, p.Due)
		}
		for _, in := range r.Injects {
			out = append(out, in.RatingNote, in.Planned)
		}
		for _, e := range r.Timeline {
			if e.Kind == "inject" || e.Kind == "objective" || e.Kind == "control" {
				out = append(out, e.Text)
			}
		}
		return out
	}
	want := texts(en)
	if len(en.Plan) == 0 || len(en.Timeline) == 0 {
		t.Fatalf("the golden review has %d plan rows and %d timeline entries; the test needs both", len(en.Plan), len(en.Timeline))
	}
	for _, l := range i18n.Languages() {
		if l.Code == i18n.Default {
			continue
		}
		t.Run(l.Code, func(t *testing.T) {
			r := reviewGolden(t, aar.Options{Lang: l.Code})
			if r.Lang != l.Code {
				t.Errorf("Report.Lang %q, want %q", r.Lang, l.Code)
			}
			got := texts(r)
			if len(got) != len(want) {
				t.Fatalf("%d texts, English has %d", len(got), len(want))
			}
			for i := range got {
				if words.MatchString(got[i]) && got[i] == want[i] {
					t.Errorf("text %d is still English: %q", i, got[i])
				}
			}
			b, err := os.ReadFile(filepath.Join(writeReview(t, r, aar.WriteOptions{}), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"objectives were met", "Trainees played", "Every team was computer-controlled"} {
				if strings.Contains(string(b), s) {
					t.Errorf("the page says %q", s)
				}
			}
			if !strings.Contains(string(b), `lang="`+l.Code+`"`) {
				t.Errorf("the page is not marked lang=%q (WriteOptions.Lang \"\" takes the report's)", l.Code)
			}
		})
	}
}

// TestReviewAllInLanguage: `aar --lang fi` (and every other shipped
// language) writes no English sentence of its own: no run of two words or
// more from an English catalog message that the language translates is
// left on the page (its text and alt texts) or in msel.md. Scenario text
// and names are the scenario's and are not checked.
func TestReviewAllInLanguage(t *testing.T) {
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]|<[^>]*>`)
	words := regexp.MustCompile(`\p{L}{2,}`)
	tag := regexp.MustCompile(`(?s)<style.*?</style>|<[^>]*?(?:alt="([^"]*)")?[^>]*>`)
	en := reviewGolden(t, aar.Options{})
	enPage, err := os.ReadFile(filepath.Join(writeReview(t, en, aar.WriteOptions{}), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Languages() {
		if l.Code == i18n.Default {
			continue
		}
		t.Run(l.Code, func(t *testing.T) {
			dir := writeReview(t, reviewGolden(t, aar.Options{Lang: l.Code}), aar.WriteOptions{})
			var text strings.Builder
			for _, name := range []string{aar.IndexFile, aar.MSELFile} {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				text.WriteString(html.UnescapeString(tag.ReplaceAllString(string(b), "\n$1\n")))
			}
			page := text.String()
			checked := 0
			for _, k := range i18n.Keys() {
				enMsg, _ := i18n.Raw(i18n.Default, k)
				msg, ok := i18n.Raw(l.Code, k)
				if !strings.HasPrefix(k, "aar.") || !ok || msg == enMsg {
					continue
				}
				for _, chunk := range verb.Split(enMsg, -1) {
					chunk = strings.Trim(chunk, " .,;:()")
					if len(words.FindAllString(chunk, -1)) < 2 || !strings.Contains(string(enPage), chunk) || strings.Contains(msg, chunk) {
						continue // too short to be a sentence, not on the English page either, or a command the translation quotes too
					}
					checked++
					if strings.Contains(page, chunk) {
						t.Errorf("%s: the page still says %q (English of %s)", l.Code, chunk, k)
					}
				}
			}
			if checked < 100 {
				t.Errorf("only %d English phrases of the page checked", checked)
			}
		})
	}
}

// observedAfter runs scenario sc with seed 3 until an hour after its
// MSEL row fires, giving the commands orders returns each tick from the
// row's firing (since: ticks since then), and returns the row's observed
// actions in the review, each as "TEAM text".
func observedAfter(t *testing.T, sc *sim.Scenario, row string, orders func(w *sim.World, since int32) []sim.Command) []string {
	t.Helper()
	// Seed 1: fin-rus's M7 (20 groups apprehended) fires well within the
	// 12 hours, at most seeds it does.
	w := drilltest.NewWorld(t, sc, 1)
	wr := drilltest.Create(t, filepath.Join(t.TempDir(), "orders.jsonl"), sc, 1, nil, "")
	fired := int32(-1)
	for fired < 0 || w.Tick() < fired+3600 {
		var cmds []sim.Command
		if fired >= 0 {
			cmds = orders(w, w.Tick()-fired)
		}
		if len(cmds) > 0 {
			if err := wr.Append(w.Tick(), cmds); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range w.Step(cmds) {
			if e.Kind == sim.EvInject && e.Text == row {
				fired = w.Tick()
			}
		}
		if w.Tick()%drilltest.CheckpointEvery == 0 {
			if err := wr.Checkpoint(w.Tick(), w.Hash()); err != nil {
				t.Fatal(err)
			}
		}
		if w.Tick() > 12*3600 {
			t.Fatalf("%s never fired", row)
		}
	}
	r, err := aar.Build(drilltest.Reopen(t, wr), aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(r.Injects, func(in aar.Inject) bool { return in.ID == row })
	var got []string
	for _, a := range r.Injects[i].Observed {
		got = append(got, a.Team+" "+a.Text)
	}
	return got
}

// TestObservedOrders: after U4 (the aerostat down) of usa-mex, RGV turns
// its Granjeno camera and slows a unit; after M7 (the Lappeenranta centre
// full) of fin-rus, FIN sends its first unit that escorts persons to
// Vaalimaa station. The review's MSEL rows show these as observed
// actions, by name.
func TestObservedOrders(t *testing.T) {
	usa := drilltest.Builtin(t, "usa-mex-tijuana-rio-grande")
	rgv := slices.IndexFunc(usa.Teams, func(tm sim.TeamSpec) bool { return tm.ID == "RGV" })
	cam := slices.IndexFunc(usa.Sensors, func(s sim.SensorSpec) bool { return s.Name == "Granjeno RVSS" })
	unit := slices.IndexFunc(usa.Units, func(u sim.UnitSpec) bool { return u.Team == rgv && u.Kind != sim.Drone })
	got := observedAfter(t, usa, "U4", func(_ *sim.World, since int32) []sim.Command {
		if since != 60 {
			return nil
		}
		return []sim.Command{{ID: 1, Team: rgv, Kind: sim.CmdAim, Index: cam, Count: 200}, {ID: 2, Team: rgv, Kind: sim.CmdPace, Unit: int32(unit), Count: 50}}
	})
	if want := []string{"RGV Granjeno RVSS turned to 200°", "RGV " + usa.Units[unit].Name + ": pace 50%"}; !reflect.DeepEqual(got, want) {
		t.Errorf("U4 observed %q, want %q", got, want)
	}

	fin := drilltest.Builtin(t, "fin-rus-winter-surge")
	scenarios.Automate(fin) // every team computer-controlled, as in the baseline, so that groups are apprehended
	station := fin.Receptions[slices.IndexFunc(fin.Receptions, func(r sim.ReceptionSpec) bool { return r.Name == "Vaalimaa station" })].Pos
	escort := int32(-1)
	var v sim.View
	got = observedAfter(t, fin, "M7", func(w *sim.World, _ int32) []sim.Command {
		if escort >= 0 {
			return nil
		}
		w.ViewInto(0, &v)
		i := slices.IndexFunc(v.Units, func(u sim.UnitView) bool { return u.Custody > 0 })
		if i < 0 {
			return nil
		}
		escort = v.Units[i].ID
		return []sim.Command{{ID: 1, Team: 0, Kind: sim.CmdTransfer, Unit: escort, Target: station}}
	})
	if escort < 0 {
		t.Fatal("test design: no FIN unit escorted anyone in the hour after M7")
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "FIN "+fin.Units[escort].Name+": persons taken to the reception point near ") {
		t.Errorf("M7 observed %q, want %s's transfer", got, fin.Units[escort].Name)
	}
}

// recordYAML runs the scenario of YAML source src at seed 1 for ticks
// ticks, recorded, with the commands orders gives at each tick (orders
// may be nil), and returns the recording read back.
func recordYAML(t *testing.T, src string, ticks int32, orders func(sc *sim.Scenario, tick int32) []sim.Command, chats ...recording.Chat) *recording.Recording {
	t.Helper()
	sc, err := scenarios.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w := drilltest.NewWorld(t, sc, 1)
	wr := drilltest.Create(t, filepath.Join(t.TempDir(), "t.jsonl"), sc, 1, []byte(src), "t.yaml")
	for w.Tick() < ticks {
		var cmds []sim.Command
		if orders != nil {
			cmds = orders(sc, w.Tick())
		}
		if len(cmds) > 0 {
			if err := wr.Append(w.Tick(), cmds); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range chats {
			if c.Tick == w.Tick() {
				if err := wr.Chat(c); err != nil {
					t.Fatal(err)
				}
			}
		}
		w.Step(cmds)
	}
	if err := wr.Checkpoint(w.Tick(), w.Hash()); err != nil {
		t.Fatal(err)
	}
	return drilltest.Reopen(t, wr)
}

// TestReviewMapPlaceNames: the review names a town as the client's map
// does — in the reader's language where the scenario gives it, else by
// its local name (i18n.PlaceName) — on its map, as the map's alt text
// shows (it names the largest town in view by the name the picture labels
// it with), and in its text, where a move order to the town is told: Vyborg, which the scenario names in
// English, Finnish and Russian and locally in Russian, is "Viipuri" for
// `aar --lang fi` and "Выборг" for Russian and for Arabic, which the
// scenario does not give; so is it in a liaison phrase that wrote it
// "выборг", and the phrase is in the reader's language.
func TestReviewMapPlaceNames(t *testing.T) {
	base := string(drilltest.ReadFile(t, "../scenarios/testdata/base.yaml"))
	src := strings.Replace(base, "agreements:", "places:\n  - {name: {en: Vyborg, fi: Viipuri, ru: Выборг}, local: Выборг}\nagreements:", 1)
	src = strings.Replace(src, "objective: o}", "objective: o, expected_action: share the sighting}", 1)
	if strings.Count(src, "Выборг") != 2 || !strings.Contains(src, "expected_action:") {
		t.Fatal("scenarios/testdata/base.yaml no longer has the agreements and the inject this test extends")
	}
	const ordered = 3600 + 60 // ticks: a minute after inject i, within its window
	rec := recordYAML(t, src, 7200, func(sc *sim.Scenario, tick int32) []sim.Command {
		if tick != ordered {
			return nil
		}
		vyborg, _ := sc.Map.Town("Vyborg")
		return []sim.Command{{ID: 1, Team: 0, Kind: sim.CmdMove, Unit: 0, Target: vyborg.Pos}}
	}, recording.Chat{Tick: ordered, Channel: "liaison", Team: 1, Agreement: "a", From: "RUS/p",
		Text: "group of 12 at выборг heading north-east", Phrase: "group_at", Args: []string{"12", "выборг", "NE"}})
	alt := regexp.MustCompile(`<img src="map-1\.png" alt="([^"]*)"`)
	for _, tc := range []struct{ lang, want string }{{"en", "Vyborg"}, {"fi", "Viipuri"}, {"ru", "Выборг"}, {"ar", "Выборг"}} {
		t.Run(tc.lang, func(t *testing.T) {
			r, err := aar.Build(rec, aar.Options{Lang: tc.lang})
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(writeReview(t, r, aar.WriteOptions{}), aar.IndexFile))
			if err != nil {
				t.Fatal(err)
			}
			m := alt.FindSubmatch(b)
			if m == nil {
				t.Fatal("the review has no map")
			}
			if want := i18n.Get(tc.lang).F("aar.fig_map_alt", tc.want); html.UnescapeString(string(m[1])) != want {
				t.Errorf("the map's alt text is %q, want %q", m[1], want)
			}
			var acts []string
			for _, in := range r.Injects {
				for _, a := range in.Actions {
					acts = append(acts, a.Text)
				}
			}
			l := i18n.Get(tc.lang)
			if want := l.F("aar.cmd_move", "u1", tc.want); !slices.Contains(acts, want) {
				t.Errorf("the injects' actions are %q, want %q among them", acts, want)
			}
			// The Russian liaison's phrase, written "выборг", names the
			// town as the reader does, in the reader's words.
			var seen []string
			for _, in := range r.Injects {
				for _, a := range in.Observed {
					seen = append(seen, a.Text)
				}
			}
			if want := l.F("aar.liaison_line", "a", l.Phrase("group_at", []string{"12", tc.want, "NE"})); !slices.Contains(seen, want) {
				t.Errorf("the injects' observed actions are %q, want the liaison line %q among them", seen, want)
			}
		})
	}
}

// TestReviewPicksScenarioLanguage: a scenario that carries its texts in
// several languages (description: {en: …, fi: …}) is reviewed in the
// reader's: the objective in the narrative, the objectives table and the
// improvement plan is the Finnish one for `aar --lang fi`, and no text
// shows the separators the languages travel with.
func TestReviewPicksScenarioLanguage(t *testing.T) {
	base := drilltest.ReadFile(t, "../scenarios/testdata/base.yaml")
	src := strings.Replace(string(base), "  - {id: o, kind: detect_within, target: 80%, window: 10m}",
		"  - {id: o, kind: detect_within, target: 80%, window: 10m, description: {en: Detect the crowd, fi: Havaitse väkijoukko}}", 1)
	if src == string(base) {
		t.Fatal("scenarios/testdata/base.yaml no longer has the objective this test translates")
	}
	r, err := aar.Build(recordYAML(t, src, 1200, nil), aar.Options{Lang: "fi"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(writeReview(t, r, aar.WriteOptions{}), aar.IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if n := strings.Count(page, "Havaitse väkijoukko"); n < 2 {
		t.Errorf("the Finnish objective appears %d times on the page, want it in the narrative and the table", n)
	}
	if strings.Contains(page, "Detect the crowd") || strings.ContainsAny(page, "\x1e\x1f") {
		t.Error("the page shows the English objective or the languages' separators")
	}
	for _, p := range r.Plan {
		if strings.Contains(p.Objective, "Detect the crowd") {
			t.Errorf("plan item %q is in English", p.Objective)
		}
	}
}
