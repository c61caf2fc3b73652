//! The meetings of feeds as they were last rendered, each kept under the revision it was
//! rendered at, so that a feed is rebuilt by re-rendering only what changed.
//!
//! A feed of 10,000 meetings is about 60,000 rows to read and 10 MB to write; rendering it
//! whole took 60–120 ms (SQLite, PostgreSQL), and a feed is rebuilt whenever any of its
//! meetings changes. A meeting's rendering depends on the database only through its
//! revision (raised by triggers, `sql/*/0017_meeting_revision.sql`) and otherwise on what
//! this cache holds (the public URL, the organiser's fallback address), so a kept rendering
//! is right for as long as the revision it was kept under is the current one, on every node.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::store::feeds::FeedHead;
use crate::urls::Urls;

/// How much rendered text is kept at most; past it everything is dropped and built anew.
/// A feed of 10,000 meetings is 10 MB.
pub const DEFAULT_LIMIT: usize = 256 << 20;

/// What every rendered meeting depends on besides the database, and the renderings kept.
pub struct FeedCache {
    pub urls: Urls,
    /// ORGANIZER of meetings whose owner has no address: the service's sender.
    pub organizer_fallback: String,
    limit: usize,
    kept: Mutex<Shelves>,
}

#[derive(Default)]
struct Shelves {
    /// The owner's view of a meeting (every invitee, the owner's link), by meeting.
    owned: HashMap<i64, Kept>,
    /// An invitee's view (their link, and only themselves unless they moderate), by their
    /// address and then by meeting.
    invited: HashMap<String, HashMap<i64, Kept>>,
    bytes: usize,
}

struct Kept {
    revision: i64,
    text: Arc<str>,
}

impl FeedCache {
    pub fn new(urls: Urls, organizer_fallback: &str) -> FeedCache {
        FeedCache::with_limit(urls, organizer_fallback, DEFAULT_LIMIT)
    }

    pub fn with_limit(urls: Urls, organizer_fallback: &str, limit: usize) -> FeedCache {
        FeedCache {
            urls,
            organizer_fallback: organizer_fallback.to_owned(),
            limit,
            kept: Mutex::new(Shelves::default()),
        }
    }

    /// The kept rendering of each meeting of `viewer`'s feed that has not changed since.
    pub fn lookup(&self, viewer: &str, heads: &[FeedHead]) -> Vec<Option<Arc<str>>> {
        let shelves = self.shelves();
        let invited = shelves.invited.get(viewer);
        heads
            .iter()
            .map(|h| {
                let shelf = if h.owned {
                    Some(&shelves.owned)
                } else {
                    invited
                };
                shelf
                    .and_then(|s| s.get(&h.meeting_id))
                    .filter(|k| k.revision == h.revision)
                    .map(|k| Arc::clone(&k.text))
            })
            .collect()
    }

    /// Keeps the renderings of `viewer`'s meetings, each under the revision its head was
    /// read with (read before the rows it was rendered from, so a change in between leaves a
    /// newer rendering under an older revision: re-rendered at the next build, never stale).
    pub fn keep<'a>(
        &self,
        viewer: &str,
        fresh: impl IntoIterator<Item = (&'a FeedHead, Arc<str>)>,
    ) {
        let mut guard = self.shelves();
        let shelves = &mut *guard;
        for (head, text) in fresh {
            let size = text.len();
            if shelves.bytes + size > self.limit {
                *shelves = Shelves::default();
            }
            let shelf = if head.owned {
                &mut shelves.owned
            } else {
                shelves.invited.entry(viewer.to_owned()).or_default()
            };
            let kept = Kept {
                revision: head.revision,
                text,
            };
            shelves.bytes += size;
            if let Some(old) = shelf.insert(head.meeting_id, kept) {
                shelves.bytes -= old.text.len();
            }
        }
    }

    /// How much rendered text is kept.
    pub fn bytes(&self) -> usize {
        self.shelves().bytes
    }

    fn shelves(&self) -> std::sync::MutexGuard<'_, Shelves> {
        // A panic while holding the lock leaves whole entries only: keep using them.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn head(meeting_id: i64, revision: i64, owned: bool) -> FeedHead {
        let t = Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap();
        FeedHead {
            meeting_id,
            revision,
            owned,
            tzid: None,
            starts_at: t,
            ends_at: t,
        }
    }

    fn cache(limit: usize) -> FeedCache {
        FeedCache::with_limit(
            Urls::new("https://meet.example.org"),
            "jmb@example.org",
            limit,
        )
    }

    fn texts(found: Vec<Option<Arc<str>>>) -> Vec<Option<String>> {
        found
            .into_iter()
            .map(|t| t.map(|t| t.to_string()))
            .collect()
    }

    #[test]
    fn a_rendering_is_found_only_at_the_revision_it_was_kept_under() {
        let c = cache(1 << 20);
        let (a, b) = (head(1, 3, true), head(2, 1, false));
        c.keep(
            "bob@example.org",
            [(&a, Arc::from("A")), (&b, Arc::from("B"))],
        );
        assert_eq!(
            texts(c.lookup("bob@example.org", &[a.clone(), b.clone()])),
            [Some("A".into()), Some("B".into())]
        );
        assert_eq!(
            texts(c.lookup("bob@example.org", &[head(1, 4, true), head(2, 2, false)])),
            [None, None]
        );
    }

    #[test]
    fn an_invitees_view_is_theirs_alone_and_the_owners_view_is_the_owners() {
        let c = cache(1 << 20);
        let invited = head(7, 1, false);
        c.keep("bob@example.org", [(&invited, Arc::from("bob's link"))]);
        assert_eq!(
            texts(c.lookup("carol@example.org", std::slice::from_ref(&invited))),
            [None]
        );
        // The same meeting seen by its owner is another rendering.
        assert_eq!(
            texts(c.lookup("bob@example.org", &[head(7, 1, true)])),
            [None]
        );
    }

    #[test]
    fn past_the_limit_everything_is_dropped_and_counted_anew() {
        let c = cache(10);
        let (a, b) = (head(1, 1, true), head(2, 1, true));
        c.keep("", [(&a, Arc::from("123456"))]);
        c.keep("", [(&a, Arc::from("1234567"))]);
        assert_eq!(c.bytes(), 7, "a replaced rendering is not counted twice");
        c.keep("", [(&b, Arc::from("12345"))]);
        assert_eq!(c.bytes(), 5);
        assert_eq!(texts(c.lookup("", &[a, b])), [None, Some("12345".into())]);
    }
}
