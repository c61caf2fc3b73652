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
    /// Two values for one identity header: a proxy that adds its header beside the
    /// client's, and whichever one we read could be the client's.
    #[error("the header {0} was sent more than once")]
    RepeatedHeader(String),
    /// The database that says which logins are still open could not be asked.
    #[error("logins cannot be checked: {0}")]
    SessionStore(String),
}

impl From<crate::store::Error> for Error {
    fn from(e: crate::store::Error) -> Self {
        Error::SessionStore(e.to_string())
    }
}

impl From<crate::domain::hash::RngError> for Error {
    fn from(e: crate::domain::hash::RngError) -> Self {
        Error::SessionStore(e.to_string())
    }
}
