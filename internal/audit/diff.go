package audit

import "reflect"

// Change is one changed field in an event's detail.
type Change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// Diff lists the fields whose values differ between before and after (both
// keyed by field name), as the detail of an update event. Fields present on
// one side only count as changed. An empty result means nothing changed and
// the caller should record no update.
func Diff(before, after map[string]any) map[string]any {
	out := map[string]any{}
	for k, a := range after {
		if b, ok := before[k]; !ok || !reflect.DeepEqual(a, b) {
			out[k] = Change{Before: before[k], After: a}
		}
	}
	for k, b := range before {
		if _, ok := after[k]; !ok {
			out[k] = Change{Before: b, After: nil}
		}
	}
	return out
}
