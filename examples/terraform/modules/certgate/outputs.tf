output "certificates" {
  description = "Per certificate: identity, validity and every field of the expiry policy (lists decoded)."
  value = {
    for key, certificate in data.external.certificate : key => merge(certificate.result, {
      sans     = jsondecode(certificate.result.sans)
      schedule = jsondecode(certificate.result.schedule)
    })
  }
}

output "recipients" {
  description = "Per recipient: normalised contacts, stable id and verification."
  value       = { for key, recipient in data.external.recipient : key => recipient.result }
}

output "notifications" {
  description = "Per certificate: toggle, recipients and the milestone schedule (dates)."
  value = {
    for key, notification in data.external.notification : key => merge(notification.result, {
      recipients = jsondecode(notification.result.recipients)
      schedule   = jsondecode(notification.result.schedule)
    })
  }
}
