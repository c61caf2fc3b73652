//! Personal link hashes: 32 bytes from the OS RNG, base64url, looked up by digest and
//! compared in constant time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRng;
use rand::rngs::SysRng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Shortest accepted hash: the original JMB's 16-character links must keep working.
pub const MIN_LEN: usize = 16;
pub const MAX_LEN: usize = 64;

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct RngError(String);

/// 32 random bytes from the OS, base64url without padding (43 characters).
pub fn generate() -> Result<String, RngError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// `N` random bytes from the OS (hashes, webhook secrets).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RngError> {
    let mut bytes = [0u8; N];
    SysRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| RngError(e.to_string()))?;
    Ok(bytes)
}

/// Random lowercase letters and digits (room name suffixes).
pub fn random_alnum(len: usize) -> Result<String, RngError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = vec![0u8; len];
    SysRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| RngError(e.to_string()))?;
    // 32 symbols: a byte's low five bits pick one without bias.
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 0x1f)] as char)
        .collect())
}

/// Accepts only what a hash can look like, so junk never reaches the database.
pub fn is_well_formed(input: &str) -> bool {
    (MIN_LEN..=MAX_LEN).contains(&input.len())
        && input
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The lookup key stored beside a hash: an index on it leaks nothing about the hash itself.
pub fn digest(hash: &str) -> Vec<u8> {
    Sha256::digest(hash.as_bytes()).to_vec()
}

pub fn matches(stored: &str, given: &str) -> bool {
    stored.as_bytes().ct_eq(given.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn generated_hashes_carry_256_bits_and_are_url_safe() {
        let h = generate().unwrap();
        assert_eq!(h.len(), 43);
        assert!(is_well_formed(&h));
        assert_eq!(URL_SAFE_NO_PAD.decode(&h).unwrap().len(), 32);
        assert_ne!(h, generate().unwrap());
    }

    #[test]
    fn legacy_sixteen_character_hashes_are_well_formed() {
        assert!(is_well_formed("aB3dE5gH7jK9mN1p"));
        assert!(!is_well_formed("short"));
        assert!(!is_well_formed("has space in it!!"));
        assert!(!is_well_formed("../../etc/passwd00"));
    }

    #[test]
    fn random_alnum_uses_the_unambiguous_alphabet() {
        let s = random_alnum(200).unwrap();
        assert!(
            s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert!(!s.contains('l') && !s.contains('o') && !s.contains('0') && !s.contains('1'));
    }

    proptest! {
        #[test]
        fn matching_is_equality(a in "[A-Za-z0-9_-]{16,64}", b in "[A-Za-z0-9_-]{16,64}") {
            prop_assert_eq!(matches(&a, &b), a == b);
            prop_assert!(matches(&a, &a));
            prop_assert_eq!(digest(&a) == digest(&b), a == b);
        }
    }
}
