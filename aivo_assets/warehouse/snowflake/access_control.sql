-- Access control for the three data classes of the analytics schema document (version 1).
-- Applied by apply_access_control_job; {database} and {warehouse} come from SNOWFLAKE_DATABASE
-- and SNOWFLAKE_WAREHOUSE. Every statement is idempotent: re-applying changes nothing.
--
--   AIVO_PUBLIC_READER     Public: aggregated, anonymized metrics (no learner column)
--   AIVO_INTERNAL_ANALYST  Internal: learner activity, pseudonymized, no payloads (ANALYTICS)
--   AIVO_RESTRICTED_RAW    Restricted: raw events with their payloads (RAW)
--
-- Each class includes the ones below it. OPS (the forget audit) stays with its owner role.

USE ROLE SECURITYADMIN;

CREATE ROLE IF NOT EXISTS AIVO_PUBLIC_READER COMMENT = 'Public: aggregated, anonymized metrics';
CREATE ROLE IF NOT EXISTS AIVO_INTERNAL_ANALYST COMMENT = 'Internal: pseudonymized learner activity';
CREATE ROLE IF NOT EXISTS AIVO_RESTRICTED_RAW COMMENT = 'Restricted: raw event data';

GRANT ROLE AIVO_PUBLIC_READER TO ROLE AIVO_INTERNAL_ANALYST;
GRANT ROLE AIVO_INTERNAL_ANALYST TO ROLE AIVO_RESTRICTED_RAW;
GRANT ROLE AIVO_RESTRICTED_RAW TO ROLE SYSADMIN;

-- Every class may run queries and see the database.
GRANT USAGE ON WAREHOUSE {warehouse} TO ROLE AIVO_PUBLIC_READER;
GRANT USAGE ON DATABASE {database} TO ROLE AIVO_PUBLIC_READER;

-- Public: the per-content mastery trends only; learner_activity_summary is per learner.
GRANT USAGE ON SCHEMA {database}.ANALYTICS TO ROLE AIVO_PUBLIC_READER;
GRANT SELECT ON VIEW {database}.ANALYTICS.CONTENT_MASTERY_TRENDS TO ROLE AIVO_PUBLIC_READER;

-- Internal: every table and view of ANALYTICS, today's and future ones.
GRANT SELECT ON ALL TABLES IN SCHEMA {database}.ANALYTICS TO ROLE AIVO_INTERNAL_ANALYST;
GRANT SELECT ON ALL VIEWS IN SCHEMA {database}.ANALYTICS TO ROLE AIVO_INTERNAL_ANALYST;
GRANT SELECT ON FUTURE TABLES IN SCHEMA {database}.ANALYTICS TO ROLE AIVO_INTERNAL_ANALYST;
GRANT SELECT ON FUTURE VIEWS IN SCHEMA {database}.ANALYTICS TO ROLE AIVO_INTERNAL_ANALYST;

-- Restricted: RAW (raw_events with payloads, raw_events_rejected).
GRANT USAGE ON SCHEMA {database}.RAW TO ROLE AIVO_RESTRICTED_RAW;
GRANT SELECT ON ALL TABLES IN SCHEMA {database}.RAW TO ROLE AIVO_RESTRICTED_RAW;
GRANT SELECT ON FUTURE TABLES IN SCHEMA {database}.RAW TO ROLE AIVO_RESTRICTED_RAW;
