-- aivo-assets on Snowflake, migration 2: the S3 landing as an external stage.
--   database              e.g. AIVO
--   landing_url           the landing root, = AIVO_LANDING_URI, e.g. s3://aivo-landing/prod/
--   landing_aws_role_arn  the IAM role Snowflake assumes to read the bucket
-- After this runs, DESC INTEGRATION AIVO_LANDING_S3 gives the IAM user and external id for
-- the role's trust policy.
use role accountadmin;

create storage integration if not exists AIVO_LANDING_S3
    type = external_stage
    storage_provider = 'S3'
    enabled = true
    storage_aws_role_arn = '{{ landing_aws_role_arn }}'
    storage_allowed_locations = ('{{ landing_url }}');

grant usage on integration AIVO_LANDING_S3 to role sysadmin;

use role sysadmin;

create file format if not exists {{ database }}.RAW.AIVO_LANDING_PARQUET
    type = parquet
    use_logical_type = true;

-- METADATA$FILENAME is relative to this URL: events/YYYY/MM/DD/<name>.parquet, the s3_path.
create stage if not exists {{ database }}.RAW.AIVO_LANDING
    storage_integration = AIVO_LANDING_S3
    url = '{{ landing_url }}'
    file_format = (format_name = '{{ database }}.RAW.AIVO_LANDING_PARQUET');

grant usage on stage {{ database }}.RAW.AIVO_LANDING to role AIVO_TRANSFORMER;
