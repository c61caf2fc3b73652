//! The Munin plugins in `munin/`, run by Debian's `munin-run` as munin-node would run them:
//! `config`, `autoconf`, `suggest` and a plain fetch, against a live jmb and against a
//! videobridge statistics fixture served on loopback.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use tempfile::TempDir;

use crate::helpers::{meeting_json, spawn_app};
use crate::servers::{ChildGuard, free_port, support_dir, unavailable};

fn repo_plugin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("munin")
        .join(name)
}

/// A plugin directory and plugin configuration as munin-node would have them.
struct Munin {
    dir: TempDir,
    munin_run: PathBuf,
}

impl Munin {
    /// `links`: (installed name, file in munin/); `env`: (plugin glob, url).
    fn new(links: &[(&str, &str)], env: &[(&str, String)]) -> Option<Munin> {
        let munin_run = ["/usr/sbin/munin-run", "/usr/bin/munin-run"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file());
        let Some(munin_run) = munin_run else {
            unavailable("munin-run", "Debian package munin-node is not installed");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("plugins")).unwrap();
        for (name, target) in links {
            std::os::unix::fs::symlink(repo_plugin(target), dir.path().join("plugins").join(name))
                .unwrap();
        }
        // As root munin-run would drop to `nobody`, who cannot read a private temp dir.
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let mut conf = String::new();
        for (glob, url) in env {
            conf.push_str(&format!("[{glob}]\nenv.url {url}\nenv.timeout 5\n"));
            if root {
                conf.push_str("user root\n");
            }
        }
        std::fs::write(dir.path().join("plugin.conf"), conf).unwrap();
        Some(Munin { dir, munin_run })
    }

