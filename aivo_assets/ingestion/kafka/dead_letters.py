"""The dead-letter topic ``<topic>.dlq``: rejected messages, verbatim, with the reason in a header.

Headers: ``dlq_reason`` (see ``envelope.py``), ``dlq_source_topic``, ``dlq_source_partition``,
``dlq_source_offset``, then the message's own headers. Delivery is at least once: a range's
dead letters are acknowledged before its offsets are committed, so a crash in between sends
them again (deduplicate on the source partition and offset).
"""

from __future__ import annotations

from collections.abc import Sequence

from confluent_kafka import KafkaError, KafkaException, Message, Producer
from confluent_kafka.admin import AdminClient, NewTopic

DLQ_REASON = "dlq_reason"


class DeadLetterDeliveryError(RuntimeError):
    """The broker did not acknowledge every dead letter: offsets must not be committed."""


class DeadLetterQueue:
    def __init__(self, producer: Producer, topic: str) -> None:
        self.producer = producer
        self.topic = topic
        self._failures: list[str] = []

    def send(self, messages: Sequence[Message], reasons: Sequence[str]) -> None:
        for message, reason in zip(messages, reasons, strict=True):
            headers = [
                (DLQ_REASON, reason.encode()),
                ("dlq_source_topic", message.topic().encode()),
                ("dlq_source_partition", str(message.partition()).encode()),
                ("dlq_source_offset", str(message.offset()).encode()),
                *(message.headers() or []),
            ]
            self._produce(message.key(), message.value(), headers)

    def flush(self, timeout: float = 30.0) -> None:
        """Block until every dead letter sent so far is acknowledged, or raise."""
        pending = self.producer.flush(timeout)
        if pending or self._failures:
            failures, self._failures = self._failures, []
            raise DeadLetterDeliveryError(
                f"{pending} dead letters unacknowledged, {len(failures)} failed: {failures[:3]}"
            )

    def close(self) -> None:
        """Drop what is not yet acknowledged (its offsets are uncommitted, so it is sent again
        by the partition's next owner) and release the producer."""
        self.producer.purge()
        self.producer.close()

    def _produce(self, key: bytes | None, value: bytes | None, headers: list) -> None:
        while True:
            try:
                self.producer.produce(
                    self.topic, value=value, key=key, headers=headers, on_delivery=self._delivered
                )
                return
            except BufferError:  # local queue full: let deliveries drain, then retry
                self.producer.poll(0.1)

    def _delivered(self, error: KafkaError | None, _message: Message) -> None:
        if error is not None:
            self._failures.append(str(error))


def ensure_topic(admin_config: dict[str, object], topic: str, partitions: int = 1) -> None:
    """Create the dead-letter topic when the cluster does not have it yet."""
    admin = AdminClient(admin_config)
    if topic in admin.list_topics(timeout=10).topics:
        return
    future = admin.create_topics([NewTopic(topic, num_partitions=partitions)])[topic]
    try:
        future.result(timeout=10)
    except KafkaException as error:
        if error.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
            raise
