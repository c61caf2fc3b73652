//! `auth.mode = "oidc"`: jmb's own OpenID Connect login, the authorization-code flow with PKCE,
//! `state` and `nonce` (openidconnect crate). Discovery from `auth.oidc.issuer_url` happens on
//! the first login and is remembered for an hour, so jmb starts even while the provider is down.
//! The login, mail and name come from configurable claims of the ID token, completed from the
//! userinfo endpoint when the token lacks them.

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IdTokenFields,
    IssuerUrl, LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, RequestTokenError, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use subtle::ConstantTimeEq;

use super::Identity;
use super::identity::{clean_email, normalize_login, subject_key};
use crate::clock::SharedClock;
use crate::config::OidcConfig;

/// A login not finished within this time is refused (the user can simply start again).
const PENDING_LIFETIME_MIN: i64 = 15;

/// Discovery (endpoints, signing keys) is fetched again after this long.
const DISCOVERY_LIFETIME_MIN: i64 = 60;

const HTTP_TIMEOUT: StdDuration = StdDuration::from_secs(10);

/// Every claim, so that `login_claim` and friends can name any of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AllClaims(HashMap<String, Value>);

impl AdditionalClaims for AllClaims {}

type Token =
    IdToken<AllClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;
type Tokens = StandardTokenResponse<
    IdTokenFields<
        AllClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;
type Client = openidconnect::Client<
    AllClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a login did not complete; every case is shown to the user, none is a 500.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the login provider cannot be reached: {0}")]
    Unreachable(String),
    #[error("the login provider's configuration is not acceptable: {0}")]
    Discovery(String),
    #[error("the login provider refused: {error}{}", .description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused {
        error: String,
        description: Option<String>,
    },
    #[error("no login was started in this browser, or it was already completed")]
    NoPendingLogin,
    #[error("the login was started too long ago")]
    Expired,
    #[error("the answer does not belong to the login this browser started (state mismatch)")]
    StateMismatch,
    #[error("the answer comes from another issuer: {0}")]
    WrongIssuer(String),
    #[error("the answer carries no authorization code")]
    MissingCode,
    #[error("the provider did not accept the authorization code: {0}")]
    CodeRefused(String),
    #[error("the ID token is not valid: {0}")]
    InvalidIdToken(String),
    #[error("the provider did not send a usable `{0}` claim")]
    MissingClaim(String),
}

impl Error {
    /// The provider (or the way to it) is at fault, not the request.
    pub fn is_upstream(&self) -> bool {
        matches!(self, Error::Unreachable(_) | Error::Discovery(_))
    }

    pub fn is_refusal(&self) -> bool {
        matches!(self, Error::Refused { .. })
    }
}

/// What the browser keeps (in the encrypted session cookie) between `/login` and the callback.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    state: String,
    nonce: String,
    pkce_verifier: String,
    pub next: String,
    started_at: i64,
}

/// The query string of the provider's redirect back to jmb.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// RFC 9207: the issuer of this answer, which defeats mix-up attacks.
    pub iss: Option<String>,
}

pub struct LoggedIn {
    pub identity: Identity,
    /// Kept for the `id_token_hint` of the provider's logout.
    pub id_token: String,
}

struct Discovered {
    metadata: ProviderMetadataWithLogout,
    fetched_at: DateTime<Utc>,
}

pub struct OidcLogin {
    config: OidcConfig,
    redirect_url: RedirectUrl,
    post_logout_url: Option<PostLogoutRedirectUrl>,
    mail_domain: String,
    http: reqwest::Client,
    clock: SharedClock,
    discovered: tokio::sync::RwLock<Option<Discovered>>,
}

