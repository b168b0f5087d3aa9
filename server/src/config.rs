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

/// A secret value (an app secret): kept out of `Debug` output and logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for signing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The 浙政钉 open-platform gateway, for work notices. All four values are required together;
/// with none of them set the 浙政钉 channel is off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZwddConfig {
    /// Gateway address (`LIANBAN_ZWDD_BASE_URL`), e.g. `https://openplatform-pro.ding.zj.gov.cn`.
    pub base_url: String,
    /// The app's AppKey (`LIANBAN_ZWDD_APP_KEY`), sent as header `apiKey`.
    pub app_key: String,
    /// The app's AppSecret (`LIANBAN_ZWDD_APP_SECRET`), the HMAC-SHA256 signing key.
    pub app_secret: Secret,
    /// The tenant (`LIANBAN_ZWDD_TENANT_ID`), parameter `tenantId` of every call.
    pub tenant_id: String,
}

/// How notifications are delivered: retries with exponential backoff, then a dead letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyConfig {
    /// Attempts per delivery before it is marked dead (`LIANBAN_NOTIFY_MAX_ATTEMPTS`, default 8).
    pub max_attempts: u32,
    /// Delay before the first retry, in seconds; doubled for each further retry
    /// (`LIANBAN_NOTIFY_RETRY_BASE_SECONDS`, default 30).
    pub retry_base_seconds: i64,
    /// Longest delay between two attempts, in seconds (`LIANBAN_NOTIFY_RETRY_MAX_SECONDS`,
    /// default 3600).
    pub retry_max_seconds: i64,
    /// How often the dispatcher looks for due deliveries when nothing wakes it, in seconds
    /// (`LIANBAN_NOTIFY_POLL_SECONDS`, default 5).
    pub poll_seconds: u64,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            retry_base_seconds: 30,
            retry_max_seconds: 3600,
            poll_seconds: 5,
        }
    }
}

/// How events are pushed to units' own systems (受办分离): retries with exponential backoff and
/// jitter, then a dead letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenPushConfig {
    /// Attempts per event before it is dead (`LIANBAN_OPEN_MAX_ATTEMPTS`, default 10).
    pub max_attempts: u32,
    /// Delay before the first retry, in seconds; doubled for each further retry
    /// (`LIANBAN_OPEN_RETRY_BASE_SECONDS`, default 30).
    pub retry_base_seconds: i64,
    /// Longest delay between two attempts, in seconds, also the cap of a 429 `Retry-After`
    /// (`LIANBAN_OPEN_RETRY_MAX_SECONDS`, default 3600).
    pub retry_max_seconds: i64,
    /// How long one push may take, in seconds, before it counts as failed
    /// (`LIANBAN_OPEN_TIMEOUT_SECONDS`, default 10).
    pub timeout_seconds: u64,
}

impl Default for OpenPushConfig {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            retry_base_seconds: 30,
            retry_max_seconds: 3600,
            timeout_seconds: 10,
        }
    }
}

/// The rate limits of the open API `/open/v1`, kept in memory by each node (with N nodes a system
/// may make N times as many calls).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRateConfig {
    /// Calls per second one authenticated system (app key) may make on average
    /// (`LIANBAN_OPEN_RATE_PER_SECOND`, default 20).
    pub per_second: u32,
    /// Calls one system may make at once above the average (`LIANBAN_OPEN_RATE_BURST`,
    /// default 40).
    pub burst: u32,
    /// Failed authentications per minute one client address may make on average before its
    /// calls are refused unread (`LIANBAN_OPEN_AUTH_FAILURES_PER_MINUTE`, default 10).
    pub failures_per_minute: u32,
    /// Failed authentications one client address may make at once
    /// (`LIANBAN_OPEN_AUTH_FAILURE_BURST`, default 20).
    pub failure_burst: u32,
    /// Proxies whose `X-Forwarded-For` names the client address (`LIANBAN_TRUSTED_PROXIES`,
    /// comma-separated addresses or CIDR ranges; default none: the peer address is the client's).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Default for OpenRateConfig {
    fn default() -> Self {
        Self {
            per_second: 20,
            burst: 40,
            failures_per_minute: 10,
            failure_burst: 20,
            trusted_proxies: Vec::new(),
        }
    }
}

