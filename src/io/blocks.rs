//! Reading a CSV file in blocks of whole records, parsed on several threads.
//!
//! The main thread reads the input in blocks of about 1 MiB, each cut after
//! the last line end that is not inside quotes, so that every block holds
//! whole records. Workers parse blocks as they come, each with state of its
//! own, the main thread among them whenever the others all have a block
//! waiting; the results come back in file order with the worker that made
//! them, so that the caller can merge the workers' state.

use std::io::Read;
use std::sync::{Arc, Mutex, mpsc};

/// Bytes read per block, before cutting at a record boundary.
const BLOCK: usize = 1 << 20;

/// Whole records of the input, with where they start. Lines are not
/// counted here: the worker that parses a block counts its lines as it
/// goes, and the caller adds up the blocks' counts in file order.
#[derive(Debug)]
pub(crate) struct Block {
    /// The records' bytes.
    pub(crate) bytes: Vec<u8>,
    /// The file offset of the first byte.
    pub(crate) offset: u64,
    /// The block's position in the file, from 0.
    pub(crate) index: usize,
}

impl Block {
    /// Where the block is.
    fn span(&self) -> Span {
        Span {
            index: self.index,
            end: self.offset + self.bytes.len() as u64,
        }
    }
}

/// Cuts an input into [`Block`]s.
pub(crate) struct Blocks<R> {
    input: R,
    carry: Vec<u8>,
    /// Buffers of blocks already parsed, to read the next ones into: new
    /// memory costs a page fault per page, and glibc hands blocks this big
    /// back to the system when they are freed.
    spare: Vec<Vec<u8>>,
    /// The line of the first byte not skipped.
    line: u64,
    offset: u64,
    index: usize,
    eof: bool,
}

impl<R: Read> Blocks<R> {
    pub(crate) fn new(input: R) -> Self {
        Blocks {
            input,
            carry: Vec::new(),
            spare: Vec::new(),
            line: 1,
            offset: 0,
            index: 0,
            eof: false,
        }
    }

    /// Drops the first `n` bytes of what is still to come (a header that
    /// was parsed apart), keeping lines and offsets right.
    pub(crate) fn skip(&mut self, n: usize) {
        let n = n.min(self.carry.len());
        self.line += memchr::memchr_iter(b'\n', &self.carry[..n]).count() as u64;
        self.offset += n as u64;
        self.carry.drain(..n);
    }

    /// The line the blocks start on, 1-based: after what was skipped.
    pub(crate) fn first_line(&self) -> u64 {
        self.line
    }

    /// Keeps the buffer of a parsed block for a later one.
    pub(crate) fn recycle(&mut self, mut buffer: Vec<u8>) {
        if self.spare.len() < 4 {
            buffer.clear();
            self.spare.push(buffer);
        }
    }

    /// Reads until at least `want` bytes are waiting or the input ends,
    /// straight into the waiting bytes' buffer.
    fn fill(&mut self, want: usize) -> std::io::Result<()> {
        if self.carry.capacity() < want + want / 4 {
            self.carry.reserve(want + want / 4 - self.carry.len());
        }
        while self.carry.len() < want && !self.eof {
            let missing = (want - self.carry.len()) as u64;
            let n = (&mut self.input)
                .take(missing)
                .read_to_end(&mut self.carry)?;
            if n == 0 {
                self.eof = true;
            }
        }
        Ok(())
    }

    /// The bytes read so far but not yet handed out, for parsing a header.
    pub(crate) fn peek(&mut self) -> std::io::Result<&[u8]> {
        self.fill(64 << 10)?;
        Ok(&self.carry)
    }

    /// The next block, `None` at the end.
    pub(crate) fn next_block(&mut self) -> std::io::Result<Option<Block>> {
        let mut want = BLOCK;
        loop {
            self.fill(want)?;
            if self.carry.is_empty() {
                return Ok(None);
            }
            let cut = if self.eof {
                Some(self.carry.len())
            } else {
                last_record_end(&self.carry)
            };
            match cut {
                Some(cut) => {
                    let mut rest = self.spare.pop().unwrap_or_default();
                    rest.extend_from_slice(&self.carry[cut..]);
                    self.carry.truncate(cut);
                    let bytes = std::mem::replace(&mut self.carry, rest);
                    let block = Block {
                        offset: self.offset,
                        index: self.index,
                        bytes,
                    };
                    self.offset += block.bytes.len() as u64;
                    self.index += 1;
                    return Ok(Some(block));
                }
                // One record longer than a block: read more.
                None => want = self.carry.len() * 2,
            }
        }
    }
}