impl OidcLogin {
    /// `redirect_url`: jmb's callback; `home_url`: where the provider's logout sends people.
    pub fn new(
        config: &OidcConfig,
        redirect_url: &str,
        home_url: &str,
        mail_domain: &str,
        clock: SharedClock,
    ) -> Result<Self, Error> {
        let redirect_url = RedirectUrl::new(redirect_url.to_string())
            .map_err(|e| Error::Discovery(format!("server.public_url: {e}")))?;
        let extra_ca = if config.ca_file.as_os_str().is_empty() {
            Vec::new()
        } else {
            std::fs::read(&config.ca_file).map_err(|e| {
                Error::Discovery(format!(
                    "auth.oidc.ca_file: cannot read {}: {e}",
                    config.ca_file.display()
                ))
            })?
        };
        // The system's roots (as for SMTP), so a CA installed system-wide works too.
        let tls = crate::tls::client_config(&extra_ca)
            .map_err(|e| Error::Discovery(format!("auth.oidc.ca_file: {e}")))?;
        // Following redirects would let a provider point jmb at internal addresses.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(HTTP_TIMEOUT)
            .use_preconfigured_tls(tls)
            .build()
            .map_err(|e| Error::Unreachable(e.to_string()))?;
        Ok(Self {
            config: config.clone(),
            redirect_url,
            post_logout_url: PostLogoutRedirectUrl::new(home_url.to_string()).ok(),
            mail_domain: mail_domain.to_string(),
            http,
            clock,
            discovered: tokio::sync::RwLock::new(None),
        })
    }

    async fn metadata(&self) -> Result<ProviderMetadataWithLogout, Error> {
        let now = self.clock.now();
        if let Some(d) = self.discovered.read().await.as_ref()
            && now - d.fetched_at < Duration::minutes(DISCOVERY_LIFETIME_MIN)
        {
            return Ok(d.metadata.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer_url.clone())
            .map_err(|e| Error::Discovery(format!("auth.oidc.issuer_url: {e}")))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| match e {
                openidconnect::DiscoveryError::Request(e) => Error::Unreachable(e.to_string()),
                other => Error::Discovery(error_chain(&other)),
            })?;
        *self.discovered.write().await = Some(Discovered {
            metadata: metadata.clone(),
            fetched_at: now,
        });
        Ok(metadata)
    }

    fn client(&self, metadata: ProviderMetadataWithLogout) -> Client {
        let secret = (!self.config.client_secret.is_empty())
            .then(|| ClientSecret::new(self.config.client_secret.expose().to_string()));
        Client::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            secret,
        )
        .set_redirect_uri(self.redirect_url.clone())
    }

    /// The provider's authorization URL, and what the browser must keep until it comes back.
    pub async fn start(&self, next: &str) -> Result<(String, Pending), Error> {
        let client = self.client(self.metadata().await?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.config.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok((
            url.to_string(),
            Pending {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
                next: next.to_string(),
                started_at: self.clock.now().timestamp(),
            },
        ))
    }

    /// Checks the provider's answer against the login this browser started and redeems the code.
    pub async fn finish(
        &self,
        pending: Option<Pending>,
        answer: Callback,
    ) -> Result<LoggedIn, Error> {
        let pending = pending.ok_or(Error::NoPendingLogin)?;
        let given = answer.state.as_deref().unwrap_or("");
        if !bool::from(given.as_bytes().ct_eq(pending.state.as_bytes())) {
            return Err(Error::StateMismatch);
        }
        if self.clock.now().timestamp() - pending.started_at > PENDING_LIFETIME_MIN * 60 {
            return Err(Error::Expired);
        }
        let metadata = self.metadata().await?;
        if let Some(iss) = &answer.iss
            && iss != metadata.issuer().as_str()
        {
            return Err(Error::WrongIssuer(iss.chars().take(200).collect()));
        }
        if let Some(error) = answer.error {
            return Err(Error::Refused {
                error: error.chars().take(100).collect(),
                description: answer
                    .error_description
                    .map(|d| d.chars().take(300).collect()),
            });
        }
        let code = answer
            .code
            .filter(|c| !c.is_empty())
            .ok_or(Error::MissingCode)?;
        let client = self.client(metadata);
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| Error::Discovery(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(r) => Error::CodeRefused(r.to_string()),
                RequestTokenError::Request(e) => Error::Unreachable(e.to_string()),
                other => Error::CodeRefused(error_chain(&other)),
            })?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| Error::InvalidIdToken("the token response has none".into()))?;
        // The token's own expiry is checked against the wall clock the provider lives by.
        let verifier = client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(pending.nonce))
            .map_err(|e| Error::InvalidIdToken(error_chain(&e)))?;
        if let Some(expected) = claims.access_token_hash() {
            let actual = id_token
                .signing_alg()
                .and_then(|alg| Ok((alg, id_token.signing_key(&verifier)?)))
                .map_err(|e| Error::InvalidIdToken(e.to_string()))
                .and_then(|(alg, key)| {
                    AccessTokenHash::from_token(tokens.access_token(), alg, key)
                        .map_err(|e| Error::InvalidIdToken(e.to_string()))
                })?;
            if actual != *expected {
                return Err(Error::InvalidIdToken("at_hash does not match".into()));
            }
        }
        let mut bag = claim_map(claims);
        let wanted = [
            &self.config.login_claim,
            &self.config.mail_claim,
            &self.config.name_claim,
        ];
        if (wanted.iter().any(|c| claim_text(&bag, c).is_none())
            || !bag.contains_key(EMAIL_VERIFIED))
            && let Ok(request) = client.user_info(
                tokens.access_token().clone(),
                Some(claims.subject().clone()),
            )
        {
            match request
                .request_async::<AllClaims, _, CoreGenderClaim>(&self.http)
                .await
            {
                Ok(info) => {
                    for (k, v) in claim_map(&info) {
                        bag.entry(k).or_insert(v);
                    }
                }
                Err(e) => tracing::warn!(error = %error_chain(&e), "OIDC userinfo failed"),
            }
        }
        let identity = identity_from_claims(
            &self.config,
            claims.issuer().as_str(),
            &bag,
            &self.mail_domain,
        )?;
        Ok(LoggedIn {
            identity,
            id_token: id_token.to_string(),
        })
    }

    /// The provider's end-session URL, when it has one: logging out of jmb alone would
    /// leave the provider's session to log the next person at this browser straight back in.
    pub async fn logout_url(&self, id_token: Option<&str>) -> Option<String> {
        let metadata = self.metadata().await.ok()?;
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.config.client_id.clone()));
        if let Some(url) = &self.post_logout_url {
            request = request.set_post_logout_redirect_uri(url.clone());
        }
        if let Some(token) = id_token.and_then(|t| t.parse::<Token>().ok()) {
            request = request.set_id_token_hint(&token);
        }
        Some(request.http_get_url().to_string())
    }
}

