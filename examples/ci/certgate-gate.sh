#!/usr/bin/env bash
# A plain CI step: plan, export the plan as JSON, gate on certificate expiry.
# Works in any CI system that runs shell. Reports land in ./reports/.
#   TF_DIR      Terraform root module (default: .)
#   TERRAFORM   terraform or tofu binary (default: terraform on PATH)
#   CERTGATE    certgate binary (default: certgate on PATH)
#   CERTGATE_CONFIG  optional policy file
set -euo pipefail

tf_dir=${TF_DIR:-.}
terraform=${TERRAFORM:-terraform}
certgate=${CERTGATE:-certgate}
mkdir -p reports

"$terraform" -chdir="$tf_dir" init -input=false
"$terraform" -chdir="$tf_dir" plan -input=false -out=tfplan
"$terraform" -chdir="$tf_dir" show -json tfplan >reports/plan.json

config_args=()
if [[ -n "${CERTGATE_CONFIG:-}" ]]; then
  config_args=(--config "$CERTGATE_CONFIG")
fi

# Exit 0: gate passed. 1: a certificate is inside the renewal window (or worse).
# 2: bad usage or an unreadable input. The step fails on anything but 0.
"$certgate" check reports/plan.json "${config_args[@]}" \
  --format text \
  --format junit --output reports/certgate.junit.xml \
  --format sarif --output reports/certgate.sarif \
  --format json --output reports/certgate.json
