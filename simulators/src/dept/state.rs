//! What the department system knows: the matters Lianban pushed, their dispatches with the
//! department's own case numbers, steps and the outcome of every call back, and the delivery
//! log. Pure data and the rules that change it; [`crate::store`] keeps it on disk.

use lianban_sdk::api::{
    DispatchData, DispatchRef, Event, EventType, MatterRef, MatterState, StepRequest,
};
use serde::{Deserialize, Serialize};

/// How many deliveries the log keeps (oldest dropped first).
pub const DELIVERY_LOG_LIMIT: usize = 500;
/// How many taken-in event ids are kept for deduplication after a restart.
pub const EVENT_ID_LIMIT: usize = 10_000;

/// The whole state, as stored and as `GET /api/state` shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Received matters, oldest first.
    pub matters: Vec<MatterRecord>,
    /// Every delivery that reached `/lianban/events`, oldest first.
    pub deliveries: Vec<DeliveryRecord>,
    /// The last case number handed out this year (`ZR-<year>-<n>`).
    pub case_counter: u32,
    /// The year of `case_counter`.
    #[serde(default)]
    pub case_year: i16,
    /// Ids of the events taken in (newest last), reloaded into the receiver on start.
    pub event_ids: Vec<String>,
}

/// One matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatterRecord {
    /// Number, title, type, initiator.
    pub matter: MatterRef,
    /// When the first event of it arrived (local time, `YYYY-MM-DD HH:MM:SS`).
    pub received_at: String,
    /// Whether Lianban voided it.
    pub voided: bool,
    /// The matter's status in Lianban, from the last successful call.
    pub lianban_status: Option<String>,
    /// Our unit's dispatches in it.
    pub dispatches: Vec<DispatchRecord>,
}

/// Where a dispatch stands in the department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchStatus {
    /// Pushed, not acknowledged yet.
    Received,
    /// Acknowledged: internal steps, then a result.
    Handling,
    /// Approved and reported.
    Approved,
    /// Returned to the initiator and reported; waits for a resubmission.
    Returned,
    /// Lianban took it back.
    Withdrawn,
    /// The matter was voided.
    Voided,
}

impl DispatchStatus {
    /// The label on the page.
    pub fn label(self) -> &'static str {
        match self {
            DispatchStatus::Received => "待签收",
            DispatchStatus::Handling => "办理中",
            DispatchStatus::Approved => "已办结（同意）",
            DispatchStatus::Returned => "已退回",
            DispatchStatus::Withdrawn => "已撤回",
            DispatchStatus::Voided => "已作废",
        }
    }
}

/// One dispatch of the matter to our unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DispatchRecord {
    /// Node, unit, name, deadline, round.
    pub dispatch: DispatchRef,
    /// Where it stands here.
    pub status: DispatchStatus,
    /// Our case number, given at the first 签收.
    pub case_no: Option<String>,
    /// Form values and materials of the latest created/resubmitted event.
    pub data: Option<DispatchData>,
    /// Steps reported in this round.
    pub steps: Vec<StepRequest>,
    /// Events about it, in arrival order (what happened, not the delivery details).
    pub history: Vec<Note>,
    /// Every call to Lianban about it, oldest first.
    pub calls: Vec<CallRecord>,
}

/// A line of a dispatch's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Local time.
    pub at: String,
    /// Event type (wire name).
    pub kind: String,
    /// The event's per-matter sequence number.
    pub seq: u64,
    /// Chinese text.
    pub text: String,
}

/// The outcome of one call to Lianban.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRecord {
    /// Local time.
    pub at: String,
    /// 签收, 登记步骤, 办结, 退回, 查询.
    pub action: String,
    /// Whether Lianban accepted it.
    pub ok: bool,
    /// HTTP status of an error answer.
    pub status: Option<u16>,
    /// Error code of an error answer.
    pub code: Option<String>,
    /// Chinese text: the result, or the error.
    pub message: String,
}

/// One request that reached `/lianban/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    /// Local time.
    pub at: String,
    /// The event id (read from the body even when the request was refused).
    pub event_id: Option<String>,
    /// The event type (likewise).
    pub event_type: Option<String>,
    /// The answered status; `None` when the simulator hung instead of answering.
    pub status: Option<u16>,
    /// `new`, `repeat`, `rejected` (signature or body) or `fault` (a failure mode answered).
    pub outcome: String,
    /// Chinese detail.
    pub note: String,
}

impl Snapshot {
    /// The matter with `number`.
    pub fn matter(&self, number: &str) -> Option<&MatterRecord> {
        self.matters.iter().find(|m| m.matter.number == number)
    }

