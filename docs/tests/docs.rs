//! Checks that keep the documentation honest.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut stack = vec![root().join("docs")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files
}

/// Relative Markdown link targets `](target)` of a text.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_owned());
        }
    }
    out
}

#[test]
fn relative_links_resolve() {
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for link in links(&text) {
            if link.contains("://") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            let target = link.split('#').next().unwrap();
            let path = file.parent().unwrap().join(target);
            assert!(path.exists(), "{}: broken link {link}", file.display());
        }
    }
}

#[test]
fn readme_lists_every_demo_account() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let world = lianban_seeds::demo_world();
    for user in &world.users {
        assert!(
            readme.contains(&format!("`{}`", user.username)),
            "README lacks demo account {}",
            user.username
        );
        assert!(
            readme.contains(&user.name),
            "README lacks the name of {}",
            user.username
        );
    }
    assert!(
        readme.contains(lianban_seeds::DEMO_PASSWORD),
        "README names the demo password"
    );
}

#[test]
fn readme_has_the_two_quick_start_commands() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("make run") && readme.contains("make test"));
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.contains("\nmake test\n"),
        ".ci/run runs the README's test command"
    );
}

#[test]
fn script_guide_documents_every_domain_function() {
    let guide = std::fs::read_to_string(root().join("docs/script-guide.md")).unwrap();
    for function in lianban_scripting::ScriptEngine::functions() {
        assert!(
            guide.contains(&format!("`{}(", function.name)),
            "docs/script-guide.md does not document {}",
            function.name
        );
    }
}

/// The worked example of docs/integration/signing.md, recomputed with the SDK: the document
/// shows exactly these digests and signatures.
fn worked_example() -> [(lianban_sdk::sign::Algorithm, String, String); 2] {
    use lianban_sdk::sign::{Algorithm, Request, sign};
    let body =
        r#"{"name":"科室初审","handler":"张三","at":"2026-03-02T09:00:00+08:00","opinion":"同意"}"#;
    let request = Request {
        method: "POST",
        path_and_query: "/open/v1/matters/LB-20260302-0001/dispatches/n3/steps",
        body: body.as_bytes(),
    };
    [Algorithm::HmacSha256, Algorithm::HmacSm3].map(|algorithm| {
        let signature = sign(
            "demo-rsj",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            algorithm,
            request,
            1_772_413_200,
            "7c1e5b0a9d3f4e21a8b6c0d2e4f61357",
        );
        (
            algorithm,
            algorithm.body_digest(body.as_bytes()),
            signature.signature,
        )
    })
}

#[test]
fn the_signing_document_shows_the_sdks_answers() {
    let doc = std::fs::read_to_string(root().join("docs/integration/signing.md")).unwrap();
    for (algorithm, digest, signature) in worked_example() {
        assert!(
            doc.contains(&digest),
            "{} digest {digest}",
            algorithm.name()
        );
        assert!(
            doc.contains(&signature),
            "{} signature {signature}",
            algorithm.name()
        );
    }
}

/// Checks an example program's output: the HMAC-SHA256 lines always, the HMAC-SM3 lines when
/// the program could compute SM3 (else it must say it is unavailable).
fn check_example_output(program: &str, output: &std::process::Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{program} failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (algorithm, digest, signature) in worked_example() {
        let name = algorithm.name();
        let line = format!("{name} signature: {signature}");
        if algorithm == lianban_sdk::sign::Algorithm::HmacSm3
            && stdout.contains(&format!("{name} unavailable"))
        {
            eprintln!("{program}: HMAC-SM3 unavailable here, checked HMAC-SHA256 only");
            continue;
        }
        assert!(stdout.contains(&line), "{program} prints {line}:\n{stdout}");
        assert!(
            stdout.contains(&format!("{name} body digest: {digest}")),
            "{program}:\n{stdout}"
        );
    }
}

#[test]
fn the_python_example_prints_the_worked_example() {
    let script = root().join("docs/integration/examples/python/lianban_sign.py");
    let output = std::process::Command::new("python3")
        .arg(&script)
        .output()
        .expect("python3 runs (it is on developer machines and in CI)");
    check_example_output("lianban_sign.py", &output);
}

/// Compiles and runs the Java example with the JDK when one is installed (`javac` on PATH);
/// without a JDK there is nothing to run it with, and the test says so on stderr.
#[test]
fn the_java_example_prints_the_worked_example_when_a_jdk_is_installed() {
    let has_javac = std::process::Command::new("javac")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_javac {
        eprintln!("no javac on PATH: LianbanSigner.java not compiled or run");
        return;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("java-example");
    let _ = std::fs::remove_dir_all(&out);
    let source = root().join("docs/integration/examples/java/LianbanSigner.java");
    let compiled = std::process::Command::new("javac")
        .args(["-encoding", "UTF-8", "-d"])
        .arg(&out)
        .arg(&source)
        .output()
        .unwrap();
    assert!(
        compiled.status.success(),
        "javac: {}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let output = std::process::Command::new("java")
        .arg("-cp")
        .arg(&out)
        .arg("LianbanSigner")
        .output()
        .unwrap();
    check_example_output("LianbanSigner.java", &output);
}
