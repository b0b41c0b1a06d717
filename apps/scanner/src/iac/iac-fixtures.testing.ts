/** A small AWS configuration every IaC rule passes: the base each planted misconfiguration edits. */
export const CLEAN_MAIN_TF = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "aws_flow_log" "main" {
  vpc_id       = aws_vpc.main.id
  traffic_type = "ALL"
}

resource "aws_s3_bucket" "data" {
  bucket = "shop-data"
  tags   = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.100.0/24"]
  }
}

resource "aws_db_instance" "orders" {
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  storage_encrypted       = true
  publicly_accessible     = false
  multi_az                = true
  deletion_protection     = true
  backup_retention_period = 14
  password                = var.db_password
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "aws_instance" "worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  root_block_device {
    encrypted = true
  }
  metadata_options {
    http_tokens = "required"
  }
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "aws_launch_template" "runner" {
  name_prefix   = "shop-runner-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.large"
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
  network_interfaces {
    associate_public_ip_address = false
    security_groups             = [aws_security_group.app.id]
  }
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted   = true
      volume_size = 100
    }
  }
}

resource "aws_ecr_repository" "images" {
  name                 = "shop"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.data.arn
  }
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted         = true
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/1"
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type = "forward"
  }
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "aws_eks_cluster" "main" {
  name     = "shop"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids             = ["subnet-1"]
    endpoint_public_access = false
  }
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "aws_iam_policy" "reader" {
  policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"s3:GetObject\\"],\\"Resource\\":[\\"arn:aws:s3:::shop-data/*\\"]}]}"
}

resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = aws_s3_bucket.data.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/shop/app"
  retention_in_days = 90
}
`;

/** Each AWS rule with the edit that plants its misconfiguration into the clean configuration. */
export const PLANTED_AWS: ReadonlyArray<readonly [string, (tf: string) => string]> = [
  ['IAC001', (tf) => tf.replace('bucket = "shop-data"', 'bucket = "shop-data"\n  acl    = "public-read"')],
  ['IAC002', (tf) => tf.replace('block_public_policy     = true', 'block_public_policy     = false')],
  ['IAC003', (tf) => tf.replace('resource "aws_s3_bucket_server_side_encryption_configuration" "data"', 'resource "aws_s3_bucket_server_side_encryption_configuration" "other"').replace('bucket = aws_s3_bucket.data.id\n  rule', 'bucket = "elsewhere"\n  rule')],
  ['IAC004', (tf) => tf.replace('bucket = aws_s3_bucket.data.id\n  versioning_configuration', 'bucket = "elsewhere"\n  versioning_configuration')],
  ['IAC005', (tf) => tf.replace('storage_encrypted       = true', 'storage_encrypted       = false')],
  ['IAC006', (tf) => tf.replace('publicly_accessible     = false', 'publicly_accessible     = true')],
  ['IAC007', (tf) => tf.replace('multi_az                = true', 'multi_az                = false')],
  ['IAC008', (tf) => tf.replace('deletion_protection     = true', 'deletion_protection     = false')],
  ['IAC009', (tf) => tf.replace('backup_retention_period = 14', 'backup_retention_period = 1')],
  ['IAC010', (tf) => tf.replace('size              = 20\n  encrypted         = true', 'size              = 20')],
  ['IAC011', (tf) => tf.replace('enable_key_rotation = true', 'enable_key_rotation = false')],
  ['IAC012', (tf) => tf.replace('cidr_blocks = ["10.0.100.0/24"]', 'cidr_blocks = ["0.0.0.0/0"]')],
  ['IAC013', (tf) => tf.replace('from_port   = 443\n    to_port     = 443', 'from_port   = 5432\n    to_port     = 5432')],
  ['IAC014', (tf) => tf.replace('protocol          = "HTTPS"', 'protocol          = "HTTP"')],
  ['IAC015', (tf) => tf.replace('transit_encryption_enabled = true', 'transit_encryption_enabled = false')],
  ['IAC016', (tf) => tf.replace('vpc_id       = aws_vpc.main.id\n  traffic_type', 'vpc_id       = "vpc-other"\n  traffic_type')],
  ['IAC017', (tf) => tf.replace('endpoint_public_access = false', 'endpoint_public_access = true')],
  ['IAC018', (tf) => tf.replace('\\"Action\\":[\\"s3:GetObject\\"]', '\\"Action\\":\\"*\\"')],
  ['IAC019', (tf) => tf.replace('\\"Action\\":[\\"s3:GetObject\\"],\\"Resource\\":[\\"arn:aws:s3:::shop-data/*\\"]', '\\"Action\\":[\\"s3:PutObject\\"],\\"Resource\\":\\"*\\"')],
  ['IAC020', (tf) => tf.replace('is_multi_region_trail      = true', 'is_multi_region_trail      = false')],
  ['IAC021', (tf) => tf.replace('  retention_in_days = 90\n', '')],
  ['IAC022', (tf) => tf.replace('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  tags = { owner = "platform", environment = "production", cost_center = "42" }', 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  tags = { owner = "platform" }')],
  ['IAC023', (tf) => tf.replace('version = "~> 5.40"', 'version = ">= 5.0"')],
  ['IAC024', (tf) => tf.replace('type      = string\n  sensitive = true', 'type      = string\n  default   = "hunter2"')],
  ['IAC002', (tf) => tf.replace('resource "aws_s3_bucket_public_access_block" "data" {\n  bucket                  = aws_s3_bucket.data.id', 'resource "aws_s3_bucket_public_access_block" "data" {\n  bucket                  = "elsewhere"')],
  ['IAC010', (tf) => tf.replace('ebs {\n      encrypted   = true', 'ebs {\n      encrypted   = false')],
  ['IAC062', (tf) => tf.replace('http_tokens                 = "required"', 'http_tokens                 = "optional"')],
  ['IAC063', (tf) => tf.replace('associate_public_ip_address = false', 'associate_public_ip_address = true')],
  ['IAC064', (tf) => tf.replace('scan_on_push = true', 'scan_on_push = false')],
  ['IAC065', (tf) => tf.replace('image_tag_mutability = "IMMUTABLE"', 'image_tag_mutability = "MUTABLE"')],
  ['IAC066', (tf) => tf.replace('encryption_type = "KMS"', 'encryption_type = "AES256"')],
];
