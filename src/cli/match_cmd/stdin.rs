//! `apigw match --stdin`: one request a line in, one verdict a line out, at log scale.
//!
//! A reader thread cuts the input into chunks of whole lines (whatever is already
//! buffered, at most [`CHUNK_LINES`] lines: an interactive line is a chunk of its own and
//! is answered at once); worker threads (one per core) turn chunks into output
//! ([`super::batch`]); the calling thread writes the outputs in input order and flushes
//! whenever it has caught up. Memory stays bounded: the reader waits when the workers are
//! [`QUEUE`] chunks behind, the workers when the writer is.

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Mutex;

use anyhow::Context;

pub use super::batch::{evaluate_batch, Env, Fixed, Judge, Mode};
use super::batch::{Chunk, Worker};
use super::summary::Report;

/// Lines per chunk at most.
pub const CHUNK_LINES: usize = 1024;
/// Bytes asked of the input per read.
const READ_BLOCK: usize = 1 << 20;
/// Chunks read ahead of the workers.
const QUEUE: usize = 8;

/// A chunk's output, to be written in `seq` order.
struct Done {
    seq: u64,
    out: Vec<u8>,
    /// Some line could not be read as a request.
    failed: bool,
}

/// Buffers handed back for reuse: chunk inputs (worker → reader) and outputs (writer →
/// worker). Large buffers freed and allocated again on every chunk cost page faults and
/// allocator work that showed in profiles.
#[derive(Default)]
struct Pool(Mutex<Vec<Vec<u8>>>);

impl Pool {
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default()
    }

    fn give(&self, mut v: Vec<u8>) {
        v.clear();
        if let Ok(mut p) = self.0.lock() {
            if p.len() < 2 * QUEUE {
                p.push(v);
            }
        }
    }
}

/// The two pools.
#[derive(Default)]
struct Pools {
    input: Pool,
    output: Pool,
}

/// How the run is carried out (not what it answers: the output is the same for any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub mode: Mode,
    /// Worker threads (at least 1).
    pub workers: usize,
}

/// What a run produced besides its output.
#[derive(Debug)]
pub struct Outcome {
    /// Some line could not be read as a request (exit status 2).
    pub failed: bool,
    /// With `Mode::summary`: the counts (not yet written).
    pub summary: Option<Report>,
    /// Lines answered from the verdict cache.
    pub cached_lines: u64,
}

/// Worker threads for this machine: one per core, at most 8.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8))
}

/// `apigw match --stdin [--json] [--summary]` on the process's stdin and stdout. Exit
/// status 0 when every line was read as a request, else 2 (CLI.md).
pub fn from_cli(env: &Env, json: bool, summary: bool, colour: bool) -> anyhow::Result<i32> {
    let opts = Options {
        mode: Mode {
            json,
            colour,
            summary,
            cache: true,
        },
        workers: default_workers(),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let outcome = run(std::io::stdin(), &mut out, env, opts)?;
    if let Some(report) = &outcome.summary {
        let text = if json {
            serde_json::to_string_pretty(report)?
        } else {
            super::summary_table::render(report)
        };
        match writeln!(out, "{text}").and_then(|()| out.flush()) {
            Err(e) if e.kind() != ErrorKind::BrokenPipe => {
                return Err(e).context("cannot write to stdout")
            }
            _ => {}
        }
    }
    Ok(if outcome.failed { 2 } else { 0 })
}

/// Answers every line of `input` on `output`, in order. Stops early (without an error)
/// when `output` is a closed pipe.
pub fn run<R, W>(input: R, output: &mut W, env: &Env, opts: Options) -> anyhow::Result<Outcome>
where
    R: Read + Send,
    W: Write,
{
    let stop = AtomicBool::new(false);
    let pools = Pools::default();
    let (work_tx, work_rx) = mpsc::sync_channel::<Chunk>(QUEUE);
    let work_rx = Mutex::new(work_rx);
    // Bounded too: when stdout is slow, the workers wait for the writer and the reader
    // for the workers (the writer always drains this channel, parking early outputs).
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(QUEUE);
    std::thread::scope(|s| {
        let (stop, pools, work_rx) = (&stop, &pools, &work_rx);
        let reader = s.spawn(move || read_chunks(input, work_tx, stop, &pools.input));
        let workers: Vec<_> = (0..opts.workers.max(1))
            .map(|_| {
                let done_tx = done_tx.clone();
                s.spawn(move || work(env, opts.mode, work_rx, done_tx, pools))
            })
            .collect();
        drop(done_tx);
        let written = write_in_order(done_rx, output, stop, &pools.output);
        stop.store(true, Ordering::Relaxed);
        let read = reader
            .join()
            .map_err(|_| anyhow::anyhow!("the stdin reader stopped unexpectedly"))?;
        let mut summary = super::summary::Summary::default();
        let mut cached_lines = 0;
        for w in workers {
            let (part, hits) = w
                .join()
                .map_err(|_| anyhow::anyhow!("a match worker stopped unexpectedly"))?;
            summary.merge(part);
            cached_lines += hits;
        }
        let failed = written?;
        read.context("cannot read stdin")?;
        Ok(Outcome {
            failed,
            summary: opts.mode.summary.then(|| summary.report()),
            cached_lines,
        })
    })
}

fn work(
    env: &Env,
    mode: Mode,
    work_rx: &Mutex<Receiver<Chunk>>,
    done_tx: SyncSender<Done>,
    pools: &Pools,
) -> (super::summary::Summary, u64) {
    let mut worker = Worker::new(env, mode);
    loop {
        let next = match work_rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => break,
        };
        let Ok(chunk) = next else { break };
        let mut out = pools.output.take();
        let failed = worker.process(&chunk, &mut out);
        pools.input.give(chunk.data);
        // A closed writer (stdout gone) only means nobody reads this any more.
        let _ = done_tx.send(Done {
            seq: chunk.seq,
            out,
            failed,
        });
    }
    (worker.summary, worker.hits)
}

