//! `jmb bench webhooks`: events committed one after another as bookings (each a
//! `meeting.created` for the operator's endpoint), delivered by the webhook worker to a
//! receiver in this process on loopback; deliveries per second and the time from a commit
//! to its delivery, p50 and p99. The receiver checks the signature of every hundredth
//! delivery (and the first), as a receiver would.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::{Context, bail};
use chrono::Duration;

use super::{bench_config, bench_identity};
use crate::clock::{Clock, SystemClock};
use crate::config::{Secret, WebhookConfig};
use crate::domain::MeetingDraft;
use crate::service::meetings;
use crate::startup::Application;
use crate::webhooks::sign;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// One delivery in this many has its signature checked.
const CHECK_EVERY: usize = 100;

/// What the receiver saw.
#[derive(Default)]
struct Received {
    /// When each meeting's event arrived.
    at: HashMap<i64, Instant>,
    checked: usize,
    /// Deliveries whose signature did not match (there should be none).
    forged: usize,
}

struct Receiver {
    key: Vec<u8>,
    seen: Mutex<Received>,
}

async fn receive(req: HttpRequest, body: web::Bytes, r: web::Data<Receiver>) -> HttpResponse {
    let arrived = Instant::now();
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let meeting = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["data"]["meeting"]["id"].as_i64());
    let Some(meeting) = meeting else {
        return HttpResponse::BadRequest().finish();
    };
    let Ok(mut seen) = r.seen.lock() else {
        return HttpResponse::InternalServerError().finish();
    };
    if seen.at.len().is_multiple_of(CHECK_EVERY) {
        let timestamp = header("webhook-timestamp").parse::<i64>().unwrap_or(0);
        let expected = sign::sign(&r.key, &header("webhook-id"), timestamp, &body);
        seen.checked += 1;
        if !header("webhook-signature")
            .split(' ')
            .any(|s| s == expected)
        {
            seen.forged += 1;
        }
    }
    seen.at.insert(meeting, arrived);
    HttpResponse::NoContent().finish()
}

fn millis(d: StdDuration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn webhooks(events: usize) -> anyhow::Result<String> {
    let receiver = web::Data::new(Receiver {
        key: sign::key(SECRET)?,
        seen: Mutex::default(),
    });
    let shared = receiver.clone();
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(shared.clone())
            .route("/hook", web::post().to(receive))
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .context("while binding the receiver on loopback")?;
    let receiver_port = server.addrs().first().context("no receiver port")?.port();
    let server = server.run();
    let receiver_handle = server.handle();
    tokio::spawn(server);

    let dir = tempfile::tempdir()?;
    let mut config = bench_config(dir.path(), 1);
    config.webhooks = vec![WebhookConfig {
        url: format!("http://127.0.0.1:{receiver_port}/hook"),
        secret: Secret::new(SECRET),
        events: vec!["meeting.created".into()],
    }];
    config.webhook_delivery.allow_networks = vec!["127.0.0.0/8".parse()?];
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let app = Application::build_on(config, Arc::new(SystemClock), listener).await?;
    let state = app.state();
    let handle = app.server_handle();
    let served = tokio::spawn(app.run_until_stopped());

    // Each booking commits through the use case as a request does, and wakes the worker.
    let owner = bench_identity();
    let mut committed: HashMap<i64, Instant> = HashMap::with_capacity(events);
    let started = Instant::now();
    for n in 0..events {
        let now = SystemClock.now();
        let draft = MeetingDraft {
            subject: format!("Webhook benchmark {n}"),
            description: String::new(),
            starts_at: now + Duration::days(1),
            duration_min: 60,
            room: None,
            recurrence: None,
            invitees: Vec::new(),
        };
        let owner = owner.clone();
        let view = state
            .change(move |c, _| meetings::create(c, &owner, &draft, "bench.local", None, now))
            .await?;
        committed.insert(view.meeting.id, Instant::now());
    }
    let committing = started.elapsed();
    let deadline = Instant::now() + StdDuration::from_secs(600);
    loop {
        let arrived = receiver.seen.lock().map(|s| s.at.len()).unwrap_or(0);
        if arrived >= events || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(5)).await;
    }
    handle.stop(true).await;
    served.await??;
    receiver_handle.stop(true).await;

    let seen = receiver
        .seen
        .lock()
        .map_err(|_| anyhow::anyhow!("the receiver failed"))?;
    if seen.at.len() < events {
        bail!(
            "{} of {events} events were delivered in time",
            seen.at.len()
        );
    }
    if seen.forged > 0 {
        bail!(
            "{} of {} checked signatures did not match",
            seen.forged,
            seen.checked
        );
    }
    let last = seen.at.values().max().copied().unwrap_or(started);
    let mut latencies: Vec<StdDuration> = committed
        .iter()
        .filter_map(|(id, at)| Some(seen.at.get(id)?.saturating_duration_since(*at)))
        .collect();
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let delivering = last.saturating_duration_since(started);
    let mut out = String::new();
    writeln!(
        out,
        "webhooks: {events} events committed in {:.2} s ({:.0}/s), all delivered to a loopback \
         receiver {:.2} s after the first commit: {:.0} deliveries/s; commit to delivery p50 \
         {:.1} ms, p99 {:.1} ms ({} signatures checked)",
        committing.as_secs_f64(),
        events as f64 / committing.as_secs_f64().max(f64::EPSILON),
        delivering.as_secs_f64(),
        events as f64 / delivering.as_secs_f64().max(f64::EPSILON),
        millis(at(0.50)),
        millis(at(0.99)),
        seen.checked,
    )?;
    Ok(out)
}
