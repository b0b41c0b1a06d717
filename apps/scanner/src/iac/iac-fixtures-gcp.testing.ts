/** A small Google Cloud configuration every IaC rule passes: the base each planted misconfiguration edits. */
export const CLEAN_GCP_TF = `terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
  }
}

variable "api_token" {
  type      = string
  sensitive = true
}

resource "google_compute_network" "main" {
  name                    = "shop"
  auto_create_subnetworks = false
}

resource "google_compute_subnetwork" "private" {
  name                     = "shop-private"
  network                  = google_compute_network.main.id
  region                   = "europe-west1"
  ip_cidr_range            = "10.20.0.0/24"
  private_ip_google_access = true
  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "https" {
  name          = "shop-https"
  network       = google_compute_network.main.id
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

resource "google_compute_firewall" "ssh" {
  name          = "shop-ssh"
  network       = google_compute_network.main.id
  direction     = "INGRESS"
  source_ranges = ["35.235.240.0/20"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_kms_crypto_key" "data" {
  name            = "data"
  key_ring        = "projects/shop/locations/europe-west1/keyRings/shop"
  rotation_period = "7776000s"
  labels          = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "google_storage_bucket" "data" {
  name                        = "shop-production-data"
  location                    = "EUR4"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  versioning {
    enabled = true
  }
  encryption {
    default_kms_key_name = google_kms_crypto_key.data.id
  }
  labels = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "google_storage_bucket_iam_member" "reader" {
  bucket = google_storage_bucket.data.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:app@shop.iam.gserviceaccount.com"
}

resource "google_sql_database_instance" "orders" {
  name                = "shop-orders"
  region              = "europe-west1"
  database_version    = "POSTGRES_16"
  deletion_protection = true
  settings {
    tier                        = "db-custom-2-7680"
    availability_type           = "REGIONAL"
    deletion_protection_enabled = true
    user_labels                 = { owner = "platform", environment = "production", cost_center = "42" }
    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.main.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      backup_retention_settings {
        retained_backups = 14
      }
    }
  }
}

resource "google_redis_instance" "sessions" {
  name                    = "shop-sessions"
  memory_size_gb          = 1
  tier                    = "STANDARD_HA"
  transit_encryption_mode = "SERVER_AUTHENTICATION"
  auth_enabled            = true
  labels                  = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "google_project_iam_member" "deployer" {
  project = "shop"
  role    = "roles/run.developer"
  member  = "serviceAccount:deployer@shop.iam.gserviceaccount.com"
}

resource "google_project_iam_audit_config" "all" {
  project = "shop"
  service = "allServices"
  audit_log_config {
    log_type = "ADMIN_READ"
  }
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

resource "google_logging_project_bucket_config" "audit" {
  project        = "shop"
  location       = "europe-west1"
  bucket_id      = "audit"
  retention_days = 365
}

resource "google_compute_instance_template" "app" {
  name_prefix  = "shop-"
  machine_type = "e2-medium"
  labels       = { owner = "platform", environment = "production", cost_center = "42" }
  disk {
    source_image = "projects/shop/global/images/app"
  }
  network_interface {
    subnetwork = google_compute_subnetwork.private.id
  }
}

resource "google_artifact_registry_repository" "images" {
  repository_id = "shop"
  location      = "europe-west1"
  format        = "DOCKER"
  kms_key_name  = google_kms_crypto_key.data.id
  docker_config {
    immutable_tags = true
  }
  labels = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "google_artifact_registry_repository_iam_member" "pusher" {
  location   = "europe-west1"
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:ci@shop.iam.gserviceaccount.com"
}
`;

/** Each Google Cloud rule (and the provider-neutral IAC023, IAC024) with the edit that plants its misconfiguration into the clean configuration. */
export const PLANTED_GCP: ReadonlyArray<readonly [string, (tf: string) => string]> = [
  ['IAC023', (tf) => tf.replace('version = "~> 6.50"', 'version = ">= 6.0"')],
  ['IAC024', (tf) => tf.replace('type      = string\n  sensitive = true', 'type      = string\n  default   = "tok-123"')],
  ['IAC044', (tf) => tf.replace('member = "serviceAccount:app@shop.iam.gserviceaccount.com"', 'member = "allUsers"')],
  ['IAC045', (tf) => tf.replace('public_access_prevention    = "enforced"', 'public_access_prevention    = "inherited"')],
  ['IAC046', (tf) => tf.replace(/ {2}encryption \{[^}]*\}\n/, '')],
  ['IAC047', (tf) => tf.replace('versioning {\n    enabled = true', 'versioning {\n    enabled = false')],
  ['IAC048', (tf) => tf.replace('source_ranges = ["35.235.240.0/20"]', 'source_ranges = ["0.0.0.0/0"]')],
  ['IAC049', (tf) => tf.replace('ipv4_enabled    = false', 'ipv4_enabled    = true')],
  ['IAC050', (tf) => tf.replace('ssl_mode        = "ENCRYPTED_ONLY"', 'ssl_mode        = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"')],
  ['IAC051', (tf) => tf.replace('availability_type           = "REGIONAL"', 'availability_type           = "ZONAL"')],
  ['IAC052', (tf) => tf.replace('deletion_protection = true', 'deletion_protection = false')],
  ['IAC053', (tf) => tf.replace('retained_backups = 14', 'retained_backups = 3')],
  ['IAC054', (tf) => tf.replace('rotation_period = "7776000s"', 'rotation_period = "31536000s"')],
  ['IAC055', (tf) => tf.replace('role    = "roles/run.developer"', 'role    = "roles/editor"')],
  ['IAC056', (tf) => tf.replace(/ {2}log_config \{[^}]*\}\n/, '')],
  ['IAC057', (tf) => tf.replace('  audit_log_config {\n    log_type = "DATA_READ"\n  }\n', '')],
  ['IAC058', (tf) => tf.replace('auth_enabled            = true', 'auth_enabled            = false')],
  ['IAC059', (tf) => tf.replace('rotation_period = "7776000s"\n  labels          = { owner = "platform", environment = "production", cost_center = "42" }', 'rotation_period = "7776000s"\n  labels          = { owner = "platform" }')],
  ['IAC060', (tf) => tf.replace('subnetwork = google_compute_subnetwork.private.id\n', 'subnetwork = google_compute_subnetwork.private.id\n    access_config {}\n')],
  ['IAC061', (tf) => tf.replace('retention_days = 365', 'retention_days = 30')],
  ['IAC065', (tf) => tf.replace('immutable_tags = true', 'immutable_tags = false')],
  ['IAC066', (tf) => tf.replace('  kms_key_name  = google_kms_crypto_key.data.id\n', '')],
  ['IAC067', (tf) => tf.replace('member     = "serviceAccount:ci@shop.iam.gserviceaccount.com"', 'member     = "allUsers"')],
];
