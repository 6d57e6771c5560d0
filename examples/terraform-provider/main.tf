# terraform-provider-certgate: certificates as data sources with warnings in
# the plan itself, a recipient and notification settings as resources.
# Run from this folder with the provider in a filesystem mirror
# (docs/provider.md, "Installing"):
#   terraform init && terraform plan -var now=2026-11-30T09:00:00Z

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    certgate = {
      source = "certgate/certgate"
    }
  }
}

variable "now" {
  description = "Evaluate as of this instant (RFC 3339); null: CERTGATE_NOW, else the clock."
  type        = string
  default     = null
}

variable "store" {
  description = "The notification store; null: CERTGATE_STORE, else the default path."
  type        = string
  default     = null
}

provider "certgate" {
  now      = var.now
  store    = var.store
  timezone = "Asia/Shanghai"
  holidays = ["2027-01-01"]
}

locals {
  certificates = {
    shop = { file = "chain-bundle.pem", status = "uploaded" }
    api  = { file = "renew.pem", status = "issued" }
  }
}

# A warning in the plan from notice on; gate_failures = "error" in the
# provider block makes a certificate at or above fail_on fail the plan.
data "certgate_certificate" "this" {
  for_each         = local.certificates
  certificate_file = "${path.module}/../certs/${each.value.file}"
  status           = each.value.status
}

# Registered in the store on apply; `certgate notify` sends the verification
# code, `certgate recipients verify ID` confirms it, and the next plan shows it.
resource "certgate_recipient" "ops" {
  name   = "Ops on call"
  email  = "Ops-OnCall@Example.com"
  mobile = "+86 138-0013-8000"
}

# The toggle and recipients of each certificate, with its milestone schedule.
resource "certgate_notification" "this" {
  for_each    = data.certgate_certificate.this
  certificate = each.value.id
  status      = each.value.status
  not_after   = each.value.not_after
  recipients  = [certgate_recipient.ops.id]
}

output "severity" {
  value = { for name, certificate in data.certgate_certificate.this : name => certificate.severity }
}

output "renew_by" {
  value = { for name, certificate in data.certgate_certificate.this : name => certificate.renew_by }
}

output "next_milestone_date" {
  value = { for name, notification in certgate_notification.this : name => notification.next_milestone_date }
}

output "recipient" {
  value = { id = certgate_recipient.ops.id, verification = certgate_recipient.ops.verification }
}
