package i18n

import (
	"strings"
	"unicode/utf8"
)

// accents maps ASCII letters to accented look-alikes for the pseudo-locale,
// all of which the Noto and Go fonts carry.
var accents = map[rune]rune{
	'a': 'á', 'e': 'é', 'i': 'í', 'o': 'ö', 'u': 'ü', 'y': 'ý', 'c': 'ç', 'n': 'ñ', 's': 'š', 'z': 'ž',
	'A': 'Å', 'E': 'É', 'I': 'Î', 'O': 'Ø', 'U': 'Ü', 'Y': 'Ý', 'C': 'Ç', 'N': 'Ñ', 'S': 'Š', 'Z': 'Ž',
}

// pseudoFile is the pseudo-locale's catalog header; its messages are made
// from English by pseudoMessages when it is first asked for (set.rawOf).
func pseudoFile() file {
	return file{Language: Pseudo, Name: "Pseudo (+40 %)", Draft: true}
}

// pseudoMessages derives the pseudo-locale from the English catalog:
// letters accented, fmt verbs kept, and each message padded to at least
// 140 % of its length and bracketed, so that a clipped or untranslated
// string shows.
func pseudoMessages(en map[string]string) map[string]string {
	out := make(map[string]string, len(en))
	for k, m := range en {
		out[k] = pseudo(m)
	}
	return out
}

func pseudo(m string) string {
	var sb strings.Builder
	sb.WriteString("«")
	n := 0
	for i := 0; i < len(m); {
		if m[i] == '%' {
			j := verbEnd(m, i)
			sb.WriteString(m[i:j])
			n += j - i
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(m[i:])
		if a, ok := accents[r]; ok {
			r = a
		}
		sb.WriteRune(r)
		n++
		i += size
	}
	for pad := (n*4 + 9) / 10; pad > 0; pad-- {
		sb.WriteRune('·')
	}
	sb.WriteString("»")
	return sb.String()
}

// verbEnd returns the index just past the fmt verb that starts at m[i]
// ('%'): flags, width, precision and argument indexes, then the verb.
func verbEnd(m string, i int) int {
	j := i + 1
	for j < len(m) && strings.IndexByte("+-# 0123456789.[]*", m[j]) >= 0 {
		j++
	}
	if j < len(m) {
		_, size := utf8.DecodeRuneInString(m[j:])
		j += size
	}
	return j
}
