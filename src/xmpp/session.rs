//! One login to the XMPP server, and what jmb does with it: ask whether a room is open, join
//! it, say something, leave.

use std::borrow::Cow;
use std::future::Future;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use sasl::common::Credentials;
use tokio_xmpp::connect::{
    AsyncReadAndWrite, DnsConfig, ServerConnector, StartTlsServerConnector, TcpServerConnector,
};
use tokio_xmpp::jid::{BareJid, FullJid, Jid};
use tokio_xmpp::parsers::bind::BindQuery;
use tokio_xmpp::parsers::disco::DiscoInfoQuery;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::message::{Id, Lang, Message, MessageType};
use tokio_xmpp::parsers::muc::muc::History;
use tokio_xmpp::parsers::muc::user::Status as MucStatus;
use tokio_xmpp::parsers::muc::{Muc, MucUser};
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};
use tokio_xmpp::parsers::stanza_error::{DefinedCondition, StanzaError};
use tokio_xmpp::xmlstream::{
    FallibleStreamElement, ReadError, StreamHeader, Timeouts, XmppStream, XmppStreamElement,
};
use tokio_xmpp::{Stanza, client_login};

use super::{Account, Error};

type Stream = XmppStream<Box<dyn AsyncReadAndWrite + Send>>;

/// What became of a message for a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The room has it: jmb saw it come back from the room.
    Posted,
    /// Nobody is in the room, so it does not exist: jmb did not open it just to talk to no one.
    RoomEmpty,
}

/// A logged-in connection.
pub struct Session {
    stream: Stream,
    account: Account,
    counter: u32,
}

impl Session {
    /// Connects and logs in (TLS through STARTTLS unless `xmpp.plaintext`), binds a resource.
    pub async fn open(account: &Account) -> Result<Session, Error> {
        let stream = within(account.timeout, "logging in", login(account)).await?;
        let mut session = Session {
            stream,
            account: account.clone(),
            counter: 0,
        };
        within(account.timeout, "binding a resource", session.bind()).await?;
        Ok(session)
    }

    /// Posts `message` into `room` (the Jitsi room name), if anyone is there.
    pub async fn post(&mut self, room: &str, message: &str) -> Result<Delivery, Error> {
        let room = self.account.room_jid(room)?;
        let limit = self.account.timeout;
        within(limit, "posting into the room", self.post_to(&room, message)).await
    }

    /// Ends the stream politely; a server that does not answer is left behind.
    pub async fn close(mut self) {
        let closing = <Stream as SinkExt<&XmppStreamElement>>::close(&mut self.stream);
        let _ = tokio::time::timeout(Duration::from_secs(2), closing).await;
    }

    async fn post_to(&mut self, room: &BareJid, message: &str) -> Result<Delivery, Error> {
        if !self.room_exists(room).await? {
            return Ok(Delivery::RoomEmpty);
        }
        let occupant = self.join(room).await?;
        let said = self.say(room, &occupant, message).await;
        // Leaving is a courtesy: the server drops the occupant with the stream anyway.
        let _ = self
            .send(Presence::unavailable().with_to(occupant).into())
            .await;
        said.map(|()| Delivery::Posted)
    }

    fn next_id(&mut self) -> String {
        self.counter += 1;
        format!("jmb-{}", self.counter)
    }

    async fn send(&mut self, stanza: Stanza) -> Result<(), Error> {
        self.stream
            .send(&XmppStreamElement::Stanza(stanza))
            .await
            .map_err(|e| Error::Stream(e.to_string()))
    }

    async fn next_stanza(&mut self) -> Result<Stanza, Error> {
        loop {
            match self.stream.next().await {
                Some(Ok(FallibleStreamElement::Ok(XmppStreamElement::Stanza(s)))) => return Ok(s),
                Some(Ok(FallibleStreamElement::Ok(XmppStreamElement::StreamError(e)))) => {
                    return Err(Error::Stream(e.to_string()));
                }
                // Nonzas we did not ask for, stanzas we cannot parse, a quiet moment: none of
                // them concern what we wait for.
                Some(Ok(_)) | Some(Err(ReadError::SoftTimeout | ReadError::ParseError(_))) => {}
                Some(Err(ReadError::HardError(e))) => return Err(Error::Stream(e.to_string())),
                Some(Err(ReadError::StreamFooterReceived)) | None => {
                    return Err(Error::Stream("the server closed the stream".into()));
                }
            }
        }
    }

