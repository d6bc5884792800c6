package client

// KeyX toggles the high-contrast mode (render.Options.HighContrast). It is
// numbered apart from the iota list so that keys added there never move it.
const KeyX Key = 72
