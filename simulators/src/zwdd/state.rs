//! What the gateway keeps: the work notices it accepted (each recipient's inbox is read from
//! them), the log of every call with its verification result, and the message counter. Pure data
//! and the rules that change it; [`crate::store`] keeps it on disk. The 浙政钉 accounts are the
//! demo world's ([`accounts`]), not stored.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How many calls the log keeps (oldest dropped first).
pub const CALL_LOG_LIMIT: usize = 500;

/// The whole state, as stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Accepted notices, oldest first.
    pub notices: Vec<Notice>,
    /// Every call that reached the endpoint, oldest first.
    pub calls: Vec<Call>,
    /// The last message number handed out.
    pub msg_counter: u64,
}

/// An accepted work notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The gateway's id (`content.msgId` of the answer).
    pub msg_id: String,
    /// The sender's id (`bizMsgId`), if it gave one.
    pub biz_msg_id: Option<String>,
    /// The recipients' `accountId`s.
    pub receivers: Vec<String>,
    /// When it arrived (local time, `YYYY-MM-DD HH:MM:SS`).
    pub at: String,
    /// The `msg` as sent (checked to be a valid message).
    pub msg: Value,
}

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Verified and stored.
    Accepted,
    /// Refused (signature, app, timestamp, nonce, tenant, receivers, message, duplicate).
    Refused,
    /// A failure mode answered instead.
    Fault,
}

impl Outcome {
    /// The label on the page.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Accepted => "已接收",
            Outcome::Refused => "拒绝",
            Outcome::Fault => "模拟故障",
        }
    }
}

/// One call of the gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// Local time.
    pub at: String,
    /// The request path.
    pub path: String,
    /// `bizMsgId` as sent (read even when the call was refused).
    pub biz_msg_id: Option<String>,
    /// `receiverIds` as sent.
    pub receivers: Option<String>,
    /// The answered HTTP status; `None` when the simulator hung instead of answering.
    pub status: Option<u16>,
    /// How it ended.
    pub outcome: Outcome,
    /// The refusal's or fault's code (`errorCode` / `responseCode`), or the accepted `msgId`.
    pub code: Option<String>,
    /// Chinese detail.
    pub note: String,
}

impl Snapshot {
    /// Appends a call to the log, dropping the oldest beyond the limit.
    pub fn log(&mut self, call: Call) {
        self.calls.push(call);
        let excess = self.calls.len().saturating_sub(CALL_LOG_LIMIT);
        self.calls.drain(..excess);
    }

    /// Whether a notice with this `bizMsgId` was accepted.
    pub fn has_biz_msg_id(&self, id: &str) -> bool {
        self.notices
            .iter()
            .any(|n| n.biz_msg_id.as_deref() == Some(id))
    }

    /// Stores an accepted notice under a new message id, which it answers.
    pub fn accept(&mut self, mut notice: Notice) -> String {
        self.msg_counter += 1;
        notice.msg_id = format!("zsim-{:06}", self.msg_counter);
        let id = notice.msg_id.clone();
        self.notices.push(notice);
        id
    }

    /// The notices `account` received, newest first.
    pub fn inbox(&self, account: &str) -> Vec<&Notice> {
        self.notices
            .iter()
            .rev()
            .filter(|n| n.receivers.iter().any(|r| r == account))
            .collect()
    }
}

/// A 浙政钉 account the gateway knows: a demo user bound to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The `accountId`.
    pub id: String,
    /// The user's name.
    pub name: String,
    /// The user's login name in Lianban.
    pub username: String,
    /// The user's unit.
    pub unit: String,
}

/// The demo world's users with a 浙政钉 account, in the world's order.
pub fn accounts() -> Vec<Account> {
    let world = lianban_seeds::demo_world();
    world
        .users
        .iter()
        .filter_map(|u| {
            let id = u.zwdd_account.clone()?;
            let unit = world
                .units
                .iter()
                .find(|unit| unit.code == u.unit)
                .map_or_else(|| u.unit.clone(), |unit| unit.name.clone());
            Some(Account {
                id,
                name: u.name.clone(),
                username: u.username.clone(),
                unit,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notice(biz: &str, receivers: &[&str]) -> Notice {
        Notice {
            msg_id: String::new(),
            biz_msg_id: Some(biz.to_owned()),
            receivers: receivers.iter().map(|r| (*r).to_owned()).collect(),
            at: "2026-03-02 09:00:00".into(),
            msg: json!({"msgtype": "text", "text": {"content": biz}}),
        }
    }

    #[test]
    fn inboxes_are_newest_first_and_ids_count_up() {
        let mut s = Snapshot::default();
        assert_eq!(s.accept(notice("a", &["10003"])), "zsim-000001");
        assert_eq!(s.accept(notice("b", &["10003", "10004"])), "zsim-000002");
        let ids = |account| -> Vec<String> {
            s.inbox(account).iter().map(|n| n.msg_id.clone()).collect()
        };
        assert_eq!(ids("10003"), ["zsim-000002", "zsim-000001"]);
        assert_eq!(ids("10004"), ["zsim-000002"]);
        assert!(ids("10005").is_empty());
        assert!(s.has_biz_msg_id("a") && !s.has_biz_msg_id("c"));
    }

    #[test]
    fn the_log_keeps_the_newest_calls() {
        let mut s = Snapshot::default();
        for i in 0..CALL_LOG_LIMIT + 3 {
            s.log(Call {
                at: String::new(),
                path: String::new(),
                biz_msg_id: Some(i.to_string()),
                receivers: None,
                status: Some(200),
                outcome: Outcome::Accepted,
                code: None,
                note: String::new(),
            });
        }
        assert_eq!(s.calls.len(), CALL_LOG_LIMIT);
        assert_eq!(s.calls[0].biz_msg_id.as_deref(), Some("3"));
    }

    #[test]
    fn the_accounts_are_the_demo_users_bound_to_one() {
        let accounts = accounts();
        let rsj = accounts.iter().find(|a| a.id == "10003").unwrap();
        assert_eq!(
            (rsj.name.as_str(), rsj.username.as_str()),
            ("李明", "rsj_clerk")
        );
        assert!(rsj.unit.contains("人力社保局"), "{}", rsj.unit);
        assert!(accounts.iter().all(|a| a.username != "rsj_clerk2"));
    }
}
