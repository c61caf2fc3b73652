//! `/metrics` in Prometheus text format: database counts read at scrape time, and HTTP
//! requests counted by a middleware. Routes are labelled by their pattern
//! (`/booking/{id}`), never by the raw path, so hashes never become label values.

use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::prometheus_text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::AppState;
use super::error::{Denied, Error};
use crate::domain::stats::{Stats, local_day};
use crate::store::stats;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: String,
}

type DurationFamily = Family<RouteLabel, Histogram, fn() -> Histogram>;

/// Request counters and latencies, shared by all workers.
#[derive(Clone, Debug)]
pub struct HttpMetrics {
    requests: Family<RequestLabels, Counter>,
    duration: DurationFamily,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to ~4 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 14))
}

impl Default for HttpMetrics {
    fn default() -> Self {
        Self {
            requests: Family::default(),
            duration: Family::new_with_constructor(latency_histogram),
        }
    }
}

/// Label for requests no route matched: the path could be anything.
const UNMATCHED: &str = "unmatched";

fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

impl HttpMetrics {
    pub fn observe(&self, route: &str, method: &Method, status: StatusCode, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                method: method_label(method).to_string(),
                status: status.as_u16(),
            })
            .inc();
        self.duration
            .get_or_create(&RouteLabel {
                route: route.to_string(),
            })
            .observe(took.as_secs_f64());
    }
}

/// The matched route's pattern; personal links are served by a scope's default service,
/// which has none.
fn route_label(req: &HttpRequest) -> Option<String> {
    req.match_pattern().or_else(|| {
        req.path()
            .strip_prefix(super::JOIN_SCOPE)
            .filter(|rest| rest.starts_with('/'))
            .map(|_| super::JOIN_ROUTE_LABEL.to_string())
    })
}

/// The middleware: times every request and records it under its route pattern.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await;
    if let Some(state) = state {
        let (route, status) = match &res {
            Ok(r) => (route_label(r.request()), r.status()),
            Err(e) => (None, e.as_response_error().status_code()),
        };
        state.http_metrics.observe(
            route.as_deref().unwrap_or(UNMATCHED),
            &method,
            status,
            started.elapsed(),
        );
    }
    res
}

fn gauge(value: i64) -> Gauge {
    let g = Gauge::default();
    g.set(value);
    g
}

fn family<L: EncodeLabelSet + Clone + std::hash::Hash + Eq + std::fmt::Debug + Send + Sync>(
    values: impl IntoIterator<Item = (L, i64)>,
) -> Family<L, Gauge> {
    let f = Family::<L, Gauge>::default();
    for (labels, v) in values {
        f.get_or_create(&labels).set(v);
    }
    f
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PartstatLabel {
    partstat: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: String,
}

fn registry(s: &Stats, http: &HttpMetrics, feed_cache_bytes: usize) -> Registry {
    let mut r = Registry::default();
    r.register(
        "jmb_meetings",
        "Meetings by status",
        family(s.meetings().map(|(st, n)| {
            (
                StatusLabel {
                    status: st.as_str().into(),
                },
                n,
            )
        })),
    );
    r.register(
        "jmb_meetings_today",
        "Meetings starting today in the configured time zone, cancelled ones aside",
        gauge(s.meetings_today),
    );
    r.register(
        "jmb_meetings_upcoming",
        "Scheduled meetings that have not started yet",
        gauge(s.meetings_upcoming),
    );
    r.register(
        "jmb_invitees",
        "Invitees by answer",
        family(s.invitees().map(|(p, n)| {
            (
                PartstatLabel {
                    partstat: p.as_str().into(),
                },
                n,
            )
        })),
    );
    r.register(
        "jmb_participants_in_rooms",
        "People in meeting rooms now, as Prosody reports them",
        gauge(s.participants_in_rooms),
    );
    r.register(
        "jmb_rooms_in_progress",
        "Meeting rooms in progress, as Prosody reports them",
        gauge(s.rooms_in_progress),
    );
    r.register(
        "jmb_outbox_mails",
        "Mails in the outbox by status",
        family(
            [
                ("queued", s.outbox_queued),
                ("sent", s.outbox_sent),
                ("failed", s.outbox_failed),
            ]
            .map(|(st, n)| (StatusLabel { status: st.into() }, n)),
        ),
    );
    r.register(
        "jmb_reminders",
        "Reminders by state",
        family(
            [("pending", s.reminders_pending), ("sent", s.reminders_sent)]
                .map(|(st, n)| (StateLabel { state: st.into() }, n)),
        ),
    );
    r.register(
        "jmb_reminders_due",
        "Pending reminders whose time has come; more than a few means no scheduler runs",
        gauge(s.reminders_due),
    );
    r.register(
        "jmb_database_bytes",
        "Size of the database file, its write-ahead log aside",
        gauge(s.database_bytes),
    );
    r.register(
        "jmb_feed_cache_bytes",
        "Rendered feed entries this node keeps in memory (at most 256 MiB)",
        gauge(i64::try_from(feed_cache_bytes).unwrap_or(i64::MAX)),
    );
    r.register(
        "jmb_http_requests",
        "HTTP requests by route pattern, method and status",
        http.requests.clone(),
    );
    r.register(
        "jmb_http_request_duration_seconds",
        "HTTP request latency by route pattern",
        http.duration.clone(),
    );
    r
}

pub async fn show_metrics(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    let allowed = req.peer_addr().is_some_and(|p| {
        state
            .config
            .server
            .metrics_allowed
            .iter()
            .any(|n| n.contains(&p.ip()))
    });
    if !allowed {
        return Err(Error::Forbidden(Denied::Other));
    }
    let now = state.now();
    let day = local_day(now, state.tz);
    let snapshot = state.db.run(move |c| stats::snapshot(c, now, day)).await?;
    let mut body = String::new();
    encode(
        &mut body,
        &registry(&snapshot, &state.http_metrics, state.feed_cache.bytes()),
    )
    .map_err(|e| Error::internal(format!("metrics encoding: {e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
