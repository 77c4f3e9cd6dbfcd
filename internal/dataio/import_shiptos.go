package dataio

import (
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
)

// shipToImport replaces the ship-tos of every buyer the file names: after
// it, such a buyer has exactly the file's ship-tos. A ship-to is matched
// by its name (納品先名) within its buyer: a stored one of the same name is
// updated (keeping its ID and position), a new name is added after the
// others, and a stored name the file leaves out is deleted. Buyers the
// file does not name keep theirs. As for buyers, a column the file does
// not have keeps the stored values of the ship-tos it matches. The 既定
// column marks the default; with none marked, the buyer's first row is.
type shipToImport struct {
	rec    recorder
	tb     *table
	groups []*shipToGroup // by buyer, in file order
}

type shipToGroup struct {
	code string
	rows []shipToIn
}

type shipToIn struct {
	row     int
	label   string
	cells   map[string]string // the address fields the file has
	flagged bool              // 既定 marked
}

// shipToFields are the address fields of a ship-to, by column.
var shipToFields = map[string]func(*buyers.ShipTo) *string{
	"recipient":   func(st *buyers.ShipTo) *string { return &st.Recipient },
	"postal_code": func(st *buyers.ShipTo) *string { return &st.PostalCode },
	"address":     func(st *buyers.ShipTo) *string { return &st.Address },
	"phone":       func(st *buyers.ShipTo) *string { return &st.Phone },
}

func (im *shipToImport) parse(f *file, errs *csvio.Errors) Keys {
	k := Keys{Kind: KindShipTos}
	byCode := map[string]*shipToGroup{}
	seen := map[[2]string]int{}
	for _, rec := range f.records {
		f.tick()
		in, code, ok := im.parseRow(rec, errs)
		if !ok {
			continue
		}
		if first, dup := seen[[2]string{code, in.label}]; dup {
			errs.Add(rec.row, im.tb.name("label"), fmt.Sprintf("納品先名「%s」が行%dと重複しています", in.label, first))
			continue
		}
		seen[[2]string{code, in.label}] = rec.row
		g := byCode[code]
		if g == nil {
			g = &shipToGroup{code: code}
			byCode[code] = g
			im.groups = append(im.groups, g)
			k.BuyerCodes = append(k.BuyerCodes, code)
		}
		g.rows = append(g.rows, in)
	}
	return k
}

func (im *shipToImport) parseRow(rec record, errs *csvio.Errors) (shipToIn, string, bool) {
	tb, n := im.tb, len(*errs)
	code := foldCode(tb.cell(rec, "buyer"))
	if code == "" {
		errs.Add(rec.row, tb.name("buyer"), "取引先コードを入力してください")
	}
	in := shipToIn{row: rec.row, label: buyers.Fold(tb.cell(rec, "label")), cells: map[string]string{}}
	if in.label == "" {
		errs.Add(rec.row, tb.name("label"), "納品先名を入力してください")
	}
	for field := range shipToFields {
		if tb.has(field) {
			in.cells[field] = tb.cell(rec, field)
		}
	}
	var ok bool
	if in.flagged, ok = parseFlag(tb.cell(rec, "default")); !ok {
		errs.Add(rec.row, tb.name("default"), "既定は ○ または空欄で入力してください")
	}
	return in, code, len(*errs) == n
}

func (im *shipToImport) plan(snap Snapshot, errs *csvio.Errors) Plan {
	var p Plan
	for _, g := range im.groups {
		b, found := snap.Buyers[g.code]
		if !found {
			for _, in := range g.rows {
				errs.Add(in.row, im.tb.name("buyer"), fmt.Sprintf("取引先コード「%s」が見つかりません", g.code))
			}
			continue
		}
		stored := snap.ShipTos[b.ID]
		sts, ok := im.merge(b, g, stored, errs)
		if ok {
			im.planBuyer(b, sts, stored, &p)
		}
	}
	return p
}

// planned is a file's ship-to laid over the stored one of its name.
type planned struct {
	st     buyers.ShipTo
	before *buyers.ShipTo // nil: a new one
}

