//! `auth.mode = "header"`: a reverse proxy authenticates and passes the login in a header,
//! which is believed only when the request comes from one of `auth.trusted_proxies`.

use std::net::IpAddr;

use actix_web::http::header::HeaderMap;

use super::{Error, Identity};
use crate::config::AuthConfig;

pub fn is_trusted(config: &AuthConfig, peer: Option<IpAddr>) -> bool {
    peer.is_some_and(|ip| {
        let ip = canonical(ip);
        config.trusted_proxies.iter().any(|net| net.contains(&ip))
    })
}

/// IPv4 peers on a dual-stack socket show up as `::ffff:a.b.c.d`.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// Header values as UTF-8: Apache forwards non-ASCII names as raw UTF-8 bytes.
fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    if name.is_empty() {
        return None;
    }
    headers
        .get(name)
        .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && *v != "(null)")
}

/// Each identity header must come once: with two, which one the proxy set is anyone's guess.
fn refuse_repeated(config: &AuthConfig, headers: &HeaderMap) -> Result<(), Error> {
    for name in [&config.header, &config.mail_header, &config.name_header] {
        if !name.is_empty() && headers.get_all(name.as_str()).nth(1).is_some() {
            // The name only: the values may be what an attacker wants written to the log.
            tracing::warn!(header = %name, "identity header sent more than once; request refused");
            return Err(Error::RepeatedHeader(name.clone()));
        }
    }
    Ok(())
}

pub fn identity_from_headers(
    config: &AuthConfig,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
) -> Result<Identity, Error> {
    if !is_trusted(config, peer) {
        return Err(Error::UntrustedPeer);
    }
    refuse_repeated(config, headers)?;
    let login = header_text(headers, &config.header).ok_or(Error::MissingUser)?;
    let identity = Identity::from_parts(
        login,
        header_text(headers, &config.mail_header),
        header_text(headers, &config.name_header),
        &config.mail_domain,
    )?;
    // The proxy authenticated the person; the mail it passes, or `login@mail_domain` that
    // the operator declares to be everyone's address, is theirs.
    Ok(Identity {
        mail_verified: !identity.email.is_empty(),
        ..identity
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn config() -> AuthConfig {
        AuthConfig {
            mail_header: "X-Remote-Mail".into(),
            name_header: "X-Remote-Name".into(),
            trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
            ..AuthConfig::default()
        }
    }

    fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_bytes(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn the_header_counts_only_from_trusted_proxies() {
        let h = headers(&[("X-Remote-User", b"alice")]);
        let c = config();
        assert_eq!(
            identity_from_headers(&c, Some("192.168.1.5".parse().unwrap()), &h),
            Err(Error::UntrustedPeer)
        );
        assert_eq!(
            identity_from_headers(&c, None, &h),
            Err(Error::UntrustedPeer)
        );
        let id = identity_from_headers(&c, Some("10.1.2.3".parse().unwrap()), &h).unwrap();
        assert_eq!(id.login, "alice");
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert!(identity_from_headers(&c, Some(mapped), &h).is_ok());
    }

    #[test]
    fn utf8_names_from_apache_are_decoded() {
        let h = headers(&[
            ("X-Remote-User", b"carol"),
            ("X-Remote-Name", "Carol Céline".as_bytes()),
            ("X-Remote-Mail", b"carol@example.org"),
        ]);
        let id = identity_from_headers(&config(), Some("10.0.0.1".parse().unwrap()), &h).unwrap();
        assert_eq!(id.name, "Carol Céline");
        assert_eq!(id.email, "carol@example.org");
    }

    #[test]
    fn a_login_with_invisible_characters_is_refused_and_look_alikes_are_one_login() {
        let c = config();
        let peer = Some("10.0.0.1".parse().unwrap());
        let h = headers(&[("X-Remote-User", "ali\u{200B}ce".as_bytes())]);
        assert!(matches!(
            identity_from_headers(&c, peer, &h),
            Err(Error::InvalidUser(_))
        ));
        let h = headers(&[("X-Remote-User", "\u{212A}EVIN".as_bytes())]);
        assert_eq!(identity_from_headers(&c, peer, &h).unwrap().login, "kevin");
    }

    #[test]
    fn an_identity_header_sent_twice_is_refused() {
        for name in ["X-Remote-User", "X-Remote-Mail", "X-Remote-Name"] {
            let mut h = headers(&[("X-Remote-User", b"alice")]);
            let header = HeaderName::from_bytes(name.as_bytes()).unwrap();
            h.append(header.clone(), HeaderValue::from_static("mallory"));
            if name != "X-Remote-User" {
                h.append(header, HeaderValue::from_static("mallory"));
            }
            assert_eq!(
                identity_from_headers(&config(), Some("10.0.0.1".parse().unwrap()), &h),
                Err(Error::RepeatedHeader(name.into())),
                "{name}"
            );
        }
    }

    #[test]
    fn the_refusal_is_logged_with_the_header_name_and_not_its_values() {
        #[derive(Clone, Default)]
        struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
        impl std::io::Write for Log {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let log = Log::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let mut h = headers(&[("X-Remote-User", b"alice")]);
        h.append(
            HeaderName::from_static("x-remote-user"),
            HeaderValue::from_static("mallory"),
        );
        tracing::subscriber::with_default(subscriber, || {
            let _ = identity_from_headers(&config(), Some("10.0.0.1".parse().unwrap()), &h);
        });
        let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.contains("WARN") && text.contains("X-Remote-User"),
            "{text}"
        );
        assert!(
            !text.contains("mallory") && !text.contains("alice"),
            "{text}"
        );
    }

    #[test]
    fn a_trusted_request_without_the_header_is_refused() {
        let h = headers(&[]);
        assert_eq!(
            identity_from_headers(&config(), Some("10.0.0.1".parse().unwrap()), &h),
            Err(Error::MissingUser)
        );
    }
}
