package i18n

// Phrase returns a standard liaison phrase (wire.Phrases) in l's language:
// the catalog's "phrase."+id with args in order, a direction argument
// ("NE") as the catalog's "phrase.dir."+arg. Other arguments (counts,
// track ids, place names) are shown as written. An unknown id gives "".
func (l *Lang) Phrase(id string, args []string) string {
	key := "phrase." + id
	if !l.Has(key) {
		return ""
	}
	as := make([]any, len(args))
	for i, a := range args {
		as[i] = a
		if d := "phrase.dir." + a; l.Has(d) {
			as[i] = l.T(d)
		}
	}
	return l.F(key, as...)
}