// merge lays the rows of one buyer over its stored ship-tos and checks
// them: each as the buyers service does, and the set for the limit of
// buyers.MaxShipTos and a single default.
func (im *shipToImport) merge(b buyers.Buyer, g *shipToGroup, stored []buyers.ShipTo, errs *csvio.Errors) ([]planned, bool) {
	n := len(*errs)
	byLabel := map[string]*buyers.ShipTo{}
	for i := range stored {
		if byLabel[stored[i].Label] == nil {
			byLabel[stored[i].Label] = &stored[i]
		}
	}
	if len(g.rows) > buyers.MaxShipTos {
		errs.Add(g.rows[buyers.MaxShipTos].row, "", fmt.Sprintf("納品先は1社につき%d件までです", buyers.MaxShipTos))
	}
	out := make([]planned, len(g.rows))
	firstDefault := 0
	for i, in := range g.rows {
		p := im.mergeRow(b, in, byLabel[in.label], errs)
		switch {
		case !p.st.IsDefault:
		case firstDefault == 0:
			firstDefault = in.row
		case im.tb.has("default"):
			errs.Add(in.row, im.tb.name("default"), fmt.Sprintf("既定の納品先は1社に1件です（行%dも既定になっています）", firstDefault))
		default:
			p.st.IsDefault = false // stored data with two defaults: keep the first
		}
		out[i] = p
	}
	if firstDefault == 0 && len(out) > 0 {
		out[0].st.IsDefault = true
	}
	return out, len(*errs) == n
}

// mergeRow lays one row over the stored ship-to of its name, if any.
func (im *shipToImport) mergeRow(b buyers.Buyer, in shipToIn, before *buyers.ShipTo, errs *csvio.Errors) planned {
	p := planned{st: buyers.ShipTo{Tenant: im.rec.tenant, BuyerID: b.ID, IsDefault: in.flagged}, before: before}
	if before != nil {
		p.st = *before // a column the file lacks keeps the stored value, 既定 too
		if im.tb.has("default") {
			p.st.IsDefault = in.flagged
		}
	}
	p.st.Label = in.label
	for field, v := range in.cells {
		*shipToFields[field](&p.st) = v
	}
	p.st = buyers.NormalizeShipTo(p.st)
	if err := buyers.ValidateShipTo(p.st); err != nil {
		im.tb.addErrors(errs, in.row, err)
	}
	return p
}

// planBuyer writes the merged ship-tos of buyer b and deletes the stored
// ones the file left out.
func (im *shipToImport) planBuyer(b buyers.Buyer, sts []planned, stored []buyers.ShipTo, p *Plan) {
	next := 0
	for _, st := range stored {
		next = max(next, st.Position+1)
	}
	kept := map[oroshi.ID]bool{}
	for _, pl := range sts {
		if pl.before == nil {
			pl.st.Position, next = next, next+1
			im.create(pl.st, p)
			continue
		}
		kept[pl.before.ID] = true
		im.update(*pl.before, pl.st, p)
	}
	for _, st := range stored {
		if !kept[st.ID] {
			detail := shipToMap(st)
			detail["buyer_id"] = b.ID.String()
			ev := im.rec.event(buyers.ActionShipToDelete, "ship_to", st.ID, detail)
			p.ShipTos = append(p.ShipTos, ShipToWrite{Op: OpDelete, ShipTo: st, Event: ev})
			p.Counts.Deleted++
		}
	}
}

func (im *shipToImport) create(st buyers.ShipTo, p *Plan) {
	detail := shipToMap(st)
	detail["buyer_id"] = st.BuyerID.String()
	ev := im.rec.event(buyers.ActionShipToCreate, "ship_to", 0, detail)
	p.ShipTos = append(p.ShipTos, ShipToWrite{Op: OpCreate, ShipTo: st, Event: ev})
	p.Counts.Created++
}

func (im *shipToImport) update(before, st buyers.ShipTo, p *Plan) {
	st.ID, st.Position, st.CreatedAt = before.ID, before.Position, before.CreatedAt
	diff := audit.Diff(shipToMap(before), shipToMap(st))
	if len(diff) == 0 {
		p.Counts.Unchanged++
		return
	}
	ev := im.rec.event(buyers.ActionShipToUpdate, "ship_to", st.ID, diff)
	p.ShipTos = append(p.ShipTos, ShipToWrite{Op: OpUpdate, ShipTo: st, Event: ev})
	p.Counts.Updated++
}
