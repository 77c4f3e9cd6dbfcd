package ops

import (
	"strings"
	"testing"
)

func TestCheckAnnouncement(t *testing.T) {
	tests := []struct {
		name      string
		a         Announcement
		wantField string
	}{
		{"every tenant, both", Announcement{Audience: AudienceBoth, Title: "年末年始", Body: "休業します"}, ""},
		{"one tenant, shop", Announcement{Target: 42, Audience: AudienceShop, Title: "t", Body: "b"}, ""},
		{"no audience", Announcement{Title: "t", Body: "b"}, "audience"},
		{"blank title", Announcement{Audience: AudienceAdmin, Title: " ", Body: "b"}, "title"},
		{"long title", Announcement{Audience: AudienceAdmin, Title: strings.Repeat("題", MaxTitle+1), Body: "b"}, "title"},
		{"no body", Announcement{Audience: AudienceAdmin, Title: "t"}, "body"},
		{"too far ahead", Announcement{Audience: AudienceAdmin, Title: "t", Body: "b", PublishAt: now.AddDate(1, 0, 1)}, "publish_at"},
	}
	for _, tt := range tests {
		got, err := CheckAnnouncement(tt.a, now)
		if f := fieldOf(err); f != tt.wantField || (tt.wantField == "") != (err == nil) {
			t.Errorf("%s: err = %v, want field %q", tt.name, err, tt.wantField)
		}
		if err == nil && tt.a.PublishAt.IsZero() && !got.PublishAt.Equal(now) {
			t.Errorf("%s: empty publish time became %v, want now", tt.name, got.PublishAt)
		}
	}
}
