//! Failure modes a simulator can be told to show for its next requests, from its page or from
//! `POST /admin/fail` (`{"mode": "…", "count": N}`; no count: until reset; `none` or 0 resets).
//! Each simulator names its own modes ([`Mode`]); arming, using up and the page's form are here.

use crate::html::{esc, wire};
use axum::extract::{Form, Json, State};
use axum::response::Redirect;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// A simulator's failure modes; the default is "behave normally".
pub trait Mode: Copy + Default + PartialEq + Serialize + 'static {
    /// Every mode, in the page's order (the default first).
    const ALL: &'static [Self];
    /// The label on the page.
    fn label(self) -> &'static str;
}

/// The armed failure mode: for the next `remaining` requests, or until reset when `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault<M> {
    /// The mode.
    pub mode: M,
    /// How many requests it still applies to (`None`: until reset).
    pub remaining: Option<u32>,
}

impl<M: Mode> Fault<M> {
    /// The fault for a request to arm `mode` for `count` requests.
    pub fn armed(mode: M, count: Option<u32>) -> Self {
        if mode == M::default() || count == Some(0) {
            return Fault::default();
        }
        Fault {
            mode,
            remaining: count,
        }
    }

    /// Uses the fault up for one request: the mode to answer with, if any.
    pub fn take(&mut self) -> Option<M> {
        if self.mode == M::default() {
            return None;
        }
        let mode = self.mode;
        if let Some(left) = self.remaining.as_mut() {
            *left = left.saturating_sub(1);
            if *left == 0 {
                *self = Fault::default();
            }
        }
        Some(mode)
    }
}

/// `POST /admin/fail`: arm a failure mode.
#[derive(Debug, Clone, Deserialize)]
pub struct FaultRequest<M> {
    /// The mode (`none` resets).
    pub mode: M,
    /// How many requests; absent: until reset.
    #[serde(default)]
    pub count: Option<u32>,
}

/// The page's form of the same (an empty count means until reset).
#[derive(Debug, Deserialize)]
pub struct FaultForm<M> {
    mode: M,
    #[serde(default)]
    count: String,
}

impl<M> FaultForm<M> {
    /// As a request.
    pub fn request(self) -> FaultRequest<M> {
        FaultRequest {
            mode: self.mode,
            count: self.count.trim().parse().ok(),
        }
    }
}

/// A simulator with a failure-mode switch.
pub trait Faulty: Send + Sync + 'static {
    /// Its modes.
    type Mode: Mode + DeserializeOwned + std::fmt::Debug + Send;
    /// The switch.
    fn fault(&self) -> &Mutex<Fault<Self::Mode>>;

    /// The armed fault now.
    fn current_fault(&self) -> Fault<Self::Mode> {
        *self.fault().lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Uses the armed fault up for one request: the mode to answer with, if any.
    fn take_fault(&self) -> Option<Self::Mode> {
        self.fault()
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }

    /// Arms the fault a request asks for.
    fn arm(&self, request: FaultRequest<Self::Mode>) -> Fault<Self::Mode> {
        let fault = Fault::armed(request.mode, request.count);
        *self.fault().lock().unwrap_or_else(|p| p.into_inner()) = fault;
        tracing::info!(?fault, "failure mode set");
        fault
    }
}

/// `POST /admin/fail` with JSON: arms and answers the armed fault.
pub async fn set_json<S: Faulty>(
    State(sim): State<Arc<S>>,
    Json(request): Json<FaultRequest<S::Mode>>,
) -> Json<Fault<S::Mode>> {
    Json(sim.arm(request))
}

/// `POST /admin/fail-form`: the page's form; arms and goes back to the page.
pub async fn set_form<S: Faulty>(
    State(sim): State<Arc<S>>,
    Form(form): Form<FaultForm<S::Mode>>,
) -> Redirect {
    sim.arm(form.request());
    Redirect::to("/#faults")
}

/// The page's section `#faults`: the armed mode, `intro` (HTML), and a form posting to
/// `/admin/fail-form`.
pub fn render<M: Mode>(out: &mut String, fault: Fault<M>, intro: &str) {
    let current = match (fault.mode == M::default(), fault.remaining) {
        (true, _) => fault.mode.label().to_owned(),
        (false, Some(n)) => format!("{}（还剩 {n} 次）", fault.mode.label()),
        (false, None) => format!("{}（直到重置）", fault.mode.label()),
    };
    let _ = write!(
        out,
        "<section id=\"faults\"><h2>故障模拟</h2><p>当前：<strong>{}</strong>。{intro}</p>\
         <div class=\"actions\"><form class=\"inline\" method=\"post\" action=\"/admin/fail-form\"><select name=\"mode\">",
        esc(&current)
    );
    for &mode in M::ALL {
        let value = wire(mode);
        let selected = if mode == fault.mode { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{value}\"{selected}>{}</option>",
            mode.label()
        );
    }
    out.push_str(
        "</select>&nbsp;<input name=\"count\" type=\"number\" min=\"0\" placeholder=\"次数（不填：直到重置）\" style=\"width:200px\">&nbsp;<button>设置</button></form></div>\
         <p class=\"muted\">也可调用 <code>POST /admin/fail</code>，如 <code>{\"mode\":\"error\",\"count\":2}</code>。</p></section>",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Test {
        #[default]
        None,
        Error,
    }

    impl Mode for Test {
        const ALL: &'static [Self] = &[Test::None, Test::Error];
        fn label(self) -> &'static str {
            match self {
                Test::None => "正常",
                Test::Error => "出错",
            }
        }
    }

    #[test]
    fn a_counted_fault_is_used_up_and_an_open_one_stays() {
        let mut fault = Fault::armed(Test::Error, Some(2));
        assert_eq!(
            (fault.take(), fault.take(), fault.take()),
            (Some(Test::Error), Some(Test::Error), None)
        );
        let mut open = Fault::armed(Test::Error, None);
        assert_eq!(
            (open.take(), open.take()),
            (Some(Test::Error), Some(Test::Error))
        );
        assert_eq!(Fault::armed(Test::Error, Some(0)), Fault::default());
        assert_eq!(Fault::armed(Test::None, Some(3)), Fault::default());
        let form: FaultForm<Test> = FaultForm {
            mode: Test::Error,
            count: " ".into(),
        };
        assert_eq!(form.request().count, None);
        let mut page = String::new();
        render(&mut page, Fault::armed(Test::Error, Some(1)), "说明");
        assert!(
            page.contains("当前：<strong>出错（还剩 1 次）</strong>。说明"),
            "{page}"
        );
        assert!(
            page.contains("<option value=\"error\" selected>出错</option>"),
            "{page}"
        );
    }
}
