"""The landing zone as a Dagster resource, so every asset and sensor reads the same root."""

from dagster import ConfigurableResource

from aivo_assets.lib.landing import Landing


class LandingResource(ConfigurableResource):
    """``uri``: a local directory or ``s3://bucket/prefix``."""

    uri: str
    s3_endpoint_url: str | None = None

    def open(self) -> Landing:
        return Landing.from_uri(self.uri, self.s3_endpoint_url)
