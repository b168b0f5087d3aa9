//! Attachments: SM3 on the way in, identical bytes on the way out, and every refused upload
//! (wrong content, wrong extension, too large, empty, malformed) leaves no file and no record.

use crate::support::{
    PDF, Part, Session, TestApp, draft, draft_with_attachment, files_under, submitted_transfer,
};
use axum::http::{StatusCode, header};
use serde_json::Value;
use sm3::{Digest, Sm3};

/// A Windows executable's first bytes.
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00";
/// A real GIF header (GIF is not among 调入材料's accepted types).
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04";

fn sm3_hex(bytes: &[u8]) -> String {
    Sm3::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A valid PDF padded to `len` bytes.
fn pdf_of(len: usize) -> Vec<u8> {
    let mut bytes = PDF.to_vec();
    bytes.resize(len, b'0');
    bytes
}

fn percent_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex: String = bytes.by_ref().take(2).map(char::from).collect();
            out.push(u8::from_str_radix(&hex, 16).unwrap());
        } else {
            out.push(b);
        }
    }
    out
}

#[tokio::test]
async fn upload_hashes_with_sm3_and_download_returns_the_same_bytes() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    let id = draft(&app, "张三调入").await;
    let filename = "调入审批表 (签字版).pdf";
    let info = clerk
        .upload(&id, "materials", filename, PDF)
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(info["sm3"], sm3_hex(PDF), "{info}");
    assert_eq!(info["size"], PDF.len());
    assert_eq!(info["content_type"], "application/pdf");
    assert_eq!(info["filename"], filename);
    assert_eq!(info["field"], "materials");
    assert_eq!(clerk.page(&id).await["attachments"][0], info);

    let file = clerk
        .get(&format!(
            "/api/v1/attachments/{}",
            info["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, PDF);
    let header = |name| file.headers.get(name).unwrap().to_str().unwrap();
    assert_eq!(header("x-content-sm3"), sm3_hex(PDF));
    assert_eq!(header(header::CONTENT_TYPE.as_str()), "application/pdf");
    let disposition = header(header::CONTENT_DISPOSITION.as_str());
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let encoded = disposition
        .split_once("filename*=UTF-8''")
        .unwrap_or_else(|| panic!("no filename*: {disposition}"))
        .1;
    assert_eq!(
        percent_decode(encoded),
        filename.as_bytes(),
        "{disposition}"
    );
}

/// Refuses `parts` with `status`/`code`, then checks that nothing was left behind: no
/// temporary file, the stored files unchanged, the matter's attachments unchanged.
async fn assert_refused(
    session: &Session<'_>,
    id: &str,
    what: &str,
    parts: &[Part<'_>],
    status: StatusCode,
    code: &str,
) -> Value {
    let app = session.app;
    let stored = files_under(app, "store");
    let attachments = session.page(id).await["attachments"].clone();
    let resp = session.upload_parts(id, parts).await;
    assert_eq!(
        resp.status,
        status,
        "{what}: {}",
        String::from_utf8_lossy(&resp.bytes)
    );
    let body = resp.expect_problem(status, code);
    assert_eq!(
        files_under(app, "tmp"),
        Vec::<std::path::PathBuf>::new(),
        "{what}"
    );
    assert_eq!(files_under(app, "store"), stored, "{what}");
    assert_eq!(session.page(id).await["attachments"], attachments, "{what}");
    body
}

#[tokio::test]
async fn refused_uploads_leave_nothing_behind() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    let (id, _) = draft_with_attachment(&app).await;
    assert_eq!(files_under(&app, "store").len(), 1);
    let (field, pdf) = (Part::text("field", "materials"), Part::file("a.pdf", PDF));
    let (rejected, bad) = (StatusCode::UNSUPPORTED_MEDIA_TYPE, StatusCode::BAD_REQUEST);
    // One refusal a line.
    #[rustfmt::skip]
    let cases = [
        ("exe renamed pdf", vec![field, Part::file("审批表.pdf", EXE)], rejected),
        ("gif not accepted", vec![field, Part::file("照片.gif", GIF)], rejected),
        ("exe itself", vec![field, Part::file("setup.exe", EXE)], rejected),
        ("no extension", vec![field, Part::file("审批表", PDF)], rejected),
        ("empty file", vec![field, Part::file("空.pdf", b"")], bad),
        ("no field part", vec![pdf], bad),
        ("field after file", vec![pdf, field], bad),
        ("unknown field", vec![Part::text("field", "nope"), pdf], bad),
        ("not an attachment", vec![Part::text("field", "person_name"), pdf], bad),
        ("no file part", vec![field], bad),
    ];
    for (what, parts, status) in cases {
        let code = if status == rejected {
            "file_type_rejected"
        } else {
            "bad_request"
        };
        let body = assert_refused(&clerk, &id, what, &parts, status, code).await;
        if what == "gif not accepted" {
            let detail = body["detail"].as_str().unwrap();
            assert!(
                detail.contains("pdf、jpg"),
                "names the accepted types: {detail}"
            );
        }
    }
}

#[tokio::test]
async fn oversized_uploads_are_refused_with_413() {
    let app = TestApp::start_with(|c| c.max_upload_bytes = 1024).await;
    let clerk = app.login("zzb_clerk").await;
    let id = draft(&app, "张三调入").await;
    clerk
        .upload(&id, "materials", "刚好.pdf", &pdf_of(1024))
        .await
        .expect(StatusCode::CREATED);
    // Just over the limit (caught while streaming) and far over it (past the body limit).
    for len in [1025, 2048, 512 * 1024] {
        let big = pdf_of(len);
        let parts = [
            Part::text("field", "materials"),
            Part::file("大文件.pdf", &big),
        ];
        let what = format!("{len} bytes");
        let body = assert_refused(
            &clerk,
            &id,
            &what,
            &parts,
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
        )
        .await;
        assert!(
            body["detail"].as_str().unwrap().contains("1 KB"),
            "{what}: {body}"
        );
    }
}

#[tokio::test]
async fn deleting_a_draft_or_a_file_removes_it_from_disk() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    let (id, first) = draft_with_attachment(&app).await;
    let second = clerk
        .upload(&id, "materials", "第二份.pdf", PDF)
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(files_under(&app, "store").len(), 2);
    clerk
        .delete(&format!(
            "/api/v1/attachments/{}",
            second["id"].as_str().unwrap()
        ))
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(files_under(&app, "store").len(), 1);
    assert_eq!(
        clerk.page(&id).await["attachments"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let other = draft(&app, "另一件").await;
    clerk
        .upload(&other, "materials", "另.pdf", PDF)
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(files_under(&app, "store").len(), 2);
    clerk
        .delete(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(
        files_under(&app, "store").len(),
        1,
        "only the other draft's file is left"
    );
    clerk
        .get(&format!("/api/v1/attachments/{first}"))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        clerk.page(&other).await["attachments"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_submitted_matter_takes_no_more_uploads_and_keeps_its_files() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    let clerk = app.login("zzb_clerk").await;
    let parts = [
        Part::text("field", "materials"),
        Part::file("补充.pdf", PDF),
    ];
    assert_refused(
        &clerk,
        &id,
        "running",
        &parts,
        StatusCode::CONFLICT,
        "matter_wrong_status",
    )
    .await;
    let file = clerk.page(&id).await["attachments"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    clerk
        .delete(&format!("/api/v1/attachments/{file}"))
        .await
        .expect_problem(StatusCode::CONFLICT, "matter_wrong_status");
    assert_eq!(files_under(&app, "store").len(), 1);
}
