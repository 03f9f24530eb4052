-- aivo-assets on Snowflake, migration 3: Looker reads ANALYTICS and nothing else.
--   database          e.g. AIVO
--   looker_warehouse  the warehouse from V1
--   looker_user       Looker's service account
use role securityadmin;

create role if not exists AIVO_LOOKER_READER;

grant usage on warehouse {{ looker_warehouse }} to role AIVO_LOOKER_READER;
grant usage on database {{ database }} to role AIVO_LOOKER_READER;
grant usage on schema {{ database }}.ANALYTICS to role AIVO_LOOKER_READER;

-- dbt recreates the views on every build: future grants cover the new objects.
grant select on all tables in schema {{ database }}.ANALYTICS to role AIVO_LOOKER_READER;
grant select on all views in schema {{ database }}.ANALYTICS to role AIVO_LOOKER_READER;
grant select on future tables in schema {{ database }}.ANALYTICS to role AIVO_LOOKER_READER;
grant select on future views in schema {{ database }}.ANALYTICS to role AIVO_LOOKER_READER;

grant role AIVO_LOOKER_READER to user {{ looker_user }};
