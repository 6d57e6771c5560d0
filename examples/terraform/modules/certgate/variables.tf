variable "program" {
  description = "The certgate-external executable: a name found on PATH or an absolute path."
  type        = string
  default     = "certgate-external"
}

variable "recipients" {
  description = "Message recipients by key. Give email and/or mobile (E.164 with the country code)."
  type = map(object({
    name       = optional(string)
    email      = optional(string)
    mobile     = optional(string)
    channels   = optional(string) # "email,sms"; default: the contacts given
    categories = optional(string) # default "certificate-expiration"
  }))
  default = {}
}

variable "certificates" {
  description = "Certificates by key: a PEM or DER file, its status and who is notified."
  type = map(object({
    certificate_file        = string
    name                    = optional(string)
    status                  = optional(string, "uploaded") # issued, hosting or uploaded
    expiration_notification = optional(bool)               # null: on (the default)
    recipients              = optional(list(string), [])   # keys of var.recipients
  }))
  default = {}
}

# The expiry policy (SPEC section 2); null keeps certgate's default.
variable "timezone" {
  description = "Time zone of the calendar: UTC, an IANA name or a fixed offset."
  type        = string
  default     = null
}

variable "milestones" {
  description = "Comma-separated milestones, e.g. \"2mo,1mo,1w,3d,1d,0d\"."
  type        = string
  default     = null
}

variable "holidays" {
  description = "Comma-separated holiday dates (YYYY-MM-DD)."
  type        = string
  default     = null
}

variable "extra_working_days" {
  description = "Comma-separated dates that are working days whatever their weekday."
  type        = string
  default     = null
}

variable "renewal_window_working_days" {
  description = "The renewal window opens this many working days before expiry."
  type        = number
  default     = null
}

variable "minimum_lead_working_days" {
  description = "Renewing later than this many working days before expiry is too late."
  type        = number
  default     = null
}

variable "now" {
  description = "Evaluate as of this instant (RFC 3339 or a date) instead of the clock; for demos and tests."
  type        = string
  default     = null
}
