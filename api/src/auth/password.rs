//! Argon2id password hashing on a small fixed set of threads, each with its own working memory.
//!
//! A hash takes tens of milliseconds and 19 MiB of memory. Hashed on tokio's blocking pool (up to
//! 512 threads), a burst of sign-ins could ask for gigabytes at once, and glibc keeps what each
//! thread freed in that thread's arena: a server's resident memory grew by about a gigabyte
//! after a few hundred sign-ins and stayed there. Here at most `workers()` hashes run at once,
//! each worker reuses one buffer for its whole life, and requests beyond that wait their turn
//! in a bounded queue (without holding a thread while they wait).

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use anyhow::{Context as _, anyhow, bail};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{mpsc, oneshot};

use crate::error::AppError;

/// Requests that may wait for a worker; more wait (asynchronously) to be queued.
const QUEUE: usize = 256;
/// The most memory a stored hash may ask for (a hash written with other parameters than ours).
const MAX_BLOCKS: usize = 256 * 1024;

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

struct Pool {
    jobs: mpsc::Sender<Job>,
}

/// One worker per core, at most four: hashing is pure CPU work.
fn workers() -> usize {
    std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .clamp(1, 4)
}

/// One pool per process, not per `AppState`: the bound is on the process's memory and cores,
/// however many application states it holds (the test harness runs many in one process).
fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let (jobs, queue) = mpsc::channel::<Job>(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..workers() {
            let queue = Arc::clone(&queue);
            let started = std::thread::Builder::new()
                .name(format!("password-{index}"))
                .spawn(move || {
                    let mut memory = vec![Block::new(); Params::default().block_count()];
                    loop {
                        // One idle worker waits on the queue; the others wait for the lock.
                        let job = queue
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .blocking_recv();
                        match job {
                            Some(job) => job(&mut memory),
                            None => return,
                        }
                    }
                });
            if let Err(error) = started {
                tracing::error!(%error, "starting a password worker");
            }
        }
        Pool { jobs }
    })
}

/// Runs `work` on a password worker with its memory.
async fn on_worker<T: Send + 'static>(
    work: impl FnOnce(&mut Vec<Block>) -> anyhow::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    let (reply, answer) = oneshot::channel();
    let job: Job = Box::new(move |memory| {
        let _ = reply.send(work(memory));
    });
    pool()
        .jobs
        .send(job)
        .await
        .map_err(|_| AppError::Internal(anyhow!("the password workers have stopped")))?;
    answer
        .await
        .map_err(|_| AppError::Internal(anyhow!("a password worker stopped mid-hash")))?
        .map_err(AppError::Internal)
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    on_worker(move |memory| hash_with(memory, password.as_bytes())).await
}

/// Checks `password` against `stored`; with no stored hash it still does the work of one,
/// so response time does not reveal whether an account exists.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    on_worker(move |memory| {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        Ok(verify_with(memory, password.as_bytes(), &stored)? && known)
    })
    .await
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for `password` with a new salt and
/// the default parameters, computed in `memory`.
fn hash_with(memory: &mut [Block], password: &[u8]) -> anyhow::Result<String> {
    let params = Params::default();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buffer = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_buffer)
        .map_err(|error| anyhow!("decoding a new salt: {error}"))?;
    let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let blocks = memory
        .get_mut(..params.block_count())
        .context("a password worker's memory is smaller than the parameters ask")?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password, salt_bytes, &mut output, blocks)
        .map_err(|error| anyhow!("hashing a password: {error}"))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)
            .map_err(|error| anyhow!("encoding hash parameters: {error}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&output).map_err(|error| anyhow!("hash output: {error}"))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` gives the hash in `stored`, computed with `stored`'s own parameters (in
/// `memory` when it is big enough, else in a buffer for this one check).
fn verify_with(memory: &mut [Block], password: &[u8], stored: &str) -> anyhow::Result<bool> {
    let malformed =
        |error: argon2::password_hash::Error| anyhow!("stored password hash is malformed: {error}");
    let parsed = PasswordHash::new(stored).map_err(malformed)?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(malformed)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|error| anyhow!("stored password hash has an unknown version: {error}"))?
        .unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(malformed)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        bail!("stored password hash has no salt or no hash");
    };
    let mut salt_buffer = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buffer).map_err(malformed)?;
    let needed = params.block_count();
    if needed > MAX_BLOCKS {
        bail!("stored password hash asks for {needed} KiB");
    }
    let mut output = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    let hashed = match memory.get_mut(..needed) {
        Some(blocks) => {
            argon2.hash_password_into_with_memory(password, salt_bytes, &mut output, blocks)
        }
        None => argon2.hash_password_into_with_memory(
            password,
            salt_bytes,
            &mut output,
            vec![Block::new(); needed],
        ),
    };
    hashed.map_err(|error| anyhow!("hashing a password: {error}"))?;
    // `Output`'s comparison takes the same time whichever byte differs.
    Ok(Output::new(&output).map_err(malformed)? == expected)
}

/// Argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4yW4oDdcnbHhq8aFCkhpDmnc1UxbL28mU1Mh1R7s7W4";

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[tokio::test]
    async fn hashes_verify_here_and_with_the_crate_itself() {
        let hash = hash_password("correct horse".to_string())
            .await
            .expect("hash");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let parsed = PasswordHash::new(&hash).expect("a PHC string");
        assert!(
            Argon2::default()
                .verify_password(b"correct horse", &parsed)
                .is_ok()
        );
        assert!(
            verify_password("correct horse".to_string(), Some(hash.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("wrong horse".to_string(), Some(hash))
                .await
                .expect("verify")
        );
    }

    #[tokio::test]
    async fn hashes_the_crate_wrote_verify_whatever_their_parameters() {
        let salt = SaltString::generate(&mut OsRng);
        let params = Params::new(8 * 1024, 1, 1, Some(24)).expect("params");
        let small = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"pw", &salt)
            .expect("hash")
            .to_string();
        assert!(
            verify_password("pw".to_string(), Some(small))
                .await
                .expect("verify")
        );
        let big = Params::new(32 * 1024, 1, 1, None).expect("params");
        let big = Argon2::new(Algorithm::Argon2id, Version::V0x13, big)
            .hash_password(b"pw", &salt)
            .expect("hash")
            .to_string();
        assert!(
            verify_password("pw".to_string(), Some(big))
                .await
                .expect("verify")
        );
    }

    #[tokio::test]
    async fn no_account_is_never_a_match_and_malformed_hashes_are_errors() {
        assert!(
            !verify_password("x".to_string(), None)
                .await
                .expect("verify")
        );
        assert!(
            verify_password("x".to_string(), Some("$argon2id$nonsense".to_string()))
                .await
                .is_err()
        );
        let greedy = "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$4yW4oDdcnbHhq8aFCkhpDmnc1UxbL28mU1Mh1R7s7W4";
        assert!(
            verify_password("x".to_string(), Some(greedy.to_string()))
                .await
                .is_err()
        );
    }
}
