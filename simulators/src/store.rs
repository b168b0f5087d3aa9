//! Keeps a simulator's state in memory and in `state.json` under its data directory: every
//! change is written to a temporary file and renamed over the old one, so a restart (or a crash
//! in the middle of a write) finds the last complete state.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The state file's name inside the data directory.
pub const STATE_FILE: &str = "state.json";

/// Why the state cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file system refused.
    #[error("无法读写状态文件 {path}：{source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a state we wrote.
    #[error("状态文件 {path} 内容无法解析：{source}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
}

/// The state `S` (a fresh `S::default()` when there is none yet), shared by the handlers.
#[derive(Debug)]
pub struct Store<S> {
    path: PathBuf,
    snapshot: Mutex<S>,
}

impl<S: Clone + Default + Serialize + DeserializeOwned> Store<S> {
    /// Opens (creating the directory) and loads the state in `dir`; empty when there is none.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let path = dir.join(STATE_FILE);
        let io = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let snapshot = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| StoreError::Corrupt {
                path: path.clone(),
                source,
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => S::default(),
            Err(e) => return Err(io(e)),
        };
        Ok(Store {
            path,
            snapshot: Mutex::new(snapshot),
        })
    }

    /// A copy of the state.
    pub fn snapshot(&self) -> S {
        self.lock().clone()
    }

    /// Reads the state through `f`.
    pub fn read<R>(&self, f: impl FnOnce(&S) -> R) -> R {
        f(&self.lock())
    }

    /// Changes the state through `f` and writes it out. When the write fails the change is
    /// undone, so memory never runs ahead of the disk.
    pub fn update<R>(&self, f: impl FnOnce(&mut S) -> R) -> Result<R, StoreError> {
        let mut guard = self.lock();
        let before = guard.clone();
        let out = f(&mut guard);
        if let Err(e) = self.write(&guard) {
            *guard = before;
            return Err(e);
        }
        Ok(out)
    }

    fn write(&self, snapshot: &S) -> Result<(), StoreError> {
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        let bytes = serde_json::to_vec_pretty(snapshot).map_err(|source| StoreError::Corrupt {
            path: self.path.clone(),
            source,
        })?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, bytes).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }

    fn lock(&self) -> MutexGuard<'_, S> {
        // A panic while holding the lock leaves a whole snapshot behind (changes are undone on
        // failed writes), so the state is still usable.
        self.snapshot
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_survive_a_reopen_and_a_corrupt_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::<Vec<String>>::open(dir.path()).unwrap();
        let len = store.update(|s| {
            s.push("一".to_owned());
            s.len()
        });
        assert_eq!(len.unwrap(), 1);
        drop(store);
        let again = Store::<Vec<String>>::open(dir.path()).unwrap();
        assert_eq!(again.snapshot(), ["一"]);
        std::fs::write(dir.path().join(STATE_FILE), b"{not json").unwrap();
        let err = Store::<Vec<String>>::open(dir.path()).unwrap_err();
        assert!(err.to_string().contains("无法解析"), "{err}");
    }

    #[test]
    fn a_failed_write_undoes_the_change() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::<Vec<String>>::open(&dir.path().join("sub")).unwrap();
        std::fs::remove_dir_all(dir.path().join("sub")).unwrap();
        assert!(store.update(|s| s.push("一".to_owned())).is_err());
        assert_eq!(store.read(Vec::len), 0);
    }
}
