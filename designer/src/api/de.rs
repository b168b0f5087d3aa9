//! Lenient decoding of ids that the server sends as numbers (task numbers) into the strings
//! the app uses in routes and comparisons.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

fn to_string(value: Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("expected a string or number id, got {other}")),
    }
}

/// A string or number, as a string.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    to_string(Value::deserialize(d)?).map_err(serde::de::Error::custom)
}

/// An optional string or number, as a string.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(v) => to_string(v).map(Some).map_err(serde::de::Error::custom),
    }
}

/// A list of strings or numbers, as strings.
pub fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Vec::<Value>::deserialize(d)?
        .into_iter()
        .map(to_string)
        .collect::<Result<_, _>>()
        .map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct T {
        #[serde(deserialize_with = "super::id")]
        id: String,
        #[serde(default, deserialize_with = "super::opt_id")]
        task: Option<String>,
        #[serde(deserialize_with = "super::ids")]
        mine: Vec<String>,
    }

    #[test]
    fn numbers_and_strings_become_strings() {
        let t: T = serde_json::from_str(r#"{"id": 3, "task": null, "mine": [1, "2"]}"#).unwrap();
        assert_eq!(
            (t.id.as_str(), t.task, t.mine),
            ("3", None, vec!["1".to_owned(), "2".to_owned()])
        );
        let t: T = serde_json::from_str(r#"{"id": "a", "task": 7, "mine": []}"#).unwrap();
        assert_eq!(t.task.as_deref(), Some("7"));
        assert!(serde_json::from_str::<T>(r#"{"id": {}, "mine": []}"#).is_err());
    }
}