    /// The dispatch at `node` of matter `number`.
    pub fn dispatch_mut(&mut self, number: &str, node: &str) -> Option<&mut DispatchRecord> {
        self.matters
            .iter_mut()
            .find(|m| m.matter.number == number)?
            .dispatches
            .iter_mut()
            .find(|d| d.dispatch.node == node)
    }

    /// Appends a delivery to the log, dropping the oldest beyond the limit.
    pub fn log_delivery(&mut self, record: DeliveryRecord) {
        self.deliveries.push(record);
        let excess = self.deliveries.len().saturating_sub(DELIVERY_LOG_LIMIT);
        self.deliveries.drain(..excess);
    }

    /// The next case number for `year`: `ZR-2026-0001`, `ZR-2026-0002`, … (restarting each year).
    pub fn next_case_no(&mut self, year: i16) -> String {
        if self.case_year != year {
            self.case_year = year;
            self.case_counter = 0;
        }
        self.case_counter += 1;
        format!("ZR-{year}-{:04}", self.case_counter)
    }

    /// Takes in a new event received at `at` (local time).
    pub fn apply(&mut self, event: &Event, at: &str) {
        self.event_ids.push(event.id.clone());
        let excess = self.event_ids.len().saturating_sub(EVENT_ID_LIMIT);
        self.event_ids.drain(..excess);

        let index = match self
            .matters
            .iter()
            .position(|m| m.matter.number == event.matter.number)
        {
            Some(i) => i,
            None => {
                self.matters.push(MatterRecord {
                    matter: event.matter.clone(),
                    received_at: at.to_owned(),
                    voided: false,
                    lianban_status: None,
                    dispatches: Vec::new(),
                });
                self.matters.len() - 1
            }
        };
        let matter = &mut self.matters[index];
        matter.matter = event.matter.clone();
        if event.kind == EventType::MatterVoided {
            matter.voided = true;
            for d in &mut matter.dispatches {
                d.status = DispatchStatus::Voided;
            }
        }
        let known = matter
            .dispatches
            .iter()
            .position(|d| d.dispatch.node == event.dispatch.node);
        let i = known.unwrap_or_else(|| {
            matter.dispatches.push(DispatchRecord {
                dispatch: event.dispatch.clone(),
                status: DispatchStatus::Received,
                case_no: None,
                data: None,
                steps: Vec::new(),
                history: Vec::new(),
                calls: Vec::new(),
            });
            matter.dispatches.len() - 1
        });
        apply_to_dispatch(&mut matter.dispatches[i], event, at);
    }
}

fn apply_to_dispatch(dispatch: &mut DispatchRecord, event: &Event, at: &str) {
    dispatch.dispatch = event.dispatch.clone();
    let reason = event.reason().map(|r| format!("：{r}")).unwrap_or_default();
    let text = match event.kind {
        EventType::DispatchCreated => {
            dispatch.data = event.dispatch_data();
            dispatch.status = DispatchStatus::Received;
            "收到分发，待签收".to_owned()
        }
        EventType::DispatchResubmitted => {
            dispatch.data = event.dispatch_data();
            dispatch.steps.clear();
            // An acknowledged dispatch stays ours after the correction: handle it again.
            dispatch.status = if dispatch.case_no.is_some() {
                DispatchStatus::Handling
            } else {
                DispatchStatus::Received
            };
            format!(
                "发起人已补正，重新提交（第 {} 轮）",
                event.dispatch.round + 1
            )
        }
        EventType::DispatchWithdrawn => {
            dispatch.status = DispatchStatus::Withdrawn;
            format!("分发已撤回{reason}")
        }
        EventType::MatterVoided => {
            dispatch.status = DispatchStatus::Voided;
            format!("办件已作废{reason}")
        }
        EventType::DispatchUrged => format!("发起人催办{reason}"),
    };
    dispatch.history.push(Note {
        at: at.to_owned(),
        kind: event.kind.as_str().to_owned(),
        seq: event.seq,
        text,
    });
}

impl DispatchRecord {
    /// Takes Lianban's view of this dispatch after a successful call.
    pub fn sync(&mut self, state: &MatterState) {
        if let Some(theirs) = state
            .dispatches
            .iter()
            .find(|d| d.dispatch.node == self.dispatch.node)
        {
            self.dispatch = theirs.dispatch.clone();
            self.steps = theirs.steps.clone();
            if theirs.external_ref.is_some() {
                self.case_no = theirs.external_ref.clone();
            }
        }
    }

    /// Whether 签收 is offered.
    pub fn can_ack(&self) -> bool {
        self.status == DispatchStatus::Received
    }

    /// Whether steps and a result are offered.
    pub fn can_handle(&self) -> bool {
        self.status == DispatchStatus::Handling
    }
}

#[cfg(test)]
mod tests;
