//! What the runner and a script worker process say to each other over the worker's stdin and
//! stdout: one [`Job`] in, one [`Reply`] out, each a frame of a 4-byte big-endian length and that
//! many bytes of JSON.
//!
//! A length prefix (rather than one JSON value per line) lets either side refuse an oversized
//! frame before reading it, so a worker gone wrong cannot make the runner buffer without end.

use std::io::{self, Read, Write};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::{ScriptLibrary, ScriptLimits, ScriptOutcome, ScriptRequest, ScriptResponse, Variables};

/// Largest frame either side accepts. A reply holds at most the variables and the edited request,
/// both bounded by the script's memory limit (64 MiB by default), plus capped logs; a job holds
/// a response body bounded by the HTTP read cap.
const MAX_FRAME_BYTES: usize = 512 * 1024 * 1024;

/// One script to run, with everything it may see.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Job {
    /// The run's script libraries, evaluated before `source`.
    #[serde(default)]
    pub(super) libraries: Vec<ScriptLibrary>,
    pub(super) source: String,
    pub(super) variables: Variables,
    pub(super) request: Option<ScriptRequest>,
    pub(super) response: Option<ScriptResponse>,
    pub(super) cpu_time_ms: u64,
    pub(super) memory_bytes: usize,
}

impl Job {
    /// The limits the worker applies, as the runner was given them.
    pub(super) fn limits(&self) -> ScriptLimits {
        ScriptLimits {
            cpu_time: Duration::from_millis(self.cpu_time_ms),
            memory_bytes: self.memory_bytes,
        }
    }

    /// Runs the script in this thread under its limits: the one way a job is answered, in a
    /// worker process or on the host's blocking pool.
    pub(super) fn run(self) -> Reply {
        let limits = self.limits();
        let Job {
            libraries,
            source,
            mut variables,
            mut request,
            response,
            ..
        } = self;
        let outcome = super::run_script_with(
            &libraries,
            &source,
            &mut variables,
            request.as_mut(),
            response.as_ref(),
            &limits,
        );
        Reply {
            outcome,
            variables,
            request,
        }
    }
}

/// What the script left behind: its outcome, the variables and (for a pre-request script) the
/// request as edited.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Reply {
    pub(super) outcome: ScriptOutcome,
    pub(super) variables: Variables,
    pub(super) request: Option<ScriptRequest>,
}

/// Writes `message` as one frame.
pub(super) fn write_frame(output: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    let bytes = serde_json::to_vec(message)?;
    output.write_all(&length_prefix(bytes.len())?)?;
    output.write_all(&bytes)?;
    output.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of input (the runner closed the pipe).
pub(super) fn read_frame<T: for<'de> Deserialize<'de>>(
    input: &mut impl Read,
) -> io::Result<Option<T>> {
    let mut prefix = [0u8; 4];
    match input.read_exact(&mut prefix) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut bytes = vec![0u8; frame_length(prefix)?];
    input.read_exact(&mut bytes)?;
    Ok(Some(serde_json::from_slice(&bytes)?))
}

/// [`write_frame`] on an async pipe.
pub(super) async fn send_frame(
    output: &mut (impl AsyncWrite + Unpin),
    message: &impl Serialize,
) -> io::Result<()> {
    let bytes = serde_json::to_vec(message)?;
    output.write_all(&length_prefix(bytes.len())?).await?;
    output.write_all(&bytes).await?;
    output.flush().await
}

/// [`read_frame`] on an async pipe; the end of input is an error here (the worker died).
pub(super) async fn receive_frame<T: for<'de> Deserialize<'de>>(
    input: &mut (impl AsyncRead + Unpin),
) -> io::Result<T> {
    let mut prefix = [0u8; 4];
    input.read_exact(&mut prefix).await?;
    let mut bytes = vec![0u8; frame_length(prefix)?];
    input.read_exact(&mut bytes).await?;
    Ok(serde_json::from_slice(&bytes)?)
}

fn length_prefix(length: usize) -> io::Result<[u8; 4]> {
    u32::try_from(length)
        .ok()
        .filter(|_| length <= MAX_FRAME_BYTES)
        .map(u32::to_be_bytes)
        .ok_or_else(|| too_large(length))
}

fn frame_length(prefix: [u8; 4]) -> io::Result<usize> {
    let length = u32::from_be_bytes(prefix) as usize;
    if length > MAX_FRAME_BYTES {
        return Err(too_large(length));
    }
    Ok(length)
}

fn too_large(length: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("a message of {length} bytes is over the {MAX_FRAME_BYTES}-byte frame limit"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_reads_back_as_written_and_the_end_of_input_is_none() {
        let mut pipe = Vec::new();
        write_frame(&mut pipe, &vec!["a".to_owned(), "é".to_owned()]).unwrap();
        let mut input = pipe.as_slice();
        let read: Option<Vec<String>> = read_frame(&mut input).unwrap();
        assert_eq!(read, Some(vec!["a".to_owned(), "é".to_owned()]));
        assert!(read_frame::<Vec<String>>(&mut input).unwrap().is_none());
    }

    #[test]
    fn an_oversized_length_is_refused_before_reading_the_body() {
        let prefix = u32::MAX.to_be_bytes();
        let error = read_frame::<String>(&mut prefix.as_slice()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(error.to_string().contains("frame limit"), "{error}");
    }
}
