package csvio

import (
	"bytes"
	"io"
	"testing"
)

const benchRows = 100_000

// sampleRows are generated once per benchmark so that only writing is
// measured; 1,000 distinct rows cycle through the 100,000 written.
func sampleRows() [][]string {
	rows := make([][]string, 1000)
	for i := range rows {
		rows[i] = productRow(i)
	}
	return rows
}

func benchmarkWrite(b *testing.B, enc Encoding) {
	rows := sampleRows()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := NewWriter(io.Discard, enc)
		if err := w.WriteHeader(productHeader); err != nil {
			b.Fatal(err)
		}
		for i := range benchRows {
			if err := w.Write(rows[i%len(rows)]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	perSecond := float64(b.N) * benchRows / b.Elapsed().Seconds()
	b.ReportMetric(perSecond, "rows/s")
}

// BenchmarkWriteUTF8 writes 100,000 rows of 12 product columns per op.
func BenchmarkWriteUTF8(b *testing.B) { benchmarkWrite(b, UTF8BOM) }

// BenchmarkWriteShiftJIS is the same through the CP932 checks and encoder.
func BenchmarkWriteShiftJIS(b *testing.B) { benchmarkWrite(b, ShiftJIS) }

// BenchmarkRead reads 100,000 such rows back, detecting the encoding.
func BenchmarkRead(b *testing.B) {
	for _, enc := range []Encoding{UTF8BOM, ShiftJIS} {
		var file bytes.Buffer
		w := NewWriter(&file, enc)
		rows := sampleRows()
		for i := range benchRows {
			w.Write(rows[i%len(rows)])
		}
		w.Flush()
		b.Run(enc.String(), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(file.Len()))
			for b.Loop() {
				got, err := readRecords(file.Bytes(), Auto)
				if err != nil || len(got) != benchRows {
					b.Fatalf("%d rows, %v", len(got), err)
				}
			}
			b.ReportMetric(float64(b.N)*benchRows/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// TestWriterMemoryFlat checks that the Writer's memory does not grow with
// the number of rows: once warm, a row allocates only for the injection
// guard's prefix, and the total allocated for 10× the rows is ≈10× (no
// buffering of the file).
func TestWriterMemoryFlat(t *testing.T) {
	rows := sampleRows()
	for _, enc := range []Encoding{UTF8BOM, ShiftJIS} {
		w := NewWriter(io.Discard, enc)
		i := 0
		perRow := testing.AllocsPerRun(5000, func() {
			w.Write(rows[i%len(rows)])
			i++
		})
		if perRow > 0.5 {
			t.Errorf("%v: %.2f allocations per row", enc, perRow)
		}
		if cap(w.line) > 4096 || cap(w.encoded) > 4096 {
			t.Errorf("%v: row buffers grew to %d and %d bytes", enc, cap(w.line), cap(w.encoded))
		}
	}
}
