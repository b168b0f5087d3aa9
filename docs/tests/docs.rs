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
