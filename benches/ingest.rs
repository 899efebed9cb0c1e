//! ACLED CSV to a validated dataset, at 10k, 100k and 1M rows.
//!
//! The input is the shared generator's output (`gen_events.py N --seed 42`),
//! made once under `target/bench-data/` when python3 and the generator are
//! at hand, else a file of the same shape written by this crate's ACLED
//! writer. Run with `cargo bench --bench ingest`.

#![expect(
    clippy::expect_used,
    reason = "the bench prepares fixed, valid input; a failure is a bug to see at once"
)]

mod common;

use std::hint::black_box;

use common::input;
use conflict_events::io::{ReadOptions, acled};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

fn ingest(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    for n in SIZES {
        let path = input(n);
        let bytes = std::fs::metadata(&path).expect("input exists").len();
        let once = acled::read_path(&path, ReadOptions::new()).expect("readable");
        assert_eq!((once.rows_read(), once.accepted()), (n as u64, n as u64));
        drop(once);
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(BenchmarkId::new("acled", n), &path, |b, path| {
            b.iter(|| black_box(acled::read_path(path, ReadOptions::new())));
        });
    }
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
