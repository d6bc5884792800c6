package sim

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// An ad-hoc agreement change: the white cell changes the terms of an
// agreement at run time — sharing, delivery delay, hot pursuit, what a cut
// link does to messages on their way. The terms travel as text in the
// command ("share=none pursuit_depth_km=0"), so the recording reads as the
// white cell wrote them; like every ad-hoc inject the change becomes an
// MSEL row "adhoc-N" fired at once.

// CmdAgreement is the white cell's change of agreement Index's terms,
// written in Text (ParseTerms). Exercise control's range, 56–63.
const CmdAgreement CommandKind = 58

// Reasons an agreement change is rejected (besides ReasonNoAgreeIdx).
const (
	ReasonNoTerms      = "no_terms"
	ReasonBorderDepth  = "border_depth"
	ReasonPursuitTime  = "pursuit_time"
	ReasonSameTerms    = "same_terms"
	maxTermDelaySecs   = 86400 // seconds: a day
	maxTermDepthKm     = 1000  // kilometres
	maxTermPursuitMins = 1440  // minutes: a day
)

// Terms is a change of an agreement's terms; a field below 0 stays as it
// is.
type Terms struct {
	Share        int     // a ShareMode, or -1
	ShareDepth   float64 // metres from the border for share=border, or -1
	DelaySecs    int     // seconds from detection to delivery, or -1
	PursuitDepth float64 // metres of hot pursuit; 0 forbids it; or -1
	PursuitMins  int     // minutes of hot pursuit, or -1
	OnCut        int     // a CutMode, or -1
}

// Unchanged is a Terms that changes nothing.
var Unchanged = Terms{Share: -1, ShareDepth: -1, DelaySecs: -1, PursuitDepth: -1, PursuitMins: -1, OnCut: -1}

// ParseTerms reads terms written as space-separated key=value pairs:
// share (none, all, border), share_depth_km, delay_s, pursuit_depth_km (0
// forbids hot pursuit), pursuit_min and on_cut (drop, queue). It returns
// an error naming the first bad pair; no pair at all is an error too.
func ParseTerms(s string) (Terms, error) {
	t := Unchanged
	f := strings.Fields(s)
	if len(f) == 0 {
		return t, fmt.Errorf("sim: %s", ReasonNoTerms)
	}
	for _, kv := range f {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" {
			return t, fmt.Errorf("sim: terms: %q: want key=value", kv)
		}
		var err error
		switch k {
		case "share":
			t.Share = slices.Index(shareNames[:], v)
			if t.Share < 0 {
				err = fmt.Errorf("unknown share mode %q; allowed: none, all, border", v)
			}
		case "on_cut":
			switch v {
			case CutDrop.String():
				t.OnCut = int(CutDrop)
			case CutQueue.String():
				t.OnCut = int(CutQueue)
			default:
				err = fmt.Errorf("unknown cut mode %q; allowed: drop, queue", v)
			}
		case "share_depth_km":
			t.ShareDepth, err = termNumber(v, maxTermDepthKm)
			t.ShareDepth *= 1000
		case "pursuit_depth_km":
			t.PursuitDepth, err = termNumber(v, maxTermDepthKm)
			t.PursuitDepth *= 1000
		case "delay_s":
			var x float64
			x, err = termNumber(v, maxTermDelaySecs)
			t.DelaySecs = int(x)
		case "pursuit_min":
			var x float64
			x, err = termNumber(v, maxTermPursuitMins)
			t.PursuitMins = int(x)
		default:
			err = fmt.Errorf("unknown key %q", k)
		}
		if err != nil {
			return t, fmt.Errorf("sim: terms: %s: %w", kv, err)
		}
	}
	return t, nil
}

// termNumber reads a number from 0 to most.
func termNumber(v string, most float64) (float64, error) {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || x < 0 || x > most {
		return 0, fmt.Errorf("%q is out of range; allowed: 0 to %g", v, most)
	}
	return x, nil
}

