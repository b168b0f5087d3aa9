//! The 通知设置 matrix as data: which (kind, channel) pairs are muted, and switching one. The
//! page sends the whole muted list after every switch.

use crate::api::notify::Preferences;

/// Every muted (kind, channel) pair, in table order.
pub fn muted(p: &Preferences) -> Vec<(String, String)> {
    p.kinds
        .iter()
        .flat_map(|k| {
            k.channels
                .iter()
                .filter(|c| c.muted)
                .map(|c| (k.kind.clone(), c.channel.clone()))
        })
        .collect()
}

/// The settings with `kind` on `channel` received (`receive`) or muted. Pairs that cannot be
/// muted, and unknown ones, stay as they are.
pub fn switch(p: &Preferences, kind: &str, channel: &str, receive: bool) -> Preferences {
    let mut next = p.clone();
    for k in next.kinds.iter_mut().filter(|k| k.kind == kind) {
        for c in k.channels.iter_mut().filter(|c| c.channel == channel) {
            if c.mutable {
                c.muted = !receive;
            }
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::notify::{ChannelInfo, KindPrefs, PrefCell};

    fn prefs() -> Preferences {
        let cell = |channel: &str, muted, mutable| PrefCell {
            channel: channel.into(),
            muted,
            mutable,
        };
        Preferences {
            channels: vec![ChannelInfo {
                name: "inapp".into(),
                label: "站内消息".into(),
                enabled: true,
            }],
            kinds: vec![
                KindPrefs {
                    kind: "todo".into(),
                    label: "新的待办".into(),
                    channels: vec![cell("inapp", false, false), cell("zwdd", false, true)],
                },
                KindPrefs {
                    kind: "cc".into(),
                    label: "抄送".into(),
                    channels: vec![cell("inapp", true, true), cell("zwdd", false, true)],
                },
            ],
        }
    }

    #[test]
    fn switching_mutes_and_unmutes_only_mutable_pairs() {
        let p = prefs();
        assert_eq!(muted(&p), [("cc".to_owned(), "inapp".to_owned())]);
        let p = switch(&p, "todo", "zwdd", false);
        let p = switch(&p, "cc", "inapp", true);
        assert_eq!(muted(&p), [("todo".to_owned(), "zwdd".to_owned())]);
        let same = switch(&p, "todo", "inapp", false);
        assert_eq!(same, p, "todo in-app cannot be muted");
        assert_eq!(switch(&p, "nope", "inapp", false), p);
    }
}
