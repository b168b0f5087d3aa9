//! Receiving one file: stream it to a temporary file while hashing (SM3) and counting, refuse
//! it when too large, and check that its first bytes match its extension (an `.exe` renamed
//! `.pdf` is refused). Whatever fails, the temporary file is removed.

use super::LocalStore;
use crate::error::ApiError;
use axum::extract::multipart::Field;
use axum::http::StatusCode;
use sm3::{Digest, Sm3};
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;

/// Extensions accepted when a slot names none.
pub const DEFAULT_ACCEPT: &[&str] = &[
    "pdf", "jpg", "jpeg", "png", "gif", "doc", "docx", "xls", "xlsx", "ofd",
];

/// A received, checked file still in its temporary place.
#[derive(Debug)]
pub struct Received {
    /// Temporary path.
    pub temp: PathBuf,
    /// Original name.
    pub filename: String,
    /// Size in bytes.
    pub size: u64,
    /// SM3, hex.
    pub sm3: String,
    /// Content type for downloads.
    pub content_type: &'static str,
}

/// The extension of a file name, lower case.
pub fn extension(filename: &str) -> Option<String> {
    let (_, ext) = filename.rsplit_once('.')?;
    (!ext.is_empty() && ext.len() <= 8).then(|| ext.to_ascii_lowercase())
}

/// The content type for an extension, and whether the sniffed type fits it.
pub fn check_magic(ext: &str, head: &[u8]) -> Result<&'static str, String> {
    let sniffed = infer::get(head).map(|t| t.mime_type());
    let (content_type, fits): (&'static str, bool) = match ext {
        "pdf" => ("application/pdf", sniffed == Some("application/pdf")),
        "png" => ("image/png", sniffed == Some("image/png")),
        "jpg" | "jpeg" => ("image/jpeg", sniffed == Some("image/jpeg")),
        "gif" => ("image/gif", sniffed == Some("image/gif")),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            matches!(
                sniffed,
                Some(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        | "application/zip"
                )
            ),
        ),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            matches!(
                sniffed,
                Some(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        | "application/zip"
                )
            ),
        ),
        "doc" | "xls" => (
            if ext == "doc" {
                "application/msword"
            } else {
                "application/vnd.ms-excel"
            },
            matches!(
                sniffed,
                Some(
                    "application/msword" | "application/vnd.ms-excel" | "application/x-ole-storage"
                )
            ),
        ),
        "ofd" => ("application/ofd", sniffed == Some("application/zip")),
        _ => return Err(format!("不支持的文件类型 .{ext}")),
    };
    if fits {
        Ok(content_type)
    } else {
        Err(format!(
            "文件内容与扩展名 .{ext} 不符（检测为 {}），已拒绝",
            sniffed.unwrap_or("未知类型")
        ))
    }
}

/// A size limit as people read it: `20 MB`, `512 KB`, `100 字节`.
fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    match bytes {
        b if b >= MB && b % MB == 0 => format!("{} MB", b / MB),
        b if b >= MB => format!("{:.1} MB", b as f64 / MB as f64),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} 字节"),
    }
}

/// 413 `file_too_large` for a file over `max_bytes`.
pub fn too_large(max_bytes: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
        format!("文件超过大小上限 {}", human_size(max_bytes)),
    )
}

/// The error for a multipart stream that could not be read: 413 when the request outgrew the
/// body limit (the file is then far over `max_bytes`), 400 otherwise.
pub fn multipart_error(
    err: &axum::extract::multipart::MultipartError,
    max_bytes: u64,
    context: &str,
) -> ApiError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(max_bytes)
    } else {
        ApiError::bad_request(format!("{context}：{}", err.body_text()))
    }
}

fn rejected(message: String) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "file_type_rejected",
        message,
    )
}

/// Streams `field` to a temporary file of `store`, enforcing `max_bytes` and `accept`.
pub async fn receive(
    store: &LocalStore,
    mut field: Field<'_>,
    max_bytes: u64,
    accept: &[String],
) -> Result<Received, ApiError> {
    let filename = field
        .file_name()
        .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).trim().to_owned())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::bad_request("上传的文件缺少文件名"))?;
    if filename.chars().count() > 120 {
        return Err(ApiError::bad_request("文件名不能超过120个字"));
    }
    let ext = extension(&filename).ok_or_else(|| rejected("文件缺少扩展名".into()))?;
    let allowed = if accept.is_empty() {
        DEFAULT_ACCEPT.iter().any(|a| *a == ext)
    } else {
        accept.contains(&ext)
    };
    if !allowed {
        let list = if accept.is_empty() {
            DEFAULT_ACCEPT.join("、")
        } else {
            accept.join("、")
        };
        return Err(rejected(format!(
            "不允许上传 .{ext} 文件，允许的类型：{list}"
        )));
    }
    let temp = store.temp_path();
    let result = async {
        let mut file = tokio::fs::File::create(&temp)
            .await
            .map_err(ApiError::internal)?;
        let mut hasher = Sm3::new();
        let mut size: u64 = 0;
        let mut head: Vec<u8> = Vec::with_capacity(8192);
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| multipart_error(&e, max_bytes, "文件上传中断"))?
        {
            size += chunk.len() as u64;
            if size > max_bytes {
                return Err(too_large(max_bytes));
            }
            if head.len() < 8192 {
                let take = (8192 - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await.map_err(ApiError::internal)?;
        }
        if size == 0 {
            return Err(ApiError::bad_request("上传的文件是空文件"));
        }
        let content_type = check_magic(&ext, &head).map_err(rejected)?;
        file.sync_all().await.map_err(ApiError::internal)?;
        let sm3 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok((size, sm3, content_type))
    }
    .await;
    match result {
        Ok((size, sm3, content_type)) => Ok(Received {
            temp,
            filename,
            size,
            sm3,
            content_type,
        }),
        Err(e) => {
            let _ = tokio::fs::remove_file(&temp).await;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_must_match_extension() {
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";
        assert_eq!(check_magic("pdf", pdf).unwrap(), "application/pdf");
        let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";
        let err = check_magic("pdf", exe).unwrap_err();
        assert!(err.contains("不符"), "{err}");
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(check_magic("png", png).is_ok());
        assert!(check_magic("jpg", png).is_err());
        assert!(check_magic("exe", exe).is_err());
    }

    #[test]
    fn limits_read_in_units_people_use() {
        assert_eq!(human_size(20 * 1024 * 1024), "20 MB");
        assert_eq!(human_size(1536 * 1024), "1.5 MB");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(100), "100 字节");
    }

    #[test]
    fn extensions() {
        assert_eq!(extension("材料.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension("noext"), None);
        assert_eq!(extension("trailing."), None);
    }
}
