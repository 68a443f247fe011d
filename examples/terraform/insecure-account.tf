terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "trailwarden-123456789012-us-east-1" {
  bucket = "trailwarden-123456789012-us-east-1"
  tags = {
    "trailwarden:managed" = "true"
  }
}

resource "aws_s3_bucket_public_access_block" "trailwarden-123456789012-us-east-1" {
  bucket                  = aws_s3_bucket.trailwarden-123456789012-us-east-1.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "trailwarden-123456789012-us-east-1" {
  bucket = aws_s3_bucket.trailwarden-123456789012-us-east-1.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "trailwarden-123456789012-us-east-1" {
  bucket = aws_s3_bucket.trailwarden-123456789012-us-east-1.id
  rule {
    id     = "trailwarden-expire-trail-logs"
    status = "Enabled"
    filter {
      prefix = "AWSLogs/"
    }
    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }
    noncurrent_version_transition {
      noncurrent_days = 90
      storage_class   = "GLACIER_IR"
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
  depends_on = [aws_s3_bucket_versioning.trailwarden-123456789012-us-east-1]
}

resource "aws_s3_bucket_policy" "trailwarden-123456789012-us-east-1" {
  bucket = aws_s3_bucket.trailwarden-123456789012-us-east-1.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "TrailwardenCloudTrailAclCheck"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:GetBucketAcl"
        Resource = "arn:aws:s3:::trailwarden-123456789012-us-east-1"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:123456789012:trail/trailwarden"
          }
        }
      },
      {
        Sid    = "TrailwardenCloudTrailWrite"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:PutObject"
        Resource = "arn:aws:s3:::trailwarden-123456789012-us-east-1/AWSLogs/123456789012/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:123456789012:trail/trailwarden"
          }
        }
      },
      {
        Sid       = "TrailwardenDenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::trailwarden-123456789012-us-east-1", "arn:aws:s3:::trailwarden-123456789012-us-east-1/*"]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_cloudtrail" "trailwarden" {
  name                          = "trailwarden"
  s3_bucket_name                = aws_s3_bucket.trailwarden-123456789012-us-east-1.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = true
  kms_key_id                    = aws_kms_alias.trailwarden-cloudtrail-trailwarden.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.trailwarden-cloudtrail-logs-trailwarden.arn
  tags = {
    "trailwarden:managed" = "true"
  }
  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
  depends_on = [aws_s3_bucket_policy.trailwarden-123456789012-us-east-1, aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden, aws_iam_role_policy.trailwarden-cloudtrail-logs-trailwarden, aws_kms_alias.trailwarden-cloudtrail-trailwarden]
}

import {
  to = aws_cloudtrail.default
  id = "arn:aws:cloudtrail:us-east-1:123456789012:trail/default"
}

resource "aws_cloudtrail" "default" {
  name                          = "default"
  s3_bucket_name                = "company-cloudtrail-logs"
  is_multi_region_trail         = false
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = false
  kms_key_id                    = aws_kms_alias.trailwarden-cloudtrail-default.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.CloudTrail_DefaultLogGroup.arn}:*"
  cloud_watch_logs_role_arn     = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role"
  event_selector {
    read_write_type                  = "WriteOnly"
    include_management_events        = true
    exclude_management_event_sources = ["kms.amazonaws.com"]
  }
  depends_on = [aws_kms_alias.trailwarden-cloudtrail-default]
}

resource "aws_cloudwatch_log_group" "trailwarden_cloudtrail_trailwarden" {
  name              = "/trailwarden/cloudtrail/trailwarden"
  retention_in_days = 365
  tags = {
    "trailwarden:managed" = "true"
  }
}