/// The position after the last `\n` outside quotes, if any. `bytes` starts
/// at a record boundary, outside quotes.
///
/// The quotes are counted over the whole block (a fast count), then the
/// block is walked back from its end: a line end is outside quotes when an
/// even number of quotes comes before it.
fn last_record_end(bytes: &[u8]) -> Option<usize> {
    let mut quotes_before = memchr::memchr_iter(b'"', bytes).count();
    for i in memchr::memrchr2_iter(b'"', b'\n', bytes) {
        if bytes[i] == b'"' {
            quotes_before -= 1;
        } else if quotes_before.is_multiple_of(2) {
            return Some(i + 1);
        }
    }
    None
}

/// Where a parsed block was.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    /// The block's position in the file, from 0.
    pub(crate) index: usize,
    /// The file offset just past the block.
    pub(crate) end: u64,
}

/// Parses the blocks of `blocks` with `work`, one worker state per
/// thread, and hands each block's result to `consume` in file order, as
/// soon as the blocks before it are done, with the worker that made it.
/// Returns the workers' states.
///
/// The calling thread, which reads the blocks, is the last worker: a block
/// goes to the other workers when one of them is free to take it next, and
/// is parsed here otherwise. So as many threads are busy as there are
/// workers, and a block this thread parses is still in its cache. The
/// other workers run on threads kept from one load to the next (see
/// [`kept_thread`]): memory a thread allocates is reused by that thread
/// once freed, so a program that loads again and again does not grow.
pub(crate) fn run<R, W, P>(
    mut blocks: Blocks<R>,
    mut workers: Vec<W>,
    work: impl Fn(&mut W, &Block) -> P + Send + Sync + 'static,
    mut consume: impl FnMut(Span, usize, P),
) -> std::io::Result<Vec<W>>
where
    R: Read,
    W: Send + 'static,
    P: Send + 'static,
{
    let threads = workers.len();
    let Some(mut mine) = workers.pop() else {
        return Err(std::io::Error::other("no worker to parse with"));
    };
    let here = workers.len();
    // Each other worker has at most one block waiting.
    let (to_workers, queue) = mpsc::sync_channel::<Block>(here.max(1));
    let queue = Arc::new(Mutex::new(queue));
    let (to_main, results) = mpsc::channel::<(Span, usize, P)>();
    let (to_spare, spares) = mpsc::channel::<Vec<u8>>();
    let (to_done, done) = mpsc::channel::<(usize, W)>();
    let work = Arc::new(work);
    for (w, mut state) in workers.into_iter().enumerate() {
        let queue = Arc::clone(&queue);
        let to_main = to_main.clone();
        let to_spare = to_spare.clone();
        let to_done = to_done.clone();
        let work = Arc::clone(&work);
        kept_thread(Box::new(move || {
            loop {
                let next = queue.lock().map(|q| q.recv());
                let Ok(Ok(block)) = next else { break };
                let part = work(&mut state, &block);
                let span = block.span();
                // The main thread may have stopped reading: then the
                // buffer is simply dropped.
                let _ = to_spare.send(block.bytes);
                if to_main.send((span, w, part)).is_err() {
                    break;
                }
            }
            let _ = to_done.send((w, state));
        }))?;
    }
    // Only the other workers hold the queue, so that if every one of them
    // failed, sending to it fails rather than waits.
    drop((queue, to_main, to_spare, to_done));

    // Results that came before those of earlier blocks wait here.
    let mut waiting: std::collections::BTreeMap<usize, (Span, usize, P)> =
        std::collections::BTreeMap::new();
    let mut next = 0;
    let mut deliver = |result: (Span, usize, P)| {
        waiting.insert(result.0.index, result);
        while let Some((span, w, part)) = waiting.remove(&next) {
            consume(span, w, part);
            next += 1;
        }
    };
    let mut read_error = None;
    let mut panicked = false;
    loop {
        let block = match blocks.next_block() {
            Ok(Some(block)) => block,
            Ok(None) => break,
            Err(e) => {
                read_error = Some(e);
                break;
            }
        };
        let block = match to_workers.try_send(block) {
            Ok(()) => None,
            Err(mpsc::TrySendError::Full(block)) => Some(block),
            // With no other workers, every block is parsed here.
            Err(mpsc::TrySendError::Disconnected(block)) if here == 0 => Some(block),
            Err(mpsc::TrySendError::Disconnected(_)) => break,
        };
        if let Some(block) = block {
            let parsed =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut mine, &block)));
            let Ok(part) = parsed else {
                panicked = true;
                break;
            };
            deliver((block.span(), here, part));
            blocks.recycle(block.bytes);
        }
        while let Ok(result) = results.try_recv() {
            deliver(result);
        }
        while let Ok(buffer) = spares.try_recv() {
            blocks.recycle(buffer);
        }
    }
    drop(to_workers);
    for result in results.iter() {
        deliver(result);
    }
    let mut states: Vec<(usize, W)> = done.iter().collect();
    states.push((here, mine));
    if let Some(e) = read_error {
        return Err(e);
    }
    if panicked || states.len() < threads || next < blocks.index {
        return Err(std::io::Error::other("a parsing thread panicked"));
    }
    states.sort_by_key(|(w, _)| *w);
    Ok(states.into_iter().map(|(_, state)| state).collect())
}

