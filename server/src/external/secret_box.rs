//! App secrets at rest: sealed with SM4-GCM under the node's master key, bound to the record they
//! belong to (the record id is the associated data, so a sealed secret copied onto another system
//! does not open).
//!
//! The master key is 16 bytes (SM4's key size), from `LIANBAN_MASTER_KEY` (32 hex characters) or,
//! when unset, from `master.key` in the data directory, created on first start. Nodes sharing one
//! database must share the key (set `LIANBAN_MASTER_KEY` on every node).

use aes_gcm::AesGcm;
use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sm4::Sm4;
use std::io::Write;
use std::path::Path;

type Sm4Gcm = AesGcm<Sm4, U12>;
const NONCE_LEN: usize = 12;

/// Seals and opens secrets.
pub struct SecretBox {
    cipher: Sm4Gcm,
    /// Keys the download links' MAC ([`super::links`]); derived, never the master key itself.
    link_key: String,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

/// A sealed secret that does not open (wrong master key, or tampered).
#[derive(Debug, thiserror::Error)]
#[error("密钥无法解密（主密钥不一致或数据被篡改）")]
pub struct OpenError;

impl SecretBox {
    /// A box over `key`.
    pub fn new(key: [u8; 16]) -> Self {
        let mut material = b"lianban-link-key\n".to_vec();
        material.extend_from_slice(&key);
        Self {
            cipher: Sm4Gcm::new(&key.into()),
            link_key: lianban_sdk::sign::Algorithm::HmacSm3.body_digest(&material),
        }
    }

    /// The key of the download links' MAC.
    pub fn link_key(&self) -> &str {
        &self.link_key
    }

    /// The configured master key (32 hex characters), or the data directory's `master.key`,
    /// created (mode 0600) when missing. Several nodes starting at once over one directory agree:
    /// the file is created exclusively and whoever loses reads the winner's.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(hex) = configured {
            return Ok(Self::new(parse_key(hex).ok_or_else(|| {
                anyhow::anyhow!("LIANBAN_MASTER_KEY 应为32位十六进制字符（16字节）")
            })?));
        }
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join("master.key");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(mut file) => {
                let key: [u8; 16] = rand::random();
                file.write_all(lianban_sdk::sign::hex(&key).as_bytes())?;
                file.sync_all()?;
                Ok(Self::new(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                // The creator may still be writing: wait briefly for the full key.
                for _ in 0..50 {
                    let text = std::fs::read_to_string(&path)?;
                    if let Some(key) = parse_key(text.trim()) {
                        return Ok(Self::new(key));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                anyhow::bail!("{} 不是有效的主密钥文件", path.display())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Seals `secret` for the record `owner`: Base64 of nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, owner: &str, secret: &str) -> String {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let payload = Payload {
            msg: secret.as_bytes(),
            aad: owner.as_bytes(),
        };
        let sealed = self
            .cipher
            .encrypt(&nonce.into(), payload)
            .unwrap_or_else(|_| unreachable!("SM4-GCM seals any secret of sane length"));
        let mut out = nonce.to_vec();
        out.extend(sealed);
        STANDARD.encode(out)
    }

    /// Opens what [`SecretBox::seal`] sealed for `owner`.
    pub fn open(&self, owner: &str, sealed: &str) -> Result<String, OpenError> {
        let bytes = STANDARD.decode(sealed).map_err(|_| OpenError)?;
        if bytes.len() <= NONCE_LEN {
            return Err(OpenError);
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| OpenError)?;
        let payload = Payload {
            msg: body,
            aad: owner.as_bytes(),
        };
        let plain = self
            .cipher
            .decrypt(&nonce.into(), payload)
            .map_err(|_| OpenError)?;
        String::from_utf8(plain).map_err(|_| OpenError)
    }
}

fn parse_key(hex: &str) -> Option<[u8; 16]> {
    if hex.len() != 32 || !hex.is_ascii() {
        return None;
    }
    let mut key = [0u8; 16];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_for_their_owner_and_key() {
        let sbox = SecretBox::new([7; 16]);
        let sealed = sbox.seal("sys-1", "s3cret");
        assert_ne!(
            sealed,
            sbox.seal("sys-1", "s3cret"),
            "fresh nonce each time"
        );
        assert!(!sealed.contains("s3cret"));
        assert_eq!(sbox.open("sys-1", &sealed).unwrap(), "s3cret");
        assert!(sbox.open("sys-2", &sealed).is_err(), "bound to its record");
        assert!(SecretBox::new([8; 16]).open("sys-1", &sealed).is_err());
        let mut tampered = STANDARD.decode(&sealed).unwrap();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(sbox.open("sys-1", &STANDARD.encode(tampered)).is_err());
        assert!(sbox.open("sys-1", "not base64!").is_err());
        assert!(sbox.open("sys-1", "").is_err());
    }

    #[test]
    fn the_key_comes_from_config_or_one_shared_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = SecretBox::load(None, dir.path()).unwrap();
        let b = SecretBox::load(None, dir.path()).unwrap();
        assert_eq!(b.open("x", &a.seal("x", "shared")).unwrap(), "shared");
        let text = std::fs::read_to_string(dir.path().join("master.key")).unwrap();
        assert_eq!(text.len(), 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("master.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let configured = SecretBox::load(Some(&text), tempfile::tempdir().unwrap().path()).unwrap();
        assert_eq!(configured.open("x", &a.seal("x", "same")).unwrap(), "same");
        for bad in ["", "abc", &"zz".repeat(16), &"a".repeat(33)] {
            assert!(SecretBox::load(Some(bad), dir.path()).is_err(), "{bad}");
        }
    }
}
