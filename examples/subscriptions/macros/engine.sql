{#- SQL that DuckDB and PostgreSQL spell differently, one macro per difference; the rest of the
    models is SQL both share. A model imports it with
    {% import 'macros/engine.sql' as engine %} and calls {{ engine.last_by('x', 't') }}. -#}

{#- The value of `value` on the row with the latest `ordering` (ties: any of them), optionally
    among the rows matching `where` only. -#}
{% macro last_by(value, ordering, where='') -%}
{%- if target.type == 'postgres' -%}
(array_agg({{ value }} order by {{ ordering }} desc){% if where %} filter (where {{ where }}){% endif %})[1]
{%- else -%}
arg_max({{ value }}, {{ ordering }}){% if where %} filter (where {{ where }}){% endif %}
{%- endif -%}
{%- endmacro %}

{#- A date moved by whole months; the day of the month is kept or, past the month's end, clipped to
    its last day (Jan 31 + 1 month is Feb 29), on both engines. -#}
{% macro add_months(date, months) -%}
{%- if target.type == 'postgres' -%}
({{ date }} + ({{ months }}) * interval '1 month')
{%- else -%}
({{ date }} + to_months({{ months }}))
{%- endif -%}
{%- endmacro %}

{#- Whole minutes from `start` to `end` (timestamps), as a bigint. -#}
{% macro minutes_between(start, end) -%}
{%- if target.type == 'postgres' -%}
cast(floor(extract(epoch from ({{ end }} - {{ start }})) / 60) as bigint)
{%- else -%}
date_diff('minute', {{ start }}, {{ end }})
{%- endif -%}
{%- endmacro %}
