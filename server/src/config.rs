//! One typed configuration, layered: defaults → `LIANBAN_*` environment variables → command
//! line (`--port 8080`, `--data-dir ./data`, `--db mem://`), validated at startup.

use std::path::PathBuf;

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// Embedded SurrealKV under `<data_dir>/db` (the default; fsync on every commit).
    Embedded,
    /// In memory (tests).
    Memory,
    /// A SurrealDB server, e.g. `ws://127.0.0.1:8000`.
    Remote {
        /// Endpoint URL.
        endpoint: String,
        /// Root or namespace user.
        user: String,
        /// Its password.
        pass: String,
    },
}

/// The server's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// TCP port (`LIANBAN_PORT`, default 8080).
    pub port: u16,
    /// Address to bind (`LIANBAN_BIND`, default 0.0.0.0).
    pub bind: String,
    /// Data folder for the embedded store and uploaded files (`LIANBAN_DATA_DIR`, default `./data`).
    pub data_dir: PathBuf,
    /// Database (`LIANBAN_DB`: unset = embedded, `mem://`, or a `ws://` endpoint with
    /// `LIANBAN_DB_USER` / `LIANBAN_DB_PASS`, default root/root for a local dev server).
    pub db: DbTarget,
    /// SurrealDB namespace (`LIANBAN_DB_NS`, default `lianban`).
    pub namespace: String,
    /// SurrealDB database (`LIANBAN_DB_NAME`, default `main`).
    pub database: String,
    /// Folder of the built web app (`LIANBAN_WEB_DIR`, default `designer/dist`).
    pub web_dir: PathBuf,
    /// Seed the demo world on first start (`LIANBAN_SEED_DEMO`, default true).
    pub seed_demo: bool,
    /// Test mode: enables `/api/test/*` (moving the clock, then scanning the deadlines). Never
    /// on in production
    /// (`LIANBAN_TEST_MODE`, default false).
    pub test_mode: bool,
    /// Seconds between two deadline scans of this node (`LIANBAN_DEADLINE_SCAN_SECONDS`,
    /// default 60; 0 turns the scanner off, e.g. for a node that only serves requests).
    pub deadline_scan_seconds: u64,
    /// Largest upload in bytes (`LIANBAN_MAX_UPLOAD_MB`, default 20 MB).
    pub max_upload_bytes: u64,
    /// Minutes of inactivity before a session ends (`LIANBAN_SESSION_IDLE_MINUTES`, default 30).
    pub session_idle_minutes: i64,
    /// Mark the session cookie `Secure` (`LIANBAN_COOKIE_SECURE`, default false; turn it on
    /// whenever users reach the server over HTTPS).
    pub cookie_secure: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: 8080,
            bind: "0.0.0.0".into(),
            data_dir: PathBuf::from("./data"),
            db: DbTarget::Embedded,
            namespace: "lianban".into(),
            database: "main".into(),
            web_dir: PathBuf::from("designer/dist"),
            seed_demo: true,
            test_mode: false,
            deadline_scan_seconds: 60,
            max_upload_bytes: 20 * 1024 * 1024,
            session_idle_minutes: 30,
            cookie_secure: false,
        }
    }
}

/// A configuration value that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("配置项 {key} 的值「{value}」无效：{reason}")]
pub struct ConfigError {
    key: String,
    value: String,
    reason: &'static str,
}

