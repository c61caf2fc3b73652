//! Answers from mail clients coming back: the LMTP door of `jmb serve` on a unix socket, the
//! door on TCP with every real-client fixture, and a real Postfix relaying the reply domain
//! to it.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jmb::config::LmtpListen;
use jmb::mail::inbound::lmtp::Listener;
use jmb::mail::inbound::{Inbound, Mailbox, Outcome, Received, ReplyAddress};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

use crate::helpers::spawn_app_with;
use crate::servers::{Postfix, REPLY_DOMAIN, poll_until};

/// The token of the fixtures' `To:` (`tests/fixtures/replies/`).
const FIXTURE_TOKEN: &str = "Zm9yLWptYi10ZXN0cy1vbmx5LW5vdC1hLXJlYWwta2V";
const FORGED_TOKEN: &str = "Rm9yZ2VkLXRva2VuLW5vYm9keS1ldmVyLWlzc3VlZC1";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/replies/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn reply_address() -> ReplyAddress {
    ReplyAddress::parse(&format!("meetings@{REPLY_DOMAIN}")).unwrap()
}

pub(crate) fn to(token: &str) -> String {
    format!("meetings+{token}@{REPLY_DOMAIN}")
}

/// The store's part for these tests: the tokens it issued, and what it was given.
struct Recorder {
    address: ReplyAddress,
    issued: HashSet<String>,
    received: Mutex<Vec<(String, Inbound)>>,
    /// Every recipient asked about at RCPT (Postfix's probes included).
    asked: Mutex<Vec<String>>,
}

impl Recorder {
    fn new(issued: &[&str]) -> Arc<Recorder> {
        Arc::new(Recorder {
            address: reply_address(),
            issued: issued.iter().map(|t| t.to_string()).collect(),
            received: Mutex::new(Vec::new()),
            asked: Mutex::new(Vec::new()),
        })
    }

    fn received(&self) -> Vec<(String, Inbound)> {
        self.received.lock().unwrap().clone()
    }
}

impl Mailbox for Recorder {
    async fn accept_recipient(&self, recipient: &str) -> bool {
        self.asked.lock().unwrap().push(recipient.to_string());
        self.address
            .token_in(recipient)
            .is_some_and(|t| self.issued.contains(t.expose()))
    }

    async fn deliver(&self, recipient: &str, message: &Received<'_>) -> Outcome {
        let Some(token) = self.address.token_in(recipient) else {
            return Outcome::Refused;
        };
        self.received
            .lock()
            .unwrap()
            .push((token.expose().to_string(), message.inbound.clone()));
        Outcome::Delivered
    }
}

/// An LMTP client speaking one line at a time, as Postfix's does without pipelining.
pub(crate) struct Client<S> {
    stream: BufReader<S>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Client<S> {
    pub(crate) async fn new(stream: S) -> Self {
        let mut client = Client {
            stream: BufReader::new(stream),
        };
        assert_eq!(client.reply().await[0], "220");
        client
    }

    /// The codes of one (multi-line) reply.
    async fn reply(&mut self) -> Vec<String> {
        let mut codes = Vec::new();
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(Duration::from_secs(10), self.stream.read_line(&mut line))
                .await
                .expect("the LMTP server answers")
                .unwrap();
            assert!(n > 0, "the LMTP server closed the connection");
            codes.push(line[..3].to_string());
            if line.as_bytes().get(3) != Some(&b'-') {
                return codes;
            }
        }
    }

    pub(crate) async fn say(&mut self, command: &str) -> String {
        self.stream
            .get_mut()
            .write_all(format!("{command}\r\n").as_bytes())
            .await
            .unwrap();
        self.reply().await.pop().unwrap()
    }

    /// One transaction: the RCPT replies, then one reply per accepted recipient.
    pub(crate) async fn send(
        &mut self,
        recipients: &[String],
        message: &[u8],
    ) -> (Vec<String>, Vec<String>) {
        assert_eq!(self.say("MAIL FROM:<someone@example.net>").await, "250");
        let mut rcpt = Vec::new();
        for r in recipients {
            rcpt.push(self.say(&format!("RCPT TO:<{r}>")).await);
        }
        let accepted = rcpt.iter().filter(|c| *c == "250").count();
        if accepted == 0 {
            assert_eq!(self.say("RSET").await, "250");
            return (rcpt, Vec::new());
        }
        assert_eq!(self.say("DATA").await, "354");
        let mut data = Vec::new();
        for line in message.split_inclusive(|b| *b == b'\n') {
            if line.starts_with(b".") {
                data.push(b'.');
            }
            data.extend_from_slice(line);
        }
        data.extend_from_slice(b".\r\n");
        self.stream.get_mut().write_all(&data).await.unwrap();
        let mut after = Vec::new();
        for _ in 0..accepted {
            after.push(self.reply().await.pop().unwrap());
        }
        (rcpt, after)
    }
}

