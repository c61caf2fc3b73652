//! Calendar files: `/meeting/{hash}.ics`, one meeting for an invitee, and `/ical/{hash}.ics`,
//! a person's feed; both plain calendars (no METHOD, so they may list attendees with their
//! answers). `/ical` shows the feed's address.

use actix_session::Session;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::AppState;
use super::error::{Error, Missing};
use super::extract::{Organiser, PersonalLink};
use super::lang::Lang;
use super::render::CsrfForm;
use super::render::{Layout, ok, require_csrf, see_other};
use crate::domain::notice::Audience;
use crate::i18n::Tr;
use crate::ical::feed::http_date;
use crate::ical::series::series_calendar_of;
use crate::ical::{EventFields, IcsWriter, begin_calendar, end_calendar, write_vevent};
use crate::service::{self, feeds, invitations};
use crate::store::feeds::FeedOwner;

pub const CALENDAR_TYPE: &str = "text/calendar; charset=utf-8";

pub async fn download_meeting(
    state: web::Data<AppState>,
    PersonalLink(link): PersonalLink,
) -> Result<HttpResponse, Error> {
    let l = link.clone();
    let ((me, meeting, invitees), series, answered) = state
        .db
        .run(move |c| {
            let found = invitations::fetch(c, &l)?;
            let series = crate::store::series::fetch_series(c, found.1.id)?;
            let answered = match series {
                Some(_) => crate::store::series::occurrence_answers(c, found.1.id)?,
                None => Vec::new(),
            };
            Ok::<_, service::Error>((found, series, answered))
        })
        .await
        .map_err(|e| match e {
            service::Error::NotFound => Error::NotFound(Missing::Link),
            other => other.into(),
        })?;
    let url = state.urls.join(&link);
    // Participants see themselves, not everyone's address (as in their invitation).
    let invitees = if Audience::of_role(me.role).sees_all_invitees() {
        invitees
    } else {
        vec![me]
    };
    let event = EventFields::of(
        &meeting,
        &url,
        state.composer.envelope_from().as_ref(),
        meeting.updated_at,
        false,
    );
    let ics = match &series {
        Some(series) => series_calendar_of(None, &event, series, &invitees, &answered),
        None => {
            let mut w = IcsWriter::default();
            begin_calendar(&mut w, None);
            write_vevent(&mut w, &event, &invitees);
            end_calendar(&mut w);
            w.finish()
        }
    };
    Ok(HttpResponse::Ok()
        .content_type(CALENDAR_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"meeting.ics\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(ics))
}

#[derive(Template)]
#[template(path = "pages/feed.html")]
struct FeedPage {
    layout: Layout,
    feed_url: String,
    webcal_url: String,
    rotated: bool,
}

/// `?rotated=1`: a page that just replaced a secret link says so.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RotatedQuery {
    pub rotated: String,
}

/// `/ical`: the organiser's feed address (made on first visit) and a way to replace it.
pub async fn show_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    query: web::Query<RotatedQuery>,
) -> Result<HttpResponse, Error> {
    let now = state.now();
    let q = who.clone();
    let feed_hash = state
        .db
        .run(move |c| feeds::ensure_feed(c, &q, now))
        .await?;
    let feed_url = state.urls.feed(&feed_hash);
    let webcal_url =
        feed_url
            .replacen("https://", "webcal://", 1)
            .replacen("http://", "webcal://", 1);
    ok(
        &state,
        &FeedPage {
            layout: Layout::new(&state, &req, t, Some(who), &t.get("nav-calendar-feed")),
            feed_url,
            webcal_url,
            rotated: !query.rotated.is_empty(),
        },
    )
}

