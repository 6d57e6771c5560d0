#!/usr/bin/env bash
# The action's gate step: certgate check on the files and the plan.
# Inputs come as CERTGATE_* variables (action.yml maps them). Writes the
# chosen report to the log, workflow annotations and the job summary (the
# `github` format), SARIF when asked, and the outputs exit-code and gate.
# Exits with certgate's status: 0 passed, 1 failed, 2 could not decide.
set -uo pipefail

inputs=()
while IFS= read -r line; do
  read -ra words <<<"$line"
  inputs+=("${words[@]}")
done <<<"${CERTGATE_FILES:-}"

plan=${CERTGATE_PLAN:-}
if [[ -n "$plan" ]]; then
  if [[ -f "$plan" ]]; then
    inputs+=("$plan")
  else
    # Not a file: a command that prints the plan JSON (terraform show -json tfplan).
    plan_file="${RUNNER_TEMP:-/tmp}/certgate-plan.json"
    if ! bash -c "$plan" >"$plan_file"; then
      echo "::error title=certgate::the plan command failed: $plan"
      echo "exit-code=2" >>"${GITHUB_OUTPUT:-/dev/null}"
      echo "gate=error" >>"${GITHUB_OUTPUT:-/dev/null}"
      exit 2
    fi
    inputs+=("$plan_file")
  fi
fi
if ((${#inputs[@]} == 0)); then
  echo "::error title=certgate::set the files or plan input: there is nothing to check"
  echo "exit-code=2" >>"${GITHUB_OUTPUT:-/dev/null}"
  echo "gate=error" >>"${GITHUB_OUTPUT:-/dev/null}"
  exit 2
fi

format=${CERTGATE_FORMAT:-text}
arguments=(check "${inputs[@]}" --fail-on "${CERTGATE_FAIL_ON:-renew}" --format "$format")
annotations=""
if [[ "$format" != github ]]; then
  # Annotations must reach the log too; only one format may go to stdout.
  annotations=$(mktemp "${RUNNER_TEMP:-/tmp}/certgate-annotations.XXXXXX")
  arguments+=(--format github --output "$annotations")
fi
if [[ -n "${CERTGATE_SARIF_OUTPUT:-}" ]]; then
  arguments+=(--format sarif --output "$CERTGATE_SARIF_OUTPUT")
fi
if [[ -n "${CERTGATE_CONFIG:-}" ]]; then
  arguments+=(--config "$CERTGATE_CONFIG")
fi

status=0
certgate "${arguments[@]}" || status=$?
if [[ -n "$annotations" ]]; then
  cat "$annotations"
  rm -f "$annotations"
fi
case "$status" in
  0) gate=pass ;;
  1) gate=fail ;;
  *) gate=error ;;
esac
{
  echo "exit-code=$status"
  echo "gate=$gate"
} >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$status"
