//! The CI recipes of docs/CI.md, run as written: each recipe's shell steps are taken out of its
//! YAML (`run: |` blocks for GitHub Actions, `- |` script items for GitLab CI) and run by bash
//! against `scimcheck serve`, with the CI's variables faked — the secrets pointing at the served
//! server, `$GITHUB_STEP_SUMMARY` a temporary file — the `cargo install` line replaced by the
//! binary under test, and stand-ins for `gh` and `curl` that answer as GitHub's and GitLab's
//! artifact stores do (the last successful run's `results.json`, or nothing before the first).
//!
//! Four CI runs per recipe against a server with a known defect, whose failures are in a
//! committed `.scimcheck/baseline.json` (docs/CI.md's first step): the first run has no previous
//! run and compares with that file (passes: its failures are all still-failing ones); then with
//! a second defect switched on (the regression fails the job); again (still red: the baseline is
//! the last successful run); with the regressed checks listed in `[expect]` (passes).

use crate::fixture;

use fixture::clean_env;
use fixture::served::Served;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The defect the server has from the start: its failures are in the committed baseline.
const KNOWN: &str = "password-returned";

/// The defect switched on between the first and the second CI run.
const DEFECT: &str = "no-location-header";

/// The files of the repository the recipes read, relative to its root.
const COMMITTED: [&str; 2] = ["scimcheck.toml", ".scimcheck/baseline.json"];

/// What the `cargo install` line of a recipe is replaced with.
const INSTALLED: &str = ": cargo install replaced by the test: scimcheck is on PATH";

/// docs/CI.md.
fn ci_doc() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/CI.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The ```yaml block of the docs/CI.md section titled `heading`.
fn recipe(heading: &str) -> String {
    let doc = ci_doc();
    let section = doc
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("docs/CI.md has no section ## {heading}"));
    let start = section.find("```yaml\n").expect("a ```yaml block") + "```yaml\n".len();
    let end = start + section[start..].find("\n```").expect("the block ends");
    section[start..end].to_owned()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The block scalar that starts after line `at` (a `run: |` or `- |`): the lines indented
/// deeper, dedented, with the install line replaced.
fn block_after(lines: &[&str], at: usize) -> String {
    let base = indent(lines[at]);
    let body: Vec<&str> = lines[at + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > base)
        .copied()
        .collect();
    let margin = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| {
            let l = l.get(margin..).unwrap_or("");
            if l.starts_with("cargo install ") {
                INSTALLED
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A GitHub Actions step's shell script and whether it runs after a failed step (`if: always()`).
struct Step {
    script: String,
    always: bool,
}

/// The steps of the GitHub recipe that run shell (`uses:` steps are the test's to simulate).
fn github_steps(yaml: &str) -> Vec<Step> {
    let lines: Vec<&str> = yaml.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.trim() == "steps:")
        .expect("steps:")
        + 1;
    let item = indent(lines[first]);
    let mut steps = Vec::new();
    let mut start = first;
    while start < lines.len() {
        let end = (start + 1..lines.len())
            .find(|&i| indent(lines[i]) == item && lines[i].trim_start().starts_with("- "))
            .unwrap_or(lines.len());
        if let Some(run) = (start..end).find(|&i| lines[i].trim_start().starts_with("run: |")) {
            steps.push(Step {
                script: block_after(&lines, run),
                always: lines[start..end].iter().any(|l| l.trim() == "if: always()"),
            });
        }
        start = end;
    }
    steps
}

/// The GitLab job's script: its `- |` items, which GitLab runs in one shell.
fn gitlab_script(yaml: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let blocks: Vec<String> = (0..lines.len())
        .filter(|&i| lines[i].trim() == "- |")
        .map(|i| block_after(&lines, i))
        .collect();
    blocks.join("\n")
}

/// A directory with `scimcheck` (the binary under test) and the `gh` / `curl` stand-ins, which
/// serve `$FAKE_ARTIFACTS/results.json` when present and check that they are asked as the real
/// artifact stores must be.
fn tools(root: &Path) -> PathBuf {
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_scimcheck"), bin.join("scimcheck"))
        .expect("scimcheck on PATH");
    let gh = r#"#!/bin/sh
# gh, as GitHub's API answers it: the last successful run, and its artifact.
case "$*" in
  "run list --workflow scimcheck.yml --branch main --status success --limit 1 --json databaseId --jq .[0].databaseId")
    if [ -f "$FAKE_ARTIFACTS/results.json" ]; then echo 4242; fi ;;
  "run download 4242 --name scimcheck-results --dir previous")
    mkdir -p previous && cp "$FAKE_ARTIFACTS/results.json" previous/ ;;
  *) echo "gh stand-in: unexpected call: gh $*" >&2; exit 2 ;;
