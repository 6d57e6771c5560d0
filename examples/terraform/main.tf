# A root configuration using the certgate module. Run from this folder:
#   terraform init && terraform plan
# with certgate-external on PATH (or set the module's program to its absolute path).

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    external = {
      source  = "hashicorp/external"
      version = ">= 2.3.2"
    }
  }
}

module "certgate" {
  source = "./modules/certgate"

  timezone = "Asia/Shanghai"
  holidays = "2027-01-01,2027-02-16,2027-02-17,2027-02-18"

  recipients = {
    ops = {
      name   = "Ops on call (运维值班)"
      email  = "Ops-OnCall@Example.com"
      mobile = "+86 138-0013-8000"
    }
    security = {
      name     = "Security team"
      email    = "security@example.com"
      channels = "email"
    }
  }

  certificates = {
    shop = {
      # Relative paths resolve against Terraform's working directory.
      certificate_file = "${path.module}/../certs/chain-bundle.pem"
      status           = "uploaded"
      recipients       = ["ops", "security"]
    }
    api = {
      certificate_file        = "${path.module}/../certs/ok.pem"
      name                    = "api"
      status                  = "issued"
      expiration_notification = true
      recipients              = ["ops"]
    }
  }
}

# A certificate Terraform knows only by its expiry timestamp, as Huawei Cloud
# Certificate Manager reports it ("yyyy-MM-dd HH:mm:ss.S", Beijing time).
data "external" "ccm_certificate_expiry" {
  program = ["certgate-external", "expiry"]
  query = {
    name               = "scm-www"
    not_after          = "2027-05-27 16:46:25.0"
    not_after_timezone = "+08:00"
    status             = "issued"
    timezone           = "Asia/Shanghai"
  }
}

# An AWS ACM certificate's not_after (RFC 3339).
data "external" "acm_certificate_expiry" {
  program = ["certgate-external", "expiry"]
  query = {
    name      = "acm-www"
    not_after = "2027-08-01T23:59:59Z"
  }
}

# A recipient declared directly, outside the module.
data "external" "duty_manager" {
  program = ["certgate-external", "recipient"]
  query = {
    name   = "Duty manager"
    mobile = "+44 (20) 7946-0958"
  }
}

check "cloud_certificate_expiry" {
  assert {
    condition     = data.external.ccm_certificate_expiry.result.severity == "ok" && data.external.acm_certificate_expiry.result.severity == "ok"
    error_message = "Cloud certificates: ${data.external.ccm_certificate_expiry.result.name} is ${data.external.ccm_certificate_expiry.result.severity}, ${data.external.acm_certificate_expiry.result.name} is ${data.external.acm_certificate_expiry.result.severity}."
  }
}

output "certificates" {
  value = module.certgate.certificates
}

output "notifications" {
  value = module.certgate.notifications
}

output "duty_manager_id" {
  value = data.external.duty_manager.result.id
}