    /// Waits for the answer to the IQ `id`: its payload, or the error.
    async fn iq_answer(&mut self, id: &str) -> Result<Result<(), StanzaError>, Error> {
        loop {
            match self.next_stanza().await? {
                Stanza::Iq(Iq::Result { id: got, .. }) if got == id => return Ok(Ok(())),
                Stanza::Iq(Iq::Error { id: got, error, .. }) if got == id => {
                    return Ok(Err(error));
                }
                _ => {}
            }
        }
    }

    async fn bind(&mut self) -> Result<(), Error> {
        let id = self.next_id();
        self.send(Iq::from_set(id.clone(), BindQuery::new(None)).into())
            .await?;
        self.iq_answer(&id)
            .await?
            .map_err(|e| Error::Stream(format!("resource binding refused: {}", condition(&e))))
    }

    /// Rooms exist while someone is in them; asking does not create one, joining would.
    async fn room_exists(&mut self, room: &BareJid) -> Result<bool, Error> {
        let id = self.next_id();
        let query =
            Iq::from_get(id.clone(), DiscoInfoQuery { node: None }).with_to(room.clone().into());
        self.send(query.into()).await?;
        Ok(match self.iq_answer(&id).await? {
            Ok(()) => true,
            Err(e) => e.defined_condition != DefinedCondition::ItemNotFound,
        })
    }

    /// Enters the room under the configured nickname (or a numbered one when a person already
    /// uses it) and returns the occupant address the room gave jmb.
    async fn join(&mut self, room: &BareJid) -> Result<FullJid, Error> {
        let mut last = String::new();
        for attempt in 1..=3 {
            let nick = match attempt {
                1 => self.account.nickname.clone(),
                n => format!("{} ({n})", self.account.nickname),
            };
            let occupant = room
                .with_resource_str(&nick)
                .map_err(|_| Error::Address(format!("{room}/{nick}")))?;
            let id = self.next_id();
            let presence = Presence::available()
                .with_to(occupant.clone())
                .with_id(id)
                .with_payload(Muc::new().with_history(History::new().with_maxstanzas(0)));
            self.send(presence.into()).await?;
            match self.await_self_presence(room, &occupant).await? {
                Ok(me) => return Ok(me),
                Err(e) if e.defined_condition == DefinedCondition::Conflict => {
                    last = condition(&e);
                }
                Err(e) => {
                    return Err(Error::Room {
                        room: room.to_string(),
                        reason: condition(&e),
                    });
                }
            }
        }
        Err(Error::Room {
            room: room.to_string(),
            reason: last,
        })
    }

    async fn await_self_presence(
        &mut self,
        room: &BareJid,
        occupant: &FullJid,
    ) -> Result<Result<FullJid, StanzaError>, Error> {
        loop {
            let Stanza::Presence(p) = self.next_stanza().await? else {
                continue;
            };
            let Some(from) = p.from.clone() else {
                continue;
            };
            if from.to_bare() != *room {
                continue;
            }
            if p.type_ == PresenceType::Error {
                if let Some(e) = p
                    .payloads
                    .iter()
                    .find_map(|el| StanzaError::try_from(el.clone()).ok())
                {
                    return Ok(Err(e));
                }
                continue;
            }
            // The room may change the nickname; status 110 marks the presence about us.
            let about_me = p
                .payloads
                .iter()
                .filter_map(|el| MucUser::try_from(el.clone()).ok())
                .any(|u| u.status.contains(&MucStatus::SelfPresence));
            let is_occupant = from.try_as_full().is_ok_and(|full| full == occupant);
            if (about_me || is_occupant)
                && let Ok(me) = from.try_into_full()
            {
                return Ok(Ok(me));
            }
        }
    }

