package slackemu

import "net/http"

func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	http.NotFound(w, r)
}

// responseURL is a response_url the emulator handed the app.
type responseURL struct{}

// sentEvent is an Events API delivery kept for Redeliver.
type sentEvent struct{}
