import type { CloudSpec } from '@jetway/contracts';
import { nested, ref, type Block } from '../hcl-writer';
import { COMMON, LABELS, PROJECT, REGION, named, output, resource, variable } from './gcp-blocks';

/** A regional managed instance group from the Packer image: no public IP, Shielded VM, OS Login, CMEK disks, scaled on CPU. */
function instanceGroup(request: CloudSpec): Block[] {
  const { min, max, target_cpu_percent: target } = request.application_requirements.compute.scaling;
  return [
    variable('machine_type', 'string', 'The VM size.'),
    variable('image', 'string', 'The image (from the Packer build).'),
    resource('google_compute_instance_template', 'app', {
      name_prefix: ref('"${var.name}-${var.environment}-"'), project: PROJECT, region: REGION, machine_type: ref('var.machine_type'), tags: ['app'], labels: LABELS,
      disk: nested({ source_image: ref('var.image'), boot: true, auto_delete: true, disk_type: 'pd-balanced', disk_encryption_key: nested({ kms_key_self_link: ref('var.crypto_key_id') }) }),
      network_interface: nested({ subnetwork: ref('var.app_subnet_id') }),
      shielded_instance_config: nested({ enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true }),
      metadata: { 'block-project-ssh-keys': 'true', 'enable-oslogin': 'TRUE' },
      service_account: nested({ email: ref('var.app_service_account_email'), scopes: ['cloud-platform'] }),
      lifecycle: nested({ create_before_destroy: true }),
    }),
    resource('google_compute_region_instance_group_manager', 'app', { name: named(), project: PROJECT, region: REGION, base_instance_name: named(), version: nested({ instance_template: ref('google_compute_instance_template.app.id') }) }),
    resource('google_compute_region_autoscaler', 'app', {
      name: named(), project: PROJECT, region: REGION, target: ref('google_compute_region_instance_group_manager.app.id'),
      autoscaling_policy: nested({ min_replicas: min, max_replicas: max, cooldown_period: 60, cpu_utilization: nested({ target: target / 100 }) }),
    }),
  ];
}

/** A Cloud Run service: internal unless external access is asked, callers authenticated, egress through the VPC. */
function cloudRun(request: CloudSpec): Block[] {
  const { scaling } = request.application_requirements.compute;
  return [
    variable('container_image', 'string', 'The application image.'),
    resource('google_cloud_run_v2_service', 'app', {
      name: named(), project: PROJECT, location: REGION, deletion_protection: true, labels: LABELS,
      ingress: request.application_requirements.networking.external_access ? 'INGRESS_TRAFFIC_ALL' : 'INGRESS_TRAFFIC_INTERNAL_ONLY',
      template: nested({
        service_account: ref('var.app_service_account_email'), encryption_key: ref('var.crypto_key_id'),
        scaling: nested({ min_instance_count: scaling.min, max_instance_count: scaling.max }),
        containers: nested({ image: ref('var.container_image') }),
        vpc_access: nested({ egress: 'PRIVATE_RANGES_ONLY', network_interfaces: nested({ network: ref('var.network_id'), subnetwork: ref('var.app_subnet_id') }) }),
      }),
    }),
  ];
}

/** A Cloud Functions (2nd gen) function, internal unless external access is asked, run as the application's service account. */
function cloudFunction(request: CloudSpec): Block[] {
  const { scaling } = request.application_requirements.compute;
  return [
    variable('function_source_bucket', 'string', 'The bucket holding the function source archive.'),
    variable('function_source_object', 'string', 'The source archive.'),
    resource('google_cloudfunctions2_function', 'app', {
      name: named(), project: PROJECT, location: REGION, labels: LABELS, kms_key_name: ref('var.crypto_key_id'),
      build_config: nested({ runtime: 'nodejs20', entry_point: 'handler', source: nested({ storage_source: nested({ bucket: ref('var.function_source_bucket'), object: ref('var.function_source_object') }) }) }),
      service_config: nested({
        min_instance_count: scaling.min, max_instance_count: scaling.max, available_memory: '256M', all_traffic_on_latest_revision: true, service_account_email: ref('var.app_service_account_email'),
        ingress_settings: request.application_requirements.networking.external_access ? 'ALLOW_ALL' : 'ALLOW_INTERNAL_ONLY',
      }),
    }),
  ];
}

/** Compute as the request asks: a managed instance group, Cloud Run, or Cloud Functions (hybrid: VMs and Cloud Run). */
export function computeLayer(request: CloudSpec): Block[] {
  const type = request.application_requirements.compute.type;
  return [
    ...COMMON,
    variable('crypto_key_id', 'string', 'The customer key.'),
    variable('app_service_account_email', 'string', 'The identity the application runs as.'),
    ...(type === 'vms' || type === 'containers' || type === 'hybrid' ? [variable('app_subnet_id', 'string', 'The subnet the application runs in.')] : []),
    ...(type === 'containers' || type === 'hybrid' ? [variable('network_id', 'string', 'The VPC of the network layer.')] : []),
    ...(type === 'vms' || type === 'hybrid' ? instanceGroup(request) : []),
    ...(type === 'containers' || type === 'hybrid' ? cloudRun(request) : []),
    ...(type === 'serverless' ? cloudFunction(request) : []),
  ];
}

/** The audit trail: Admin and Data Access audit logs for every service, routed by a sink to a log bucket kept as long as the environment says. */
export function observabilityLayer(): Block[] {
  return [
    ...COMMON,
    variable('log_retention_days', 'number', 'Days logs are kept (90 or more).'),
    resource('google_project_iam_audit_config', 'all_services', { project: PROJECT, service: 'allServices', audit_log_config: nested(...['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'].map((log_type) => ({ log_type }))) }),
    resource('google_logging_project_bucket_config', 'audit', { project: PROJECT, location: REGION, bucket_id: ref('"${var.name}-${var.environment}-audit"'), retention_days: ref('var.log_retention_days') }),
    resource('google_logging_project_sink', 'audit', {
      name: named('audit'), project: PROJECT, unique_writer_identity: true,
      destination: ref('"logging.googleapis.com/${google_logging_project_bucket_config.audit.id}"'),
      filter: 'logName:"cloudaudit.googleapis.com"',
    }),
    output('audit_log_bucket', 'google_logging_project_bucket_config.audit.id'),
  ];
}
