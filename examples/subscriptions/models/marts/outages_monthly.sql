-- Outages per month and service, from the reports the operations team writes in the wiki: how
-- many, how long service took to recover (mean, median, longest) and the downtime in all, for the
-- monthly reliability review.
{% import 'macros/engine.sql' as engine -%}
with reports as (
    select
        cast(date_trunc('month', started_at) as date) as outage_month,
        affected_service,
        severity,
        {{ engine.datediff('started_at', 'resolved_at', 'minute') }} as minutes_to_recover
    from {{ source('wiki', 'outage_reports') }}
)

select
    outage_month,
    affected_service,
    count(*) as outages,
    count(*) filter (where severity in ('SEV-1', 'SEV-2')) as major_outages,
    cast(avg(minutes_to_recover) as decimal(10, 1)) as mean_minutes_to_recover,
    cast(percentile_cont(0.5) within group (order by minutes_to_recover) as decimal(10, 1))
        as median_minutes_to_recover,
    max(minutes_to_recover) as longest_minutes_to_recover,
    sum(minutes_to_recover) as downtime_minutes
from reports
group by outage_month, affected_service
