//! The local-folder file store: uploads land in `tmp/` and are renamed into place once checked,
//! so a failed upload never leaves a partial file where stored files live.

use std::path::{Path, PathBuf};

/// Files under one root folder.
#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    /// A store rooted at `root` (created if missing).
    pub fn new(root: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(root.join("tmp"))?;
        std::fs::create_dir_all(root.join("store"))?;
        Ok(Self { root })
    }

    /// A fresh temporary path for an upload in progress.
    pub fn temp_path(&self) -> PathBuf {
        self.root
            .join("tmp")
            .join(uuid::Uuid::now_v7().simple().to_string())
    }

    /// The relative path a stored file gets.
    pub fn relative_for(key: &str) -> String {
        format!("store/{}/{key}", &key[key.len().saturating_sub(2)..])
    }

    /// The absolute path of a stored file.
    pub fn absolute(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Moves a checked temporary file into place (fsynced, so it survives a crash).
    pub async fn commit_temp(&self, temp: &Path, relative: &str) -> std::io::Result<()> {
        let target = self.absolute(relative);
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        tokio::fs::rename(temp, &target).await?;
        Ok(())
    }

    /// Removes a file; a missing file is not an error.
    pub async fn remove(&self, relative: &str) {
        if let Err(e) = tokio::fs::remove_file(self.absolute(relative)).await
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, path = relative, "could not remove file");
        }
    }

    /// Removes temporary files left by uploads interrupted by a crash.
    pub async fn clean_temp(&self) {
        if let Ok(mut dir) = tokio::fs::read_dir(self.root.join("tmp")).await {
            while let Ok(Some(entry)) = dir.next_entry().await {
                let _ = tokio::fs::remove_file(entry.path()).await;
            }
        }
    }
}
