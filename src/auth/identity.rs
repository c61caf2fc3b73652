use serde::{Deserialize, Serialize};

/// An authenticated person: an organiser who may own meetings and, with `editor`, book them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Lower-cased login, the owner key of meetings and feeds.
    pub login: String,
    /// Lower-cased mail address, the key that matches invitations.
    pub email: String,
    pub name: String,
    pub editor: bool,
}

pub const MAX_LOGIN_LEN: usize = 200;

impl Identity {
    /// Builds an identity from what a proxy, the dev login or a provider says, filling gaps:
    /// mail from `login@mail_domain`, name from the login.
    pub fn from_parts(
        login: &str,
        email: Option<&str>,
        name: Option<&str>,
        mail_domain: &str,
    ) -> Option<Identity> {
        let login = normalize_login(login)?;
        let email = email
            .map(|e| {
                e.split([';', ','])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_lowercase()
            })
            .filter(|e| !e.is_empty() && crate::domain::invitee::normalize_email(e).is_ok())
            .or_else(|| {
                if login.contains('@') {
                    Some(login.clone())
                } else if !mail_domain.is_empty() {
                    Some(format!("{login}@{mail_domain}"))
                } else {
                    None
                }
            })
            .unwrap_or_default();
        let name = name
            .map(crate::domain::invitee::clean_line)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| login.clone());
        Some(Identity {
            login,
            email,
            name,
            editor: true,
        })
    }
}

/// Logins are compared lower-cased, without surrounding space, and must be printable.
pub fn normalize_login(input: &str) -> Option<String> {
    let login = input.trim().to_lowercase();
    if login.is_empty()
        || login.len() > MAX_LOGIN_LEN
        || login.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        None
    } else {
        Some(login)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_filled_from_the_login_and_the_mail_domain() {
        let i = Identity::from_parts(" Alice ", None, None, "example.org").unwrap();
        assert_eq!(i.login, "alice");
        assert_eq!(i.email, "alice@example.org");
        assert_eq!(i.name, "alice");
        let i =
            Identity::from_parts("bob", Some("Bob@X.org; b2@x.org"), Some("Bob B"), "").unwrap();
        assert_eq!(i.email, "bob@x.org");
        assert_eq!(i.name, "Bob B");
        assert!(Identity::from_parts("  ", None, None, "").is_none());
        assert!(Identity::from_parts("a b", None, None, "").is_none());
    }
}
