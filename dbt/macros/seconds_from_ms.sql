{#-
  Milliseconds as seconds rounded to 2 decimals, half up, in exact decimal arithmetic.
  A double would round 2.675 s down to 2.67, and a double sum of gaps depends on the order
  the threads add them, so the same events could give different rows.
-#}
{% macro seconds_from_ms(milliseconds) -%}
    round(cast({{ milliseconds }} as decimal(18, 0)) * 0.001, 2)
{%- endmacro %}