pub async fn rotate_feed(
    state: web::Data<AppState>,
    session: Session,
    Organiser(who): Organiser,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, Error> {
    require_csrf(&session, &form.csrf)?;
    let now = state.now();
    state
        .db
        .run(move |c| feeds::rotate_feed(c, &who, now))
        .await?;
    Ok(see_other("/ical?rotated=1"))
}

/// What a feed request needs to decide between 304 and a body.
struct FeedVersion {
    owner: FeedOwner,
    etag: String,
    changed: Option<DateTime<Utc>>,
}

/// `/ical/{hash}.ics`: the personal feed. Calendar clients poll it every few minutes, so an
/// unchanged feed is answered 304 after two key lookups, without being built.
pub async fn serve_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    PersonalLink(feed_hash): PersonalLink,
) -> Result<HttpResponse, Error> {
    let (owner, n, changed) =
        feeds::feed_version(&state.db, &feed_hash, &state.config.auth.mail_domain)
            .await?
            .ok_or(Error::NotFound(Missing::Link))?;
    let version = FeedVersion {
        etag: feed_etag(&state.feed_fingerprint, &owner, n),
        owner,
        changed,
    };
    let last_modified = version.changed.map(http_date);
    let headers = |mut r: actix_web::HttpResponseBuilder| {
        r.insert_header((header::ETAG, version.etag.clone()))
            .insert_header((header::CACHE_CONTROL, "private, no-cache"));
        if let Some(lm) = &last_modified {
            r.insert_header((header::LAST_MODIFIED, lm.clone()));
        }
        r
    };
    if not_modified(&req, &version.etag, version.changed) {
        return Ok(headers(HttpResponse::NotModified()).finish());
    }
    let full = |r| {
        let mut r = headers(r);
        r.content_type(CALENDAR_TYPE).insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"meetings.ics\"",
        ));
        r
    };
    if super::head::is_head(&req) {
        // The GET's headers without building its body; no Content-Length, as its value
        // would have to be the body's (RFC 9110 §8.6).
        return Ok(full(HttpResponse::Ok()).body(actix_web::body::None::new()));
    }
    let now = state.now();
    // Calendar programs send no language of their own: the owner's, else the server's.
    let email = version.owner.email.clone();
    let t = state
        .db
        .run(move |c| crate::service::languages::known(c, &email))
        .await?
        .map_or(state.texts, Tr::new);
    let shown = if crate::auth::identity::is_subject_key(&version.owner.login)
        && !version.owner.email.is_empty()
    {
        &version.owner.email
    } else {
        &version.owner.login
    };
    let name = t.arg("feed-name", "name", shown);
    let description = t.with(
        "feed-description",
        &[
            ("app", t.get("app-name").into()),
            ("url", state.urls.base().into()),
        ],
    );
    let st = state.clone();
    let owner = version.owner.clone();
    let body = state
        .db
        .run(move |c| {
            feeds::render_feed(
                c,
                &owner,
                now,
                &feeds::FeedLook {
                    name: &name,
                    description: &description,
                },
                &st.feed_cache,
            )
        })
        .await?;
    Ok(full(HttpResponse::Ok()).body(body))
}

/// Changes with the feed's content: its version, and what the output depends on besides
/// the database (the owner's address, the public URL and language).
fn feed_etag(fingerprint: &str, owner: &FeedOwner, version: i64) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{fingerprint}\n{}\n{}", owner.login, owner.email));
    let short: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{version}-{short}\"")
}

/// RFC 9110 §13.1: If-None-Match wins over If-Modified-Since.
fn not_modified(req: &HttpRequest, etag: &str, changed: Option<DateTime<Utc>>) -> bool {
    if let Some(inm) = req.headers().get(header::IF_NONE_MATCH) {
        let Ok(inm) = inm.to_str() else {
            return false;
        };
        return inm
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag);
    }
    let (Some(ims), Some(changed)) = (req.headers().get(header::IF_MODIFIED_SINCE), changed) else {
        return false;
    };
    ims.to_str()
        .ok()
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
        .is_some_and(|ims| changed.timestamp() <= ims.timestamp())
}
