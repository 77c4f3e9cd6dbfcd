package isolationtest

import "testing"

// TestRefused pins what the suite counts as a refusal: a page or answer
// that shows the object, or a redirect anywhere but a sign-in page, is not.
func TestRefused(t *testing.T) {
	for _, c := range []struct {
		status int
		loc    string
		want   bool
	}{
		{404, "", true}, {403, "", true}, {401, "", true},
		{303, "/victim/admin/login", true}, {303, "/sakura/admin/mfa", true}, {302, "/ops/login?next=x", true},
		{200, "", false}, {201, "", false}, {204, "", false}, {500, "", false},
		{303, "/sakura/admin/orders/1", false}, {303, "/victim/login-help", false},
	} {
		if got := refused(c.status, c.loc); got != c.want {
			t.Errorf("refused(%d, %q) = %v, want %v", c.status, c.loc, got, c.want)
		}
	}
	if !rejectedInput(422) || rejectedInput(200) || rejectedInput(303) {
		t.Error("rejectedInput: 422 is a rejection, 200 and 303 are not")
	}
}

// TestRouteParams checks the path parsing the attack relies on.
func TestRouteParams(t *testing.T) {
	r := route{method: "POST", path: "/{tenant}/admin/orders/{id}/shipments/{sid}/delivery-slip"}
	got := r.params()
	if len(got) != 2 || got[0] != "orders/{id}" || got[1] != "shipments/{sid}" || r.objectParams() != 2 {
		t.Errorf("params = %v, objectParams = %d", got, r.objectParams())
	}
	if u := uncovered([]route{{method: "GET", path: "/{tenant}/admin/widgets/{id}"}}); len(u) != 1 {
		t.Errorf("an unknown parameter was not reported: %v", u)
	}
}
