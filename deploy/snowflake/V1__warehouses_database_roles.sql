-- aivo-assets on Snowflake, migration 1: compute, storage and the roles that use them.
-- Versioned for schemachange (Jinja variables): see docs/snowflake.md for how to apply.
--   database            e.g. AIVO
--   transform_warehouse e.g. AIVO_TRANSFORM_WH   (Dagster loads, mastery and dbt)
--   looker_warehouse    e.g. AIVO_LOOKER_WH      (dashboards, isolated from backfills)
--   service_user        the user Dagster and dbt connect as (SNOWFLAKE_USER)
--   looker_user         Looker's service account
use role sysadmin;

-- Warehouses suspend after a minute idle and resume on the next query (the document's
-- "leverage warehouse auto-suspend for cost optimization").
create warehouse if not exists {{ transform_warehouse }}
    warehouse_size = xsmall
    auto_suspend = 60
    auto_resume = true
    initially_suspended = true;

create warehouse if not exists {{ looker_warehouse }}
    warehouse_size = xsmall
    auto_suspend = 60
    auto_resume = true
    initially_suspended = true;

create database if not exists {{ database }};
create schema if not exists {{ database }}.RAW;
create schema if not exists {{ database }}.ANALYTICS;

use role securityadmin;

-- The pipeline: writes RAW and ANALYTICS, nothing else.
create role if not exists AIVO_TRANSFORMER;
grant usage on warehouse {{ transform_warehouse }} to role AIVO_TRANSFORMER;
grant usage on database {{ database }} to role AIVO_TRANSFORMER;
grant usage, create table, create view on schema {{ database }}.RAW to role AIVO_TRANSFORMER;
grant usage, create table, create view on schema {{ database }}.ANALYTICS to role AIVO_TRANSFORMER;
grant role AIVO_TRANSFORMER to user {{ service_user }};
grant role AIVO_TRANSFORMER to role sysadmin;
