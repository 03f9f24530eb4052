-- aivo-assets on Snowflake, migration 4: the OPS schema, where `aivo forget` keeps its audit
-- (ops.forget_audit). The pipeline's role creates tables in it but no schema: on Snowflake even
-- CREATE SCHEMA IF NOT EXISTS needs CREATE SCHEMA on the database.
--   database  e.g. AIVO
use role sysadmin;

create schema if not exists {{ database }}.OPS;

use role securityadmin;

grant usage, create table on schema {{ database }}.OPS to role AIVO_TRANSFORMER;
