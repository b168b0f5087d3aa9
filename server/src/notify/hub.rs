//! In-process fan-out of new notifications to SSE subscribers.

use super::NotificationItem;
use tokio::sync::broadcast;

/// Broadcasts committed notifications to the SSE streams of this node.
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<NotificationItem>,
}

impl Default for Hub {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(1024);
        Self { tx }
    }
}

impl Hub {
    /// Sends committed notifications to whoever listens (nobody listening is fine).
    pub fn publish(&self, items: Vec<NotificationItem>) {
        for item in items {
            let _ = self.tx.send(item);
        }
    }

    /// A new subscription.
    pub fn subscribe(&self) -> broadcast::Receiver<NotificationItem> {
        self.tx.subscribe()
    }
}