    /// Sends the message and waits until the room reflects it back: then everyone has it.
    async fn say(&mut self, room: &BareJid, me: &FullJid, text: &str) -> Result<(), Error> {
        let id = self.next_id();
        let mut message =
            Message::groupchat(Some(room.clone().into())).with_body(Lang::default(), text.into());
        message.id = Some(Id(id.clone()));
        self.send(message.into()).await?;
        let me = Jid::from(me.clone());
        loop {
            let Stanza::Message(m) = self.next_stanza().await? else {
                continue;
            };
            if m.id.as_ref().map(|i| i.0.as_str()) != Some(id.as_str()) {
                continue;
            }
            if m.type_ == MessageType::Error {
                let reason = m
                    .payloads
                    .iter()
                    .find_map(|el| StanzaError::try_from(el.clone()).ok())
                    .map(|e| condition(&e))
                    .unwrap_or_else(|| "message refused".into());
                return Err(Error::Room {
                    room: room.to_string(),
                    reason,
                });
            }
            if m.from.as_ref() == Some(&me) {
                return Ok(());
            }
        }
    }
}

async fn within<T>(
    limit: Duration,
    what: &'static str,
    step: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    tokio::time::timeout(limit, step)
        .await
        .map_err(|_| Error::Timeout { after: limit, what })?
}

async fn login(account: &Account) -> Result<Stream, Error> {
    let server = format!("{}:{}", account.host, account.port);
    let connect_error = |reason: String| Error::Connect {
        server: server.clone(),
        reason,
    };
    let address = tokio::net::lookup_host((account.host.as_str(), account.port))
        .await
        .map_err(|e| connect_error(e.to_string()))?
        .next()
        .ok_or_else(|| connect_error("the name has no address".into()))?;
    let dns = DnsConfig::addr(&address.to_string());
    if account.plaintext {
        login_with(TcpServerConnector::from(dns), account, &server).await
    } else {
        login_with(StartTlsServerConnector::from(dns), account, &server).await
    }
}

async fn login_with<C: ServerConnector>(
    connector: C,
    account: &Account,
    server: &str,
) -> Result<Stream, Error> {
    let connect_error = |reason: String| Error::Connect {
        server: server.to_string(),
        reason,
    };
    let jid = Jid::from(account.jid.clone());
    let (pending, binding) = connector
        .connect(&jid, ns::JABBER_CLIENT, Timeouts::tight())
        .await
        .map_err(|e| connect_error(e.to_string()))?;
    let (features, stream) = pending
        .recv_features::<FallibleStreamElement>()
        .await
        .map_err(|e| connect_error(e.to_string()))?;
    let node = account.jid.node().map(|n| n.as_str()).unwrap_or_default();
    let credentials = Credentials::default()
        .with_username(node)
        .with_password(account.password.expose())
        .with_channel_binding(binding);
    let authenticated = client_login(stream.box_stream(), features.sasl_mechanisms, credentials)
        .await
        .map_err(|e| match e {
            tokio_xmpp::Error::Auth(reason) => Error::Login {
                jid: account.jid.to_string(),
                reason: reason.to_string(),
            },
            other => connect_error(other.to_string()),
        })?;
    let pending = authenticated
        .send_header(StreamHeader {
            to: Some(Cow::Borrowed(account.jid.domain().as_str())),
            from: None,
            id: None,
        })
        .await
        .map_err(|e| Error::Stream(e.to_string()))?;
    let (_, stream) = pending
        .recv_features::<FallibleStreamElement>()
        .await
        .map_err(|e| Error::Stream(e.to_string()))?;
    Ok(stream)
}

fn condition(e: &StanzaError) -> String {
    let texts: Vec<&str> = e.texts.values().map(String::as_str).collect();
    if texts.is_empty() {
        format!("{:?}", e.defined_condition)
    } else {
        format!("{:?} ({})", e.defined_condition, texts.join("; "))
    }
}
