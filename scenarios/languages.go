package scenarios

import (
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/goccy/go-yaml/ast"
	"golang.org/x/text/language"
)

// readLanguages reads the scenario's languages: the codes every text must
// be written in (the first is shown to readers of any other language).
func (b *builder) readLanguages(top *object) {
	for _, n := range top.list("languages") {
		s, ok := scalar(n)
		if !ok {
			b.errorf(n, "languages: want a language code such as en or fi; got %s", kindName(n))
			continue
		}
		if _, err := language.Parse(s); err != nil {
			b.errorf(n, "languages: %q is not a language code (BCP 47: en, fi, pt-BR)", s)
			continue
		}
		if slices.Contains(b.langs, s) {
			b.errorf(n, "languages: %s is listed twice", s)
			continue
		}
		b.langs = append(b.langs, s)
	}
}

// text returns key's text: plain text, or a mapping from language codes to
// its translations (message: {en: …, fi: …}), composed for i18n.Pick.
// With languages declared, every text must carry every one of them.
func (b *builder) text(o *object, key string) string {
	plain, texts, order := b.translations(o, key)
	if texts == nil {
		return plain
	}
	return i18n.Compose(texts, order)
}

// translations reads key's text (see text): plain text as plain with texts
// nil, or the translations by language and their order, the first shown to
// readers of any other language.
func (b *builder) translations(o *object, key string) (plain string, texts map[string]string, order []string) {
	n := o.value(key)
	if n == nil {
		return "", nil, nil
	}
	if s, ok := scalar(n); ok {
		if len(b.langs) > 1 {
			o.errorf(key, "%s: no %s translation (the scenario's languages are %s); write %s: {%s: …, %s: …}",
				key, strings.Join(b.langs[1:], ", "), strings.Join(b.langs, ", "), key, b.langs[0], b.langs[1])
		}
		return s, nil, nil
	}
	m, ok := n.(*ast.MappingNode)
	if !ok {
		o.errorf(key, "%s: want text, or its translations by language (%s: {en: …, fi: …}); got %s", key, key, kindName(n))
		return "", nil, nil
	}
	texts = map[string]string{}
	for _, v := range m.Values {
		code := v.Key.GetToken().Value
		if _, err := language.Parse(code); err != nil {
			b.errorf(v.Key, "%s: %s: %q is not a language code", o.what, key, code)
			continue
		}
		if len(b.langs) > 0 && !slices.Contains(b.langs, code) {
			b.errorf(v.Key, "%s: %s: %s is not among the scenario's languages (%s)", o.what, key, code, strings.Join(b.langs, ", "))
			continue
		}
		s, ok := scalar(b.resolve(v.Value))
		if !ok {
			b.errorf(v.Value, "%s: %s: %s: want text; got %s", o.what, key, code, kindName(v.Value))
			continue
		}
		texts[code] = s
		order = append(order, code)
	}
	for _, code := range b.langs {
		if _, ok := texts[code]; !ok {
			b.errorf(m, "%s: %s: missing the %s translation (the scenario's languages are %s)", o.what, key, code, strings.Join(b.langs, ", "))
		}
	}
	if len(b.langs) > 0 {
		order = b.langs
	} else if i := slices.Index(order, i18n.Default); i > 0 {
		order = append([]string{i18n.Default}, slices.Delete(order, i, i+1)...)
	}
	return "", texts, order
}

// firstText is a text's first version: plain text as it is, of a
// translated text (a mapping by language) the English or else the first.
func firstText(n ast.Node) string {
	if s, ok := scalar(n); ok {
		return s
	}
	m, ok := n.(*ast.MappingNode)
	if !ok {
		return ""
	}
	first := ""
	for i, v := range m.Values {
		s, _ := scalar(v.Value)
		if v.Key.GetToken().Value == i18n.Default {
			return s
		}
		if i == 0 {
			first = s
		}
	}
	return first
}
