-- One row per day with the numbers on the subscription dashboard. Each input is aggregated to
-- one row first, so a day with no revenue still gets its row.
with revenue as (
    select
        coalesce(sum(gross_revenue), 0) as gross_revenue,
        coalesce(sum(net_revenue), 0) as net_revenue,
        coalesce(sum(purchases), 0) as purchases,
        coalesce(sum(renewals), 0) as renewals,
        coalesce(sum(refunds), 0) as refunds
    from {{ ref('revenue_daily') }}
    where revenue_date = date '{{ partition_start }}'
),

subscriptions as (
    select
        count(*) filter (where has_access) as active_subscribers,
        count(*) filter (where started_today) as new_subscriptions,
        count(*) filter (where started_today and first_subscribed_date < status_date)
            as reactivations,
        count(*) filter (where churned_today) as churned_subscriptions
    from {{ ref('subscription_status') }}
    where status_date = date '{{ partition_start }}'
),

engagement as (
    select max(active_users_7d) as active_users_7d
    from {{ ref('active_subscribers_7d') }}
    where activity_date = date '{{ partition_start }}'
)

select
    date '{{ partition_start }}' as kpi_date,
    '{{ var('reporting_currency') }}' as currency,
    r.gross_revenue,
    r.net_revenue,
    r.purchases,
    r.renewals,
    r.refunds,
    s.new_subscriptions,
    s.reactivations,
    s.churned_subscriptions,
    s.active_subscribers,
    e.active_users_7d,
    cast(r.net_revenue / nullif(s.active_subscribers, 0) as decimal(12, 4)) as arpu
from revenue as r
cross join subscriptions as s
cross join engagement as e
