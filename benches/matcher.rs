//! Routing engine speed on a large synthetic account (issue #4): time per match on a mix of
//! URLs (hits, misses, domains) and "keystroke to verdict" (parse_input + evaluate for each
//! prefix of a typed URL). Besides criterion's estimates, prints the median and p99 of
//! individually timed calls (criterion reports means, not tails).

use std::hint::black_box;
use std::time::{Duration, Instant};

use apigw::domain::model::Inventory;
use apigw::domain::routing::{parse_input, MatchContext, Request, Router};
use criterion::{criterion_group, criterion_main, Criterion};
use synth::{domain_name, http_id, rest_id};

#[path = "support/synth.rs"]
mod synth;

fn exec(id: &str, path: &str) -> String {
    format!("https://{id}.execute-api.eu-west-1.amazonaws.com{path}")
}

/// (method, url, headers): hits, misses, stage typos, domains, rules, unknown hosts.
fn mix() -> Vec<Request> {
    let mut out = Vec::new();
    for i in 0..synth::REST_APIS {
        let id = rest_id(i);
        out.push(Request::new("GET", &exec(&id, "/prod/orders/42/items")));
        out.push(Request::new("DELETE", &exec(&id, "/dev/users/7")));
        out.push(Request::new("GET", &exec(&id, "/prod/orders/42/itmes"))); // miss + suggestions
        out.push(Request::new("GET", &exec(&id, "/prd/orders"))); // stage typo
        out.push(Request::new("POST", &exec(&id, "/prod/proxy/a/b/c")));
        out.push(Request::new("GET", &exec(&id, "/prod/audits/9/versions"))); // maybe not deployed
    }
    for i in 0..synth::HTTP_APIS {
        let id = http_id(i);
        out.push(Request::new("GET", &exec(&id, "/orders/5")));
        out.push(Request::new("PUT", &exec(&id, "/v2/users/5/x/y")));
        out.push(Request::new("GET", &exec(&id, "/nothing/here")));
    }
    for i in 0..synth::DOMAINS {
        let d = domain_name(i);
        out.push(Request::new(
            "GET",
            &format!("https://{d}/svc1/invoices/3/notes?x=1"),
        ));
        out.push(Request::new("GET", &format!("https://{d}/v1/http/carts/1")));
        out.push(Request::new("GET", &format!("https://{d}/svc9/zzz"))); // falls to (none)
        out.push(
            Request::new("GET", &format!("https://{d}/users/1")).with_header("x-canary", "yes-1"),
        );
    }
    out.push(Request::new("GET", "https://unknown.example.net/x"));
    out
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99), at(1.0))
}

fn report(label: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let (p50, p99, max) = percentiles(samples);
    println!("{label}: n={n} median={p50:?} p99={p99:?} max={max:?}");
}

fn sample_match(
    inv: &Inventory,
    router: &Router,
    reqs: &[Request],
    rounds: usize,
) -> Vec<Duration> {
    let ctx = MatchContext::default();
    let mut out = Vec::with_capacity(reqs.len() * rounds);
    for _ in 0..rounds {
        for r in reqs {
            let t = Instant::now();
            black_box(router.evaluate(inv, black_box(r), &ctx));
            out.push(t.elapsed());
        }
    }
    out
}

const TYPED: &[&str] = &[
    "curl -X POST -H 'Authorization: Bearer abc' https://api3.synth.example.com/svc2/orders/42/refunds",
    "https://r017synth0.execute-api.eu-west-1.amazonaws.com/prod/invoices/INV-1/attachments",
    "GET https://h004synth0.execute-api.eu-west-1.amazonaws.com/v2/products/9",
];

fn sample_keystrokes(inv: &Inventory, router: &Router, rounds: usize) -> Vec<Duration> {
    let ctx = MatchContext::default();
    let mut out = Vec::new();
    for _ in 0..rounds {
        for typed in TYPED {
            for end in (1..=typed.len()).filter(|e| typed.is_char_boundary(*e)) {
                let t = Instant::now();
                if let Ok(req) = parse_input(black_box(&typed[..end])) {
                    black_box(router.evaluate(inv, &req, &ctx));
                }
                out.push(t.elapsed());
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let inv = synth::large_account();
    let t = Instant::now();
    let router = Router::new(&inv);
    println!("Router::new on the large account: {:?}", t.elapsed());
    let reqs = mix();
    let ctx = MatchContext::default();

    // Warm up, then time calls one by one for the tail.
    sample_match(&inv, &router, &reqs, 20);
    report(
        "per match (mixed URLs)",
        sample_match(&inv, &router, &reqs, 200),
    );
    sample_keystrokes(&inv, &router, 5);
    report(
        "keystroke to verdict (parse_input + evaluate)",
        sample_keystrokes(&inv, &router, 50),
    );

    let mut i = 0usize;
    c.bench_function("match/mixed", |b| {
        b.iter(|| {
            i = (i + 1) % reqs.len();
            black_box(router.evaluate(&inv, black_box(&reqs[i]), &ctx))
        })
    });
    let prefixes: Vec<&str> = TYPED
        .iter()
        .flat_map(|t| {
            (1..=t.len())
                .filter(|e| t.is_char_boundary(*e))
                .map(move |e| &t[..e])
        })
        .collect();
    let mut k = 0usize;
    c.bench_function("match/keystroke", |b| {
        b.iter(|| {
            k = (k + 1) % prefixes.len();
            if let Ok(req) = parse_input(black_box(prefixes[k])) {
                black_box(router.evaluate(&inv, &req, &ctx));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
