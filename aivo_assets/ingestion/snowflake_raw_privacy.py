"""The privacy policy on Snowflake: applied to ``raw_events_landed`` after classification.

The rule is the one the DuckDB load applies (``privacy/payload_scrub.py``, ``pseudonyms.py``).
Snowflake has no HMAC and no JSON walk that drops keys at any depth, so, as on DuckDB, Python
runs over *distinct* values only: a portable SQL prefilter (``ILIKE`` a PII key, or containing
``"ip"`` or a ``\\u`` escape) picks the distinct payload texts that may need work, Python
rewrites those, and one ``UPDATE … FROM`` per column swaps them in; learner ids likewise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aivo_assets.privacy.payload_scrub import scrub_payload
from aivo_assets.privacy.privacy_policy import PrivacyCounts, PrivacyPolicy

if TYPE_CHECKING:  # the snowflake extra is only needed when AIVO_WAREHOUSE=snowflake
    from snowflake.connector.cursor import SnowflakeCursor

LANDED = "raw_events_landed"
_BATCH_ROWS = 1_000  # rows per INSERT: keeps each statement far below Snowflake's 1 MB


def candidate_texts_sql(pii_keys: Sequence[str]) -> tuple[str, dict[str, str]]:
    """Distinct payload texts that may hold a PII key, an ``ip`` or an escaped key."""
    params = {f"key{i}": f"%{key}%" for i, key in enumerate(sorted(pii_keys))}
    matches = [f"original ilike %({name})s" for name in params]
    matches += ["contains(original, '\"ip\"')", "contains(original, '\\\\u')"]
    return (
        f"""
        select original from (
            select data as original from {LANDED} where data is not null
            union
            select metadata from {LANDED} where metadata is not null
        )
        where {" or ".join(matches)}
        """,
        params,
    )


def apply_privacy_snowflake(cursor: SnowflakeCursor, policy: PrivacyPolicy) -> PrivacyCounts:
    """Rewrite ``raw_events_landed`` in place: payloads scrubbed, learner ids pseudonymized."""
    sql, params = candidate_texts_sql(policy.pii_keys)
    candidates = [row[0] for row in cursor.execute(sql, params).fetchall()]
    scrubbed = [(text, scrub_payload(text, policy.pii_keys)) for text in candidates]
    rewrites = [(text, clean) for text, clean in scrubbed if clean != text]
    _mapping_table(cursor, "raw_payload_rewrites", ("original", "scrubbed"), rewrites)
    for column in ("data", "metadata"):
        cursor.execute(
            f"update {LANDED} set {column} = r.scrubbed from raw_payload_rewrites as r "
            f"where {LANDED}.{column} = r.original"
        )
    learners = 0
    if policy.pseudonymizer is not None:
        landed = [
            row[0]
            for row in cursor.execute(
                f"select distinct learner_id from {LANDED} "
                "where nullif(trim(learner_id), '') is not null"
            ).fetchall()
        ]
        trimmed = [learner_id.strip(" ") for learner_id in landed]
        mapping = list(zip(landed, policy.pseudonymizer.many(trimmed), strict=True))
        _mapping_table(cursor, "raw_learner_pseudonyms", ("learner_id", "pseudonym"), mapping)
        cursor.execute(
            f"update {LANDED} set learner_id = p.pseudonym from raw_learner_pseudonyms as p "
            f"where {LANDED}.learner_id = p.learner_id"
        )
        # A row COPY could not parse keeps its record text, raw learner id included: drop it.
        cursor.execute(f"update {LANDED} set data = null where load_error is not null")
        learners = len(set(trimmed))
    dropped = sum(clean is None for _, clean in rewrites)
    return PrivacyCounts(0, len(candidates), dropped, learners)


def _mapping_table(
    cursor: SnowflakeCursor, name: str, columns: tuple[str, str], rows: list[tuple]
) -> None:
    cursor.execute(
        f"create or replace temporary table {name} ({columns[0]} string, {columns[1]} string)"
    )
    for start in range(0, len(rows), _BATCH_ROWS):
        cursor.executemany(
            f"insert into {name} ({', '.join(columns)}) values (%s, %s)",
            rows[start : start + _BATCH_ROWS],
        )
