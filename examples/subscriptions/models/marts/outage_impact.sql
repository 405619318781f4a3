-- One row per outage report written in the wiki: how long the outage lasted, and how the day's
-- purchases and revenue compared with the same weekday a week earlier, for the incident review.
{% import 'macros/engine.sql' as engine -%}
with reports as (
    select
        id,
        title,
        url,
        severity,
        affected_service,
        started_at,
        resolved_at,
        cast(started_at as date) as outage_date
    from {{ source('wiki', 'outage_reports') }}
),

days as (
    select revenue_date, sum(purchases) as purchases, sum(net_revenue) as net_revenue
    from {{ ref('revenue_daily') }}
    group by revenue_date
)

select
    r.id as report_id,
    r.title,
    r.url,
    r.severity,
    r.affected_service,
    r.started_at,
    r.resolved_at,
    r.outage_date,
    {{ engine.datediff('r.started_at', 'r.resolved_at', 'minute') }} as duration_minutes,
    d.purchases as purchases_on_day,
    w.purchases as purchases_week_before,
    d.net_revenue as net_revenue_on_day,
    w.net_revenue as net_revenue_week_before
from reports as r
left join days as d on d.revenue_date = r.outage_date
left join days as w on w.revenue_date = r.outage_date - 7
