package mailtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// Address is a mailbox as mailpit reports it.
type Address struct {
	Name    string
	Address string
}

// Message is one received mail, decoded by mailpit (subject and bodies are
// plain UTF-8 here, whatever their transfer encoding was).
type Message struct {
	ID          string // mailpit's own ID, for Raw
	MessageID   string // the Message-ID header, without <>
	From        Address
	To          []Address
	Subject     string
	Date        time.Time
	Text        string
	HTML        string
	Attachments []Attachment
}

// Attachment is an attached file as mailpit decoded its headers.
type Attachment struct {
	PartID      string
	FileName    string
	ContentType string
	Size        int
}

// Messages returns every message mailpit holds, newest first.
func Messages(t testing.TB, apiURL string) []Message {
	t.Helper()
	var list struct {
		Messages []struct{ ID string } `json:"messages"`
	}
	getJSON(t, apiURL+"/api/v1/messages?limit=1000", &list)
	out := make([]Message, 0, len(list.Messages))
	for _, s := range list.Messages {
		var m Message
		getJSON(t, apiURL+"/api/v1/message/"+s.ID, &m)
		out = append(out, m)
	}
	return out
}

// WaitMessages polls until mailpit holds at least n messages and returns
// them, failing the test after timeout (mail sent by a job arrives later).
func WaitMessages(t testing.TB, apiURL string, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs := Messages(t, apiURL)
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit holds %d messages after %s, want %d", len(msgs), timeout, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Part returns the decoded bytes of one part (an attachment) of message id.
func Part(t testing.TB, apiURL, id, partID string) []byte {
	t.Helper()
	return get(t, apiURL+"/api/v1/message/"+id+"/part/"+partID)
}

// Raw returns the message source as received (headers and encoded body).
func Raw(t testing.TB, apiURL, id string) string {
	t.Helper()
	return string(get(t, apiURL+"/api/v1/message/"+id+"/raw"))
}

func getJSON(t testing.TB, url string, v any) {
	t.Helper()
	if err := json.Unmarshal(get(t, url), v); err != nil {
		t.Fatalf("decode %s: %v", url, err)
	}
}

func get(t testing.TB, url string) []byte {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("mailpit api: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("mailpit api %s: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit api %s: %s", url, fmt.Sprint(resp.Status, ": ", string(b)))
	}
	return b
}
