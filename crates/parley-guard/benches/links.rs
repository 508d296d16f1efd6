//! Link analysis speed. Target (issue 5): under 20 µs median for a typical URL.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_guard::link::{Analyser, LinkPolicy, Sender, find_in_text};

fn bench(c: &mut Criterion) {
    let guard = Analyser::new(LinkPolicy::default());
    let mut group = c.benchmark_group("link");
    for (name, url, text) in [
        ("typical", "https://github.com/rust-lang/rust/issues/12345?tab=comments#issuecomment-1", None),
        ("idn", "https://bücher.de/suche?q=rust&page=2", None),
        ("homograph", "https://аpple.com/verify/account", None),
        ("with_text", "https://evil.example/login", Some("https://www.paypal.com/signin")),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| guard.analyse(black_box(url), black_box(text), Sender::Known));
        });
    }
    let message = "Notes from today: https://docs.example.org/a/b?c=d, the ticket www.tracker.example.com/T-42 \
                   and mailto:ops@example.org. Thanks!";
    group.bench_function("find_in_message", |b| b.iter(|| find_in_text(black_box(message))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
