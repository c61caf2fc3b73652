//! Who is asking: the trusted proxy header, the dev login, sessions and CSRF tokens.

pub mod csrf;
pub mod header;
pub mod identity;
pub mod session;

pub use identity::Identity;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("the request did not come through a trusted proxy")]
    UntrustedPeer,
    #[error("the trusted proxy sent no user header")]
    MissingUser,
    #[error("the user header is not a valid login")]
    InvalidUser,
    #[error("not logged in")]
    NoSession,
}
