//! The language switch on every page: a POST (with the form token) that remembers the
//! language in the session, records it as the person's for their mails, and returns to the
//! page it came from, only ever a path of this site.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::error::Error;
use super::lang::{Lang, SESSION_LANGUAGE};
use super::render::{require_csrf, see_other};
use crate::i18n::Language;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SwitchForm {
    pub csrf: String,
    pub lang: String,
    /// The path of the page the switch was on.
    pub back: String,
}

/// `POST /lang`: remembers the language in the session and returns to the page (only
/// ever a path of this site). An organiser's or invitee's choice is also what their mails
/// will be written in.
pub async fn switch_language(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    Lang(t): Lang,
    form: web::Form<SwitchForm>,
) -> Result<HttpResponse, Error> {
    require_csrf(&session, &form.csrf)?;
    let lang = Language::from_tag(&form.lang).ok_or_else(|| Error::BadRequest {
        field: Some("lang".into()),
        message: t.arg("error-unknown-language", "lang", &form.lang),
    })?;
    session
        .insert(SESSION_LANGUAGE, lang.tag())
        .map_err(|e| Error::Internal(e.to_string()))?;
    let back = local_path(&form.back).to_string();
    // Mails follow the choice: a person logged in, or the invitee whose page this is.
    let who = match super::extract::identify_if_any(&req).await {
        // The address mails go to: the directory's, when there is one.
        Ok(Some(w)) => Some(state.directory.resolve(w).await.identity.email),
        _ => None,
    };
    let link = back
        .strip_prefix("/invitation/")
        .map(|rest| rest.split(['?', '/', '#']).next().unwrap_or("").to_string())
        .filter(|h| crate::domain::hash::is_well_formed(h));
    let now = state.now();
    state
        .db
        .run(move |c| {
            if let Some(email) = who {
                crate::service::languages::chosen(c, &email, lang, now)?;
            }
            if let Some(link) = link {
                crate::service::languages::chosen_by_link(c, &link, lang, now)?;
            }
            Ok::<_, crate::service::Error>(())
        })
        .await?;
    Ok(see_other(&back))
}

/// `back` when it is a path of this site, else the home page: never another origin
/// (`//host`, `/\host`, a scheme).
fn local_path(back: &str) -> &str {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.starts_with("/\\")
        && !back.chars().any(|c| c.is_control() || c == '\\');
    if local { back } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn the_switch_returns_only_to_paths_of_this_site() {
        assert_eq!(local_path("/booking/3"), "/booking/3");
        assert_eq!(
            local_path("/invitation/abc?answer=accept"),
            "/invitation/abc?answer=accept"
        );
        for outside in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "",
            "booking",
            "/a\r\nb",
        ] {
            assert_eq!(local_path(outside), "/", "{outside:?}");
        }
    }
}
