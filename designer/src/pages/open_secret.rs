//! The secret of a unit's own system on the 对接系统 page: 重置密钥 with the overlap during which
//! the previous secret stays valid, the new secret shown once, and while the overlap lasts
//! 「旧密钥将于 … 失效」 with 立即停用旧密钥. Test ids: `rotate-dialog`, `rotate-overlap`,
//! `btn-confirm-rotate`, `btn-cancel-rotate`, `secret-dialog`, `secret-value`,
//! `btn-close-secret`, `previous-secret-<id>`, `btn-revoke-previous-<id>`.

use crate::api::open::{ExternalSystem, Issued, OVERLAPS};
use crate::format;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the administrator is told about an overlap of `hours`.
pub fn overlap_hint(hours: i64) -> String {
    if hours == 0 {
        "旧密钥立即失效，对方系统须同时改用新密钥。".to_owned()
    } else {
        format!("旧密钥在{hours}小时内仍然有效，对方系统可在此期间改用新密钥；到期后只认新密钥。")
    }
}

/// Props of [`RotateDialog`].
#[derive(Properties, PartialEq)]
pub struct RotateDialogProps {
    /// The system whose secret is reset.
    pub system: ExternalSystem,
    /// 确定: the chosen overlap in hours.
    pub on_confirm: Callback<i64>,
    /// 取消.
    pub on_cancel: Callback<()>,
}

/// 重置密钥: asks how long the previous secret stays valid.
#[function_component]
pub fn RotateDialog(props: &RotateDialogProps) -> Html {
    let hours = use_state(|| OVERLAPS[0].0);
    let onchange = {
        let hours = hours.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            hours.set(value.parse().unwrap_or(OVERLAPS[0].0));
        })
    };
    let confirm = {
        let (on_confirm, hours) = (props.on_confirm.clone(), *hours);
        Callback::from(move |_: MouseEvent| on_confirm.emit(hours))
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let options = OVERLAPS.iter().map(|(h, label)| {
        html! { <option value={h.to_string()} selected={*h == *hours}>{ *label }</option> }
    });
    let replaced = props.system.previous_secret_expires_ms.map(|_| {
        html! { <p class="alert alert-warn">{ "上一次重置保留的旧密钥将立即失效。" }</p> }
    });
    html! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true" data-testid="rotate-dialog">
                <h3>{ format!("重置「{}」的应用密钥", props.system.name) }</h3>
                <label class="field">{ "旧密钥保留" }
                    <select class="input" data-testid="rotate-overlap" {onchange}>{ for options }</select></label>
                <p class="muted">{ overlap_hint(*hours) }</p>
                { replaced.unwrap_or_default() }
                <div class="row"><span class="spacer"></span>
                    <button type="button" class="btn" data-testid="btn-cancel-rotate" onclick={cancel}>{ "取消" }</button>
                    <button type="button" class="btn btn-primary" data-testid="btn-confirm-rotate" onclick={confirm}>{ "重置密钥" }</button></div>
            </div>
        </div>
    }
}

/// The secret, shown this once.
pub fn secret_dialog(issued: &Issued, onclose: Callback<MouseEvent>) -> Html {
    let overlap = issued
        .system
        .previous_secret_expires_ms
        .map(|at| format!("旧密钥将于 {} 失效。", format::datetime_ms(at)))
        .unwrap_or_default();
    html! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true" data-testid="secret-dialog">
                <h3>{ format!("「{}」的应用密钥", issued.system.name) }</h3>
                <p>{ "应用标识（App Key）：" }<code>{ issued.system.app_key.clone() }</code></p>
                <p>{ "应用密钥（App Secret）：" }</p>
                <input class="input mono" readonly=true value={issued.secret.clone()} data-testid="secret-value"
                    onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())} />
                <p class="alert alert-warn">{ format!("密钥只显示这一次：请立即选中复制（Ctrl+C），交给对方系统的运维人员妥善保存。遗失后只能重置密钥。{overlap}") }</p>
                <div class="row"><span class="spacer"></span>
                    <button type="button" class="btn btn-primary" data-testid="btn-close-secret" onclick={onclose}>{ "我已保存，关闭" }</button></div>
            </div>
        </div>
    }
}

/// 「旧密钥将于 … 失效」 with 立即停用旧密钥, while the previous secret is accepted.
pub fn previous_secret(system: &ExternalSystem, on_revoke: &Callback<String>) -> Html {
    let Some(at) = system.previous_secret_expires_ms else {
        return Html::default();
    };
    let revoke = {
        let (on_revoke, id) = (on_revoke.clone(), system.id.clone());
        Callback::from(move |_: MouseEvent| {
            if gloo::dialogs::confirm("停用后对方系统只能使用新密钥。确定立即停用旧密钥？")
            {
                on_revoke.emit(id.clone());
            }
        })
    };
    html! {
        <div class="muted small" data-testid={format!("previous-secret-{}", system.id)}>
            { format!("旧密钥将于 {} 失效", format::datetime_ms(at)) }
            <button type="button" class="btn btn-link small" data-testid={format!("btn-revoke-previous-{}", system.id)}
                onclick={revoke}>{ "立即停用旧密钥" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_names_the_overlap() {
        assert!(overlap_hint(0).contains("立即失效"));
        assert!(overlap_hint(24).contains("24小时内仍然有效"));
        assert_eq!(OVERLAPS[0].0, 24, "the default overlap comes first");
    }
}
