use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use jmb::config::{self, Config, Source};

#[derive(Parser)]
#[command(
    name = "jmb",
    version,
    about = "Booking and invitations for self-hosted Jitsi Meet"
)]
struct Cli {
    /// Configuration file (default: $JMB_CONFIG or /etc/jmb/jmb.toml).
    #[arg(long, short, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service (and its mail and reminder workers).
    Serve {
        /// Local trial: SQLite and mails under ./data, a login page that takes any name,
        /// listening on 127.0.0.1:8080. A configuration file is optional.
        #[arg(long)]
        dev: bool,
    },
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Validate the configuration and report every problem, naming the key.
    CheckConfig,
    /// Show the mail queue, or put failed mails back into it.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxCommand>,
    },
    /// Show recent outgoing webhook deliveries and failures, or try failed ones again.
    Webhooks {
        #[command(subcommand)]
        action: Option<WebhooksCommand>,
    },
    /// Send a test message through the configured transport, now, and report the outcome.
    SendTestMail {
        /// Recipient address.
        to: String,
    },
    /// One reminder pass (mails, then room messages), then the outbox drained once; for cron.
    /// `jmb serve` runs the same passes itself; running both at once sends nothing twice.
    Remind {
        /// Run one pass and exit (the only mode: `jmb serve` is the long-running one).
        #[arg(long, required = true)]
        once: bool,
    },
    /// Measure this machine: see README, "Benchmarks" (built with `--features bench`).
    #[cfg(feature = "bench")]
    #[command(subcommand)]
    Bench(jmb::bench::Benchmark),
    /// Import a database of the original bash JMB (jitsi-jmb.db): meetings, invitees with
    /// their answers and links, iCal feeds. Safe to run twice.
    ImportJmb {
        /// The JMB database, e.g. /var/www/jitsi-jmb/data/jitsi-jmb.db (only read).
        path: PathBuf,
        /// `mail,login` lines: the login of owners JMB knew by mail only. Owners neither
        /// listed nor found in LDAP ([ldap], by mail) are taken over by the first person who
        /// logs in with that verified mail.
        #[arg(long, value_name = "FILE")]
        logins: Option<PathBuf>,
    },
    /// Copy this SQLite database (database.path), with its outbox, reminders, feeds and
    /// links, into an empty PostgreSQL database, in one transaction; then set database.url.
    ///
    /// The target PostgreSQL database, e.g. postgres://jmb:PASSWORD@db.example.org/jmb (TLS
    /// trusts database.ca_file too), is read from $JMB_COPY_TO_URL or from the file
    /// --to-file names, so that its password is not on the command line.
    CopyDatabase {
        /// The file holding the target database's URL (its first line).
        #[arg(long, value_name = "PATH", conflicts_with = "to")]
        to_file: Option<PathBuf>,
        /// The target database's URL on the command line: other users of this machine see it
        /// (and its password) in `ps` while the copy runs; prefer $JMB_COPY_TO_URL or
        /// --to-file.
        #[arg(long, value_name = "URL")]
        to: Option<String>,
    },
    /// A one-shot summary: meetings today and upcoming, rooms live and people in them,
    /// mails queued and failed, reminders due, database size. Reads the database directly.
    Stats {
        /// Every count as one JSON object (the field names of `/metrics`' snapshot).
        #[arg(long)]
        json: bool,
    },
    /// Take one mail sent to the reply address (mail.reply_address) from standard input: an
    /// answer from a mail client, a bounce, an auto-reply or a person's mail. For a Postfix
    /// `pipe` (README, "Answers from mail clients"); exits with sysexits(3) codes: 0 taken,
    /// 65 unreadable, 75 try again later (the MTA keeps the mail); a mail without a valid
    /// token is dropped and logged (0), never bounced to its likely forged sender.
    ReceiveMail {
        /// The envelope recipient, `meetings+<token>@…` (Postfix pipe: `${original_recipient}`;
        /// default: $ORIGINAL_RECIPIENT, then $RECIPIENT, as Postfix's local(8) sets them for a
        /// `|command` alias).
        #[arg(long)]
        recipient: Option<String>,
    },
    /// Print a moderator token for a room (for checking Prosody's token settings).
    Token {
        room: String,
        #[arg(long, default_value = "jmb-check")]
        user: String,
        /// Validity in minutes (from a minute ago: Prosody allows no clock leeway).
        #[arg(long, default_value_t = 60)]
        minutes: u32,
    },
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// Mails not yet sent (queued, being sent, failed), then the last sent ones.
    List {
        /// How many sent mails to show.
        #[arg(long, default_value_t = 10)]
        sent: u32,
    },
    /// Put failed mails back into the queue with a fresh count of attempts.
    Retry {
        /// Only this mail (default: every failed one).
        id: Option<i64>,
    },
}