/// How long the delivery logs keep finished rows (notification deliveries and pushes to units'
/// own systems); rows still being delivered are always kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionConfig {
    /// Days a sent or skipped notification delivery and a sent push are kept after they were
    /// made and last changed (`LIANBAN_DELIVERY_RETENTION_DAYS`, default 90; 0 keeps them
    /// forever).
    pub finished_days: u32,
    /// Days a dead delivery or push is kept (administrators replay these)
    /// (`LIANBAN_DEAD_RETENTION_DAYS`, default 365; 0 keeps them forever).
    pub dead_days: u32,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        Self {
            finished_days: 90,
            dead_days: 365,
        }
    }
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
    /// The web app's public address (`LIANBAN_PUBLIC_URL`, e.g. `https://lianban.example.gov.cn`,
    /// default unset), for links in messages that leave the platform (浙政钉 work notices carry a
    /// 查看办件 link only when it is set).
    pub public_url: Option<String>,
    /// The 浙政钉 gateway (`LIANBAN_ZWDD_*`); `None` turns the 浙政钉 channel off (the default).
    pub zwdd: Option<ZwddConfig>,
    /// Notification delivery (`LIANBAN_NOTIFY_*`).
    pub notify: NotifyConfig,
    /// The master key sealing external systems' secrets (`LIANBAN_MASTER_KEY`, 32 hex
    /// characters; unset: `master.key` in the data folder, created on first start). Nodes
    /// sharing one database must share it.
    pub master_key: Option<Secret>,
    /// Internal push targets the operator allows (`LIANBAN_OPEN_ALLOW`, comma-separated `host`,
    /// `host:port` or CIDR entries; default none: loopback and private addresses are refused).
    pub open_allow: Vec<crate::external::endpoint::Allow>,
    /// Pushes to units' own systems (`LIANBAN_OPEN_*`).
    pub open_push: OpenPushConfig,
    /// Rate limits of the open API (`LIANBAN_OPEN_RATE_*`, `LIANBAN_OPEN_AUTH_FAILURE*`,
    /// `LIANBAN_TRUSTED_PROXIES`).
    pub open_rate: OpenRateConfig,
    /// How long finished delivery rows are kept (`LIANBAN_*_RETENTION_DAYS`).
    pub retention: RetentionConfig,
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
            public_url: None,
            zwdd: None,
            notify: NotifyConfig::default(),
            master_key: None,
            open_allow: Vec::new(),
            open_push: OpenPushConfig::default(),
            open_rate: OpenRateConfig::default(),
            retention: RetentionConfig::default(),
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
        let mut zwdd: [Option<String>; 4] = Default::default();
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
                "PUBLIC_URL" => {
                    cfg.public_url = Some(http_url(&key, &value)?).filter(|v| !v.is_empty())
                }
                "MASTER_KEY" => {
                    cfg.master_key = Some(Secret::new(value)).filter(|s| !s.expose().is_empty())
                }
                "OPEN_ALLOW" => {
                    cfg.open_allow =
                        crate::external::endpoint::parse_allowlist(&value).map_err(|entry| {
                            err(
                                &key,
                                &entry,
                                "应为主机名、主机名:端口或 CIDR 网段，以逗号分隔",
                            )
                        })?;
                }
                "ZWDD_BASE_URL" => zwdd[0] = Some(http_url(&key, &value)?),
                "ZWDD_APP_KEY" => zwdd[1] = Some(value),
                "ZWDD_APP_SECRET" => zwdd[2] = Some(value),
                "ZWDD_TENANT_ID" => zwdd[3] = Some(value),
                "NOTIFY_MAX_ATTEMPTS" => {
                    cfg.notify.max_attempts = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=100).contains(n))
                        .ok_or_else(|| err(&key, &value, "应为1至100的整数"))?;
                }
                "NOTIFY_RETRY_BASE_SECONDS" => {
                    cfg.notify.retry_base_seconds = positive(&key, &value)?;
                }
                "NOTIFY_RETRY_MAX_SECONDS" => {
                    cfg.notify.retry_max_seconds = positive(&key, &value)?;
                }
                "OPEN_MAX_ATTEMPTS" => {
                    cfg.open_push.max_attempts = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=100).contains(n))
                        .ok_or_else(|| err(&key, &value, "应为1至100的整数"))?;
                }
                "OPEN_RETRY_BASE_SECONDS" => {
                    cfg.open_push.retry_base_seconds = positive(&key, &value)?;
                }
                "OPEN_RETRY_MAX_SECONDS" => {
                    cfg.open_push.retry_max_seconds = positive(&key, &value)?;
                }
                "OPEN_TIMEOUT_SECONDS" => {
                    cfg.open_push.timeout_seconds = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=300).contains(n))
                        .ok_or_else(|| err(&key, &value, "应为1至300的整数（秒）"))?;
                }
                "OPEN_RATE_PER_SECOND" => cfg.open_rate.per_second = count(&key, &value)?,
                "OPEN_RATE_BURST" => cfg.open_rate.burst = count(&key, &value)?,
                "OPEN_AUTH_FAILURES_PER_MINUTE" => {
                    cfg.open_rate.failures_per_minute = count(&key, &value)?;
                }
                "OPEN_AUTH_FAILURE_BURST" => cfg.open_rate.failure_burst = count(&key, &value)?,
                "TRUSTED_PROXIES" => {
                    cfg.open_rate.trusted_proxies = networks(&value).map_err(|entry| {
                        err(&key, &entry, "应为 IP 地址或 CIDR 网段，以逗号分隔")
                    })?;
                }
                "DELIVERY_RETENTION_DAYS" => cfg.retention.finished_days = days(&key, &value)?,
                "DEAD_RETENTION_DAYS" => cfg.retention.dead_days = days(&key, &value)?,
                "NOTIFY_POLL_SECONDS" => {
                    cfg.notify.poll_seconds = positive(&key, &value)? as u64;
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
        if cfg.notify.retry_max_seconds < cfg.notify.retry_base_seconds {
            return Err(err(
                "NOTIFY_RETRY_MAX_SECONDS",
                &cfg.notify.retry_max_seconds.to_string(),
                "不能小于 LIANBAN_NOTIFY_RETRY_BASE_SECONDS",
            ));
        }
        if cfg.open_push.retry_max_seconds < cfg.open_push.retry_base_seconds {
            return Err(err(
                "OPEN_RETRY_MAX_SECONDS",
                &cfg.open_push.retry_max_seconds.to_string(),
                "不能小于 LIANBAN_OPEN_RETRY_BASE_SECONDS",
            ));
        }
        cfg.zwdd = match zwdd {
            [None, None, None, None] => None,
            [
                Some(base_url),
                Some(app_key),
                Some(app_secret),
                Some(tenant_id),
            ] if !app_key.is_empty() && !app_secret.is_empty() && !tenant_id.is_empty() => {
                Some(ZwddConfig {
                    base_url: base_url.trim_end_matches('/').to_owned(),
                    app_key,
                    app_secret: Secret::new(app_secret),
                    tenant_id,
                })
            }
            _ => {
                return Err(err(
                    "ZWDD_*",
                    "",
                    "BASE_URL、APP_KEY、APP_SECRET、TENANT_ID 须同时配置且不能为空",
                ));
            }
        };
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

fn positive(key: &str, value: &str) -> Result<i64, ConfigError> {
    value
        .parse()
        .ok()
        .filter(|n: &i64| *n > 0)
        .ok_or_else(|| err(key, value, "应为正整数"))
}

/// A count of calls, 1 to 100000.
fn count(key: &str, value: &str) -> Result<u32, ConfigError> {
    value
        .parse()
        .ok()
        .filter(|n| (1..=100_000).contains(n))
        .ok_or_else(|| err(key, value, "应为1至100000的整数"))
}

/// Comma-separated addresses (a single host) or CIDR ranges; the first bad entry on failure.
fn networks(value: &str) -> Result<Vec<ipnet::IpNet>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| entry.to_owned())
        })
        .collect()
}