/// Reads blocks, cuts them into chunks of whole lines and queues them in order.
fn read_chunks<R: Read>(
    mut input: R,
    tx: SyncSender<Chunk>,
    stop: &AtomicBool,
    pool: &Pool,
) -> std::io::Result<()> {
    let mut block = vec![0u8; READ_BLOCK];
    let mut pending: Vec<u8> = Vec::new();
    let mut seq = 0u64;
    let mut next_line = 1usize;
    while !stop.load(Ordering::Relaxed) {
        let n = match input.read(&mut block) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let Some(data) = block.get(..n) else { break };
        if n == 0 {
            if !pending.is_empty() {
                let data = std::mem::take(&mut pending);
                let _ = tx.send(Chunk {
                    seq,
                    first_line: next_line,
                    data,
                });
            }
            break;
        }
        pending.extend_from_slice(data);
        let Some(last_nl) = memchr::memrchr(b'\n', &pending) else {
            continue;
        };
        for piece in cut(&pending[..=last_nl]) {
            let lines = memchr::memchr_iter(b'\n', piece).count();
            let mut data = pool.take();
            data.extend_from_slice(piece);
            let chunk = Chunk {
                seq,
                first_line: next_line,
                data,
            };
            if tx.send(chunk).is_err() {
                return Ok(());
            }
            seq += 1;
            next_line += lines;
        }
        pending.drain(..=last_nl);
    }
    Ok(())
}

/// Whole lines cut into pieces of at most [`CHUNK_LINES`] lines.
fn cut(whole: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for nl in memchr::memchr_iter(b'\n', whole) {
        count += 1;
        if count == CHUNK_LINES {
            out.push(&whole[start..=nl]);
            start = nl + 1;
            count = 0;
        }
    }
    if start < whole.len() {
        out.push(&whole[start..]);
    }
    out
}

/// Writes chunk outputs in `seq` order; flushes whenever no further output is ready (so
/// an interactive line is answered at once). Returns whether a line was malformed. A closed
/// pipe ends the writing quietly and tells the reader to stop.
fn write_in_order<W: Write>(
    rx: Receiver<Done>,
    out: &mut W,
    stop: &AtomicBool,
    pool: &Pool,
) -> anyhow::Result<bool> {
    let mut parked: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 0u64;
    let mut failed = false;
    let mut open = true;
    while let Ok(first) = rx.recv() {
        parked.insert(first.seq, first);
        while let Ok(more) = rx.try_recv() {
            parked.insert(more.seq, more);
        }
        while let Some(d) = parked.remove(&next) {
            next += 1;
            failed |= d.failed;
            if open && !d.out.is_empty() {
                open = put(out, &d.out, stop)?;
            }
            pool.give(d.out);
        }
        if open {
            open = flush(out, stop)?;
        }
    }
    Ok(failed)
}

fn put<W: Write>(out: &mut W, bytes: &[u8], stop: &AtomicBool) -> anyhow::Result<bool> {
    match out.write_all(bytes) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {
            stop.store(true, Ordering::Relaxed);
            Ok(false)
        }
        Err(e) => Err(e).context("cannot write to stdout"),
    }
}

fn flush<W: Write>(out: &mut W, stop: &AtomicBool) -> anyhow::Result<bool> {
    match out.flush() {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {
            stop.store(true, Ordering::Relaxed);
            Ok(false)
        }
        Err(e) => Err(e).context("cannot write to stdout"),
    }
}
