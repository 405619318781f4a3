-- Monthly revenue for finance, summed from revenue_daily. days_reported says how many days of
-- the month had revenue, so a month built from partial data shows it.
select
    cast(date_trunc('month', revenue_date) as date) as revenue_month,
    product_id,
    country,
    marketing_channel,
    currency,
    sum(purchases) as purchases,
    sum(renewals) as renewals,
    sum(refunds) as refunds,
    sum(gross_revenue) as gross_revenue,
    sum(refunded_amount) as refunded_amount,
    sum(net_revenue) as net_revenue,
    count(distinct revenue_date) as days_reported
from {{ ref('revenue_daily') }}
where revenue_date >= date '{{ partition_start }}'
  and revenue_date < date '{{ partition_end }}'
group by 1, product_id, country, marketing_channel, currency
