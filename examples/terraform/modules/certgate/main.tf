# Recipients, certificates and their notification settings as code, read
# through certgate-external (Terraform's external program protocol).

data "external" "recipient" {
  for_each = var.recipients
  program  = [var.program, "recipient"]
  query = {
    name       = each.value.name
    email      = each.value.email
    mobile     = each.value.mobile
    channels   = each.value.channels
    categories = each.value.categories
  }
}

data "external" "certificate" {
  for_each = var.certificates
  program  = [var.program, "certificate"]
  query = {
    certificate_file            = each.value.certificate_file
    name                        = each.value.name
    status                      = each.value.status
    expiration_notification     = each.value.expiration_notification
    timezone                    = var.timezone
    milestones                  = var.milestones
    holidays                    = var.holidays
    extra_working_days          = var.extra_working_days
    renewal_window_working_days = var.renewal_window_working_days
    minimum_lead_working_days   = var.minimum_lead_working_days
    now                         = var.now
  }

  lifecycle {
    # Inside the renewal window (or expired) the plan fails: renew first.
    postcondition {
      condition     = self.result.in_renewal_window != "true" && self.result.expired != "true"
      error_message = "Certificate ${self.result.name} (${self.result.id}) expires ${self.result.not_after}: severity ${self.result.severity}, ${self.result.working_days_remaining} working days left; renew by ${self.result.renew_by}."
    }
  }
}

data "external" "notification" {
  for_each = var.certificates
  program  = [var.program, "notification"]
  query = {
    certificate = data.external.certificate[each.key].result.id
    status      = each.value.status
    enabled     = each.value.expiration_notification
    recipients  = jsonencode([for key in each.value.recipients : data.external.recipient[key].result.id])
    not_after   = data.external.certificate[each.key].result.not_after
    not_before  = data.external.certificate[each.key].result.not_before
    timezone    = var.timezone
    milestones  = var.milestones
    now         = var.now
  }
}

# Warnings at plan time: a certificate at notice or above (a milestone has
# been reached) does not fail the plan, it is reported.
check "certificate_expiry" {
  assert {
    condition = alltrue([for key, certificate in data.external.certificate : certificate.result.severity == "ok"])
    error_message = join("\n", [
      for key, certificate in data.external.certificate :
      "${certificate.result.name}: ${certificate.result.severity}, expires ${certificate.result.not_after} (${certificate.result.days_remaining} days), next milestone ${certificate.result.next_milestone} on ${certificate.result.next_milestone_date}"
      if certificate.result.severity != "ok"
    ])
  }
}

check "recipients_verified" {
  assert {
    condition     = alltrue([for key, recipient in data.external.recipient : recipient.result.verification != "pending"])
    error_message = "Recipients that have not verified their contact details get no messages: ${join(", ", [for key, recipient in data.external.recipient : key if recipient.result.verification == "pending"])}."
  }
}