const EMAIL_VERIFIED: &str = "email_verified";

/// Who the claims say this is. The key is `{issuer}#{sub}` for `login_claim = "sub"`, else
/// the normalised claim; the mail counts only if the provider vouches for it.
fn identity_from_claims(
    config: &OidcConfig,
    issuer: &str,
    bag: &HashMap<String, Value>,
    mail_domain: &str,
) -> Result<Identity, Error> {
    let missing = || Error::MissingClaim(config.login_claim.clone());
    let login = claim_text(bag, &config.login_claim).ok_or_else(missing)?;
    // A mail the person could type in at the provider is not theirs until it says so: an
    // unverified one would show them another person's invitations and could take over
    // meetings imported under that address.
    let mail = is_true(bag.get(EMAIL_VERIFIED))
        .then(|| clean_email(claim_text(bag, &config.mail_claim).as_deref()))
        .flatten();
    let name = claim_text(bag, &config.name_claim);
    let mut identity = if config.login_claim == "sub" {
        let key = subject_key(issuer, &login).map_err(|_| missing())?;
        Identity::keyed(key, mail.clone(), name.as_deref())
    } else {
        Identity::from_parts(&login, mail.as_deref(), name.as_deref(), mail_domain)
            .map_err(|_| missing())?
    };
    identity.mail_verified = mail.is_some();
    if !config.former_login_claim.is_empty() && config.former_login_claim != config.login_claim {
        identity.former_login = claim_text(bag, &config.former_login_claim)
            .and_then(|l| normalize_login(&l).ok())
            .filter(|l| *l != identity.login);
    }
    Ok(identity)
}