    fn run(&self, plugin: &str, command: Option<&str>) -> String {
        let mut cmd = Command::new(&self.munin_run);
        cmd.arg("--ignore-systemd-properties")
            .arg("--servicedir")
            .arg(self.dir.path().join("plugins"))
            .arg("--sconffile")
            .arg(self.dir.path().join("plugin.conf"))
            .arg(plugin);
        cmd.args(command);
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "munin-run {plugin} {command:?}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    /// A fetch, as `field -> value`.
    fn values(&self, plugin: &str) -> HashMap<String, String> {
        self.run(plugin, None)
            .lines()
            .filter_map(|l| {
                let (k, v) = l.split_once(".value ")?;
                Some((k.to_string(), v.trim().to_string()))
            })
            .collect()
    }
}

fn assert_config_names_every_field(config: &str, fetched: &HashMap<String, String>) {
    assert!(config.contains("graph_title "), "{config}");
    assert!(config.contains("graph_category "), "{config}");
    for field in fetched.keys() {
        assert!(
            config.contains(&format!("{field}.label ")),
            "{field} in {config}"
        );
    }
}

#[tokio::test]
async fn the_jmb_plugins_graph_what_jmb_reports_on_metrics() {
    let app = spawn_app().await;
    app.book("alice", &meeting_json("Today", 2)).await;
    app.book("alice", &meeting_json("Tomorrow", 26)).await;
    let url = app.url("/metrics");
    let Some(munin) = Munin::new(
        &[
            ("jmb_meetings", "jmb_"),
            ("jmb_participants", "jmb_"),
            ("jmb_mail", "jmb_"),
        ],
        &[("jmb_*", url)],
    ) else {
        return;
    };
    // munin-run blocks; the app must keep serving meanwhile.
    let out = tokio::task::spawn_blocking(move || {
        let mut out = HashMap::new();
        for plugin in ["jmb_meetings", "jmb_participants", "jmb_mail"] {
            let values = munin.values(plugin);
            assert_config_names_every_field(&munin.run(plugin, Some("config")), &values);
            assert_eq!(munin.run(plugin, Some("autoconf")).trim(), "yes");
            out.insert(plugin, values);
        }
        let suggest = munin.run("jmb_meetings", Some("suggest"));
        assert_eq!(
            suggest.lines().collect::<Vec<_>>(),
            ["meetings", "participants", "mail"]
        );
        out
    })
    .await
    .unwrap();
    let meetings = &out["jmb_meetings"];
    assert_eq!(meetings["scheduled"], "2");
    assert_eq!(meetings["today"], "1");
    assert_eq!(meetings["cancelled"], "0");
    let people = &out["jmb_participants"];
    assert_eq!(people["no_answer"], "4");
    assert_eq!(people["participants"], "0");
    assert_eq!(out["jmb_mail"]["queued"], "0");
}

#[tokio::test]
async fn the_jmb_plugins_say_no_and_unknown_when_jmb_is_down() {
    let url = format!("http://127.0.0.1:{}/metrics", free_port());
    let Some(munin) = Munin::new(&[("jmb_meetings", "jmb_")], &[("jmb_*", url)]) else {
        return;
    };
    assert!(
        munin
            .run("jmb_meetings", Some("autoconf"))
            .starts_with("no (")
    );
    let values = munin.values("jmb_meetings");
    assert_eq!(values["scheduled"], "U");
    assert_eq!(values.len(), 5);
}

/// `python3 -m http.server` serving `stats` as `/colibri/stats`.
async fn serve_stats(stats: &str) -> Option<(ChildGuard, TempDir, u16)> {
    let python = Path::new("/usr/bin/python3");
    if !python.is_file() {
        unavailable("python3", "Debian's /usr/bin/python3 is missing");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("www/colibri")).unwrap();
    std::fs::write(dir.path().join("www/colibri/stats"), stats).unwrap();
    // Port 0: the OS chooses, and the port is the one this process is seen to hold.
    let mut cmd = Command::new(python);
    cmd.args(["-m", "http.server", "--bind", "127.0.0.1", "0"])
        .arg("--directory")
        .arg(dir.path().join("www"));
    let mut guard = ChildGuard::spawn("jvb-fixture", cmd, dir.path().join("http.log")).unwrap();
    match guard
        .wait_for_ports(|ports| !ports.is_empty(), Duration::from_secs(10))
        .await
    {
        Ok(ports) => Some((guard, dir, ports[0])),
        Err(why) => {
            unavailable("jvb-fixture", why);
            None
        }
    }
}

const JVB_GRAPHS: [&str; 4] = ["conferences", "participants", "network", "loss"];

fn jvb_munin(port: u16) -> Option<Munin> {
    let links: Vec<(String, &str)> = JVB_GRAPHS
        .iter()
        .map(|g| (format!("jitsi_videobridge_{g}"), "jitsi_videobridge_"))
        .collect();
    let links: Vec<(&str, &str)> = links.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    Munin::new(
        &links,
        &[(
            "jitsi_videobridge_*",
            format!("http://127.0.0.1:{port}/colibri/stats"),
        )],
    )
}

#[tokio::test]
async fn the_videobridge_plugin_graphs_conferences_participants_bit_rates_and_loss() {
    let fixture = std::fs::read_to_string(support_dir().join("jvb_colibri_stats.json")).unwrap();
    let Some((_server, _dir, port)) = serve_stats(&fixture).await else {
        return;
    };
    let Some(munin) = jvb_munin(port) else {
        return;
    };
    let all = tokio::task::spawn_blocking(move || {
        let mut all = HashMap::new();
        for g in JVB_GRAPHS {
            let plugin = format!("jitsi_videobridge_{g}");
            let values = munin.values(&plugin);
            assert_config_names_every_field(&munin.run(&plugin, Some("config")), &values);
            assert_eq!(munin.run(&plugin, Some("autoconf")).trim(), "yes");
            all.extend(values.into_iter().map(|(k, v)| (format!("{g}.{k}"), v)));
        }
        let network = munin.run("jitsi_videobridge_network", Some("config"));
        assert!(network.contains("sent.negative received"), "{network}");
        all
    })
    .await
    .unwrap();
    for (field, want) in [
        ("conferences.conferences", "5"),
        ("conferences.p2p_conferences", "1"),
        ("conferences.inactive_conferences", "1"),
        ("conferences.largest_conference", "9"),
        ("participants.participants", "19"),
        ("participants.sending_video", "12"),
        ("participants.sending_audio", "7"),
        ("participants.inactive", "2"),
        ("network.received", "2480500"),
        ("network.sent", "7320000"),
        ("loss.incoming", "1.25"),
        ("loss.outgoing", "0.3"),
    ] {
        assert_eq!(all[field], want, "{field}");
    }
}

#[tokio::test]
async fn the_videobridge_plugin_reads_newer_loss_names_and_reports_missing_values_as_unknown() {
    let stats = r#"{"conferences": 2, "participants": 3, "incoming_loss": 0.02,
                    "outgoing_loss": 0.001, "bit_rate_download": 10}"#;
    let Some((_server, _dir, port)) = serve_stats(stats).await else {
        return;
    };
    let Some(munin) = jvb_munin(port) else {
        return;
    };
    let (loss, conferences, network) = tokio::task::spawn_blocking(move || {
        (
            munin.values("jitsi_videobridge_loss"),
            munin.values("jitsi_videobridge_conferences"),
            munin.values("jitsi_videobridge_network"),
        )
    })
    .await
    .unwrap();
    assert_eq!(loss["incoming"], "2");
    assert_eq!(loss["outgoing"], "0.1");
    assert_eq!(conferences["conferences"], "2");
    assert_eq!(conferences["p2p_conferences"], "U");
    assert_eq!(network["received"], "10000");
    assert_eq!(network["sent"], "U");
}
