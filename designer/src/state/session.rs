//! Session state shared by every page: who is logged in, the unread count of the bell and the
//! latest live notification (shown as a toast). A [`Reducible`] driven by [`SessionAction`].

use crate::api::{Me, Notification};
use std::rc::Rc;
use yew::{Reducible, UseReducerHandle};

/// The session.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Session {
    /// Whether `/auth/me` has answered (until then pages wait instead of redirecting).
    pub checked: bool,
    /// The logged-in user.
    pub me: Option<Rc<Me>>,
    /// Unread notifications.
    pub unread: u32,
    /// The latest live notification, until dismissed.
    pub toast: Option<Notification>,
    /// How many live notifications arrived; lists reload when it changes.
    pub received: u32,
}

/// What can happen to the session.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionAction {
    /// `/auth/me` answered: a user, or nobody.
    Checked(Option<Me>),
    /// The user logged in.
    LoggedIn(Me),
    /// The user logged out, or the server said the session is gone.
    LoggedOut,
    /// The server reported the unread count.
    Unread(u32),
    /// A notification arrived on the live stream.
    Notified(Notification),
    /// One notification was read.
    ReadOne,
    /// All notifications were read.
    ReadAll,
    /// The toast was closed.
    DismissToast,
}

/// The session as handed to components through a context.
pub type SessionHandle = UseReducerHandle<Session>;

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SessionAction::Checked(me) => {
                next.checked = true;
                next.me = me.map(Rc::new);
            }
            SessionAction::LoggedIn(me) => {
                next = Session {
                    checked: true,
                    me: Some(Rc::new(me)),
                    ..Session::default()
                };
            }
            SessionAction::LoggedOut => {
                next = Session {
                    checked: true,
                    ..Session::default()
                };
            }
            SessionAction::Unread(n) => next.unread = n,
            SessionAction::Notified(item) => {
                if !item.read {
                    next.unread += 1;
                }
                next.toast = Some(item);
                next.received = next.received.wrapping_add(1);
            }
            SessionAction::ReadOne => next.unread = next.unread.saturating_sub(1),
            SessionAction::ReadAll => next.unread = 0,
            SessionAction::DismissToast => next.toast = None,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clerk() -> Me {
        Me {
            username: "zzb_clerk".into(),
            display_name: "王芳".into(),
            ..Me::default()
        }
    }

    fn notice(id: &str) -> Notification {
        Notification {
            id: id.into(),
            kind: "todo".into(),
            title: "新待办".into(),
            body: String::new(),
            matter_id: Some("m1".into()),
            task_id: Some(2),
            read: false,
            at: "2026-11-29T10:00:00+08:00".into(),
        }
    }

    #[test]
    fn live_notifications_raise_the_count_and_the_server_count_wins() {
        let s = Rc::new(Session::default()).reduce(SessionAction::LoggedIn(clerk()));
        let s = s.reduce(SessionAction::Notified(notice("n1")));
        assert_eq!(s.unread, 1);
        assert_eq!(s.toast.as_ref().map(|n| n.id.as_str()), Some("n1"));
        assert_eq!(s.received, 1, "lists reload on each live notification");
        let s = s.reduce(SessionAction::Notified(notice("n2")));
        assert_eq!(s.received, 2);
        let s = s.reduce(SessionAction::Unread(1));
        let s = s
            .reduce(SessionAction::Unread(5))
            .reduce(SessionAction::ReadOne);
        assert_eq!(s.unread, 4);
        let s = s
            .reduce(SessionAction::ReadAll)
            .reduce(SessionAction::ReadOne);
        assert_eq!(s.unread, 0);
    }

    #[test]
    fn logging_out_forgets_the_user_but_stays_checked() {
        let s = Rc::new(Session::default()).reduce(SessionAction::LoggedIn(clerk()));
        let s = s
            .reduce(SessionAction::Unread(3))
            .reduce(SessionAction::LoggedOut);
        assert!(s.checked);
        assert!(s.me.is_none());
        assert_eq!(s.unread, 0);
    }
}
