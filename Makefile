# borderdrill — see README.md. `make play` and `make test` install what they
# need on a fresh Debian machine.

GO      ?= go
BIN     := bin
WEB     := web
SCEN    ?=
TEAM    ?=
XVFB    := xvfb-run -a -s "-screen 0 1600x1000x24"

.PHONY: all deps build server client wasm web play test vet fmt-check bench clean screenshots screenshots-first world-data

all: build

deps:
	@scripts/deps.sh

server:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/borderdrill ./cmd/borderdrill

client: deps
	$(GO) build -o $(BIN)/borderdrill-client ./cmd/borderdrill-client

# The browser client: web/ holds index.html (committed), client.wasm,
# Go's wasm_exec.js, fonts/ (the client's fonts) and i18n/ (the message
# catalogs), which the browser fetches at start instead of carrying them in
# the wasm (it embeds English only); borderdrill serve
# serves web/ under /client/. The wasm is built without its symbol table
# and debug sections (-s -w: about 120 KB less gzipped; Go's own panic
# traces keep their function names); WASMFLAGS= keeps them for profiling
# in the browser's developer tools. client.wasm.gz beside it is what the
# server sends to browsers (gzip -9 once here, not at the server's start).
WASMFLAGS ?= -ldflags=-s\ -w
wasm:
	mkdir -p $(WEB)/fonts
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o $(WEB)/client.wasm ./cmd/borderdrill-client
	gzip -9 -k -f $(WEB)/client.wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(WEB)/wasm_exec.js
	cp render/fonts/*.ttf render/fonts/OFL.txt $(WEB)/fonts/
	cp "$$($(GO) list -m -f '{{.Dir}}' golang.org/x/image)/font/gofont/ttfs/Go-Regular.ttf" $(WEB)/fonts/
	cp "$$($(GO) list -m -f '{{.Dir}}' golang.org/x/image)/font/gofont/ttfs/README" $(WEB)/fonts/Go-fonts-README
	chmod 644 $(WEB)/fonts/*
	mkdir -p $(WEB)/i18n
	cp i18n/catalog/*.json $(WEB)/i18n/
	chmod 644 $(WEB)/i18n/*

web: wasm

# maps/data/world.bin from the Natural Earth world pack beside the repository
# (WORLD=path/to/shared/data/world to use another copy).
WORLD ?= $(CURDIR)/../shared/data/world
world-data:
	cd maps && $(GO) run ./internal/worldgen -in $(WORLD) -out data/world.bin

build: server client wasm

# The main job: the Ebiten client on the built-in default scenario. Without
# a display it runs the same exercise headless and prints its summary.
play: deps server client
	@if [ -n "$$DISPLAY" ]; then \
		$(BIN)/borderdrill-client $(if $(SCEN),--scenario $(SCEN)) $(if $(TEAM),--team $(TEAM)); \
	else \
		echo "play: no display; running the default scenario headless (open a desktop session for the window)"; \
		$(BIN)/borderdrill run $(if $(SCEN),--scenario $(SCEN),) --duration 12h; \
	fi

# vet also checks the browser build of the packages the wasm client is made of.
vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./cmd/borderdrill-client ./netclient ./render/... ./maps ./i18n

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# The packages whose binaries link Ebiten (they need a display, so their
# tests run under Xvfb) and the rest (every one of them runs under -race).
PKG_DEPS     = $(GO) list -f '{{.ImportPath}}{{range .Deps}} {{.}}{{end}}' ./...
EBITEN_PKGS  = $(shell $(PKG_DEPS) | awk '/ebiten/ {print $$1}')
PLAIN_PKGS   = $(shell $(PKG_DEPS) | awk '!/ebiten/ {print $$1}')

# Everything: vet, format, unit and integration tests: the packages that
# link Ebiten under Xvfb, every other package under -race; the browser
# client's tests in headless Chromium, from web/ as just built.
test: deps web
	$(MAKE) --no-print-directory fmt-check vet
	BORDERDRILL_WEB=$(CURDIR)/$(WEB) $(XVFB) $(GO) test -count=1 -timeout 20m $(EBITEN_PKGS)
	BORDERDRILL_WEB=$(CURDIR)/$(WEB) $(GO) test -count=1 -race -timeout 30m $(PLAIN_PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchtime 200x -cpu 1 ./sim/
	$(GO) test -run '^$$' -bench . ./maps/

# README screenshots, one per bundled border, white-cell view (docs/CLIENT.md),
# and the replay of a recorded day with its timeline.
SHOT := $(XVFB) $(BIN)/borderdrill-client --team instructor
screenshots: client server
	$(SHOT) --scenario col-ven-cucuta-bridges --fit action --capture docs/img/col-ven.png --capture-after 7200
	$(SHOT) --scenario esp-mar-melilla-fence --look=-2.95,35.29,30 --capture docs/img/esp-mar.png --capture-after 23000
	$(SHOT) --scenario fin-rus-winter-surge --fit action --capture docs/img/fin-rus.png --capture-after 10800
	$(SHOT) --scenario grc-tur-evros-river --fit action --capture docs/img/grc-tur.png --capture-after 9000
	$(SHOT) --scenario ken-som-mandera-desert --look=41.0,0.4,70 --capture docs/img/ken-som.png --capture-after 12000
	$(SHOT) --scenario pol-blr-bialowieza-forest --fit action --capture docs/img/pol-blr.png --capture-after 7200
	$(SHOT) --scenario usa-mex-tijuana-rio-grande --look=-98.25,26.1,80 --capture docs/img/usa-mex.png --capture-after 9000
	$(BIN)/borderdrill run --scenario col-ven-cucuta-bridges --seed 1 --duration 24h --record $(BIN)/col-ven-24h.jsonl >/dev/null
	$(XVFB) $(BIN)/borderdrill-client --replay $(BIN)/col-ven-24h.jsonl --fit action --capture docs/img/replay.png --capture-after 40000
	$(MAKE) --no-print-directory screenshots-first

# The walkthrough "Your first exercise" (docs/CLIENT.md): a GRC trainee of
# grc-tur-evros-river — the start card, the first view, the first new track
# and the same place zoomed in.
FIRST := $(XVFB) $(BIN)/borderdrill-client --scenario grc-tur-evros-river --team GRC --width 960 --height 600
screenshots-first: client
	$(FIRST) --card --capture docs/img/first-card.png --capture-after 0
	$(FIRST) --capture docs/img/first-view.png --capture-after 60
	$(FIRST) --capture docs/img/first-track.png --capture-after 3600
	$(FIRST) --look=26.30,41.17,16 --capture docs/img/first-zoom.png --capture-after 3600

clean:
	rm -rf $(BIN) $(WEB)/client.wasm $(WEB)/client.wasm.gz $(WEB)/wasm_exec.js $(WEB)/fonts $(WEB)/i18n
