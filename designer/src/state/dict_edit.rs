//! The dictionary editor (数据字典): name, description and the ordered items of one dictionary as
//! the administrator edits them before saving. Items saved before keep their value and cannot be
//! removed, only disabled (matters may have stored them); items added since the last save may be
//! given a value and removed again.

use crate::api::dict::{Dict, DictItem};
use std::rc::Rc;
use yew::Reducible;

/// One item being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditItem {
    /// The item.
    pub item: DictItem,
    /// Whether the server has it already (value fixed, removal refused).
    pub saved: bool,
}

/// The editor's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DictEdit {
    /// Code (fixed).
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Items in order.
    pub items: Vec<EditItem>,
    /// The revision the next save names.
    pub revision: u32,
    /// Whether anything changed since loading or saving.
    pub dirty: bool,
}

/// What the editor can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictAction {
    /// The dictionary as the server has it (after opening or saving).
    Loaded(Dict),
    /// New name.
    Name(String),
    /// New description.
    Description(String),
    /// Appends an enabled item with a fresh value (`item_<n>`) and an empty label.
    Add,
    /// New value of item `i`; ignored for saved items.
    Value(usize, String),
    /// New label of item `i`.
    Label(usize, String),
    /// New description of item `i` (blank = none).
    ItemDescription(usize, String),
    /// Enables or disables item `i`.
    Enabled(usize, bool),
    /// Moves item `i` one place up.
    Up(usize),
    /// Moves item `i` one place down.
    Down(usize),
    /// Removes item `i`; ignored for saved items.
    Remove(usize),
}

impl DictEdit {
    /// The items to send.
    pub fn items(&self) -> Vec<DictItem> {
        self.items.iter().map(|e| e.item.clone()).collect()
    }
}

impl Reducible for DictEdit {
    type Action = DictAction;

    fn reduce(self: Rc<Self>, action: DictAction) -> Rc<Self> {
        let mut next = (*self).clone();
        let len = next.items.len();
        match action {
            DictAction::Loaded(dict) => {
                return Rc::new(DictEdit {
                    code: dict.code,
                    name: dict.name,
                    description: dict.description,
                    items: dict
                        .items
                        .into_iter()
                        .map(|item| EditItem { item, saved: true })
                        .collect(),
                    revision: dict.revision,
                    dirty: false,
                });
            }
            DictAction::Name(name) => next.name = name,
            DictAction::Description(text) => next.description = text,
            DictAction::Add => {
                let value = (len + 1..)
                    .map(|n| format!("item_{n}"))
                    .find(|v| !next.items.iter().any(|e| &e.item.value == v))
                    .unwrap_or_default();
                next.items.push(EditItem {
                    item: DictItem {
                        value,
                        label: String::new(),
                        enabled: true,
                        description: None,
                    },
                    saved: false,
                });
            }
            DictAction::Value(i, value) => match next.items.get_mut(i) {
                Some(e) if !e.saved => e.item.value = value.trim().to_owned(),
                _ => return self,
            },
            DictAction::Label(i, label) => match next.items.get_mut(i) {
                Some(e) => e.item.label = label,
                None => return self,
            },
            DictAction::ItemDescription(i, text) => match next.items.get_mut(i) {
                Some(e) => {
                    e.item.description = Some(text.trim().to_owned()).filter(|t| !t.is_empty())
                }
                None => return self,
            },
            DictAction::Enabled(i, enabled) => match next.items.get_mut(i) {
                Some(e) => e.item.enabled = enabled,
                None => return self,
            },
            DictAction::Up(i) if i > 0 && i < len => next.items.swap(i - 1, i),
            DictAction::Down(i) if i + 1 < len => next.items.swap(i, i + 1),
            DictAction::Remove(i) if next.items.get(i).is_some_and(|e| !e.saved) => {
                next.items.remove(i);
            }
            DictAction::Up(_) | DictAction::Down(_) | DictAction::Remove(_) => return self,
        }
        next.dirty = true;
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(value: &str, label: &str) -> DictItem {
        DictItem {
            value: value.to_owned(),
            label: label.to_owned(),
            enabled: true,
            description: None,
        }
    }

    fn loaded() -> Rc<DictEdit> {
        Rc::new(DictEdit::default()).reduce(DictAction::Loaded(Dict {
            code: "education".into(),
            name: "学历".into(),
            description: String::new(),
            items: vec![item("benke", "本科"), item("shuoshi", "硕士研究生")],
            revision: 3,
        }))
    }

    fn values(state: &DictEdit) -> Vec<&str> {
        state.items.iter().map(|e| e.item.value.as_str()).collect()
    }

    #[test]
    fn saved_items_keep_their_value_and_cannot_be_removed() {
        let state = loaded();
        assert!(!state.dirty);
        assert_eq!(state.revision, 3);
        let same = state.clone().reduce(DictAction::Remove(0));
        assert!(
            Rc::ptr_eq(&same, &state),
            "removal of a saved item is ignored"
        );
        let same = state.clone().reduce(DictAction::Value(1, "master".into()));
        assert_eq!(values(&same), ["benke", "shuoshi"]);
        let disabled = state.reduce(DictAction::Enabled(0, false));
        assert!(!disabled.items[0].item.enabled);
        assert!(disabled.dirty);
    }

    #[test]
    fn new_items_get_a_fresh_value_and_may_be_renamed_or_removed() {
        let state = loaded()
            .reduce(DictAction::Add)
            .reduce(DictAction::Add)
            .reduce(DictAction::Label(2, "博士研究生".into()))
            .reduce(DictAction::Value(2, " boshi ".into()))
            .reduce(DictAction::ItemDescription(2, "  ".into()));
        assert_eq!(values(&state), ["benke", "shuoshi", "boshi", "item_4"]);
        assert_eq!(state.items[2].item.label, "博士研究生");
        assert_eq!(state.items[2].item.description, None);
        let state = state.reduce(DictAction::Remove(3));
        assert_eq!(values(&state), ["benke", "shuoshi", "boshi"]);
        assert_eq!(state.items().len(), 3);
    }

    #[test]
    fn items_move_within_bounds() {
        let state = loaded().reduce(DictAction::Down(0));
        assert_eq!(values(&state), ["shuoshi", "benke"]);
        let state = state.reduce(DictAction::Up(1));
        assert_eq!(values(&state), ["benke", "shuoshi"]);
        let same = state.clone().reduce(DictAction::Up(0));
        assert!(Rc::ptr_eq(&same, &state));
        let same = state.clone().reduce(DictAction::Down(1));
        assert!(Rc::ptr_eq(&same, &state));
    }

    #[test]
    fn loading_again_resets_the_edits() {
        let edited = loaded().reduce(DictAction::Name("最高学历".into()));
        assert!(edited.dirty);
        let reloaded = edited.reduce(DictAction::Loaded(Dict {
            code: "education".into(),
            name: "最高学历".into(),
            description: "说明".into(),
            items: vec![item("benke", "本科")],
            revision: 4,
        }));
        assert!(!reloaded.dirty);
        assert_eq!(reloaded.revision, 4);
        assert!(reloaded.items.iter().all(|e| e.saved));
    }
}
