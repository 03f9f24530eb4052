"""The learner event types of the contract, in a session's lifecycle order.

One definition for the RAW contract (which warns on any other type) and the synthetic
generator (which codes event types by their position here).
"""

EVENT_TYPES = (
    "session_start",
    "page_view",
    "interaction",
    "lesson_start",
    "lesson_complete",
    "assessment_start",
    "assessment_complete",
    "error",
    "session_end",
)
