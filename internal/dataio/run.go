package dataio

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
)

// progressStep is how many rows are checked between two progress updates
// of the import's page.
const progressStep = 2000

// msgChanged is shown when a commit's own check, inside its transaction,
// disagrees with the check just before (someone changed the data between).
const msgChanged = "取り込み中に他の操作でデータが変更されたため、取り込みを中止しました。何も変更していません。もう一度お試しください"

// Run does the work of import id (the job calls it): it reads the file,
// checks every row and, unless it is a dry run and if nothing is wrong,
// writes every row in one transaction. Problems in the file end the import
// as failed, with nothing written; Run then returns nil. An error means a
// system failure (the job retries from the start: nothing was written).
func (s *Service) Run(ctx context.Context, t oroshi.TenantID, id oroshi.ID) error {
	im, err := s.Store.Import(ctx, t, id)
	if err != nil {
		return fmt.Errorf("run import %s: %w", id, err)
	}
	if im.Finished() {
		return nil // a retried job after the work was done
	}
	f, r, err := s.read(ctx, im)
	if err != nil {
		return fmt.Errorf("run import %s: %w", id, err)
	}
	if ok, err := s.Store.StartImport(ctx, t, id, f.encoding.String()); err != nil || !ok {
		return err
	}
	if f.fatal {
		return s.finish(ctx, im, f, StatusFailed, Counts{})
	}
	return s.check(ctx, im, f, r)
}

// check checks every row of the file read and ends the import, or hands
// it to commit.
func (s *Service) check(ctx context.Context, im Import, f *file, r refs) error {
	t, id := im.Tenant, im.ID
	f.progress = func(done int) error { return s.Store.ImportProgress(ctx, t, id, done, f.rows) }
	if err := f.progress(0); err != nil {
		return err
	}
	rec := recorder{actor: audit.Actor{Realm: audit.RealmAdmin, ID: im.CreatedBy}, tenant: t, importID: id}
	imp := newImporter(im.Kind, rec, f.tb, r)
	keys := imp.parse(f, &f.errs)
	if f.err != nil {
		return f.err
	}
	snap, err := s.Store.Snapshot(ctx, t, keys)
	if err != nil {
		return fmt.Errorf("run import %s: %w", id, err)
	}
	plan := imp.plan(snap, &f.errs)
	if err := f.progress(f.rows); err != nil {
		return err
	}
	switch {
	case len(f.errs) > 0:
		return s.finish(ctx, im, f, StatusFailed, Counts{})
	case im.DryRun:
		return s.finish(ctx, im, f, StatusSucceeded, plan.Counts)
	}
	return s.commit(ctx, im, f, keys, imp, rec)
}

// read loads and parses the import's file.
func (s *Service) read(ctx context.Context, im Import) (*file, refs, error) {
	data, err := s.Store.ImportData(ctx, im.Tenant, im.ID)
	if err != nil {
		return nil, refs{}, err
	}
	enc, err := csvio.ParseEncoding(im.Encoding)
	if err != nil {
		enc = csvio.Auto
	}
	r, err := s.loadRefs(ctx, im.Tenant, im.Kind)
	if err != nil {
		return nil, refs{}, err
	}
	f, err := readFile(data, enc, columnsFor(im.Kind, r))
	return f, r, err
}

// commit checks the file again inside one transaction and applies it.
func (s *Service) commit(ctx context.Context, im Import, f *file, keys Keys, imp importer, rec recorder) error {
	err := s.Store.CommitImport(ctx, im.Tenant, im.ID, keys, Result{}, func(snap Snapshot) (Plan, error) {
		var errs csvio.Errors
		p := imp.plan(snap, &errs)
		if len(errs) > 0 {
			return Plan{}, &changedError{errs: errs}
		}
		p.Summary = rec.summary(im.Kind, im.Filename, f.rows, p.Counts)
		return p, nil
	})
	var ce *changedError
	switch {
	case errors.As(err, &ce):
		f.errs = append(csvio.Errors{{Message: msgChanged}}, ce.errs...)
	case errors.Is(err, oroshi.ErrConflict), errors.Is(err, oroshi.ErrNotFound):
		f.errs = csvio.Errors{{Message: msgChanged}}
	case err != nil:
		return fmt.Errorf("commit import %s: %w", im.ID, err)
	default:
		return nil
	}
	return s.finish(ctx, im, f, StatusFailed, Counts{})
}

// changedError carries the problems the commit's check found.
type changedError struct{ errs csvio.Errors }

func (e *changedError) Error() string { return errChanged.Error() + ": " + e.errs.Error() }
func (e *changedError) Unwrap() error { return errChanged }

// finish records the outcome of an import that wrote nothing.
func (s *Service) finish(ctx context.Context, im Import, f *file, status string, c Counts) error {
	f.errs.Sort()
	kept, omitted := f.errs.First(csvio.MaxErrors)
	r := Result{Errors: kept, Omitted: omitted, Counts: c}
	return s.Store.FinishImport(ctx, im.Tenant, im.ID, status, f.rows, len(f.errs), r)
}