/// A job for a kept thread.
type Job = Box<dyn FnOnce() + Send>;

/// The kept threads waiting for a job, each by the sender of its queue.
static IDLE: Mutex<Vec<mpsc::Sender<Job>>> = Mutex::new(Vec::new());

/// Runs `job` on a thread kept for the life of the process: an idle one,
/// or a new one when all are busy, so that a job never waits for another.
/// A job that panics leaves its thread to take the next.
fn kept_thread(job: Job) -> std::io::Result<()> {
    let idle = IDLE.lock().ok().and_then(|mut idle| idle.pop());
    let job = match idle {
        Some(thread) => match thread.send(job) {
            Ok(()) => return Ok(()),
            // The thread is gone: a new one takes the job.
            Err(mpsc::SendError(job)) => job,
        },
        None => job,
    };
    let (sender, jobs) = mpsc::channel::<Job>();
    let me = sender.clone();
    let _ = sender.send(job);
    std::thread::Builder::new()
        .name("conflict-events-read".into())
        .spawn(move || {
            while let Ok(job) = jobs.recv() {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                match IDLE.lock() {
                    Ok(mut idle) => idle.push(me.clone()),
                    Err(_) => break,
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_cut_outside_quotes_only() {
        assert_eq!(last_record_end(b"a,b\nc,\"d\ne\"\nf"), Some(12));
        assert_eq!(last_record_end(b"a,\"b\nc"), None);
        assert_eq!(last_record_end(b"a,\"\"\"b\"\nc"), Some(8));
    }

    #[test]
    fn a_worker_that_panics_is_an_error_and_later_loads_still_run() {
        // Three blocks or so of short lines.
        let text = b"a,b\n".repeat(3 << 18);
        let failed = run(
            Blocks::new(&text[..]),
            vec![(), ()],
            |_: &mut (), block| {
                assert!(block.index != 1, "a worker fails on the second block");
                block.bytes.len()
            },
            |_, _, _| {},
        );
        let reason = failed.err().map(|e| e.to_string());
        assert_eq!(reason.as_deref(), Some("a parsing thread panicked"));
        for _ in 0..2 {
            let mut rows = 0;
            let states = run(
                Blocks::new(&text[..]),
                vec![0usize, 0],
                |bytes: &mut usize, block| {
                    *bytes += block.bytes.len();
                    block.bytes.len() / 4
                },
                |_, _, n| rows += n,
            );
            let states = states.ok().unwrap_or_default();
            assert_eq!(states.iter().sum::<usize>(), text.len());
            assert_eq!(rows, 3 << 18);
        }
    }

    #[test]
    fn blocks_keep_lines_and_offsets() -> std::io::Result<()> {
        let text = b"h1,h2\nx,\"multi\nline\"\ny,z\n".to_vec();
        let mut blocks = Blocks::new(&text[..]);
        blocks.peek()?;
        blocks.skip(6);
        assert_eq!(blocks.first_line(), 2);
        let block = blocks.next_block()?.expect("one block");
        assert_eq!((block.offset, block.index), (6, 0));
        assert_eq!(block.bytes, b"x,\"multi\nline\"\ny,z\n");
        assert!(blocks.next_block()?.is_none());
        Ok(())
    }
}
