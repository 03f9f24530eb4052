{#-
  numerator / denominator rounded to `places` decimals, half away from zero (the contract's
  half up, like Snowflake's ROUND and Python's ROUND_HALF_UP), exactly: for a whole-number
  numerator and a positive whole-number denominator; null when the denominator is 0 or null.
  For the contract's means and ratios: in doubles, (87.35 + 90) / 2 = 88.675 rounds down to
  88.67. The quotient is taken with mod, since DuckDB's `/` gives a double and Snowflake's
  keeps only 6 decimals. (A microsecond count to seconds needs no division: seconds_from_us.)
-#}
{% macro divide_round_half_up(numerator, denominator, places) -%}
    {%- set scaled = "(abs(" ~ numerator ~ ") * " ~ (2 * 10 ** places) ~ " + (" ~ denominator ~ "))" -%}
    {%- set divisor = "(2 * nullif(" ~ denominator ~ ", 0))" -%}
    sign({{ numerator }})
        * cast(({{ scaled }} - mod({{ scaled }}, {{ divisor }})) / {{ divisor }} as decimal(38, 0))
        * 0.{{ "0" * (places - 1) }}1
{%- endmacro %}
