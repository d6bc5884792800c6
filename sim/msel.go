package sim

// HasInject reports whether the MSEL has a row id: the scenario's, or an
// ad-hoc inject the white cell has sent.
func (w *World) HasInject(id string) bool { return w.injectIndex(id) >= 0 }