// String writes the terms that change, in ParseTerms's form.
func (t Terms) String() string {
	var b []string
	if t.Share >= 0 && t.Share < len(shareNames) {
		b = append(b, "share="+shareNames[t.Share])
	}
	if t.ShareDepth >= 0 {
		b = append(b, "share_depth_km="+strconv.FormatFloat(t.ShareDepth/1000, 'g', -1, 64))
	}
	if t.DelaySecs >= 0 {
		b = append(b, "delay_s="+strconv.Itoa(t.DelaySecs))
	}
	if t.PursuitDepth >= 0 {
		b = append(b, "pursuit_depth_km="+strconv.FormatFloat(t.PursuitDepth/1000, 'g', -1, 64))
	}
	if t.PursuitMins >= 0 {
		b = append(b, "pursuit_min="+strconv.Itoa(t.PursuitMins))
	}
	if t.OnCut >= 0 {
		b = append(b, "on_cut="+CutMode(t.OnCut).String())
	}
	return strings.Join(b, " ")
}

// apply returns a with the terms changed, in ticks of ts seconds, or the
// reason the result is not a valid agreement.
func (t Terms) apply(a AgreementSpec, ts float64) (AgreementSpec, string) {
	if t.Share >= 0 {
		a.Share = ShareMode(t.Share)
	}
	if t.ShareDepth >= 0 {
		a.ShareDepth = t.ShareDepth
	}
	if t.DelaySecs >= 0 {
		a.Delay = int32(math.Round(float64(t.DelaySecs) / ts))
	}
	if t.PursuitDepth >= 0 {
		a.PursuitDepth = t.PursuitDepth
	}
	if t.PursuitMins >= 0 {
		a.PursuitTicks = int32(math.Round(float64(t.PursuitMins) * 60 / ts))
	}
	if t.OnCut >= 0 {
		a.OnCut = CutMode(t.OnCut)
	}
	switch {
	case a.Share == ShareBorder && a.ShareDepth <= 0:
		return a, ReasonBorderDepth
	case a.PursuitDepth > 0 && a.PursuitTicks <= 0:
		return a, ReasonPursuitTime
	}
	return a, ""
}

// changeTerms applies the white cell's agreement change c.
func (w *World) changeTerms(c *Command) {
	if c.Index < 0 || c.Index >= len(w.agreements) {
		w.reject(c, ReasonNoAgreeIdx)
		return
	}
	t, err := ParseTerms(c.Text)
	if err != nil {
		w.reject(c, strings.TrimPrefix(err.Error(), "sim: "))
		return
	}
	a := &w.agreements[c.Index]
	next, reason := t.apply(a.spec, w.ts)
	if reason == "" && termsEqual(&next, &a.spec) {
		reason = ReasonSameTerms
	}
	if reason != "" {
		w.reject(c, reason)
		return
	}
	w.adHoc(c, InjectSpec{Kind: InjectAgreement, Addressee: Instructor, Agreement: c.Index, NewDelay: -1, NewShare: -1, NewPursuit: -1,
		Synopsis: "Agreement " + a.spec.ID + ": " + t.String()})
	a.spec = next
}

// termsEqual reports whether two agreements have the same terms that an
// agreement change sets.
func termsEqual(a, b *AgreementSpec) bool {
	return a.Share == b.Share && a.ShareDepth == b.ShareDepth && a.Delay == b.Delay &&
		a.PursuitDepth == b.PursuitDepth && a.PursuitTicks == b.PursuitTicks && a.OnCut == b.OnCut
}

// AgreementTerms returns the current terms of agreement i (those an
// agreement change sets), written as ParseTerms reads them, or "" when
// there is no agreement i.
func (w *World) AgreementTerms(i int) string {
	if i < 0 || i >= len(w.agreements) {
		return ""
	}
	a := &w.agreements[i].spec
	return Terms{Share: int(a.Share), ShareDepth: a.ShareDepth, DelaySecs: int(math.Round(float64(a.Delay) * w.ts)),
		PursuitDepth: a.PursuitDepth, PursuitMins: int(math.Round(float64(a.PursuitTicks) * w.ts / 60)), OnCut: int(a.OnCut)}.String()
}
