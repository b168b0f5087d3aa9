//! The gateway simulator's configuration: defaults → `LIANBAN_ZWDD_SIM_*` environment variables
//! → command-line flags (`--port 8092`; see [`crate::settings`]). The defaults are the demo app
//! that `make run` configures Lianban with.

use crate::settings::{self, ConfigError, err, seconds};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use lianban_seeds::{
    DEMO_ZWDD_APP_KEY as DEMO_APP_KEY, DEMO_ZWDD_APP_SECRET as DEMO_APP_SECRET,
    DEMO_ZWDD_GATEWAY as DEMO_GATEWAY, DEMO_ZWDD_TENANT_ID as DEMO_TENANT_ID,
};

/// Everything the simulator needs to run.
#[derive(Clone)]
pub struct Config {
    /// Listen address (`LIANBAN_ZWDD_SIM_BIND`, `--bind`; default `127.0.0.1`).
    pub bind: IpAddr,
    /// Listen port (`LIANBAN_ZWDD_SIM_PORT`, `--port`; default 8092; 0 picks a free one).
    pub port: u16,
    /// The app key requests must carry (`LIANBAN_ZWDD_SIM_APP_KEY`, `--app-key`; default the
    /// demo app's).
    pub app_key: String,
    /// The app secret signatures are checked with (`LIANBAN_ZWDD_SIM_APP_SECRET`,
    /// `--app-secret`; default the demo app's).
    pub app_secret: String,
    /// The tenant (`tenantId`) the app belongs to (`LIANBAN_ZWDD_SIM_TENANT_ID`, `--tenant-id`;
    /// default the demo district's).
    pub tenant_id: String,
    /// Where the state file lives (`LIANBAN_ZWDD_SIM_DATA`, `--data`; default `./data/zwdd-sim`).
    pub data_dir: PathBuf,
    /// How long a call hangs in the `timeout` failure mode (`LIANBAN_ZWDD_SIM_HANG_SECONDS`,
    /// `--hang-seconds`; default 30 s, longer than Lianban's 10 s).
    pub hang: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 8092,
            app_key: DEMO_APP_KEY.to_owned(),
            app_secret: DEMO_APP_SECRET.to_owned(),
            tenant_id: DEMO_TENANT_ID.to_owned(),
            data_dir: PathBuf::from("data/zwdd-sim"),
            hang: Duration::from_secs(30),
        }
    }
}

impl std::fmt::Debug for Config {
    /// Everything but the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("port", &self.port)
            .field("app_key", &self.app_key)
            .field("tenant_id", &self.tenant_id)
            .field("data_dir", &self.data_dir)
            .field("hang", &self.hang)
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
        let mut cfg = Config::default();
        for (key, value) in settings::pairs("LIANBAN_ZWDD_SIM_", env, args)? {
            match key.as_str() {
                "BIND" => cfg.bind = value.parse().map_err(|_| err(&key, &value, "应为IP地址"))?,
                "PORT" => cfg.port = value.parse().map_err(|_| err(&key, &value, "应为端口号"))?,
                "APP_KEY" | "APP_SECRET" | "TENANT_ID" if value.trim().is_empty() => {
                    return Err(err(&key, &value, "不能为空"));
                }
                "APP_KEY" => cfg.app_key = value,
                "APP_SECRET" => cfg.app_secret = value,
                "TENANT_ID" => cfg.tenant_id = value,
                "DATA" => cfg.data_dir = PathBuf::from(value),
                "HANG_SECONDS" => cfg.hang = seconds(&key, &value)?,
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
        assert_eq!(
            (cfg.port, cfg.app_key.as_str(), cfg.tenant_id.as_str()),
            (8092, DEMO_APP_KEY, DEMO_TENANT_ID)
        );
        let env = [
            ("LIANBAN_ZWDD_SIM_PORT".to_owned(), "9000".to_owned()),
            ("LIANBAN_ZWDD_SIM_TENANT_ID".to_owned(), "1".to_owned()),
            ("LIANBAN_SIM_PORT".to_owned(), "1".to_owned()),
            (
                "LIANBAN_ZWDD_APP_KEY".to_owned(),
                "lianban's own".to_owned(),
            ),
        ];
        let args = strings(&["--port=0", "--data", "/tmp/x", "--app-secret", "s"]);
        let cfg = Config::from_sources(&env, &args).unwrap();
        assert_eq!((cfg.port, cfg.tenant_id.as_str()), (0, "1"));
        assert_eq!(
            (cfg.app_key.as_str(), cfg.app_secret.as_str()),
            (DEMO_APP_KEY, "s")
        );
        assert_eq!(cfg.data_dir, PathBuf::from("/tmp/x"));
        assert!(!format!("{cfg:?}").contains("\"s\""));
        assert!(!format!("{:?}", Config::default()).contains(DEMO_APP_SECRET));
    }

    #[test]
    fn the_defaults_are_what_make_run_gives_lianban() {
        let cfg = Config::default();
        assert_eq!(format!("http://{}:{}", cfg.bind, cfg.port), DEMO_GATEWAY);
        let makefile = include_str!("../../../Makefile");
        for (name, value) in [
            ("LIANBAN_ZWDD_BASE_URL", DEMO_GATEWAY),
            ("LIANBAN_ZWDD_APP_KEY", DEMO_APP_KEY),
            ("LIANBAN_ZWDD_APP_SECRET", DEMO_APP_SECRET),
            ("LIANBAN_ZWDD_TENANT_ID", DEMO_TENANT_ID),
        ] {
            let setting = format!("{name}=$${{{name}:-{value}}}");
            assert!(
                makefile.contains(&setting),
                "the Makefile's run sets {setting}"
            );
        }
    }

    #[test]
    fn bad_values_are_named() {
        for args in [
            &["--port", "x"][..],
            &["--app-secret="],
            &["--tenant-id", " "],
            &["--colour", "red"],
            &["--hang-seconds", "99999"],
        ] {
            let e = Config::from_sources(&[], &strings(args)).unwrap_err();
            assert!(e.to_string().starts_with("配置项"), "{e}");
        }
    }
}