/// Books Alice's meeting with Bob and gives it what the fixtures answer: their UID, and Bob
/// the fixtures' token in place of the one his invitation carried. The meeting's id.
async fn meeting_the_fixtures_answer(app: &crate::helpers::TestApp) -> i64 {
    let m = app
        .book("alice", &crate::helpers::meeting_json("Weekly sync", 24))
        .await;
    let id = m["id"].as_i64().unwrap();
    crate::helpers::execute_sql(
        &app.config,
        "UPDATE meeting SET uid = 'jmb-42-3f1c9e@booking.example.org' WHERE id = $1",
        &[&id],
    );
    let digest = jmb::domain::hash::digest(FIXTURE_TOKEN);
    crate::helpers::execute_sql(
        &app.config,
        "UPDATE reply_token SET token = $1, token_digest = $2 \
         WHERE invitee_id = (SELECT id FROM invitee WHERE email = 'bob@example.org')",
        &[&FIXTURE_TOKEN, &digest],
    );
    id
}

async fn partstat_of_bob(app: &crate::helpers::TestApp, id: i64) -> String {
    let m = app.meeting("alice", id).await;
    crate::helpers::invitee(&m, "bob@example.org")["partstat"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn serve_opens_the_lmtp_door_on_a_unix_socket_and_refuses_a_forged_token_at_rcpt() {
    // The socket goes in the test's own directory, beside its database.
    let mut socket = std::path::PathBuf::new();
    let app = spawn_app_with(|c| {
        socket = c.database.path.with_file_name("lmtp.sock");
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
        c.mail.lmtp_listen = format!("unix:{}", socket.display());
    })
    .await;
    let id = meeting_the_fixtures_answer(&app).await;
    let stream = tokio::net::UnixStream::connect(&socket).await.unwrap();
    let mut client = Client::new(stream).await;
    assert_eq!(client.say("LHLO mx.example.org").await, "250");
    let (rcpt, after) = client
        .send(
            &[
                to(FIXTURE_TOKEN),
                "meetings@reply.test".into(),
                "other@reply.test".into(),
            ],
            &fixture("gmail-declined.eml"),
        )
        .await;
    assert_eq!(rcpt, ["250", "550", "550"]);
    assert_eq!(after, ["250"]);
    assert_eq!(client.say("QUIT").await, "221");
    // Gmail's Decline, from the address Gmail knows (not Bob's): the token says who.
    assert_eq!(partstat_of_bob(&app, id).await, "declined");
    drop(app);
}

#[tokio::test]
async fn every_real_client_shape_is_classified_through_the_lmtp_door_over_tcp() {
    let recorder = Recorder::new(&[FIXTURE_TOKEN]);
    let listener = Listener::bind(&LmtpListen::Tcp("127.0.0.1:0".parse().unwrap()))
        .await
        .unwrap();
    let port = listener.port().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        listener.serve("mx.test".into(), recorder.clone(), async move {
            let _ = stopped.await;
        }),
    );
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let mut client = Client::new(stream).await;
    assert_eq!(client.say("LHLO mx.example.org").await, "250");
    let shapes = [
        ("outlook-accepted.eml", "reply"),
        ("gmail-declined.eml", "reply"),
        ("thunderbird-tentative.eml", "reply"),
        ("stale-sequence.eml", "reply"),
        ("apple-accepted-from-alias.eml", "reply"),
        ("forwarded-reply.eml", "reply"),
        ("outlook-counter.eml", "counter"),
        ("dsn-bounce.eml", "bounce"),
        ("out-of-office.eml", "auto-reply"),
        ("human-reply.eml", "human"),
    ];
    for (name, _) in shapes {
        let (rcpt, after) = client.send(&[to(FIXTURE_TOKEN)], &fixture(name)).await;
        assert_eq!(
            (rcpt, after),
            (vec!["250".into()], vec!["250".into()]),
            "{name}"
        );
    }
    let (rcpt, _) = client
        .send(&[to(FORGED_TOKEN)], &fixture("forged-token.eml"))
        .await;
    assert_eq!(rcpt, ["550"]);
    assert_eq!(client.say("QUIT").await, "221");
    let kinds: Vec<&str> = recorder
        .received()
        .iter()
        .map(|(token, inbound)| {
            assert_eq!(token, FIXTURE_TOKEN);
            inbound.kind()
        })
        .collect();
    let expected: Vec<&str> = shapes.iter().map(|(_, kind)| *kind).collect();
    assert_eq!(kinds, expected);
    stop.send(()).unwrap();
    server.await.unwrap();
}

/// Submits `message` to Postfix's smtpd for `recipient`; the SMTP error, if any.
async fn submit(port: u16, recipient: &str, message: &[u8]) -> Result<(), String> {
    use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor, address::Envelope};
    let smtp = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(port)
        .timeout(Some(Duration::from_secs(60)))
        .build();
    let envelope = Envelope::new(
        Some("carol@example.net".parse().unwrap()),
        vec![recipient.parse().unwrap()],
    )
    .unwrap();
    smtp.send_raw(&envelope, message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn postfix_relays_a_reply_to_the_lmtp_door_and_refuses_a_forged_token_while_talking_smtp() {
    let recorder = Recorder::new(&[FIXTURE_TOKEN]);
    let listener = Listener::bind(&LmtpListen::Tcp("127.0.0.1:0".parse().unwrap()))
        .await
        .unwrap();
    let lmtp_port = listener.port().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        listener.serve("jmb.test".into(), recorder.clone(), async move {
            let _ = stopped.await;
        }),
    );
    let Some(postfix) = Postfix::start(&format!("inet:127.0.0.1:{lmtp_port}")).await else {
        return;
    };

    // A forged token: Postfix asks jmb at RCPT (an address probe over LMTP) and refuses the
    // recipient while the sender's MTA is still connected, so no bounce is sent by anyone
    // here and nothing is queued.
    let refused = submit(
        postfix.smtp_port,
        &to(FORGED_TOKEN),
        &fixture("forged-token.eml"),
    )
    .await;
    let error = refused.expect_err("Postfix refuses a forged token");
    assert!(
        error.contains("550") || error.contains("permanent"),
        "{error}\n{}",
        postfix.log()
    );
    assert!(
        recorder
            .asked
            .lock()
            .unwrap()
            .iter()
            .any(|r| r.contains(FORGED_TOKEN)),
        "jmb was asked about the forged token: {}",
        postfix.log()
    );

    // A real answer goes through, the envelope recipient (the token) intact.
    submit(
        postfix.smtp_port,
        &to(FIXTURE_TOKEN),
        &fixture("outlook-accepted.eml"),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n{}", postfix.log()));
    let received = poll_until(
        Duration::from_secs(30),
        Duration::from_millis(100),
        async || {
            let received = recorder.received();
            (!received.is_empty()).then_some(received)
        },
    )
    .await
    .unwrap_or_else(|| panic!("nothing reached jmb: {}", postfix.log()));
    assert_eq!(received.len(), 1, "{received:?}");
    let (token, inbound) = &received[0];
    assert_eq!(token, FIXTURE_TOKEN);
    let Inbound::Reply(reply) = inbound else {
        panic!("not a reply: {inbound:?}")
    };
    assert_eq!(reply.event.uid, "jmb-42-3f1c9e@booking.example.org");
    assert!(
        !received.iter().any(|(t, _)| t == FORGED_TOKEN),
        "the forged message never reached jmb"
    );
    drop(postfix);
    stop.send(()).unwrap();
    server.await.unwrap();
}

#[tokio::test]
async fn postfix_delivers_to_the_lmtp_door_of_serve_over_a_unix_socket() {
    let mut socket = std::path::PathBuf::new();
    let app = spawn_app_with(|c| {
        socket = c.database.path.with_file_name("lmtp.sock");
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
        c.mail.lmtp_listen = format!("unix:{}", socket.display());
    })
    .await;
    let id = meeting_the_fixtures_answer(&app).await;
    // Postfix's lmtp client runs as `postfix`: it must reach the socket (mode 0666) through
    // the test's directory, as through /run/jmb in production.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(app.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let Some(postfix) = Postfix::start(&format!("unix:{}", socket.display())).await else {
        return;
    };
    submit(
        postfix.smtp_port,
        &to(FIXTURE_TOKEN),
        &fixture("thunderbird-tentative.eml"),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n{}", postfix.log()));
    // jmb's own answer, as Postfix logged it: the message left Postfix's queue for jmb.
    let sent = poll_until(
        Duration::from_secs(30),
        Duration::from_millis(100),
        async || {
            let log = postfix.log();
            log.lines()
                .find(|l| l.contains("status=sent") && l.contains("2.0.0 delivered"))
                .map(str::to_string)
        },
    )
    .await;
    assert!(sent.is_some(), "not delivered to jmb: {}", postfix.log());
    assert_eq!(partstat_of_bob(&app, id).await, "tentative");
    drop(postfix);
    drop(app);
}

/// TENTATIVE reaches every place an answer shows: the invitation page takes "maybe", the API
/// and the meeting page show it, the calendar file says PARTSTAT=TENTATIVE.
#[tokio::test]
async fn a_maybe_answer_shows_in_the_api_the_meeting_page_and_the_calendar() {
    let app = spawn_app_with(|_| {}).await;
    let m = app
        .book("alice", &crate::helpers::meeting_json("Weekly sync", 24))
        .await;
    let id = m["id"].as_i64().unwrap();
    let page = crate::helpers::invitee(&m, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap()
        .to_string();
    let html = crate::helpers::browser()
        .get(format!("{page}?answer=maybe"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("value=\"maybe\" class=\"secondary\" autofocus"),
        "{html}"
    );
    app.answer(&m, "bob@example.org", "maybe").await;

    let m = app.meeting("alice", id).await;
    assert_eq!(
        crate::helpers::invitee(&m, "bob@example.org")["partstat"],
        "tentative"
    );
    let (_, html) = app.text_as("alice", &format!("/booking/{id}")).await;
    assert!(html.contains("partstat-tentative"), "{html}");
    assert!(html.contains("1 maybe"), "{html}");
    // The moderator's calendar file lists everyone with their answer.
    let ann = crate::helpers::invitee(&m, "ann@example.net");
    let ics = app
        .get(&app.path_of(ann["ics_url"].as_str().unwrap()))
        .await
        .text()
        .await
        .unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded
            .lines()
            .any(|l| l.contains("PARTSTAT=TENTATIVE") && l.contains("bob@example.org")),
        "{ics}"
    );
}

/// The one line of an iCalendar text (unfolded) that starts with `name`.
fn ics_line(ics: &str, name: &str) -> String {
    ics.replace("\r\n ", "")
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} in {ics}"))
        .to_string()
}

/// With `mail.reply_address`, each invitee's calendar part names their own tokened address
/// as ORGANIZER and the envelope sender is that address, while the Reply-To stays the owner;
/// what Gmail and Outlook need to show their RSVP buttons still holds, on the invitation and
/// on the later CANCEL (same UID, rising SEQUENCE, same ORGANIZER).
#[tokio::test]
async fn invitations_carry_a_tokened_organizer_per_invitee_and_keep_the_rsvp_conditions() {
    let Some(smtp) = crate::servers::SmtpCapture::start().await else {
        return;
    };
    let port = smtp.port;
    let app = spawn_app_with(move |c| {
        crate::helpers::smtp_on(port)(c);
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
    })
    .await;
    let m = app
        .book("alice", &crate::helpers::meeting_json("Weekly sync", 24))
        .await;
    smtp.wait_for(3).await;
    let organizer_of = |who: &str, nth: usize| {
        let mail = smtp.to(who)[nth].clone();
        let parts = mail.calendar_parts();
        assert_eq!(parts.len(), 2, "inline and attached calendar parts");
        let ics = parts[0].2.clone();
        (mail, parts[0].0.clone(), ics)
    };
    let (bob_mail, method, ics) = organizer_of("bob@example.org", 0);
    assert_eq!(method.to_uppercase(), "REQUEST", "METHOD on the MIME part");
    assert_eq!(ics_line(&ics, "METHOD"), "METHOD:REQUEST");
    let organizer = ics_line(&ics, "ORGANIZER");
    let address = organizer.rsplit_once("mailto:").unwrap().1.to_string();
    assert!(organizer.contains("CN="), "{organizer}");
    let token = reply_address()
        .token_in(&address)
        .expect("a tokened address");
    assert!(token.expose().len() >= 22, "at least 128 bits");
    assert_ne!(address, "bob@example.org");
    let attendee = ics_line(&ics, "ATTENDEE");
    assert!(attendee.contains("RSVP=TRUE") && attendee.ends_with("mailto:bob@example.org"));
    assert_eq!(
        bob_mail.mail_from, address,
        "bounces come back to the token"
    );
    let reply_to = bob_mail.header("Reply-To").unwrap_or_default();
    assert!(reply_to.contains("alice@example.org"), "{reply_to}");
    let uid = ics_line(&ics, "UID");
    let sequence = ics_line(&ics, "SEQUENCE");

    // Another invitee has another token; the owner's own mail keeps the plain sender.
    let (_, _, ann_ics) = organizer_of("ann@example.net", 0);
    assert_ne!(ics_line(&ann_ics, "ORGANIZER"), organizer);
    assert!(!smtp.to("alice@example.org")[0].mail_from.contains('+'));

    app.cancel("alice", &m["id"]).await;
    smtp.wait_for(6).await;
    let (_, method, ics) = organizer_of("bob@example.org", 1);
    assert_eq!(method.to_uppercase(), "CANCEL");
    assert_eq!(ics_line(&ics, "ORGANIZER"), organizer, "the same token");
    assert_eq!(ics_line(&ics, "UID"), uid);
    let seq = |line: &str| line.split(':').nth(1).unwrap().parse::<u32>().unwrap();
    assert!(seq(&ics_line(&ics, "SEQUENCE")) > seq(&sequence));
}

/// Every real client's shape through the LMTP door of `jmb serve`, on one meeting whose
/// SEQUENCE is 1: each answer is recorded (Outlook without ORGANIZER, a forwarded reply, Apple
/// from an alias, Thunderbird's TENTATIVE), a reply to an older SEQUENCE is ignored, an
/// out-of-office changes nothing and a bounce marks Bob's address.
#[tokio::test]
async fn each_clients_reply_through_the_serve_door_is_recorded_as_the_page_records_it() {
    let mut socket = std::path::PathBuf::new();
    let app = spawn_app_with(|c| {
        socket = c.database.path.with_file_name("lmtp.sock");
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
        c.mail.lmtp_listen = format!("unix:{}", socket.display());
    })
    .await;
    let id = meeting_the_fixtures_answer(&app).await;
    crate::helpers::execute_sql(
        &app.config,
        "UPDATE meeting SET sequence = 1 WHERE id = $1",
        &[&id],
    );
    let stream = tokio::net::UnixStream::connect(&socket).await.unwrap();
    let mut client = Client::new(stream).await;
    assert_eq!(client.say("LHLO mx.example.org").await, "250");
    for (name, after) in [
        ("outlook-accepted.eml", "accepted"),
        ("forwarded-reply.eml", "declined"),
        ("stale-sequence.eml", "declined"),
        ("apple-accepted-from-alias.eml", "accepted"),
        ("thunderbird-tentative.eml", "tentative"),
        ("out-of-office.eml", "tentative"),
        ("dsn-bounce.eml", "tentative"),
    ] {
        let (rcpt, delivered) = client.send(&[to(FIXTURE_TOKEN)], &fixture(name)).await;
        assert_eq!(
            (rcpt, delivered),
            (vec!["250".into()], vec!["250".into()]),
            "{name}"
        );
        assert_eq!(partstat_of_bob(&app, id).await, after, "after {name}");
    }
    // The owner sees Bob's address bouncing in the API and on the meeting page.
    const STATUS: &str = "5.1.1";
    let m = app.meeting("alice", id).await;
    let bob = crate::helpers::invitee(&m, "bob@example.org");
    assert_eq!(bob["bouncing"]["status"], STATUS, "{m}");
    assert!(bob["bouncing"]["since"].is_string());
    assert!(crate::helpers::invitee(&m, "ann@example.net")["bouncing"].is_null());
    let (_, html) = app.text_as("alice", &format!("/booking/{id}")).await;
    assert!(
        html.contains(&format!("mail came back ({STATUS})")),
        "{html}"
    );
    // An answer from the address proves it works again.
    client
        .send(&[to(FIXTURE_TOKEN)], &fixture("outlook-accepted.eml"))
        .await;
    let m = app.meeting("alice", id).await;
    assert!(crate::helpers::invitee(&m, "bob@example.org")["bouncing"].is_null());
    assert_eq!(client.say("QUIT").await, "221");
}

/// The whole loop: the ORGANIZER address is taken from the invitation Bob received, Gmail's
/// Decline is built for it (the fixture with Bob's token and the meeting's UID), jmb records
/// it through the LMTP door and the owner is told, as for an answer on the invitation page.
#[tokio::test]
async fn a_decline_pressed_in_gmail_reaches_the_owner_like_one_on_the_invitation_page() {
    let Some(smtp) = crate::servers::SmtpCapture::start().await else {
        return;
    };
    let port = smtp.port;
    let mut socket = std::path::PathBuf::new();
    let app = spawn_app_with(|c| {
        crate::helpers::smtp_on(port)(c);
        socket = c.database.path.with_file_name("lmtp.sock");
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
        c.mail.lmtp_listen = format!("unix:{}", socket.display());
    })
    .await;
    let m = app
        .book("alice", &crate::helpers::meeting_json("Weekly sync", 24))
        .await;
    let id = m["id"].as_i64().unwrap();
    smtp.wait_for(3).await;
    let invitation = smtp.to("bob@example.org")[0].calendar_parts()[0].2.clone();
    let organizer = ics_line(&invitation, "ORGANIZER");
    let address = organizer.rsplit_once("mailto:").unwrap().1.to_string();
    let token = reply_address().token_in(&address).unwrap();
    let uid = ics_line(&invitation, "UID");
    let uid = uid.strip_prefix("UID:").unwrap();
    let reply = String::from_utf8(fixture("gmail-declined.eml"))
        .unwrap()
        .replace(FIXTURE_TOKEN, token.expose())
        .replace("jmb-42-3f1c9e@booking.example.org", uid);

    let stream = tokio::net::UnixStream::connect(&socket).await.unwrap();
    let mut client = Client::new(stream).await;
    assert_eq!(client.say("LHLO mx.example.org").await, "250");
    let (rcpt, delivered) = client
        .send(std::slice::from_ref(&address), reply.as_bytes())
        .await;
    assert_eq!((rcpt, delivered), (vec!["250".into()], vec!["250".into()]));
    assert_eq!(partstat_of_bob(&app, id).await, "declined");
    // The owner's mail waits a few minutes for answers that may follow, as from the page.
    app.advance(chrono::Duration::minutes(5));
    let owner = smtp.wait_for(4).await.pop().unwrap();
    assert_eq!(owner.to(), "alice@example.org");
    assert_eq!(owner.subject(), "bob@example.org declined: Weekly sync");
}

/// A proposal of another time (Outlook's COUNTER) and a person's own words sent to a reply
/// address reach the owner through the outbox, the original attached as it came.
#[tokio::test]
async fn a_counter_and_a_persons_own_reply_are_forwarded_to_the_owner() {
    let Some(smtp) = crate::servers::SmtpCapture::start().await else {
        return;
    };
    let port = smtp.port;
    let mut socket = std::path::PathBuf::new();
    let app = spawn_app_with(|c| {
        crate::helpers::smtp_on(port)(c);
        socket = c.database.path.with_file_name("lmtp.sock");
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
        c.mail.lmtp_listen = format!("unix:{}", socket.display());
    })
    .await;
    let id = meeting_the_fixtures_answer(&app).await;
    smtp.wait_for(3).await;
    let stream = tokio::net::UnixStream::connect(&socket).await.unwrap();
    let mut client = Client::new(stream).await;
    assert_eq!(client.say("LHLO mx.example.org").await, "250");
    for name in ["outlook-counter.eml", "human-reply.eml"] {
        let (rcpt, delivered) = client.send(&[to(FIXTURE_TOKEN)], &fixture(name)).await;
        assert_eq!(
            (rcpt, delivered),
            (vec!["250".into()], vec!["250".into()]),
            "{name}"
        );
    }
    let mails = smtp.wait_for(5).await;
    let forwarded = &mails[3..];
    assert_eq!(
        forwarded.iter().map(|m| m.subject()).collect::<Vec<_>>(),
        [
            "New time proposed: Weekly sync",
            "Message about: Weekly sync"
        ]
    );
    for (mail, name) in forwarded
        .iter()
        .zip(["outlook-counter.eml", "human-reply.eml"])
    {
        assert_eq!(mail.to(), "alice@example.org");
        assert!(String::from_utf8_lossy(&mail.raw).contains("Content-Type: message/rfc822"));
        let original = String::from_utf8(fixture(name)).unwrap();
        let subject_line = original
            .lines()
            .find(|l| l.starts_with("Subject:"))
            .unwrap()
            .to_string();
        assert!(
            String::from_utf8_lossy(&mail.raw).contains(&subject_line),
            "{name}: the original is attached"
        );
    }
    // Nothing was recorded as an answer.
    assert_eq!(partstat_of_bob(&app, id).await, "needs-action");
}

/// A reminder carries the calendar entry again: its ORGANIZER is the invitee's same tokened
/// address, so that Accept pressed on the reminder reaches jmb too.
#[tokio::test]
async fn a_reminder_names_the_same_tokened_organizer_as_the_invitation() {
    let Some(smtp) = crate::servers::SmtpCapture::start().await else {
        return;
    };
    let port = smtp.port;
    let app = spawn_app_with(move |c| {
        crate::helpers::smtp_on(port)(c);
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
        c.reminders = jmb::config::RemindersConfig::default();
    })
    .await;
    app.book("alice", &crate::helpers::meeting_json("Weekly sync", 24))
        .await;
    smtp.wait_for(3).await;
    let invitation = smtp.to("bob@example.org")[0].clone();
    let organizer = ics_line(&invitation.calendar_parts()[0].2, "ORGANIZER");
    assert!(organizer.contains('+'), "{organizer}");

    // An hour before the start: the one-hour reminder.
    app.advance(chrono::Duration::hours(23));
    let reminder = crate::servers::poll_until(
        std::time::Duration::from_secs(20),
        std::time::Duration::from_millis(100),
        async || {
            smtp.to("bob@example.org")
                .into_iter()
                .find(|m| m.subject().starts_with("Reminder"))
        },
    )
    .await
    .expect("bob's reminder");
    let parts = reminder.calendar_parts();
    assert!(!parts.is_empty(), "the reminder carries the calendar entry");
    assert_eq!(ics_line(&parts[0].2, "ORGANIZER"), organizer);
    assert_eq!(
        reminder.mail_from, invitation.mail_from,
        "bounces come back too"
    );
}

/// An answer pressed in a mail client reaches webhook subscribers as one given on the page
/// does, and at once: the door wakes the delivery worker rather than leaving the delivery to
/// its next look (every 10 s).
#[tokio::test]
async fn a_mail_clients_answer_is_told_to_webhook_subscribers_at_once() {
    let sink = crate::webhooks::Sink::start().await;
    let mut socket = std::path::PathBuf::new();
    let app = spawn_app_with(|c| {
        socket = c.database.path.with_file_name("lmtp.sock");
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
        c.mail.lmtp_listen = format!("unix:{}", socket.display());
        sink.subscribe(c);
    })
    .await;
    let id = meeting_the_fixtures_answer(&app).await;
    crate::helpers::execute_sql(
        &app.config,
        "UPDATE meeting SET sequence = 1 WHERE id = $1",
        &[&id],
    );
    assert!(
        sink.wait_for(1, Duration::from_secs(15)).await.is_some(),
        "meeting.created"
    );
    // The worker has just looked and found nothing more: its next look is 10 s away.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stream = tokio::net::UnixStream::connect(&socket).await.unwrap();
    let mut client = Client::new(stream).await;
    assert_eq!(client.say("LHLO mx.example.org").await, "250");
    let answered = std::time::Instant::now();
    let (rcpt, delivered) = client
        .send(&[to(FIXTURE_TOKEN)], &fixture("outlook-accepted.eml"))
        .await;
    assert_eq!((rcpt, delivered), (vec!["250".into()], vec!["250".into()]));
    let got = sink
        .wait_for(2, Duration::from_secs(15))
        .await
        .expect("invitee.answered");
    assert!(
        answered.elapsed() < Duration::from_secs(3),
        "delivered after {:?}",
        answered.elapsed()
    );
    assert_eq!(got[1]["type"], "invitee.answered");
    assert_eq!(got[1]["data"]["invitee"]["email"], "bob@example.org");
    assert_eq!(got[1]["data"]["invitee"]["partstat"], "accepted");
    assert!(got[1]["data"]["recurrence_id"].is_null(), "{}", got[1]);
}
