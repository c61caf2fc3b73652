use serde::{Deserialize, Serialize};

// The rules live with the domain, below the store that normalises stored logins with them.
pub use crate::domain::login::{
    LoginError, MAX_LOGIN_LEN, MAX_SUBJECT_KEY_LEN, is_subject_key, normalize_login, subject_key,
};

/// An authenticated person: an organiser who may own meetings and, with `editor`, book them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The owner key of meetings and feeds: a normalised login ([`normalize_login`]), or
    /// for an OpenID Connect provider keyed by `sub`, `{issuer}#{sub}` ([`subject_key`]).
    pub login: String,
    /// Lower-cased mail address, the key that matches invitations.
    pub email: String,
    pub name: String,
    pub editor: bool,
    /// Whether someone vouches for `email` (the trusted proxy, LDAP, or the provider's
    /// `email_verified`): only such a mail may take over meetings imported under it.
    #[serde(default)]
    pub mail_verified: bool,
    /// The login this person had before jmb keyed them differently (the provider's old
    /// login claim): owners stored under it can be claimed once (`sql/0008_identity.sql`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_login: Option<String>,
}

impl Identity {
    /// Builds an identity from what a proxy, the dev login or a provider says, filling gaps:
    /// mail from `login@mail_domain`, name from the login. The mail is not yet vouched for.
    pub fn from_parts(
        login: &str,
        email: Option<&str>,
        name: Option<&str>,
        mail_domain: &str,
    ) -> Result<Identity, LoginError> {
        let login = normalize_login(login)?;
        let email = clean_email(email).or_else(|| derived_email(&login, mail_domain));
        Ok(Identity::keyed(login, email, name))
    }

    /// An identity whose key is already final (see [`subject_key`]): no mail is derived
    /// from it, since it is not a login anyone has at `mail_domain`.
    pub fn keyed(login: String, email: Option<String>, name: Option<&str>) -> Identity {
        // A provider's key means nothing to people: without a name, the mail is shown.
        let name = name
            .map(crate::domain::invitee::clean_line)
            .filter(|n| !n.is_empty())
            .or_else(|| email.clone().filter(|_| is_subject_key(&login)))
            .unwrap_or_else(|| login.clone());
        Identity {
            login,
            email: email.unwrap_or_default(),
            name,
            editor: true,
            mail_verified: false,
            former_login: None,
        }
    }
}

/// The first address of a list (Shibboleth joins several with `;`), lower-cased, if valid.
pub fn clean_email(email: Option<&str>) -> Option<String> {
    email
        .map(|e| {
            e.split([';', ','])
                .next()
                .unwrap_or("")
                .trim()
                .to_lowercase()
        })
        .filter(|e| !e.is_empty() && crate::domain::invitee::normalize_email(e).is_ok())
}

fn derived_email(login: &str, mail_domain: &str) -> Option<String> {
    if login.contains('@') {
        Some(login.to_string())
    } else if !mail_domain.is_empty() {
        Some(format!("{login}@{mail_domain}"))
    } else {
        None
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
        assert!(!i.mail_verified);
        let i =
            Identity::from_parts("bob", Some("Bob@X.org; b2@x.org"), Some("Bob B"), "").unwrap();
        assert_eq!(i.email, "bob@x.org");
        assert_eq!(i.name, "Bob B");
        assert_eq!(
            Identity::from_parts("  ", None, None, ""),
            Err(LoginError::Empty)
        );
        assert_eq!(
            Identity::from_parts("a b", None, None, ""),
            Err(LoginError::Invisible(' '))
        );
    }

    #[test]
    fn a_subject_key_keeps_the_issuer_and_the_case_of_the_subject() {
        assert_eq!(
            subject_key("https://op.example/realms/A", "AbC-123").unwrap(),
            "https://op.example/realms/A#AbC-123"
        );
        assert_ne!(
            subject_key("https://a.example", "x").unwrap(),
            subject_key("https://b.example", "x").unwrap()
        );
        assert!(subject_key("https://a.example", "x\u{202E}y").is_err());
        assert!(subject_key("https://a.example", " ").is_err());
        assert!(is_subject_key("https://a.example#x"));
        let nameless = Identity::keyed(
            "https://a.example#x".into(),
            Some("x@example.org".into()),
            None,
        );
        assert_eq!(nameless.name, "x@example.org");
        assert!(!is_subject_key("alice"));
    }
}
