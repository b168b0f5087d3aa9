//! The live notification channel: an `EventSource` on `/api/v1/notifications/stream` feeding
//! `notification` and `unread` events into the session reducer while a user is logged in.

use crate::api::{self, Notification};
use crate::state::session::{SessionAction, SessionHandle};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};
use yew::prelude::*;

/// An open stream; closing happens on drop.
struct LiveStream {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

impl LiveStream {
    /// Opens the stream and routes its events to `session`.
    fn open(session: SessionHandle) -> Option<Self> {
        let source = EventSource::new(&api::notification_stream_url()).ok()?;
        let on_item = {
            let session = session.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let item = event
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<Notification>(&text).ok());
                if let Some(item) = item {
                    session.dispatch(SessionAction::Notified(item));
                }
            })
        };
        let on_unread = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let count = event
                .data()
                .as_string()
                .and_then(|text| text.trim().parse::<u32>().ok());
            if let Some(count) = count {
                session.dispatch(SessionAction::Unread(count));
            }
        });
        source
            .add_event_listener_with_callback("notification", on_item.as_ref().unchecked_ref())
            .ok()?;
        source
            .add_event_listener_with_callback("unread", on_unread.as_ref().unchecked_ref())
            .ok()?;
        Some(Self {
            source,
            _listeners: vec![on_item, on_unread],
        })
    }
}

impl Drop for LiveStream {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Keeps the stream open while `user` is `Some` (re-opened when the user changes).
#[hook]
pub fn use_notification_stream(session: SessionHandle, user: Option<String>) {
    use_effect_with(user, move |user| {
        let stream = user.as_ref().and_then(|_| LiveStream::open(session));
        move || drop(stream)
    });
}