esac
"#;
    let curl = r#"#!/bin/sh
# curl, as GitLab's "latest successful job artifacts of a ref" endpoint answers it.
out=""; url=""; header=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out="$2"; shift 2 ;;
    --header) header="$2"; shift 2 ;;
    -*) shift ;;
    *) url="$1"; shift ;;
  esac
done
want="$CI_API_V4_URL/projects/$CI_PROJECT_ID/jobs/artifacts/$CI_COMMIT_REF_NAME/raw/results.json?job=scimcheck"
if [ "$url" != "$want" ] || [ "$header" != "JOB-TOKEN: $CI_JOB_TOKEN" ]; then
  echo "curl stand-in: unexpected request $url ($header)" >&2; exit 2
fi
if [ ! -f "$FAKE_ARTIFACTS/results.json" ]; then
  echo "curl: (22) The requested URL returned error: 404" >&2; exit 22
fi
cp "$FAKE_ARTIFACTS/results.json" "$out"
"#;
    for (name, text) in [("gh", gh), ("curl", curl)] {
        let path = bin.join(name);
        std::fs::write(&path, text).expect("stand-in written");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("stand-in executable");
    }
    bin
}

/// One CI run's fake environment: a fresh checkout folder (with the committed scimcheck.toml,
/// if any), the secrets pointing at `served`, the artifact store, the tools on PATH.
struct Ci<'a> {
    root: &'a Path,
    bin: &'a Path,
    served: &'a Served,
}

impl Ci<'_> {
    /// A bash running `script` as the CI would, in `checkout`, with the CI's variables.
    fn bash(&self, checkout: &Path, script: &str) -> Command {
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("bash");
        clean_env(&mut command)
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(checkout)
            .env("PATH", path)
            .env("CI", "true")
            .env("FAKE_ARTIFACTS", self.root.join("artifacts"))
            .env("SCIMCHECK_BASE_URL", &self.served.base_url)
            .env("SCIMCHECK_TOKEN", scim_server::DEFAULT_TOKEN)
            .env("SCIMCHECK_REPOSITORY", "https://example.invalid/scimcheck")
            // GitHub Actions
            .env("GITHUB_STEP_SUMMARY", self.root.join("step-summary.md"))
            .env("GITHUB_REF_NAME", "main")
            .env("GH_TOKEN", "fake-github-token")
            // GitLab CI
            .env("CI_API_V4_URL", "https://gitlab.example.invalid/api/v4")
            .env("CI_PROJECT_ID", "7")
            .env("CI_COMMIT_REF_NAME", "main")
            .env("CI_JOB_NAME", "scimcheck")
            .env("CI_JOB_TOKEN", "fake-job-token");
        command
    }

    /// A fresh checkout for run `n`: the committed files (`scimcheck.toml`,
    /// `.scimcheck/baseline.json`) copied in from the test's `repo` folder.
    fn checkout(&self, n: u32) -> PathBuf {
        let dir = self.root.join(format!("checkout-{n}"));
        std::fs::create_dir_all(dir.join(".scimcheck")).expect("checkout");
        for file in COMMITTED {
            let committed = self.root.join("repo").join(file);
            if committed.exists() {
                std::fs::copy(&committed, dir.join(file)).expect("committed file copied");
            }
        }
        dir
    }

    /// What the job's `upload-artifact` / `artifacts:` keep for the next run: a successful
    /// run's results become the baseline.
    fn keep_results(&self, checkout: &Path, succeeded: bool) {
        if succeeded {
            let store = self.root.join("artifacts");
            std::fs::create_dir_all(&store).expect("artifact store");
            std::fs::copy(checkout.join("results.json"), store.join("results.json"))
                .expect("results.json written by the run");
        }
    }
}

