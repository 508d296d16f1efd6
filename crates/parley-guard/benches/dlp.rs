//! DLP scan speed. Target (issue 12): scanning a 64 KiB message takes under 1 ms (median).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use parley_guard::dlp::Scanner;

/// A realistic 64 KiB message: prose with numbers, links and a few findings, repeated.
fn message_64k() -> String {
    const PARAGRAPH: &str = "Hi team, the quarterly report is attached (order 2024-0117-5521, \
        ticket #88123). Call me on +852 2345 6789 or see https://intranet.example.org/wiki/Q3 \
        before Friday. Amounts: 1,234.56 HKD and 98 765 EUR; invoice 4000 1234 5678 9011. \
        Ünïcödé text, 中文 and emoji 🎉 appear too. Card for the demo: 4111 1111 1111 1111. \
        Token ghp_012345678901234567890123456789abcdef was rotated.\n";
    let mut text = String::with_capacity(64 * 1024 + PARAGRAPH.len());
    while text.len() < 64 * 1024 {
        text.push_str(PARAGRAPH);
    }
    // Cut at a char boundary at or below 64 KiB.
    let mut cut = 64 * 1024;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

fn bench(c: &mut Criterion) {
    let scanner = Scanner::builder()
        .custom_patterns(["project=PRJ-[0-9]{4}-[A-Z]{2}"])
        .build()
        .unwrap_or_else(|e| panic!("the benchmark's pattern is valid: {e}"));
    let text = message_64k();
    let mut group = c.benchmark_group("dlp");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("scan_64k_message", |b| b.iter(|| scanner.scan(black_box(&text))));
    let plain = "x".repeat(64 * 1024);
    group.bench_function("scan_64k_plain", |b| b.iter(|| scanner.scan(black_box(&plain))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
