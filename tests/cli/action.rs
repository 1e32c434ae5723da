//! The GitHub Action (`action.yml`): the file is checked for what the runner needs, and its
//! script steps are run locally, as the runner would run them, on a pull request clone made
//! the way `actions/checkout` makes one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{NOW, TestRepo};

const ACCEPTED: &str = "---\nstatus: accepted\ndate: 2026-01-05\ndecision-maker: \"@sam\"\ndecided: 2026-01-10\n---\n# Use PostgreSQL\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe will use PostgreSQL.\n\n## Consequences\n\nOps work.\n";

fn action() -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml"))
        .expect("read action.yml");
    serde_saphyr::from_str(&text).expect("action.yml is YAML")
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_array().expect("runs.steps")
}

/// `${{ … }}` expressions in a string.
fn expressions(text: &str) -> Vec<String> {
    text.split("${{")
        .skip(1)
        .map(|rest| rest.split("}}").next().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn action_file_is_a_composite_action_whose_steps_the_runner_can_run() {
    let action = action();
    assert!(action["name"].is_string() && action["description"].is_string());
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().expect("inputs");
    for (name, input) in inputs {
        assert!(
            input["description"].is_string(),
            "input {name} has no description"
        );
    }
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    for expr in expressions(&text) {
        let name = expr.split(" ").next().unwrap();
        if let Some(input) = name.strip_prefix("inputs.") {
            assert!(
                inputs.contains_key(input),
                "unknown input `{input}` in `{expr}`"
            );
        } else {
            let known = ["github.base_ref", "github.action_path", "runner.temp"];
            assert!(known.contains(&name), "unexpected expression `{expr}`");
        }
    }
    for step in steps(&action) {
        let name = step["name"].as_str().expect("every step is named");
        match (step.get("run"), step.get("uses")) {
            (Some(run), None) => {
                assert_eq!(
                    step["shell"], "bash",
                    "{name}: composite run steps need a shell"
                );
                assert!(
                    expressions(run.as_str().unwrap()).is_empty(),
                    "{name}: scripts read inputs from env, never from expressions"
                );
            }
            (None, Some(uses)) => assert!(uses.as_str().unwrap().contains('@'), "{name}"),
            _ => panic!("{name}: a step has either run or uses"),
        }
    }
}

/// What the runner would put in place of an expression.
struct Runner {
    inputs: BTreeMap<String, String>,
    temp: PathBuf,
}

impl Runner {
    fn value(&self, action: &Value, expr: &str) -> String {
        match expr {
            "github.action_path" => env!("CARGO_MANIFEST_DIR").to_string(),
            "runner.temp" => self.temp.display().to_string(),
            "github.base_ref" => "main".to_string(),
            _ => {
                let name = expr.strip_prefix("inputs.").expect("an input");
                self.inputs.get(name).cloned().unwrap_or_else(|| {
                    let default = action["inputs"][name]["default"].as_str().unwrap_or("");
                    self.substitute(action, default)
                })
            }
        }
    }

    fn substitute(&self, action: &Value, text: &str) -> String {
        let mut out = text.to_string();
        for expr in expressions(text) {
            let value = self.value(action, &expr);
            out = out.replacen(&format!("${{{{ {expr} }}}}"), &value, 1);
        }
        out
    }

    /// The `if:` forms action.yml uses: `inputs.X == 'v'`, optionally after `always() && `.
    fn condition(&self, action: &Value, condition: Option<&Value>) -> bool {
        let Some(condition) = condition.and_then(Value::as_str) else {
            return true;
        };
        let test = condition.trim_start_matches("always() && ");
        let (left, right) = test.split_once(" == ").expect("an `a == 'b'` condition");
        self.value(action, left.trim()) == right.trim().trim_matches('\'')
    }
}

#[test]
fn action_steps_run_locally_and_flag_an_edited_accepted_decision() {
    let upstream = TestRepo::new();
    upstream.write("docs/decisions/0001-use-postgresql.md", ACCEPTED);
    upstream.commit_all("decide");
    upstream.git(&["checkout", "-q", "-b", "feature"]);
    upstream.write(
        "docs/decisions/0001-use-postgresql.md",
        &ACCEPTED.replace("We will use PostgreSQL.", "We will use MySQL."),
    );
    upstream.commit_all("quietly change a decision");
    // What actions/checkout does on a pull request: one commit of one branch.
    let clone = TestRepo::plain();
    clone.git(&["init", "-q"]);
    let url = format!("file://{}", upstream.path().display());
    clone.git(&["remote", "add", "origin", &url]);
    clone.git(&["fetch", "-q", "--depth", "1", "origin", "feature"]);
    clone.git(&["checkout", "-q", "-b", "feature", "FETCH_HEAD"]);

    let temp = tempfile::tempdir().unwrap();
    let github_path = temp.path().join("github_path");
    std::fs::write(&github_path, "").unwrap();
    let runner = Runner {
        inputs: BTreeMap::from([("sarif".to_string(), "true".to_string())]),
        temp: temp.path().to_path_buf(),
    };
    let action = action();
    let mut last = None;
    for step in steps(&action) {
        if step.get("run").is_none() || !runner.condition(&action, step.get("if")) {
            continue;
        }
        let mut cmd = Command::new("bash");
        cmd.args(["-e", "-c", step["run"].as_str().unwrap()]);
        let dir = step["working-directory"].as_str().unwrap_or(".");
        cmd.current_dir(clone.path().join(runner.substitute(&action, dir)));
        for (key, value) in step["env"].as_object().into_iter().flatten() {
            cmd.env(key, runner.substitute(&action, value.as_str().unwrap()));
        }
        let added = std::fs::read_to_string(&github_path).unwrap();
        let path = format!(
            "{}{}",
            added.lines().map(|l| format!("{l}:")).collect::<String>(),
            std::env::var("PATH").unwrap_or_default()
        );
        cmd.env("PATH", path)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_WORKSPACE", clone.path())
            .env("BECAUSE_NOW", NOW)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            // The install step builds quickly, offline, into a target kept between runs.
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit"),
            )
            .env("CARGO_PROFILE_RELEASE_LTO", "off")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_NET_OFFLINE", "true");
        let output = cmd.output().unwrap();
        let name = step["name"].as_str().unwrap().to_string();
        last = Some((name, output));
        let (name, output) = last.as_ref().unwrap();
        if name != "because check" {
            assert!(
                output.status.success(),
                "step `{name}` failed\nstdout:\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    let (name, output) = last.expect("steps ran");
    assert_eq!(name, "because check", "the check is the last step");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("::error file=docs/decisions/0001-use-postgresql.md")
            && stdout.contains("title=accepted-record-edited"),
        "{stdout}"
    );
    let sarif: Value = serde_json::from_str(&clone.read("because.sarif")).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "accepted-record-edited"
    );
}
