#!/usr/bin/env python3
"""Runs the shell of certgate's CI integrations the way their runners would.

  run_ci_steps.py action ACTION_YML [--input NAME=VALUE ...]
      GitHub's composite action runner, for shell steps: every step with
      `run:` in order, `${{ inputs.NAME }}` (the given value, else the
      input's default) and `${{ github.action_path }}` expanded in `run` and
      `env`, `bash --noprofile --norc -eo pipefail` as GitHub's `shell: bash`,
      GITHUB_ACTION_PATH set; GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP
      and PATH come from the caller's environment. Stops at the first failing
      step and exits with its status.
  run_ci_steps.py gitlab COMPONENT_YML [--input NAME=VALUE ...]
      Checks the component against GitLab's documented keys (spec:inputs and
      job keywords), refuses an input the spec does not declare or a value
      outside `options`, expands `$[[ inputs.NAME ]]`, then runs every job's
      before_script and script lines with its variables under `sh -e`, in the
      current folder. Exits with the first failing line's status.
Prints one line per problem on stderr; exit 3 for a malformed file.
"""

import os
import re
import subprocess
import sys

import yaml

# https://docs.github.com/actions/creating-actions/metadata-syntax-for-github-actions
ACTION_KEYS = {"name", "author", "description", "inputs", "outputs", "runs", "branding"}
ACTION_INPUT_KEYS = {"description", "required", "default", "deprecationMessage"}
COMPOSITE_STEP_KEYS = {"name", "id", "if", "run", "shell", "env", "working-directory", "uses", "with",
                       "continue-on-error"}
# https://docs.gitlab.com/ee/ci/yaml/ (spec:inputs and job keywords)
GITLAB_INPUT_KEYS = {"default", "description", "options", "regex", "type"}
GITLAB_JOB_KEYS = {"after_script", "allow_failure", "artifacts", "before_script", "cache", "coverage",
                   "dast_configuration", "dependencies", "environment", "extends", "hooks", "id_tokens",
                   "identity", "image", "inherit", "interruptible", "needs", "pages", "parallel", "release",
                   "resource_group", "retry", "rules", "script", "secrets", "services", "stage", "tags",
                   "timeout", "trigger", "variables", "when"}
GITLAB_ARTIFACT_KEYS = {"paths", "exclude", "expire_in", "expose_as", "name", "public", "access", "reports",
                        "untracked", "when"}
GITLAB_REPORT_KEYS = {"accessibility", "annotations", "api_fuzzing", "browser_performance", "coverage_report",
                      "codequality", "container_scanning", "coverage_fuzzing", "cyclonedx", "dast",
                      "dependency_scanning", "dotenv", "junit", "load_performance", "metrics", "requirements",
                      "repository_xray", "sast", "secret_detection", "terraform"}


def fail(message, status=3):
    print(f"run_ci_steps: {message}", file=sys.stderr)
    sys.exit(status)


def given_inputs(arguments):
    values = {}
    for argument in arguments:
        name, equals, value = argument.partition("=")
        if not equals:
            fail(f"--input wants NAME=VALUE, got {argument!r}", 2)
        values[name] = value
    return values


def run_action(path, values):
    with open(path, encoding="utf-8") as file:
        action = yaml.safe_load(file)
    for key in action:
        if key not in ACTION_KEYS:
            fail(f"{path}: unknown top-level key {key!r}")
    declared = action.get("inputs") or {}
    for name, spec in declared.items():
        for key in spec or {}:
            if key not in ACTION_INPUT_KEYS:
                fail(f"{path}: input {name}: unknown key {key!r}")
    for name in values:
        if name not in declared:
            fail(f"input {name!r} is not declared in {path}", 2)
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        fail(f"{path}: runs.using is {runs.get('using')!r}, expected composite")
    action_path = os.path.dirname(os.path.abspath(path))

    def expand(text):
        def one(match):
            expression = match.group(1).strip()
            if expression == "github.action_path":
                return action_path
            if expression.startswith("inputs."):
                name = expression[len("inputs.") :]
                if name not in declared:
                    fail(f"{path}: expression uses undeclared input {name!r}")
                return values.get(name, str((declared[name] or {}).get("default", "")))
            fail(f"{path}: expression ${{{{ {expression} }}}} is not supported by this runner")
            return ""

        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    for number, step in enumerate(runs.get("steps") or [], 1):
        for key in step:
            if key not in COMPOSITE_STEP_KEYS:
                fail(f"{path}: step {number}: unknown key {key!r}")
        if "run" not in step:
            fail(f"{path}: step {number} ({step.get('name')}) is not a shell step; this runner runs shell steps only")
        if step.get("shell") != "bash":
            fail(f"{path}: step {number}: shell is {step.get('shell')!r}; composite run steps must name one, bash here")
        environment = dict(os.environ)
        environment["GITHUB_ACTION_PATH"] = action_path
        for name, value in (step.get("env") or {}).items():
            environment[name] = expand(value)
        script = expand(step["run"])
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], env=environment,
                              check=False)
        if done.returncode != 0:
            print(f"run_ci_steps: step {number} ({step.get('name')}) exited {done.returncode}", file=sys.stderr)
            sys.exit(done.returncode)
    return 0


