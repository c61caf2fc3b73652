//! The organiser's pages: list, book, show, edit, cancel, one occurrence of a series; one module per page, and the
//! view helpers they share in `views`.

mod cancel;
mod form;
mod list;
mod occurrence;
mod show;
mod views;

pub use cancel::{cancel_meeting, confirm_cancel};
pub use form::{FieldMessages, create_meeting, edit_meeting, new_meeting, update_meeting};
pub use list::list_meetings;
pub use occurrence::{cancel_occurrence, edit_occurrence, move_occurrence};
pub use show::show_meeting;