/// `email_verified` is a JSON boolean; some providers (Cognito, older ADFS) send a string.
fn is_true(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// Standard and other claims alike, by their JSON names: the openidconnect types keep the
/// standard ones apart from the rest.
fn claim_map(claims: &impl Serialize) -> HashMap<String, Value> {
    match serde_json::to_value(claims) {
        Ok(Value::Object(map)) => map.into_iter().collect(),
        _ => HashMap::new(),
    }
}

/// A claim as one line of text; numbers count too (some providers send numeric user ids).
fn claim_text(claims: &HashMap<String, Value>, name: &str) -> Option<String> {
    match claims.get(name)? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// The error and its causes on one line: the openidconnect errors keep the useful part in
/// their sources.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_read_as_text_whatever_their_json_type() {
        let claims: HashMap<String, Value> = serde_json::from_str(
            r#"{"preferred_username":" alice ","uid":42,"email":"","groups":["a"]}"#,
        )
        .unwrap();
        assert_eq!(
            claim_text(&claims, "preferred_username").as_deref(),
            Some("alice")
        );
        assert_eq!(claim_text(&claims, "uid").as_deref(), Some("42"));
        assert_eq!(claim_text(&claims, "email"), None);
        assert_eq!(claim_text(&claims, "groups"), None);
        assert_eq!(claim_text(&claims, "missing"), None);
    }

    fn bag(json: &str) -> HashMap<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn people_are_keyed_by_issuer_and_subject_and_an_unverified_mail_is_dropped() {
        let config = OidcConfig::default();
        let claims = bag(
            r#"{"sub":"Ab12","preferred_username":"Alice","email":"alice@example.org",
                "email_verified":false,"name":"Alice A"}"#,
        );
        let id =
            identity_from_claims(&config, "https://op.example", &claims, "example.org").unwrap();
        assert_eq!(id.login, "https://op.example#Ab12");
        assert_eq!(id.email, "");
        assert!(!id.mail_verified);
        assert_eq!(id.name, "Alice A");
        assert_eq!(id.former_login.as_deref(), Some("alice"));

        let claims = bag(r#"{"sub":"Ab12","email":"Alice@Example.org","email_verified":"true"}"#);
        let id = identity_from_claims(&config, "https://op.example", &claims, "").unwrap();
        assert_eq!(id.email, "alice@example.org");
        assert!(id.mail_verified);
        assert_eq!(id.former_login, None);

        // No email_verified at all is not a yes.
        let claims = bag(r#"{"sub":"Ab12","email":"alice@example.org"}"#);
        let id = identity_from_claims(&config, "https://op.example", &claims, "").unwrap();
        assert!(!id.mail_verified);
        assert_eq!(id.email, "");
    }

    #[test]
    fn an_authoritative_username_claim_is_normalised_like_any_login() {
        let config = OidcConfig {
            login_claim: "preferred_username".into(),
            ..OidcConfig::default()
        };
        let claims = bag(r#"{"sub":"1","preferred_username":"\u212Aim","email_verified":true}"#);
        let id =
            identity_from_claims(&config, "https://op.example", &claims, "example.org").unwrap();
        assert_eq!(id.login, "kim");
        // The mail was not verified for lack of one: derived, not vouched for.
        assert_eq!(id.email, "kim@example.org");
        assert!(!id.mail_verified);
        assert_eq!(id.former_login, None);
        let claims = bag(r#"{"sub":"1","preferred_username":"ki\u200Bm"}"#);
        assert!(matches!(
            identity_from_claims(&config, "https://op.example", &claims, ""),
            Err(Error::MissingClaim(_))
        ));
    }

    #[test]
    fn every_claim_of_a_token_is_kept_beside_the_standard_ones() {
        let claims: openidconnect::IdTokenClaims<AllClaims, CoreGenderClaim> =
            serde_json::from_str(
                r#"{"iss":"https://op.example","aud":"jmb","exp":2000000000,"iat":1,
                    "sub":"s1","email":"a@example.org","upn":"alice@corp"}"#,
            )
            .unwrap();
        let bag = claim_map(&claims);
        assert_eq!(claim_text(&bag, "upn").as_deref(), Some("alice@corp"));
        assert_eq!(claim_text(&bag, "email").as_deref(), Some("a@example.org"));
        assert_eq!(claim_text(&bag, "sub").as_deref(), Some("s1"));
    }
}
