//! In-process fan-out of the live feed to this node's SSE streams. Only this node's feed
//! ([`super::feed`]) publishes, in feed order; a stream subscribes with the number of the last
//! item published before it, so it knows exactly which items it will receive and which (on a
//! lag) it must read back from the database.

use super::store::live::LiveItem;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{Notify, broadcast};

/// Items a slow stream may fall behind by before it lags (and catches up from the database).
const CAPACITY: usize = 1024;

/// Broadcasts numbered feed items to the SSE streams of this node.
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<LiveItem>,
    /// The number of the last item published; held while publishing and subscribing.
    last: Arc<Mutex<i64>>,
    /// Wakes this node's feed (new rows were committed).
    wake: Arc<Notify>,
}

impl Default for Hub {
    fn default() -> Self {
        Self::with_capacity(CAPACITY)
    }
}

/// A stream's subscription: what it receives, and the number it starts after.
pub struct Subscription {
    /// Items published after `after`, in order.
    pub rx: broadcast::Receiver<LiveItem>,
    /// The last item published before the subscription.
    pub after: i64,
}

impl Hub {
    /// A hub that lets a stream fall `capacity` items behind before it lags.
    pub fn with_capacity(capacity: usize) -> Self {
        let (tx, _) = broadcast::channel(capacity.max(1));
        Self {
            tx,
            last: Arc::default(),
            wake: Arc::new(Notify::new()),
        }
    }

    /// Sends feed items, in order, to whoever listens (nobody listening is fine); items not
    /// after the last one published are dropped, so none goes out twice. Returns how many went
    /// out.
    pub fn publish(&self, items: Vec<LiveItem>) -> usize {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let mut sent = 0;
        for item in items {
            if item.seq > *last {
                *last = item.seq;
                sent += 1;
                let _ = self.tx.send(item);
            }
        }
        sent
    }

    /// The number of the last item published.
    pub fn last(&self) -> i64 {
        *self.last.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new subscription.
    pub fn subscribe(&self) -> Subscription {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        Subscription {
            rx: self.tx.subscribe(),
            after: *last,
        }
    }

    /// Where this node's feed starts: items up to `seq` are not published here.
    pub fn start_after(&self, seq: i64) {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        *last = (*last).max(seq);
    }

    /// Tells this node's feed that in-app notifications were committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits until woken or `timeout` passes.
    pub async fn woken(&self, timeout: std::time::Duration) {
        let _ = tokio::time::timeout(timeout, self.wake.notified()).await;
    }
}
