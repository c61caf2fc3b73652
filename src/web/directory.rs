//! Invitee lookup in the directory (LDAP) for the booking form (`static/invitee-lookup.js`
//! turns it into autocompletion).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::error::Error;
use super::extract::Editor;
use super::lang::Lang;

/// Longest search text accepted; names and mail prefixes are far shorter.
const MAX_QUERY_CHARS: usize = 100;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LookupQuery {
    pub q: String,
}

/// `GET /api/v1/directory?q=…`: up to 10 people whose name or mail starts with `q`.
pub async fn search_people(
    state: web::Data<AppState>,
    _: Editor,
    Lang(t): Lang,
    query: web::Query<LookupQuery>,
) -> Result<HttpResponse, Error> {
    let q = query.q.trim();
    // Control characters are refused, not escaped: slapd cuts an assertion at an escaped
    // NUL (`\00`), so `(cn=\00*)` would match everyone.
    if q.is_empty() || q.chars().count() > MAX_QUERY_CHARS || q.chars().any(char::is_control) {
        return Err(Error::BadRequest {
            field: Some("q".into()),
            message: t.with("error-directory-query", &[("max", MAX_QUERY_CHARS.into())]),
        });
    }
    let people = state
        .directory
        .search(q)
        .await
        .map_err(|_| Error::DirectoryUnavailable)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(people))
}