resource "aws_iam_policy" "trailwarden-cloudtrail-logs-boundary" {
  name        = "trailwarden-cloudtrail-logs-boundary"
  description = "trailwarden: the most a CloudTrail log delivery role may do"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "CloudTrailDeliverToTrailwardenLogGroups"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:*:*:log-group:/trailwarden/cloudtrail/*:log-stream:*"
      },
    ]
  })
  tags = {
    "trailwarden:managed" = "true"
  }
}

resource "aws_iam_role" "trailwarden-cloudtrail-logs-trailwarden" {
  name        = "trailwarden-cloudtrail-logs-trailwarden"
  description = "trailwarden: lets CloudTrail deliver trail trailwarden to log group /trailwarden/cloudtrail/trailwarden"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "CloudTrailAssumeRole"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:123456789012:trail/trailwarden"
          }
        }
      },
    ]
  })
  permissions_boundary = aws_iam_policy.trailwarden-cloudtrail-logs-boundary.arn
  tags = {
    "trailwarden:managed" = "true"
  }
}

resource "aws_iam_role_policy" "trailwarden-cloudtrail-logs-trailwarden" {
  name = "cloudtrail-to-cloudwatch-logs"
  role = aws_iam_role.trailwarden-cloudtrail-logs-trailwarden.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "CloudTrailDeliverToLogGroup"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:us-east-1:123456789012:log-group:/trailwarden/cloudtrail/trailwarden:log-stream:*"
      },
    ]
  })
}

import {
  to = aws_cloudwatch_log_group.CloudTrail_DefaultLogGroup
  id = "CloudTrail/DefaultLogGroup"
}

resource "aws_cloudwatch_log_group" "CloudTrail_DefaultLogGroup" {
  name              = "CloudTrail/DefaultLogGroup"
  retention_in_days = 365
}

resource "aws_sns_topic" "trailwarden-alerts-us-east-1" {
  name = "trailwarden-alerts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "CloudWatchAlarmsPublish"
        Effect = "Allow"
        Principal = {
          Service = "cloudwatch.amazonaws.com"
        }
        Action   = "sns:Publish"
        Resource = "arn:aws:sns:us-east-1:123456789012:trailwarden-alerts"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = "123456789012"
          }
        }
      },
      {
        Sid    = "EventBridgeRulesPublish"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = "sns:Publish"
        Resource = "arn:aws:sns:us-east-1:123456789012:trailwarden-alerts"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = "123456789012"
          }
        }
      },
    ]
  })
  tags = {
    "trailwarden:managed" = "true"
  }
}

resource "aws_sns_topic_subscription" "trailwarden-alerts-us-east-1-email-security_example_com" {
  topic_arn  = aws_sns_topic.trailwarden-alerts-us-east-1.arn
  protocol   = "email"
  endpoint   = "security@example.com"
  depends_on = [aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_1" {
  name           = "trailwarden-CloudWatch.1"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{$.userIdentity.type=\"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !=\"AwsServiceEvent\"}"
  metric_transformation {
    name      = "RootAccountUsage"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_1" {
  alarm_name          = "trailwarden-CloudWatch.1"
  alarm_description   = "trailwarden CloudWatch.1: A log metric filter and alarm should exist for usage of the \"root\" user"
  namespace           = "CISBenchmark"
  metric_name         = "RootAccountUsage"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_1, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_2" {
  name           = "trailwarden-CloudWatch.2"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.errorCode=\"*UnauthorizedOperation\") || ($.errorCode=\"AccessDenied*\")}"
  metric_transformation {
    name      = "UnauthorizedAPICalls"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_2" {
  alarm_name          = "trailwarden-CloudWatch.2"
  alarm_description   = "trailwarden CloudWatch.2: A log metric filter and alarm should exist for unauthorized API calls"
  namespace           = "CISBenchmark"
  metric_name         = "UnauthorizedAPICalls"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_2, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_3" {
  name           = "trailwarden-CloudWatch.3"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }"
  metric_transformation {
    name      = "ConsoleSignInWithoutMFA"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_3" {
  alarm_name          = "trailwarden-CloudWatch.3"
  alarm_description   = "trailwarden CloudWatch.3: A log metric filter and alarm should exist for Management Console sign-in without MFA"
  namespace           = "CISBenchmark"
  metric_name         = "ConsoleSignInWithoutMFA"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_3, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_4" {
  name           = "trailwarden-CloudWatch.4"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}"
  metric_transformation {
    name      = "IAMPolicyChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_4" {
  alarm_name          = "trailwarden-CloudWatch.4"
  alarm_description   = "trailwarden CloudWatch.4: A log metric filter and alarm should exist for IAM policy changes"
  namespace           = "CISBenchmark"
  metric_name         = "IAMPolicyChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_4, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_5" {
  name           = "trailwarden-CloudWatch.5"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}"
  metric_transformation {
    name      = "CloudTrailConfigChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_5" {
  alarm_name          = "trailwarden-CloudWatch.5"
  alarm_description   = "trailwarden CloudWatch.5: A log metric filter and alarm should exist for CloudTrail configuration changes"
  namespace           = "CISBenchmark"
  metric_name         = "CloudTrailConfigChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_5, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_6" {
  name           = "trailwarden-CloudWatch.6"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventName=ConsoleLogin) && ($.errorMessage=\"Failed authentication\")}"
  metric_transformation {
    name      = "ConsoleSignInFailures"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_6" {
  alarm_name          = "trailwarden-CloudWatch.6"
  alarm_description   = "trailwarden CloudWatch.6: A log metric filter and alarm should exist for AWS Management Console authentication failures"
  namespace           = "CISBenchmark"
  metric_name         = "ConsoleSignInFailures"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_6, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_7" {
  name           = "trailwarden-CloudWatch.7"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}"
  metric_transformation {
    name      = "DisabledOrDeletedCMKs"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_7" {
  alarm_name          = "trailwarden-CloudWatch.7"
  alarm_description   = "trailwarden CloudWatch.7: A log metric filter and alarm should exist for disabling or scheduled deletion of customer managed keys"
  namespace           = "CISBenchmark"
  metric_name         = "DisabledOrDeletedCMKs"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_7, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_8" {
  name           = "trailwarden-CloudWatch.8"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}"
  metric_transformation {
    name      = "S3BucketPolicyChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_8" {
  alarm_name          = "trailwarden-CloudWatch.8"
  alarm_description   = "trailwarden CloudWatch.8: A log metric filter and alarm should exist for S3 bucket policy changes"
  namespace           = "CISBenchmark"
  metric_name         = "S3BucketPolicyChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_8, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_9" {
  name           = "trailwarden-CloudWatch.9"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}"
  metric_transformation {
    name      = "AWSConfigChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_9" {
  alarm_name          = "trailwarden-CloudWatch.9"
  alarm_description   = "trailwarden CloudWatch.9: A log metric filter and alarm should exist for AWS Config configuration changes"
  namespace           = "CISBenchmark"
  metric_name         = "AWSConfigChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_9, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_10" {
  name           = "trailwarden-CloudWatch.10"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}"
  metric_transformation {
    name      = "SecurityGroupChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_10" {
  alarm_name          = "trailwarden-CloudWatch.10"
  alarm_description   = "trailwarden CloudWatch.10: A log metric filter and alarm should exist for security group changes"
  namespace           = "CISBenchmark"
  metric_name         = "SecurityGroupChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_10, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_11" {
  name           = "trailwarden-CloudWatch.11"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}"
  metric_transformation {
    name      = "NACLChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_11" {
  alarm_name          = "trailwarden-CloudWatch.11"
  alarm_description   = "trailwarden CloudWatch.11: A log metric filter and alarm should exist for changes to Network Access Control Lists (NACL)"
  namespace           = "CISBenchmark"
  metric_name         = "NACLChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_11, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_12" {
  name           = "trailwarden-CloudWatch.12"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}"
  metric_transformation {
    name      = "NetworkGatewayChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_12" {
  alarm_name          = "trailwarden-CloudWatch.12"
  alarm_description   = "trailwarden CloudWatch.12: A log metric filter and alarm should exist for changes to network gateways"
  namespace           = "CISBenchmark"
  metric_name         = "NetworkGatewayChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_12, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_13" {
  name           = "trailwarden-CloudWatch.13"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}"
  metric_transformation {
    name      = "RouteTableChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_13" {
  alarm_name          = "trailwarden-CloudWatch.13"
  alarm_description   = "trailwarden CloudWatch.13: A log metric filter and alarm should exist for route table changes"
  namespace           = "CISBenchmark"
  metric_name         = "RouteTableChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_13, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-CloudWatch_14" {
  name           = "trailwarden-CloudWatch.14"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}"
  metric_transformation {
    name      = "VPCChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-CloudWatch_14" {
  alarm_name          = "trailwarden-CloudWatch.14"
  alarm_description   = "trailwarden CloudWatch.14: A log metric filter and alarm should exist for VPC changes"
  namespace           = "CISBenchmark"
  metric_name         = "VPCChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_14, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_cloudwatch_log_metric_filter" "trailwarden-TW_1" {
  name           = "trailwarden-TW.1"
  log_group_name = aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.name
  pattern        = "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = \"AcceptHandshake\") || ($.eventName = \"AttachPolicy\") || ($.eventName = \"CreateAccount\") || ($.eventName = \"CreateOrganizationalUnit\") || ($.eventName = \"CreatePolicy\") || ($.eventName = \"DeclineHandshake\") || ($.eventName = \"DeleteOrganization\") || ($.eventName = \"DeleteOrganizationalUnit\") || ($.eventName = \"DeletePolicy\") || ($.eventName = \"DetachPolicy\") || ($.eventName = \"DisablePolicyType\") || ($.eventName = \"EnablePolicyType\") || ($.eventName = \"InviteAccountToOrganization\") || ($.eventName = \"LeaveOrganization\") || ($.eventName = \"MoveAccount\") || ($.eventName = \"RemoveAccountFromOrganization\") || ($.eventName = \"UpdatePolicy\") || ($.eventName = \"UpdateOrganizationalUnit\")) }"
  metric_transformation {
    name      = "OrganizationsChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
  depends_on = [aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden]
}

resource "aws_cloudwatch_metric_alarm" "trailwarden-TW_1" {
  alarm_name          = "trailwarden-TW.1"
  alarm_description   = "trailwarden TW.1: A log metric filter and alarm should exist for AWS Organizations changes"
  namespace           = "CISBenchmark"
  metric_name         = "OrganizationsChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.trailwarden-alerts-us-east-1.arn]
  tags = {
    "trailwarden:managed" = "true"
  }
  depends_on = [aws_cloudwatch_log_metric_filter.trailwarden-TW_1, aws_sns_topic.trailwarden-alerts-us-east-1]
}

resource "aws_s3_bucket_public_access_block" "company-cloudtrail-logs" {
  bucket                  = "company-cloudtrail-logs"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "company-cloudtrail-logs" {
  bucket        = "company-cloudtrail-logs"
  target_bucket = "example-access-logs"
  target_prefix = "company-cloudtrail-logs/"
}

resource "aws_s3_bucket_logging" "trailwarden-123456789012-us-east-1" {
  bucket        = aws_s3_bucket.trailwarden-123456789012-us-east-1.id
  target_bucket = "example-access-logs"
  target_prefix = "trailwarden-123456789012-us-east-1/"
}

resource "aws_s3_bucket_lifecycle_configuration" "company-cloudtrail-logs" {
  bucket = "company-cloudtrail-logs"
  rule {
    id     = "trailwarden-expire-trail-logs"
    status = "Enabled"
    filter {
      prefix = "AWSLogs/"
    }
    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }
    noncurrent_version_transition {
      noncurrent_days = 90
      storage_class   = "GLACIER_IR"
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

import {
  to = aws_s3_bucket_versioning.company-cloudtrail-logs
  id = "company-cloudtrail-logs"
}

resource "aws_s3_bucket_versioning" "company-cloudtrail-logs" {
  bucket = "company-cloudtrail-logs"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_kms_key" "trailwarden-cloudtrail-default" {
  description         = "trailwarden: encrypts the log files of trail default"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AccountAdministersKey"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::123456789012:root"
        }
        Action   = "kms:*"
        Resource = "*"
      },
      {
        Sid    = "CloudTrailEncryptsLogs"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "kms:GenerateDataKey*"
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:123456789012:trail/default"
          }
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:123456789012:trail/*"
          }
        }
      },
      {
        Sid    = "CloudTrailDescribesKey"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "kms:DescribeKey"
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:123456789012:trail/default"
          }
        }
      },
    ]
  })
  bypass_policy_lockout_safety_check = true
  tags = {
    "trailwarden:managed" = "true"
  }
}

resource "aws_kms_alias" "trailwarden-cloudtrail-default" {
  name          = "alias/trailwarden-cloudtrail-default"
  target_key_id = aws_kms_key.trailwarden-cloudtrail-default.key_id
}

resource "aws_kms_key" "trailwarden-cloudtrail-trailwarden" {
  description         = "trailwarden: encrypts the log files of trail trailwarden"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AccountAdministersKey"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::123456789012:root"
        }
        Action   = "kms:*"
        Resource = "*"
      },
      {
        Sid    = "CloudTrailEncryptsLogs"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "kms:GenerateDataKey*"
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:123456789012:trail/trailwarden"
          }
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:123456789012:trail/*"
          }
        }
      },
      {
        Sid    = "CloudTrailDescribesKey"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "kms:DescribeKey"
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:123456789012:trail/trailwarden"
          }
        }
      },
    ]
  })
  bypass_policy_lockout_safety_check = true
  tags = {
    "trailwarden:managed" = "true"
  }
}

resource "aws_kms_alias" "trailwarden-cloudtrail-trailwarden" {
  name          = "alias/trailwarden-cloudtrail-trailwarden"
  target_key_id = aws_kms_key.trailwarden-cloudtrail-trailwarden.key_id
}
