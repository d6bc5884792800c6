package sim

// weatherTick ends a temporary weather change.
func (w *World) weatherTick() {
	if w.wxUntil > 0 && w.tick >= w.wxUntil {
		w.weather, w.wxUntil = w.sc.Weather, 0
	}
	for i := range w.agreements {
		a := &w.agreements[i]
		if a.until > 0 && w.tick >= a.until {
			a.cut, a.degraded, a.until = false, false, 0
		}
	}
}

// injectTick fires the injects whose time or condition has come.
func (w *World) injectTick() {
	for i := range w.injects {
		in := &w.injects[i]
		if in.fired || in.skipped {
			continue
		}
		s := &in.spec
		var due bool
		switch s.Trigger {
		case TriggerTime:
			due = w.tick >= in.at() && (s.Contingency == "" || w.contingencyDue(in))
		case TriggerDetections:
			due = w.stats.Detected >= s.Threshold
		case TriggerCrossings:
			due = w.stats.Crossed >= s.Threshold
		case TriggerIncidents:
			due = w.stats.Incidents >= s.Threshold
		case TriggerApprehended:
			due = w.stats.Apprehended >= s.Threshold
		}
		if due {
			w.fire(i)
		}
	}
}

// fire carries out inject i.
func (w *World) fire(i int) {
	in := &w.injects[i]
	in.fired, in.firedAt = true, w.tick
	s := &in.spec
	w.emit(Event{Kind: EvInject, Team: Instructor, Text: s.ID, Message: s.Synopsis})
	if s.Message != "" {
		w.emit(Event{Kind: EvMessage, Team: s.Addressee, Text: s.ID, Message: s.Message})
	}
	until := int32(0)
	if s.For > 0 {
		until = w.tick + s.For
	}
	switch s.Kind {
	case InjectSurge:
		for range s.Groups {
			w.spawn(s.Flow)
		}
	case InjectSensorDown:
		for _, x := range s.Sensors {
			w.sensors[x].down, w.sensors[x].until = true, until
		}
	case InjectSensorUp:
		for _, x := range s.Sensors {
			w.sensors[x].down, w.sensors[x].until = false, 0
		}
	case InjectTeamCommsDown:
		w.teamCommsDown(s.Team, until)
	case InjectCommsDown:
		a := &w.agreements[s.Agreement]
		a.cut, a.degraded, a.until = s.Cut, !s.Cut, until
	case InjectWeather:
		w.weather, w.wxUntil = s.Weather, until
	case InjectAgreement:
		a := &w.agreements[s.Agreement].spec
		if s.NewDelay >= 0 {
			a.Delay = s.NewDelay
		}
		if s.NewShare >= 0 {
			a.Share = ShareMode(s.NewShare)
		}
		if s.NewPursuit >= 0 {
			a.PursuitDepth = s.NewPursuit
		}
	}
}