#[derive(Subcommand)]
enum WebhooksCommand {
    /// The latest deliveries, failed ones included, oldest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Deliver failed deliveries again, with a fresh count of attempts.
    Retry {
        /// Only this delivery.
        #[arg(required_unless_present = "failed", conflicts_with = "failed")]
        id: Option<i64>,
        /// Every failed delivery.
        #[arg(long)]
        failed: bool,
    },
}

fn source(cli_config: &Option<PathBuf>, dev: bool) -> Source {
    let file = cli_config.clone().or_else(|| {
        let default = config::default_path();
        // In the local trial the default file is optional; everywhere else it must exist.
        (!dev || default.is_file()).then_some(default)
    });
    Source { file, dev }
}

fn load(cli_config: &Option<PathBuf>, dev: bool) -> anyhow::Result<Config> {
    let source = source(cli_config, dev);
    Config::load(&source).map_err(|e| {
        let hint = match (&e, dev) {
            (config::ConfigError::Missing(_), false) => {
                "\n(pass --config FILE, set JMB_CONFIG, or try `jmb serve --dev` for a local trial)"
            }
            _ => "",
        };
        anyhow::anyhow!("{e}{hint}")
    })
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::ReceiveMail { recipient } = &cli.command {
        return ExitCode::from(receive_mail(&cli.config, recipient.clone()));
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jmb: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The environment variable `jmb copy-database` reads the target's URL from.
const COPY_TO_URL: &str = "JMB_COPY_TO_URL";

/// The URL `jmb copy-database` copies into: `--to-file`, `--to`, else $JMB_COPY_TO_URL.
fn copy_target(to_file: Option<&std::path::Path>, to: Option<&str>) -> anyhow::Result<String> {
    let url = match (to_file, to) {
        (Some(path), _) => std::fs::read_to_string(path)
            .with_context(|| format!("while reading --to-file {}", path.display()))?
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string(),
        (None, Some(url)) => url.to_string(),
        (None, None) => std::env::var(COPY_TO_URL).unwrap_or_default(),
    };
    if url.is_empty() {
        anyhow::bail!(
            "copy-database needs the target PostgreSQL database: its URL in ${COPY_TO_URL} or in \
             the file --to-file names (--to URL works too, but shows it to every user in `ps`)"
        );
    }
    Ok(url)
}

/// `jmb receive-mail`: the MTA reads only the exit code, so every failure that is not the
/// message's own fault is 75, and the mail waits in the MTA's queue instead of bouncing.
fn receive_mail(cli_config: &Option<PathBuf>, recipient: Option<String>) -> u8 {
    use jmb::mail::inbound::{self, sysexits};
    use std::io::Read;
    init_tracing();
    let recipient = recipient
        .or_else(|| std::env::var("ORIGINAL_RECIPIENT").ok())
        .or_else(|| std::env::var("RECIPIENT").ok())
        .filter(|r| !r.trim().is_empty());
    let Some(recipient) = recipient else {
        eprintln!(
            "jmb: receive-mail needs the recipient: --recipient (Postfix pipe: \
             --recipient ${{original_recipient}}) or $ORIGINAL_RECIPIENT"
        );
        return sysexits::TEMPFAIL;
    };
    let config = match load(cli_config, false) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("jmb: {e:#}");
            return sysexits::TEMPFAIL;
        }
    };
    let reply_address = match config.reply_address() {
        Ok(Some(address)) => address,
        Ok(None) => {
            eprintln!("jmb: receive-mail needs mail.reply_address in the configuration");
            return sysexits::TEMPFAIL;
        }
        Err(e) => {
            eprintln!("jmb: mail.reply_address: {e}");
            return sysexits::TEMPFAIL;
        }
    };
    let composer = match jmb::mail::Composer::new(&config) {
        Ok(composer) => std::sync::Arc::new(composer),
        Err(e) => {
            eprintln!("jmb: {e}");
            return sysexits::TEMPFAIL;
        }
    };
    // One byte past the limit is enough to know a message is too long.
    let mut message = Vec::new();
    let limit = u64::try_from(inbound::MAX_MESSAGE_BYTES + 1).unwrap_or(u64::MAX);
    if let Err(e) = std::io::stdin()
        .lock()
        .take(limit)
        .read_to_end(&mut message)
    {
        eprintln!("jmb: while reading the message from standard input: {e}");
        return sysexits::TEMPFAIL;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("jmb: while starting the async runtime: {e}");
            return sysexits::TEMPFAIL;
        }
    };
    // The database down or locked: 75, and the MTA keeps the mail for a later try.
    let db = match jmb::store::Db::connect(&config.database, 1) {
        Ok(db) => db,
        Err(e) if e.is_unavailable() => {
            eprintln!(
                "jmb: cannot reach the database ({e}): the mail stays with the MTA, which tries \
                 again later"
            );
            return sysexits::TEMPFAIL;
        }
        Err(e) => {
            eprintln!("jmb: the database: {e}");
            return sysexits::TEMPFAIL;
        }
    };
    let mailbox = jmb::service::replies::StoreMailbox::new(
        db,
        composer,
        reply_address,
        config.mail.notify_owner_on_answer,
        std::sync::Arc::new(jmb::clock::SystemClock),
        // A process of its own: the serving nodes' workers find what it queued at their next
        // look.
        jmb::mail::OutboxHandle::default(),
        jmb::worker::Wake::default(),
    );
    runtime.block_on(inbound::receive_one(&mailbox, &recipient, &message))
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Serve { dev } => {
            init_tracing();
            let config = load(&cli.config, *dev)?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("while starting the async runtime")?;
            runtime.block_on(async move {
                let listen = config.server.listen.clone();
                let public = config.server.public_url.clone();
                let dev_mode = config.auth.mode == config::AuthMode::Dev;
                let app = jmb::Application::build(config).await?;
                tracing::info!(%listen, %public, "jmb is listening");
                if dev_mode {
                    println!("jmb (dev mode) is running: open {public}/ and log in with any name");
                }
                app.run_until_stopped().await.context("while serving")
            })
        }
        Command::Migrate => {
            let config = load(&cli.config, false)?;
            jmb::store::Db::connect(&config.database, 1)
                .with_context(|| format!("while migrating {}", config.database.describe()))?;
            println!("database {} is up to date", config.database.describe());
            Ok(())
        }
        Command::CheckConfig => {
            init_tracing(); // the configuration's warnings are part of the check
            let source = source(&cli.config, false);
            let config = Config::load(&source)?;
            jmb::startup::check(&config)?;
            let path = source
                .file
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            println!(
                "{path}: configuration is valid (auth.mode = {:?}, database {})",
                config.auth.mode,
                config.database.describe()
            );
            Ok(())
        }
        Command::Outbox { action } => {
            let config = load(&cli.config, false)?;
            let db = jmb::store::Db::connect(&config.database, 1)
                .with_context(|| format!("while opening {}", config.database.describe()))?;
            match action.as_ref().unwrap_or(&OutboxCommand::List { sent: 10 }) {
                OutboxCommand::List { sent } => {
                    let rows = db.run_blocking(|c| jmb::store::outbox::list_mails(c, *sent))?;
                    let counts = db.run_blocking(|c| jmb::store::outbox::count_by_status(c))?;
                    print!(
                        "{}",
                        jmb::mail::outbox_worker::describe_queue(&rows, &counts)
                    );
                }
                OutboxCommand::Retry { id } => {
                    let n = db.run_blocking(|c| jmb::store::outbox::requeue_failed(c, *id))?;
                    println!(
                        "{n} mail(s) back in the queue; a running `jmb serve` sends them within \
                         seconds"
                    );
                }
            }
            Ok(())
        }
        Command::Webhooks { action } => {
            let config = load(&cli.config, false)?;
            let db = jmb::store::Db::connect(&config.database, 1)
                .with_context(|| format!("while opening {}", config.database.describe()))?;
            match action
                .as_ref()
                .unwrap_or(&WebhooksCommand::List { limit: 50 })
            {
                WebhooksCommand::List { limit } => {
                    let rows =
                        db.run_blocking(|c| jmb::store::webhooks::list_deliveries(c, *limit))?;
                    print!("{}", jmb::webhooks::describe_deliveries(&rows));
                }
                WebhooksCommand::Retry { id, .. } => {
                    let n = db.run_blocking(|c| jmb::store::webhooks::requeue_failed(c, *id))?;
                    println!(
                        "{n} failed delivery(ies) due again; a running `jmb serve` makes them \
                         within seconds"
                    );
                }
            }
            Ok(())
        }
        Command::CopyDatabase { to_file, to } => {
            let to = copy_target(to_file.as_deref(), to.as_deref())?;
            let config = load(&cli.config, false)?;
            let copied =
                jmb::store::pool::copy_to_postgres(&config.database, &to).with_context(|| {
                    format!(
                        "while copying {} into PostgreSQL",
                        config.database.path.display()
                    )
                })?;
            for (table, rows) in &copied {
                println!("{table}: {rows} rows");
            }
            println!(
                "copied; now set database.url (or JMB_DATABASE_URL) and server.secret_key on \
                 every node"
            );
            Ok(())
        }
        Command::SendTestMail { to } => {
            let config = load(&cli.config, false)?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("while starting the async runtime")?;
            runtime.block_on(jmb::mail::send_test_mail(&config, to))?;
            println!(
                "sent to {to} through mail.transport = {:?}",
                config.mail.transport
            );
            Ok(())
        }
        Command::Remind { .. } => {
            init_tracing();
            let config = load(&cli.config, false)?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("while starting the async runtime")?;
            let clock: jmb::clock::SharedClock = std::sync::Arc::new(jmb::clock::SystemClock);
            let report = runtime
                .block_on(jmb::reminders::once(&config, clock))
                .with_context(|| {
                    format!(
                        "while sending reminders from {}",
                        config.database.describe()
                    )
                })?;
            print!("{report}");
            Ok(())
        }
        #[cfg(feature = "bench")]
        Command::Bench(what) => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("while starting the async runtime")?;
            print!("{}", runtime.block_on(jmb::bench::run(what))?);
            Ok(())
        }
        Command::Stats { json } => {
            let config = load(&cli.config, false)?;
            let db = jmb::store::Db::connect(&config.database, 1)
                .with_context(|| format!("while opening {}", config.database.describe()))?;
            let now = jmb::clock::Clock::now(&jmb::clock::SystemClock);
            let day = jmb::domain::stats::local_day(now, config.time_zone());
            let stats = db
                .run_blocking(|c| jmb::store::stats::snapshot(c, now, day))
                .with_context(|| format!("while reading {}", config.database.describe()))?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print!("{}", stats.summary());
            }
            Ok(())
        }
        Command::ImportJmb { path, logins } => {
            let config = load(&cli.config, false)?;
            let report = jmb::import::run(&config, path, logins.as_deref())?;
            print!("{report}");
            Ok(())
        }
        // Handled in `main`: it ends with its own exit codes.
        Command::ReceiveMail { .. } => Ok(()),
        Command::Token {
            room,
            user,
            minutes,
        } => {
            let config = load(&cli.config, false)?;
            let signer = jmb::jitsi::jwt::Signer::new(
                config.jitsi.app_secret.expose(),
                &config.jitsi.app_id,
                &config.jitsi.audience,
                &config.jitsi.domain,
            );
            let now = jmb::clock::Clock::now(&jmb::clock::SystemClock);
            // The slack of personal rooms: a host whose clock runs ahead of Prosody's must
            // not sign a token that is not valid yet.
            let window = jmb::domain::personal_room::token_window(now, *minutes);
            let token = signer.sign(
                room,
                &jmb::jitsi::jwt::TokenUser {
                    id: user.clone(),
                    name: user.clone(),
                    email: String::new(),
                    moderator: true,
                },
                window,
                now,
            )?;
            println!(
                "{}",
                jmb::jitsi::jwt::meeting_url(&config.jitsi.url, room, Some(&token))
            );
            Ok(())
        }
    }
}
