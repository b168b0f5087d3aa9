//! The designer's palette: every field kind with its Chinese name, its palette group, the label
//! a new field gets, and the settings it starts with (chosen so that a new field passes
//! [`FormDef::validate`] wherever the kind allows it).

use lianban_definition::FieldKey;
use lianban_definition::form::{Choice, Field, FieldKind, FormDef, Formula, Width};

/// A palette group, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaletteGroup {
    /// 基础字段.
    Basic,
    /// 选择.
    Choice,
    /// 证件与联系方式.
    Identity,
    /// 组织.
    Org,
    /// 高级.
    Advanced,
}

impl PaletteGroup {
    /// All groups, in display order.
    pub const ALL: [PaletteGroup; 5] = [
        PaletteGroup::Basic,
        PaletteGroup::Choice,
        PaletteGroup::Identity,
        PaletteGroup::Org,
        PaletteGroup::Advanced,
    ];

    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            PaletteGroup::Basic => "基础字段",
            PaletteGroup::Choice => "选择",
            PaletteGroup::Identity => "证件与联系方式",
            PaletteGroup::Org => "组织",
            PaletteGroup::Advanced => "高级",
        }
    }
}

/// A field kind as offered by the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaletteKind {
    /// 单行文本.
    Text,
    /// 多行文本.
    Textarea,
    /// 数字.
    Number,
    /// 金额.
    Amount,
    /// 日期.
    Date,
    /// 日期区间.
    DateRange,
    /// 下拉选择.
    Select,
    /// 单选.
    Radio,
    /// 多选.
    Checkbox,
    /// 身份证号.
    IdCard,
    /// 统一社会信用代码.
    CreditCode,
    /// 手机号.
    Mobile,
    /// 电子邮箱.
    Email,
    /// 单位选择.
    UnitPicker,
    /// 人员选择.
    UserPicker,
    /// 明细表.
    Table,
    /// 计算字段.
    Computed,
    /// 附件.
    Attachment,
}

impl PaletteKind {
    /// Every kind, in palette order.
    pub const ALL: [PaletteKind; 18] = [
        PaletteKind::Text,
        PaletteKind::Textarea,
        PaletteKind::Number,
        PaletteKind::Amount,
        PaletteKind::Date,
        PaletteKind::DateRange,
        PaletteKind::Select,
        PaletteKind::Radio,
        PaletteKind::Checkbox,
        PaletteKind::IdCard,
        PaletteKind::CreditCode,
        PaletteKind::Mobile,
        PaletteKind::Email,
        PaletteKind::UnitPicker,
        PaletteKind::UserPicker,
        PaletteKind::Table,
        PaletteKind::Computed,
        PaletteKind::Attachment,
    ];

    /// The kinds a detail-table column may have.
    pub fn columns() -> impl Iterator<Item = PaletteKind> {
        Self::ALL
            .into_iter()
            .filter(|k| k.group() != PaletteGroup::Advanced)
    }

