//! `/webhooks`: the organiser's outgoing webhook endpoints as a page, on the same use cases
//! as `/api/v1/webhooks` (see [`super::webhooks::subscribe`]). The secret is in the answer
//! to the creation only, never in a later page or a cookie.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::AppState;
use super::booking::FieldMessages;
use super::error::{Error, Missing};
use super::extract::{Organiser, parse_id};
use super::lang::Lang;
use super::render::{CsrfForm, Layout, page, require_csrf, see_other};
use crate::auth::Identity;
use crate::domain::FieldError;
use crate::domain::webhook::EVENT_TYPES;
use crate::i18n::Tr;
use crate::service::webhooks as service;
use crate::store::webhooks::Subscription;

/// What the creation form posted; `events` repeats, one per ticked box.
#[derive(Debug, Default)]
struct CreateForm {
    csrf: String,
    url: String,
    events: Vec<String>,
}

impl CreateForm {
    /// Parsed by hand from the pairs because serde's urlencoded reader cannot collect a
    /// repeated key into a list.
    fn parse(body: &[u8]) -> Self {
        let mut form = CreateForm::default();
        for (key, value) in url::form_urlencoded::parse(body) {
            match key.as_ref() {
                "csrf" => form.csrf = value.into_owned(),
                "url" => form.url = value.into_owned(),
                "events" => form.events.push(value.into_owned()),
                _ => {}
            }
        }
        form
    }
}

/// One ticked or unticked event box.
pub struct EventBox {
    pub value: &'static str,
    pub checked: bool,
}

pub struct Row {
    pub id: i64,
    pub url: String,
    pub events: String,
}

#[derive(Template)]
#[template(path = "pages/webhooks.html")]
struct WebhooksPage {
    layout: Layout,
    rows: Vec<Row>,
    url: String,
    boxes: Vec<EventBox>,
    errors: FieldMessages,
    /// Just made: its address and secret, shown this once.
    created: Option<(String, String)>,
    /// The endpoint whose deletion is being confirmed.
    confirm: Option<Row>,
    deleted: bool,
}

fn row(s: &Subscription) -> Row {
    Row {
        id: s.id,
        url: s.url.clone(),
        events: s.events.types().join(", "),
    }
}

fn boxes(checked: &[String]) -> Vec<EventBox> {
    std::iter::once("*")
        .chain(EVENT_TYPES.iter().copied())
        .map(|value| EventBox {
            value,
            checked: checked.iter().any(|c| c == value),
        })
        .collect()
}

/// What the page shows besides the list and the form's state.
#[derive(Default)]
struct Extra {
    created: Option<(String, String)>,
    confirm: Option<i64>,
    deleted: bool,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    req: &HttpRequest,
    t: Tr,
    who: Identity,
    status: StatusCode,
    form: &CreateForm,
    errors: &[FieldError],
    extra: Extra,
) -> Result<HttpResponse, Error> {
    let login = who.login.clone();
    let subs = state.db.run(move |c| service::list(c, &login)).await?;
    let confirm = match extra.confirm {
        Some(id) => Some(
            subs.iter()
                .find(|s| s.id == id)
                .map(row)
                .ok_or(Error::NotFound(Missing::Page))?,
        ),
        None => None,
    };
    page(
        state,
        status,
        &WebhooksPage {
            layout: Layout::new(state, req, t, Some(who), &t.get("nav-webhooks")),
            rows: subs.iter().map(row).collect(),
            url: form.url.clone(),
            boxes: boxes(&form.events),
            errors: FieldMessages::new(t, errors),
            created: extra.created,
            confirm,
            deleted: extra.deleted,
        },
    )
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DeletedQuery {
    pub deleted: String,
}

pub async fn show_webhooks(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    query: web::Query<DeletedQuery>,
) -> Result<HttpResponse, Error> {
    let extra = Extra {
        deleted: !query.deleted.is_empty(),
        ..Extra::default()
    };
    let form = CreateForm::default();
    render(&state, &req, t, who, StatusCode::OK, &form, &[], extra).await
}

/// Answers with the page itself (not a redirect), so that the secret is in this answer only.
pub async fn create_webhook_page(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let form = CreateForm::parse(&body);
    require_csrf(&session, &form.csrf)?;
    match super::webhooks::subscribe(&state, who.login.clone(), &form.url, &form.events).await {
        Ok(created) => {
            let extra = Extra {
                created: Some((created.url.clone(), created.secret.clone())),
                ..Extra::default()
            };
            let empty = CreateForm::default();
            render(
                &state,
                &req,
                t,
                who,
                StatusCode::CREATED,
                &empty,
                &[],
                extra,
            )
            .await
        }
        Err(Error::Invalid(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(
                &state,
                &req,
                t,
                who,
                status,
                &form,
                &errors,
                Extra::default(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The confirmation before a deletion (GET changes nothing).
pub async fn confirm_delete_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let extra = Extra {
        confirm: Some(parse_id(&path)?),
        ..Extra::default()
    };
    let form = CreateForm::default();
    render(&state, &req, t, who, StatusCode::OK, &form, &[], extra).await
}

pub async fn delete_webhook_page(
    state: web::Data<AppState>,
    session: Session,
    Organiser(who): Organiser,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    require_csrf(&session, &form.csrf)?;
    state
        .db
        .run(move |c| service::unsubscribe(c, &who.login, id))
        .await?;
    Ok(see_other("/webhooks?deleted=1"))
}
