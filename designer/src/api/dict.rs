//! The code dictionary (数据字典) endpoints — `/admin/dicts…` for designers, `/dicts/{code}` for
//! everyone (e.g. the 退回原因 of the return dialog) — and the catalog files (样表) of
//! materials: upload (designers), details and download (everyone logged in).

use super::client;
use super::url::{BASE, escape};
use super::{ApiError, ApiResult};
use lianban_definition::form::Choice;
use serde::{Deserialize, Serialize};
use serde_json::json;
use web_sys::{File, FormData};

/// One item of a dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictItem {
    /// Stored value (代码), fixed once saved.
    pub value: String,
    /// Label shown to users.
    pub label: String,
    /// Whether it may be chosen.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Optional explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn yes() -> bool {
    true
}

/// A dictionary with all its items (disabled ones included).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Dict {
    /// Code, e.g. `education`.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Items in order.
    pub items: Vec<DictItem>,
    /// Revision the next save names.
    pub revision: u32,
}

impl Dict {
    /// The items as form options, as the server fills a dictionary-backed field.
    pub fn choices(&self) -> Vec<Choice> {
        self.items
            .iter()
            .map(|item| {
                let mut choice = Choice::new(&item.value, &item.label);
                choice.disabled = !item.enabled;
                choice
            })
            .collect()
    }
}

/// The enabled items of a dictionary, as any logged-in user reads them (`GET /dicts/{code}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DictItems {
    /// Code, e.g. `return_reason`.
    pub code: String,
    /// Chinese name, e.g. 退回原因.
    #[serde(default)]
    pub name: String,
    /// Enabled items in order.
    #[serde(default)]
    pub items: Vec<DictItem>,
}

/// The system dictionary of coded return reasons (退回原因).
pub const RETURN_REASONS: &str = "return_reason";

/// A template or sample file of a material.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CatalogFile {
    /// Id, stored in the material's `sample`.
    pub id: String,
    /// Original file name.
    pub filename: String,
    /// Size in bytes.
    pub size: i64,
}

/// `GET /admin/dicts`.
pub async fn list() -> ApiResult<Vec<Dict>> {
    client::get("/admin/dicts").await
}

/// `GET /admin/dicts/{code}`.
pub async fn open(code: &str) -> ApiResult<Dict> {
    client::get(&format!("/admin/dicts/{}", escape(code))).await
}

/// `GET /dicts/{code}`: the enabled items, for any logged-in user (404 for an unknown code).
pub async fn items(code: &str) -> ApiResult<DictItems> {
    client::get(&format!("/dicts/{}", escape(code))).await
}

/// `POST /admin/dicts` (400 `validation_failed`, 409 `dict_exists`).
pub async fn create(code: &str, name: &str, description: &str) -> ApiResult<Dict> {
    let body = json!({ "code": code, "name": name, "description": description, "items": [] });
    client::post("/admin/dicts", &body).await
}

/// `PUT /admin/dicts/{code}` (400 `validation_failed`, 409 `conflict`, 422
/// `dict_item_removed`).
pub async fn save(
    code: &str,
    revision: u32,
    name: &str,
    description: &str,
    items: &[DictItem],
) -> ApiResult<Dict> {
    let body =
        json!({ "revision": revision, "name": name, "description": description, "items": items });
    client::put(&format!("/admin/dicts/{}", escape(code)), &body).await
}

/// `POST /admin/catalog-files`: uploads a template or sample file.
pub async fn upload_sample(file: &File) -> ApiResult<CatalogFile> {
    let form = FormData::new().map_err(|_| ApiError::local("request", "无法创建上传请求"))?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|_| ApiError::local("request", "无法读取所选文件"))?;
    client::post_form("/admin/catalog-files", form).await
}

/// `GET /catalog-files/{id}/meta`.
pub async fn sample_meta(id: &str) -> ApiResult<CatalogFile> {
    client::get(&format!("/catalog-files/{}/meta", escape(id))).await
}

/// The API URL of a sample file download.
pub fn sample_href(id: &str) -> String {
    format!("{BASE}/catalog-files/{}", escape(id))
}
