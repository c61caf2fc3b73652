//! Who is asking: the trusted proxy header, the dev and OpenID Connect logins, sessions,
//! CSRF tokens, and the LDAP directory that completes an identity.

pub mod csrf;
pub mod directory;
pub mod header;
pub mod identity;
pub mod ldap;
pub mod oidc;
pub mod session;

pub use identity::Identity;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("the request did not come through a trusted proxy")]
    UntrustedPeer,
    #[error("the trusted proxy sent no user header")]
    MissingUser,
    #[error("the user header is not a valid login: {0}")]
    InvalidUser(#[from] identity::LoginError),
    #[error("not logged in")]
    NoSession,
}