/// Runs the GitHub recipe once: each step its own `bash -e` (as `run:` steps are), later steps
/// only after success unless `if: always()`. Returns whether the job succeeded, and the log.
fn github_run(ci: &Ci, steps: &[Step], n: u32) -> (bool, String) {
    let checkout = ci.checkout(n);
    let mut ok = true;
    let mut log = String::new();
    for step in steps {
        if !ok && !step.always {
            continue;
        }
        let out = ci
            .bash(&checkout, &step.script)
            .output()
            .expect("bash runs");
        log.push_str(&format!(
            "$ {}\nexit {:?}\n{}{}\n",
            step.script,
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
        ok &= out.status.success();
    }
    ci.keep_results(&checkout, ok);
    (ok, log)
}

/// Runs the GitLab job's script once, in one shell.
fn gitlab_run(ci: &Ci, script: &str, n: u32) -> (bool, String) {
    let checkout = ci.checkout(n);
    let out = ci.bash(&checkout, script).output().expect("bash runs");
    let ok = out.status.success();
    assert!(
        checkout.join("junit.xml").exists(),
        "artifacts:reports:junit"
    );
    ci.keep_results(&checkout, ok);
    let log = format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (ok, log)
}

/// The four CI runs (see the module docs) with `job` running the recipe once.
fn four_runs(name: &str, job: &dyn Fn(&Ci, u32) -> (bool, String)) -> PathBuf {
    let root = std::env::temp_dir().join(format!("scimcheck-ci-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("temp dir");
    let bin = tools(&root);
    let known = Served::start(&[KNOWN]);
    // The team's first step, as docs/CI.md says: a baseline from one run, committed.
    std::fs::create_dir_all(root.join("repo/.scimcheck")).expect("repo");
    let out = fixture::scimcheck_in(&root.join("repo"))
        .args(["run", "-q", "--base-url", &known.base_url, "--json"])
        .arg(".scimcheck/baseline.json")
        .env("SCIMCHECK_TOKEN", scim_server::DEFAULT_TOKEN)
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1), "the known defect fails checks");
    let ci = Ci {
        root: &root,
        bin: &bin,
        served: &known,
    };
    let (ok, log) = job(&ci, 1);
    assert!(ok, "run 1 only still fails what the baseline did: {log}");
    assert!(
        log.contains("No successful"),
        "run 1 has no previous run: {log}"
    );
    assert!(log.contains("Still failing"), "{log}");
    drop(known);

    let broken = Served::start(&[KNOWN, DEFECT]);
    let ci = Ci {
        root: &root,
        bin: &bin,
        served: &broken,
    };
    let (ok, log) = job(&ci, 2);
    assert!(!ok, "run 2 regressed: {log}");
    assert!(log.contains("Regressions"), "{log}");
    let results = root.join("checkout-2/results.json");
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(results).expect("results")).expect("JSON");
    let regressed: Vec<&str> = result["comparison"]["regressions"]
        .as_array()
        .expect("compared with run 1")
        .iter()
        .map(|c| c["case"].as_str().expect("id"))
        .collect();
    assert!(
        regressed.contains(&"users.create.location"),
        "{regressed:?}"
    );

    let (ok, log) = job(&ci, 3);
    assert!(!ok, "run 3 is compared with run 1 again, still red: {log}");

    let expect: String = regressed
        .iter()
        .map(|id| format!("\"{id}\" = \"the gateway strips Location (INFRA-7)\"\n"))
        .collect();
    std::fs::write(
        root.join("repo/scimcheck.toml"),
        format!("[expect]\n{expect}"),
    )
    .expect("scimcheck.toml committed");
    let (ok, log) = job(&ci, 4);
    assert!(
        ok,
        "run 4 expects the new failures; the known ones are in the baseline: {log}"
    );
    assert!(log.contains("XFAIL"), "{log}");
    root
}

#[test]
fn the_github_actions_recipe_gates_on_regressions() {
    let yaml = recipe("GitHub Actions");
    for uses in ["name: scimcheck-results", "path: results.json", "junit.xml"] {
        assert!(yaml.contains(uses), "the workflow must keep {uses}");
    }
    let steps = github_steps(&yaml);
    assert_eq!(
        steps
            .iter()
            .filter(|s| s.script.contains(INSTALLED))
            .count(),
        1,
        "one step installs scimcheck"
    );
    let root = four_runs("github", &|ci, n| github_run(ci, &steps, n));
    let summary = std::fs::read_to_string(root.join("step-summary.md")).expect("step summary");
    for expected in [
        "| Still failing | Change |",
        "### Compared with the baseline",
        "| Regressions | Change |",
        "### Expected failures (not failing the run)",
    ] {
        assert!(
            summary.contains(expected),
            "missing {expected:?} in\n{summary}"
        );
    }
    assert!(
        !summary.contains(scim_server::DEFAULT_TOKEN),
        "the token stays out of the summary"
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_gitlab_ci_recipe_gates_on_regressions() {
    let yaml = recipe("GitLab CI");
    assert!(yaml.starts_with("scimcheck:"), "the job is named scimcheck");
    assert!(
        yaml.contains("junit: junit.xml"),
        "the JUnit report is published"
    );
    let script = gitlab_script(&yaml);
    assert_eq!(script.matches(INSTALLED).count(), 1, "{script}");
    let root = four_runs("gitlab", &|ci, n| gitlab_run(ci, &script, n));
    let _ = std::fs::remove_dir_all(root);
}