    /// The serde tag of the kind (`"date_range"`), used in test ids.
    pub fn tag(self) -> &'static str {
        self.table().0
    }

    /// The Chinese name shown in the palette.
    pub fn name(self) -> &'static str {
        self.table().1
    }

    /// The label a new field of this kind gets.
    pub fn default_label(self) -> &'static str {
        match self {
            PaletteKind::UnitPicker => "单位",
            PaletteKind::UserPicker => "人员",
            other => other.name(),
        }
    }

    /// The palette group.
    pub fn group(self) -> PaletteGroup {
        self.table().2
    }

    /// `(tag, name, group)`.
    fn table(self) -> (&'static str, &'static str, PaletteGroup) {
        use PaletteGroup::{Advanced, Basic, Choice, Identity, Org};
        match self {
            PaletteKind::Text => ("text", "单行文本", Basic),
            PaletteKind::Textarea => ("textarea", "多行文本", Basic),
            PaletteKind::Number => ("number", "数字", Basic),
            PaletteKind::Amount => ("amount", "金额", Basic),
            PaletteKind::Date => ("date", "日期", Basic),
            PaletteKind::DateRange => ("date_range", "日期区间", Basic),
            PaletteKind::Select => ("select", "下拉选择", Choice),
            PaletteKind::Radio => ("radio", "单选", Choice),
            PaletteKind::Checkbox => ("checkbox", "多选", Choice),
            PaletteKind::IdCard => ("id_card", "身份证号", Identity),
            PaletteKind::CreditCode => ("credit_code", "统一社会信用代码", Identity),
            PaletteKind::Mobile => ("mobile", "手机号", Identity),
            PaletteKind::Email => ("email", "电子邮箱", Identity),
            PaletteKind::UnitPicker => ("unit_picker", "单位选择", Org),
            PaletteKind::UserPicker => ("user_picker", "人员选择", Org),
            PaletteKind::Table => ("table", "明细表", Advanced),
            PaletteKind::Computed => ("computed", "计算字段", Advanced),
            PaletteKind::Attachment => ("attachment", "附件", Advanced),
        }
    }

    /// The palette kind of a field kind.
    pub fn of(kind: &FieldKind) -> PaletteKind {
        match kind {
            FieldKind::Text { .. } => PaletteKind::Text,
            FieldKind::Textarea { .. } => PaletteKind::Textarea,
            FieldKind::Number { .. } => PaletteKind::Number,
            FieldKind::Amount { .. } => PaletteKind::Amount,
            FieldKind::Date => PaletteKind::Date,
            FieldKind::DateRange => PaletteKind::DateRange,
            FieldKind::Email => PaletteKind::Email,
            FieldKind::Select { .. } => PaletteKind::Select,
            FieldKind::Radio { .. } => PaletteKind::Radio,
            FieldKind::Checkbox { .. } => PaletteKind::Checkbox,
            FieldKind::IdCard => PaletteKind::IdCard,
            FieldKind::CreditCode => PaletteKind::CreditCode,
            FieldKind::Mobile => PaletteKind::Mobile,
            FieldKind::UnitPicker { .. } => PaletteKind::UnitPicker,
            FieldKind::UserPicker { .. } => PaletteKind::UserPicker,
            FieldKind::Table { .. } => PaletteKind::Table,
            FieldKind::Computed { .. } => PaletteKind::Computed,
            FieldKind::Attachment { .. } => PaletteKind::Attachment,
        }
    }

    /// The kind with its starting settings. Choices get two options, a table the columns 项目 and
    /// 金额, a computed field the sum of the first numeric table column of `form` (else of its
    /// numeric fields).
    pub fn kind(self, form: &FormDef) -> FieldKind {
        match self {
            PaletteKind::Text => FieldKind::Text {
                min_len: None,
                max_len: None,
                pattern: None,
            },
            PaletteKind::Textarea => FieldKind::Textarea { max_len: None },
            PaletteKind::Number => FieldKind::Number {
                min: None,
                max: None,
                decimals: 0,
            },
            PaletteKind::Amount => FieldKind::Amount {
                min: None,
                max: None,
            },
            PaletteKind::Date => FieldKind::Date,
            PaletteKind::DateRange => FieldKind::DateRange,
            PaletteKind::Email => FieldKind::Email,
            PaletteKind::Select => FieldKind::Select {
                options: two_options(),
                dict: None,
            },
            PaletteKind::Radio => FieldKind::Radio {
                options: two_options(),
                dict: None,
            },
            PaletteKind::Checkbox => FieldKind::Checkbox {
                options: two_options(),
                dict: None,
            },
            PaletteKind::IdCard => FieldKind::IdCard,
            PaletteKind::CreditCode => FieldKind::CreditCode,
            PaletteKind::Mobile => FieldKind::Mobile,
            PaletteKind::UnitPicker => FieldKind::UnitPicker { multiple: false },
            PaletteKind::UserPicker => FieldKind::UserPicker { multiple: false },
            PaletteKind::Table => FieldKind::Table {
                columns: vec![
                    new_field(PaletteKind::Text, "item", "项目", form),
                    new_field(PaletteKind::Amount, "amount", "金额", form),
                ],
                min_rows: None,
                max_rows: None,
            },
            PaletteKind::Computed => FieldKind::Computed {
                formula: default_formula(form),
                decimals: 2,
            },
            PaletteKind::Attachment => FieldKind::Attachment {
                max_files: None,
                accept: Vec::new(),
            },
        }
    }
}

/// A new field of `kind` with this key and label and no other settings.
pub fn new_field(kind: PaletteKind, key: &str, label: &str, form: &FormDef) -> Field {
    Field {
        key: FieldKey::new(key),
        label: label.to_owned(),
        kind: kind.kind(form),
        required: false,
        help: None,
        default: None,
        section: None,
        width: Width::Full,
    }
}

/// 选项1 and 选项2.
fn two_options() -> Vec<Choice> {
    (1..=2).map(option).collect()
}

/// Choice number `n`: value `option_<n>`, label 选项<n>.
pub fn option(n: usize) -> Choice {
    Choice::new(format!("option_{n}"), format!("选项{n}"))
}

/// The sum of the first numeric column of a table, else the sum of the numeric fields.
fn default_formula(form: &FormDef) -> Formula {
    let column = form.fields.iter().find_map(|f| match &f.kind {
        FieldKind::Table { columns, .. } => columns
            .iter()
            .find(|c| is_number(&c.kind))
            .map(|c| (f.key.clone(), c.key.clone())),
        _ => None,
    });
    match column {
        Some((table, column)) => Formula::SumColumn { table, column },
        None => Formula::Sum {
            fields: form
                .fields
                .iter()
                .filter(|f| is_number(&f.kind))
                .map(|f| f.key.clone())
                .collect(),
        },
    }
}

/// Whether a field holds a number a formula can add (not another computed field).
pub fn is_number(kind: &FieldKind) -> bool {
    matches!(kind, FieldKind::Number { .. } | FieldKind::Amount { .. })
}