def run_gitlab(path, values):
    with open(path, encoding="utf-8") as file:
        documents = list(yaml.safe_load_all(file))
    if len(documents) != 2 or "spec" not in (documents[0] or {}):
        fail(f"{path}: a component is a spec: header, ---, then the jobs")
    header, jobs = documents
    if set(header) != {"spec"} or set(header["spec"]) - {"inputs"}:
        fail(f"{path}: the header holds spec:inputs only")
    declared = header["spec"].get("inputs") or {}
    for name, spec in declared.items():
        for key in spec or {}:
            if key not in GITLAB_INPUT_KEYS:
                fail(f"{path}: spec:inputs:{name}: unknown key {key!r}")
        options = (spec or {}).get("options")
        if options is not None and "default" in spec and spec["default"] not in options:
            fail(f"{path}: spec:inputs:{name}: the default is not one of its options")
    for name, value in values.items():
        if name not in declared:
            fail(f"input {name!r} is not declared in {path}", 2)
        options = (declared[name] or {}).get("options")
        if options is not None and value not in options:
            fail(f"input {name}: {value!r} is not one of {options}", 2)
    for name, spec in declared.items():
        if name not in values and "default" not in (spec or {}):
            fail(f"input {name!r} has no default and was not given", 2)

    def expand(text):
        def one(match):
            name = match.group(1)
            if name not in declared:
                fail(f"{path}: $[[ inputs.{name} ]] is not declared")
            return str(values.get(name, declared[name].get("default", "")))

        return re.sub(r"\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]", one, text)

    for job_name, job in (jobs or {}).items():
        for key in job:
            if key not in GITLAB_JOB_KEYS:
                fail(f"{path}: job {job_name}: unknown keyword {key!r}")
        artifacts = job.get("artifacts") or {}
        for key in artifacts:
            if key not in GITLAB_ARTIFACT_KEYS:
                fail(f"{path}: job {job_name}: artifacts: unknown key {key!r}")
        for key in artifacts.get("reports") or {}:
            if key not in GITLAB_REPORT_KEYS:
                fail(f"{path}: job {job_name}: artifacts:reports: unknown report type {key!r}")
        if not job.get("script"):
            fail(f"{path}: job {job_name} has no script")
        environment = dict(os.environ)
        for name, value in (job.get("variables") or {}).items():
            environment[name] = expand(str(value))
        for line in list(job.get("before_script") or []) + list(job["script"]):
            done = subprocess.run(["sh", "-e", "-c", expand(line)], env=environment, check=False)
            if done.returncode != 0:
                print(f"run_ci_steps: job {job_name}: a script line exited {done.returncode}", file=sys.stderr)
                sys.exit(done.returncode)
    return 0


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("action", "gitlab"):
        fail("usage: run_ci_steps.py action|gitlab FILE [--input NAME=VALUE ...]", 2)
    rest = sys.argv[3:]
    inputs = []
    while rest:
        if rest[0] != "--input" or len(rest) < 2:
            fail(f"unexpected argument {rest[0]!r}", 2)
        inputs.append(rest[1])
        rest = rest[2:]
    values = given_inputs(inputs)
    runner = run_action if sys.argv[1] == "action" else run_gitlab
    sys.exit(runner(sys.argv[2], values))


if __name__ == "__main__":
    main()
