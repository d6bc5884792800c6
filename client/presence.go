package client

// Attendance is implemented by an Exercise on a server (netclient.Client):
// Present says how many of the exercise's teams have at least one trainee
// connected, of how many teams; ok is false until the server has said.
// The render shows "waiting for teams (1/3)" while an exercise is paused
// before its start.
type Attendance interface {
	Present() (teams, of int, ok bool)
}
