//! Time-limited download links for materials pushed to a department system: the link itself
//! carries its authority (`?expires=…&sig=…`), so a system can fetch a file without signing the
//! request. The MAC (HMAC-SHA256 under a key derived from the master key) covers the matter, the
//! file, the system it was minted for and the expiry; any change makes it fail.
//!
//! The route serving `GET /open/v1/links/{matter}/{file}` belongs to the open API; this module
//! mints ([`mint`]) and checks ([`check`]) the query.

use crate::AppState;
use lianban_sdk::sign::{Algorithm, hex};

/// How long a pushed link stays valid (7 days: a system may take its time to fetch).
pub const LINK_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

fn mac(state: &AppState, matter: &str, file: &str, system: &str, expires_ms: i64) -> String {
    let text = format!("link\n{matter}\n{file}\n{system}\n{expires_ms}");
    hex(&Algorithm::HmacSha256.mac(state.secrets.link_key(), &text))
}

/// The path and query of a link to `file` of `matter` for `system`, valid until `expires_ms`.
pub fn mint(state: &AppState, matter: &str, file: &str, system: &str, expires_ms: i64) -> String {
    let sig = mac(state, matter, file, system, expires_ms);
    format!("/open/v1/links/{matter}/{file}?system={system}&expires={expires_ms}&sig={sig}")
}

/// Why a link is refused (both answered 403 with these codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Past its expiry.
    #[error("下载链接已过期，请通过开放接口重新获取")]
    Expired,
    /// Altered or not minted here.
    #[error("下载链接无效")]
    Invalid,
}

impl LinkError {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            LinkError::Expired => "link_expired",
            LinkError::Invalid => "link_invalid",
        }
    }
}

/// Checks a link's query at `now_ms` (constant-time comparison of the MAC).
pub fn check(
    state: &AppState,
    matter: &str,
    file: &str,
    system: &str,
    expires_ms: i64,
    sig: &str,
    now_ms: i64,
) -> Result<(), LinkError> {
    let expected = mac(state, matter, file, system, expires_ms);
    let same = expected.len() == sig.len()
        && expected
            .bytes()
            .zip(sig.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !same {
        return Err(LinkError::Invalid);
    }
    if now_ms > expires_ms {
        return Err(LinkError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, DbTarget};

    #[tokio::test]
    async fn links_open_until_they_expire_and_not_when_altered() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            db: DbTarget::Memory,
            data_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        let db = crate::db::connect(&config).await.unwrap();
        let state = AppState::new(db, config).unwrap();
        let link = mint(&state, "LB-1", "f1", "es_a", 1_000);
        let sig = link.rsplit_once("sig=").unwrap().1.to_owned();
        assert_eq!(
            link,
            format!("/open/v1/links/LB-1/f1?system=es_a&expires=1000&sig={sig}")
        );
        assert_eq!(
            check(&state, "LB-1", "f1", "es_a", 1_000, &sig, 1_000),
            Ok(())
        );
        let expired = check(&state, "LB-1", "f1", "es_a", 1_000, &sig, 1_001);
        assert_eq!(expired.unwrap_err().code(), "link_expired");
        for (m, f, s, e) in [
            ("LB-2", "f1", "es_a", 1_000),
            ("LB-1", "f2", "es_a", 1_000),
            ("LB-1", "f1", "es_b", 1_000),
            ("LB-1", "f1", "es_a", 9_999),
        ] {
            assert_eq!(check(&state, m, f, s, e, &sig, 0), Err(LinkError::Invalid));
        }
        assert_eq!(
            check(&state, "LB-1", "f1", "es_a", 1_000, "", 0),
            Err(LinkError::Invalid)
        );
    }
}
