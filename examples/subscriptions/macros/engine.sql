{#- SQL that DuckDB, PostgreSQL and Spark spell differently, one macro per difference; the rest of
    the models is SQL the three share. Where dbt has a cross-database macro for the difference,
    the macro here has its name and arguments (dbt.datediff, dbt.dateadd, dbt.listagg,
    dbt.type_string), so a model reads as it would in a dbt project. A model imports the file with
    {% import 'macros/engine.sql' as engine %} and calls {{ engine.datediff('a', 'b', 'minute') }}.
    Each macro branches on target.type: duckdb, postgres or spark. -#}

{#- The value of `value` on the row with the latest `ordering` (ties: any of them), optionally
    among the rows matching `where` only. -#}
{% macro last_by(value, ordering, where='') -%}
{%- if target.type == 'postgres' -%}
(array_agg({{ value }} order by {{ ordering }} desc){% if where %} filter (where {{ where }}){% endif %})[1]
{%- elif target.type == 'spark' -%}
max_by({{ value }}, {{ ordering }}){% if where %} filter (where {{ where }}){% endif %}
{%- else -%}
arg_max({{ value }}, {{ ordering }}){% if where %} filter (where {{ where }}){% endif %}
{%- endif -%}
{%- endmacro %}

{#- dbt.dateadd: `from_date` moved by `interval` units of `datepart` (day, month). A month keeps
    the day of the month or, past the month's end, clips it to its last day (Jan 31 + 1 month is
    Feb 29) on every engine. The result is a date for a date. -#}
{% macro dateadd(datepart, interval, from_date) -%}
{%- if target.type == 'postgres' -%}
cast({{ from_date }} + ({{ interval }}) * interval '1 {{ datepart }}' as date)
{%- elif target.type == 'spark' and datepart == 'month' -%}
add_months({{ from_date }}, cast({{ interval }} as int))
{%- elif target.type == 'spark' -%}
date_add({{ from_date }}, cast({{ interval }} as int))
{%- else -%}
cast({{ from_date }} + to_{{ datepart }}s(cast({{ interval }} as integer)) as date)
{%- endif -%}
{%- endmacro %}

{#- dbt.datediff: whole `datepart`s (second, minute, hour) from `first_date` to `second_date`
    (timestamps), as a bigint. -#}
{% macro datediff(first_date, second_date, datepart) -%}
{%- if target.type == 'postgres' -%}
{%- set seconds = {'second': 1, 'minute': 60, 'hour': 3600} -%}
cast(floor(extract(epoch from ({{ second_date }} - {{ first_date }})) / {{ seconds[datepart] }}) as bigint)
{%- elif target.type == 'spark' -%}
timestampdiff({{ datepart | upper }}, {{ first_date }}, {{ second_date }})
{%- else -%}
date_diff('{{ datepart }}', {{ first_date }}, {{ second_date }})
{%- endif -%}
{%- endmacro %}

{#- dbt.listagg: the group's values of `measure` joined by `delimiter_text` (a SQL string
    literal, e.g. "','") in the order of `order_by_clause` (e.g. "order by product_id"). -#}
{% macro listagg(measure, delimiter_text, order_by_clause='') -%}
{%- if target.type == 'spark' -%}
listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- else -%}
string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
{%- endif -%}
{%- endmacro %}

{#- dbt.type_string: the type of text of any length (Spark's varchar needs a length). -#}
{% macro type_string() -%}
{%- if target.type == 'spark' -%}
string
{%- else -%}
varchar
{%- endif -%}
{%- endmacro %}