impl Config {
    /// Reads the environment and the command line over the defaults.
    pub fn load() -> Result<Self, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        let args: Vec<String> = std::env::args().skip(1).collect();
        Self::from_sources(&env, &args)
    }

    /// Builds the configuration from explicit sources (for tests).
    pub fn from_sources(env: &[(String, String)], args: &[String]) -> Result<Self, ConfigError> {
        let mut pairs: Vec<(String, String)> = env
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("LIANBAN_")
                    .map(|k| (k.to_owned(), v.clone()))
            })
            .collect();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let Some(name) = arg.strip_prefix("--") else {
                return Err(err("argument", arg, "未知参数"));
            };
            let (key, value) = match name.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => {
                    let v = it.next().ok_or_else(|| err(name, "", "缺少取值"))?;
                    (name.to_owned(), v.clone())
                }
            };
            pairs.push((key.replace('-', "_").to_uppercase(), value));
        }
        let mut cfg = Config::default();
        let (mut db_user, mut db_pass) = ("root".to_owned(), "root".to_owned());
        let mut db_url: Option<String> = None;
        for (key, value) in pairs {
            match key.as_str() {
                "PORT" => cfg.port = value.parse().map_err(|_| err(&key, &value, "应为端口号"))?,
                "BIND" => cfg.bind = value,
                "DATA_DIR" => cfg.data_dir = PathBuf::from(value),
                "DB" => db_url = Some(value).filter(|v| !v.is_empty()),
                "DB_USER" => db_user = value,
                "DB_PASS" => db_pass = value,
                "DB_NS" => cfg.namespace = value,
                "DB_NAME" => cfg.database = value,
                "WEB_DIR" => cfg.web_dir = PathBuf::from(value),
                "SEED_DEMO" => cfg.seed_demo = parse_bool(&key, &value)?,
                "TEST_MODE" => cfg.test_mode = parse_bool(&key, &value)?,
                "COOKIE_SECURE" => cfg.cookie_secure = parse_bool(&key, &value)?,
                "MAX_UPLOAD_MB" => {
                    let mb: u64 = value.parse().map_err(|_| err(&key, &value, "应为整数"))?;
                    cfg.max_upload_bytes = mb * 1024 * 1024;
                }
                "DEADLINE_SCAN_SECONDS" => {
                    cfg.deadline_scan_seconds = value
                        .parse()
                        .ok()
                        .filter(|s| *s <= 86_400)
                        .ok_or_else(|| err(&key, &value, "应为0到86400之间的整数（秒）"))?;
                }
                "SESSION_IDLE_MINUTES" => {
                    cfg.session_idle_minutes =
                        value.parse().map_err(|_| err(&key, &value, "应为整数"))?;
                }
                _ => {}
            }
        }
        cfg.db = match db_url.as_deref() {
            None | Some("embedded") => DbTarget::Embedded,
            Some("mem://") | Some("memory") => DbTarget::Memory,
            Some(url) if url.starts_with("ws://") || url.starts_with("wss://") => {
                DbTarget::Remote {
                    endpoint: url.to_owned(),
                    user: db_user,
                    pass: db_pass,
                }
            }
            Some(url) => return Err(err("DB", url, "应为 mem:// 或 ws://主机:端口")),
        };
        if cfg.session_idle_minutes <= 0 {
            return Err(err("SESSION_IDLE_MINUTES", "0", "应大于0"));
        }
        Ok(cfg)
    }
}

fn parse_bool(key: &str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(err(key, value, "应为 true 或 false")),
    }
}

fn err(key: &str, value: &str, reason: &'static str) -> ConfigError {
    ConfigError {
        key: format!("LIANBAN_{key}"),
        value: value.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_then_env_then_args() {
        let cfg = Config::from_sources(
            &env(&[
                ("LIANBAN_PORT", "9000"),
                ("LIANBAN_DATA_DIR", "/tmp/x"),
                ("LIANBAN_COOKIE_SECURE", "true"),
            ]),
            &["--port".into(), "9100".into()],
        )
        .unwrap();
        assert_eq!(cfg.port, 9100);
        assert!(cfg.cookie_secure);
        assert_eq!(cfg.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(cfg.db, DbTarget::Embedded);
        assert!(!cfg.test_mode, "test mode is off unless asked for");
        assert_eq!(cfg.deadline_scan_seconds, 60);
        let off = Config::from_sources(&env(&[("LIANBAN_DEADLINE_SCAN_SECONDS", "0")]), &[]);
        assert_eq!(off.unwrap().deadline_scan_seconds, 0);
    }

    #[test]
    fn remote_db_with_credentials() {
        let cfg = Config::from_sources(
            &env(&[
                ("LIANBAN_DB", "ws://127.0.0.1:8000"),
                ("LIANBAN_DB_USER", "app"),
                ("LIANBAN_DB_PASS", "secret"),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(
            cfg.db,
            DbTarget::Remote {
                endpoint: "ws://127.0.0.1:8000".into(),
                user: "app".into(),
                pass: "secret".into()
            }
        );
    }

    #[test]
    fn bad_values_are_named() {
        let e = Config::from_sources(&env(&[("LIANBAN_PORT", "http")]), &[]).unwrap_err();
        assert!(e.to_string().contains("LIANBAN_PORT"), "{e}");
        let e = Config::from_sources(&env(&[("LIANBAN_DB", "postgres://x")]), &[]).unwrap_err();
        assert!(e.to_string().contains("LIANBAN_DB"), "{e}");
        assert!(Config::from_sources(&env(&[("LIANBAN_COOKIE_SECURE", "maybe")]), &[]).is_err());
        for bad in ["-1", "1.5", "86401", "一分钟"] {
            let e = Config::from_sources(&env(&[("LIANBAN_DEADLINE_SCAN_SECONDS", bad)]), &[])
                .unwrap_err();
            assert!(
                e.to_string().contains("LIANBAN_DEADLINE_SCAN_SECONDS"),
                "{e}"
            );
        }
        assert!(Config::from_sources(&[], &["--port".into()]).is_err());
        assert!(Config::from_sources(&[], &["stray".into()]).is_err());
    }
}
