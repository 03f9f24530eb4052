{#-
  Microseconds (the timestamps' precision) as seconds rounded to 2 decimals, half up, in exact
  decimal arithmetic. A double would round 2.675 s down to 2.67, and a double sum of gaps
  depends on the order the threads add them, so the same events could give different rows.
  Whole milliseconds would not do either: `datediff` counts boundaries crossed, so a gap of
  2.6742 s from .000900 to 2.675100 counts 2675 ms and rounds to 2.68.
-#}
{% macro seconds_from_us(microseconds) -%}
    round(cast({{ microseconds }} as decimal(18, 0)) * 0.000001, 2)
{%- endmacro %}
