use rusqlite_migration::{M, Migrations};

/// Append only: a migration that has shipped never changes.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../sql/0001_init.sql")),
        M::up(include_str!("../../sql/0002_outbox.sql")),
        M::up(include_str!("../../sql/0003_legacy.sql")),
        M::up(include_str!("../../sql/0004_feed_versions.sql")),
        M::up(include_str!("../../sql/0005_presence.sql")),
        M::up(include_str!("../../sql/0006_reminders.sql")),
        M::up(include_str!("../../sql/0007_personal_rooms.sql")),
        M::up(include_str!("../../sql/0009_sessions.sql")),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
