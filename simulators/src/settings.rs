//! What the simulators' configurations share: defaults, then `<PREFIX>*` environment variables,
//! then command-line flags (`--port 8091` or `--port=8091`; each flag is the variable's name
//! without the prefix, in lower case with `-`), and the error naming a bad value.

use std::time::Duration;

/// A value that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("配置项 {key} 的值「{value}」无效：{reason}")]
pub struct ConfigError {
    key: String,
    value: String,
    reason: &'static str,
}

/// The error for `value` of `key`.
pub fn err(key: &str, value: &str, reason: &'static str) -> ConfigError {
    ConfigError {
        key: key.to_owned(),
        value: value.to_owned(),
        reason,
    }
}

/// The settings in `env` (variables starting with `prefix`, the prefix taken off) followed by
/// the flags in `args` (upper-cased, `-` as `_`), in the order they apply.
pub fn pairs(
    prefix: &str,
    env: &[(String, String)],
    args: &[String],
) -> Result<Vec<(String, String)>, ConfigError> {
    let mut pairs: Vec<(String, String)> = env
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(prefix).map(|k| (k.to_owned(), v.clone())))
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
    Ok(pairs)
}

/// The process's environment and its command-line arguments (without the program name), the
/// sources a configuration is built from.
pub fn process_sources() -> (Vec<(String, String)>, Vec<String>) {
    (
        std::env::vars().collect(),
        std::env::args().skip(1).collect(),
    )
}

/// A number of seconds, 0 to 3600.
pub fn seconds(key: &str, value: &str) -> Result<Duration, ConfigError> {
    value
        .parse::<u64>()
        .ok()
        .filter(|s| *s <= 3600)
        .map(Duration::from_secs)
        .ok_or_else(|| err(key, value, "应为0到3600之间的整数（秒）"))
}
