//! Stored passwords: a salted, iterated SHA-256 (`sha256$ROUNDS$SALT$HASH`,
//! hex), never the password itself, so an export or a state file holds no
//! plaintext. SHA-256 is the `sha2` crate's.
//!
//! Invariant: the stored form never changes meaning: a hash stored by any
//! earlier version of the mock (state files keep them) still verifies.

use sha2::{Digest, Sha256};

/// Hashing rounds: enough to slow a guesser down, few enough for tests.
const ROUNDS: u32 = 1_000;

/// The stored form of a new password, with a fresh random salt.
pub fn hash(password: &str) -> String {
    let salt = super::journal::random_token();
    format!("sha256${ROUNDS}${salt}${}", hex(&stretch(ROUNDS, &salt, password)))
}

/// Whether `password` is the one `stored` was made from (a malformed stored
/// value matches nothing).
pub fn verify(stored: &str, password: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some("sha256"), Some(rounds), Some(salt), Some(want), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Ok(rounds) = rounds.parse::<u32>() else { return false };
    // Compared in full, not up to the first difference.
    let got = hex(&stretch(rounds, salt, password));
    got.len() == want.len() && got.bytes().zip(want.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

fn stretch(rounds: u32, salt: &str, password: &str) -> [u8; 32] {
    let mut h = sha256(format!("{salt}\0{password}").as_bytes());
    for _ in 1..rounds {
        let mut block = h.to_vec();
        block.extend_from_slice(salt.as_bytes());
        h = sha256(&block);
    }
    h
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `data`.
fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_standard_vectors() {
        assert_eq!(hex(&sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(hex(&sha256(long)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    #[test]
    fn a_hash_stored_before_the_sha2_crate_still_verifies() {
        // Made by the hand-written SHA-256 this module had before, with the
        // salt 0011…eeff: state files hold such hashes.
        let stored = "sha256$1000$00112233445566778899aabbccddeeff$1c80dba458ad4b6b40935ef1941c70939955ec75800d9aebb2aece94badf93ab";
        assert!(verify(stored, "correct horse"));
        assert!(!verify(stored, "correct horse "));
    }

    #[test]
    fn hashes_are_salted_and_verify() {
        let (a, b) = (hash("secret"), hash("secret"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("secret"));
        assert!(verify(&a, "secret") && verify(&b, "secret"));
        assert!(!verify(&a, "Secret") && !verify("secret", "secret") && !verify("sha256$x$y$z", "secret"));
    }
}
