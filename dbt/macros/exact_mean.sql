{#-
  The mean of `expression` (nulls ignored) rounded half up to `places` decimals, exactly:
  values are summed in whole ten-thousandths, then divided by divide_round_half_up.
-#}
{% macro exact_mean(expression, places) -%}
    {{ divide_round_half_up(
        "sum(cast(round((" ~ expression ~ ") * 10000) as bigint))",
        "count(" ~ expression ~ ") * 10000",
        places
    ) }}
{%- endmacro %}
