//! The simulator's configuration: defaults → `LIANBAN_SIM_*` environment variables → command-line
//! flags (`--port 8091` or `--port=8091`; each flag is the variable's name without the prefix, in
//! lower case with `-`).

use crate::settings::{self, ConfigError, err, seconds};
use lianban_sdk::sign::Algorithm;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The demo system's app key and secret, as the demo world registers 自然资源和规划分局's system
/// (demo only: a real system gets its own from the administrator).
pub use lianban_seeds::{DEMO_SIM_APP_KEY as DEMO_APP_KEY, DEMO_SIM_SECRET as DEMO_SECRET};
/// The path Lianban pushes events to.
pub const EVENTS_PATH: &str = "/lianban/events";

/// Everything the simulator needs to run.
#[derive(Clone)]
pub struct Config {
    /// Listen address (`LIANBAN_SIM_BIND`, `--bind`; default `127.0.0.1`).
    pub bind: IpAddr,
    /// Listen port (`LIANBAN_SIM_PORT`, `--port`; default 8091; 0 picks a free one).
    pub port: u16,
    /// Lianban's base URL for `/open/v1` calls (`LIANBAN_SIM_LIANBAN_URL`, `--lianban-url`;
    /// default `http://127.0.0.1:8080`).
    pub lianban_url: String,
    /// The app key Lianban issued (`LIANBAN_SIM_APP_KEY`, `--app-key`; default `demo-zrzyj`).
    pub app_key: String,
    /// The app secret (`LIANBAN_SIM_SECRET`, `--secret`; default the demo secret).
    pub secret: String,
    /// The algorithm of our calls (`LIANBAN_SIM_ALGORITHM`, `--algorithm`: `HMAC-SM3` (default,
    /// as the demo world registers the system) or `HMAC-SHA256`). Pushes are accepted in either.
    pub algorithm: Algorithm,
    /// Where the state file lives (`LIANBAN_SIM_DATA`, `--data`; default `./data/dept-sim`).
    pub data_dir: PathBuf,
    /// How long a delivery hangs in the `timeout` failure mode (`LIANBAN_SIM_HANG_SECONDS`,
    /// `--hang-seconds`; default 60 s, longer than Lianban waits).
    pub hang: Duration,
    /// How long one call to Lianban may take (`LIANBAN_SIM_CALL_TIMEOUT_SECONDS`,
    /// `--call-timeout-seconds`; default 15 s).
    pub call_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 8091,
            lianban_url: "http://127.0.0.1:8080".to_owned(),
            app_key: DEMO_APP_KEY.to_owned(),
            secret: DEMO_SECRET.to_owned(),
            algorithm: Algorithm::HmacSm3,
            data_dir: PathBuf::from("data/dept-sim"),
            hang: Duration::from_secs(60),
            call_timeout: Duration::from_secs(15),
        }
    }
}

impl std::fmt::Debug for Config {
    /// Everything but the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("port", &self.port)
            .field("lianban_url", &self.lianban_url)
            .field("app_key", &self.app_key)
            .field("algorithm", &self.algorithm)
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Reads the process's environment and command line over the defaults.
    pub fn load() -> Result<Self, ConfigError> {
        let (env, args) = settings::process_sources();
        Self::from_sources(&env, &args)
    }

    /// Builds the configuration from explicit sources (for tests).
    pub fn from_sources(env: &[(String, String)], args: &[String]) -> Result<Self, ConfigError> {
        let pairs = settings::pairs("LIANBAN_SIM_", env, args)?;
        let mut cfg = Config::default();
        for (key, value) in pairs {
            match key.as_str() {
                "BIND" => cfg.bind = value.parse().map_err(|_| err(&key, &value, "应为IP地址"))?,
                "PORT" => cfg.port = value.parse().map_err(|_| err(&key, &value, "应为端口号"))?,
                "LIANBAN_URL" => {
                    if !(value.starts_with("http://") || value.starts_with("https://")) {
                        return Err(err(&key, &value, "应为 http:// 或 https:// 地址"));
                    }
                    cfg.lianban_url = value.trim_end_matches('/').to_owned();
                }
                "APP_KEY" if !value.is_empty() => cfg.app_key = value,
                "SECRET" if !value.is_empty() => cfg.secret = value,
                "ALGORITHM" => {
                    cfg.algorithm = Algorithm::parse(&value)
                        .ok_or_else(|| err(&key, &value, "应为 HMAC-SHA256 或 HMAC-SM3"))?;
                }
                "DATA" => cfg.data_dir = PathBuf::from(value),
                "HANG_SECONDS" => cfg.hang = seconds(&key, &value)?,
                "CALL_TIMEOUT_SECONDS" => cfg.call_timeout = seconds(&key, &value)?,
                "APP_KEY" | "SECRET" => return Err(err(&key, &value, "不能为空")),
                // The log filter, read by the logger.
                "LOG" => {}
                _ => return Err(err(&key, &value, "未知配置项")),
            }
        }
        Ok(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn defaults_then_environment_then_flags() {
        let cfg = Config::from_sources(&[], &[]).unwrap();
        assert_eq!((cfg.port, cfg.app_key.as_str()), (8091, DEMO_APP_KEY));
        assert_eq!(cfg.algorithm, Algorithm::HmacSm3);
        let env = [
            ("LIANBAN_SIM_PORT".to_owned(), "9000".to_owned()),
            ("LIANBAN_SIM_ALGORITHM".to_owned(), "hmac-sha256".to_owned()),
            ("LIANBAN_PORT".to_owned(), "1".to_owned()),
            ("PATH".to_owned(), "/bin".to_owned()),
        ];
        let args = strings(&[
            "--port=0",
            "--data",
            "/tmp/x",
            "--lianban-url",
            "http://h:1/",
        ]);
        let cfg = Config::from_sources(&env, &args).unwrap();
        assert_eq!(cfg.port, 0);
        assert_eq!(cfg.algorithm, Algorithm::HmacSha256);
        assert_eq!(cfg.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(cfg.lianban_url, "http://h:1");
        assert!(!format!("{cfg:?}").contains(DEMO_SECRET));
    }

    #[test]
    fn the_defaults_are_where_the_demo_world_pushes() {
        let cfg = Config::default();
        assert_eq!(
            format!("http://{}:{}{EVENTS_PATH}", cfg.bind, cfg.port),
            lianban_seeds::DEMO_SIM_ENDPOINT
        );
    }

    #[test]
    fn bad_values_are_named() {
        for args in [
            &["--port", "x"][..],
            &["--algorithm", "MD5"],
            &["--lianban-url", "ftp://x"],
            &["--secret="],
            &["--colour", "red"],
            &["port"],
            &["--hang-seconds", "99999"],
        ] {
            let e = Config::from_sources(&[], &strings(args)).unwrap_err();
            assert!(e.to_string().starts_with("配置项"), "{e}");
        }
    }
}
