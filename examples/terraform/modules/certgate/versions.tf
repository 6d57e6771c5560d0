terraform {
  # check blocks need Terraform 1.5; data source postconditions 1.2.
  required_version = ">= 1.5.0"
  required_providers {
    external = {
      source  = "hashicorp/external"
      version = ">= 2.3.2" # 2.3.2 omits null query values again (2.3.1 sent "")
    }
  }
}
