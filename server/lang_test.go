package server_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/server"
)

// TestLobbyLanguage: the lobby is written in the reader's language — the
// join form's choice (?lang=, then remembered), else Accept-Language —
// and offers every shipped language.
func TestLobbyLanguage(t *testing.T) {
	ts := newServer(t, server.Config{InstructorToken: token})
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(path, accept string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.url+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	for _, tc := range []struct{ name, path, accept, want, not string }{
		{"English by default", "/", "", "Join an exercise", "Liity harjoitukseen"},
		{"Russian from the browser", "/", "ru-RU,ru;q=0.9", "Присоединиться к учению", "Join an exercise"},
		{"Arabic right to left", "/", "ar", `dir="rtl"`, "Join an exercise"},
		{"Finnish chosen", "/?lang=fi", "ru", "Liity harjoitukseen", "Присоединиться"},
		{"Finnish remembered", "/", "ru", "Liity harjoitukseen", "Присоединиться"},
		{"instructor page in Finnish", "/?token=" + token, "", "Uusi harjoitus", "New exercise"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := get(tc.path, tc.accept)
			if !strings.Contains(page, tc.want) || strings.Contains(page, tc.not) {
				t.Errorf("page lacks %q or has %q", tc.want, tc.not)
			}
		})
	}
	page := get("/", "")
	for _, name := range []string{"English", "Français", "Español", "Русский", "Polski", "Suomi", "Ελληνικά", "Türkçe", "العربية"} {
		if !strings.Contains(page, ">"+name+"</option>") {
			t.Errorf("the join form does not offer %s", name)
		}
	}
	if !strings.Contains(page, `name="viewport"`) || !strings.Contains(page, "@media (max-width: 600px)") {
		t.Error("the lobby is not set up for a phone's screen")
	}
}