/// A number of days, 0 (forever) to 36500.
fn days(key: &str, value: &str) -> Result<u32, ConfigError> {
    value
        .parse()
        .ok()
        .filter(|d| *d <= 36_500)
        .ok_or_else(|| err(key, value, "应为0至36500的整数（天，0表示永久保留）"))
}

/// An `http://` or `https://` address (empty is allowed: it unsets the option).
fn http_url(key: &str, value: &str) -> Result<String, ConfigError> {
    let ok = value.is_empty()
        || ((value.starts_with("http://") || value.starts_with("https://"))
            && !value.contains(char::is_whitespace));
    if ok {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err(err(key, value, "应为 http:// 或 https:// 开头的地址"))
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

    #[test]
    fn zwdd_needs_all_four_values_and_hides_its_secret() {
        let all = [
            ("LIANBAN_ZWDD_BASE_URL", "https://openplatform.example/"),
            ("LIANBAN_ZWDD_APP_KEY", "key"),
            ("LIANBAN_ZWDD_APP_SECRET", "s3cret"),
            ("LIANBAN_ZWDD_TENANT_ID", "1"),
        ];
        assert_eq!(Config::from_sources(&[], &[]).unwrap().zwdd, None);
        let cfg = Config::from_sources(&env(&all), &[]).unwrap();
        let zwdd = cfg.zwdd.clone().unwrap();
        assert_eq!(zwdd.base_url, "https://openplatform.example");
        assert_eq!(zwdd.app_secret.expose(), "s3cret");
        assert!(!format!("{cfg:?}").contains("s3cret"));
        let e = Config::from_sources(&env(&all[..3]), &[]).unwrap_err();
        assert!(e.to_string().contains("LIANBAN_ZWDD_*"), "{e}");
        let e =
            Config::from_sources(&env(&[("LIANBAN_ZWDD_BASE_URL", "ftp://x")]), &[]).unwrap_err();
        assert!(e.to_string().contains("LIANBAN_ZWDD_BASE_URL"), "{e}");
    }

    #[test]
    fn retry_settings_are_checked() {
        let cfg = Config::from_sources(
            &env(&[
                ("LIANBAN_NOTIFY_MAX_ATTEMPTS", "3"),
                ("LIANBAN_NOTIFY_RETRY_BASE_SECONDS", "60"),
                ("LIANBAN_NOTIFY_RETRY_MAX_SECONDS", "600"),
                ("LIANBAN_PUBLIC_URL", "https://lianban.example/"),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(
            (cfg.notify.max_attempts, cfg.notify.retry_base_seconds),
            (3, 60)
        );
        assert_eq!(cfg.public_url.as_deref(), Some("https://lianban.example"));
        assert_eq!(cfg.open_push, OpenPushConfig::default());
        assert_eq!(cfg.retention, RetentionConfig::default());
        let open = Config::from_sources(
            &env(&[
                ("LIANBAN_OPEN_MAX_ATTEMPTS", "4"),
                ("LIANBAN_OPEN_RETRY_BASE_SECONDS", "10"),
                ("LIANBAN_OPEN_RETRY_MAX_SECONDS", "60"),
                ("LIANBAN_OPEN_TIMEOUT_SECONDS", "3"),
            ]),
            &[],
        )
        .unwrap()
        .open_push;
        let retention = Config::from_sources(
            &env(&[
                ("LIANBAN_DELIVERY_RETENTION_DAYS", "30"),
                ("LIANBAN_DEAD_RETENTION_DAYS", "0"),
            ]),
            &[],
        )
        .unwrap()
        .retention;
        assert_eq!((retention.finished_days, retention.dead_days), (30, 0));
        assert_eq!(
            (
                open.max_attempts,
                open.retry_base_seconds,
                open.retry_max_seconds,
                open.timeout_seconds
            ),
            (4, 10, 60, 3)
        );
        for bad in [
            ("LIANBAN_NOTIFY_MAX_ATTEMPTS", "0"),
            ("LIANBAN_NOTIFY_RETRY_BASE_SECONDS", "-1"),
            ("LIANBAN_NOTIFY_RETRY_MAX_SECONDS", "10"),
            ("LIANBAN_NOTIFY_POLL_SECONDS", "soon"),
            ("LIANBAN_OPEN_MAX_ATTEMPTS", "101"),
            ("LIANBAN_OPEN_RETRY_BASE_SECONDS", "0"),
            ("LIANBAN_OPEN_RETRY_MAX_SECONDS", "5"),
            ("LIANBAN_OPEN_TIMEOUT_SECONDS", "0"),
            ("LIANBAN_DELIVERY_RETENTION_DAYS", "-1"),
            ("LIANBAN_DEAD_RETENTION_DAYS", "36501"),
            ("LIANBAN_DEAD_RETENTION_DAYS", "一年"),
            ("LIANBAN_OPEN_RATE_PER_SECOND", "0"),
            ("LIANBAN_OPEN_RATE_BURST", "100001"),
            ("LIANBAN_OPEN_AUTH_FAILURES_PER_MINUTE", "many"),
            ("LIANBAN_OPEN_AUTH_FAILURE_BURST", "-3"),
            ("LIANBAN_TRUSTED_PROXIES", "10.0.0.1,proxy.local"),
            ("LIANBAN_TRUSTED_PROXIES", "10.0.0.0/33"),
        ] {
            let e = Config::from_sources(&env(&[bad]), &[]).unwrap_err();
            assert!(e.to_string().contains(bad.0), "{e}");
        }
    }

    #[test]
    fn open_rate_limits_and_trusted_proxies_are_read() {
        let cfg = Config::from_sources(&[], &[]).unwrap().open_rate;
        assert_eq!(cfg, OpenRateConfig::default());
        assert_eq!((cfg.per_second, cfg.burst), (20, 40));
        assert!(cfg.trusted_proxies.is_empty());
        let cfg = Config::from_sources(
            &env(&[
                ("LIANBAN_OPEN_RATE_PER_SECOND", "5"),
                ("LIANBAN_OPEN_RATE_BURST", "8"),
                ("LIANBAN_OPEN_AUTH_FAILURES_PER_MINUTE", "3"),
                ("LIANBAN_OPEN_AUTH_FAILURE_BURST", "4"),
                ("LIANBAN_TRUSTED_PROXIES", " 10.0.0.7, 192.168.0.0/16 ,"),
            ]),
            &[],
        )
        .unwrap()
        .open_rate;
        assert_eq!(
            (
                cfg.per_second,
                cfg.burst,
                cfg.failures_per_minute,
                cfg.failure_burst
            ),
            (5, 8, 3, 4)
        );
        let proxies: Vec<String> = cfg.trusted_proxies.iter().map(|n| n.to_string()).collect();
        assert_eq!(proxies, ["10.0.0.7/32", "192.168.0.0/16"]);
    }
}
