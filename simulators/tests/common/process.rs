//! Starting a simulator binary for a test: on a free port, waiting for its
//! `<name> listening on http://ADDR` line, killed when dropped. Shared by the simulators' test
//! binaries (`#[path]`-included).

use gateway_http as http;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running simulator process.
pub struct Process {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command` (the binary `name`, with `--port 0` among its arguments) and waits for its
/// listening line.
pub fn spawn(mut command: Command, name: &str) -> Process {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the simulator starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the simulator prints its listening line");
    let base = line
        .trim()
        .strip_prefix(&format!("{name} listening on "))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    Process { child, base }
}

/// An HTTP client for talking to a simulator: no redirects followed (the pages answer 303), 10 s
/// timeout.
pub fn client() -> http::Client {
    http::Client::builder()
        .redirect(http::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}
