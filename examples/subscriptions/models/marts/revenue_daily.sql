-- Finance's daily revenue: payments and refunds of real customers, converted to the reporting
-- currency at the planning rates, by product, market and acquisition channel.
with payments as (
    select
        t.event_date,
        t.product_id,
        t.country,
        u.marketing_channel,
        t.event_type,
        -- Converted per row and kept exact (decimal) so that sums do not depend on row order.
        cast(t.amount * rate.usd_per_unit / reporting.usd_per_unit as decimal(18, 6)) as amount
    from {{ ref('stg_iap_transactions') }} as t
    -- An inner join: only real customers count (stg_users has no test accounts).
    join {{ ref('stg_users') }} as u on u.user_id = t.user_id
    join {{ ref('fx_planning_rates') }} as rate on rate.currency = t.currency
    join {{ ref('fx_planning_rates') }} as reporting
        on reporting.currency = '{{ var('reporting_currency') }}'
    where t.event_date = date '{{ partition_start }}'
      and t.event_type in ('purchase', 'renewal', 'refund')
),

totals as (
    select
        event_date,
        product_id,
        country,
        marketing_channel,
        count(*) filter (where event_type = 'purchase') as purchases,
        count(*) filter (where event_type = 'renewal') as renewals,
        count(*) filter (where event_type = 'refund') as refunds,
        cast(coalesce(sum(amount) filter (where event_type <> 'refund'), 0) as decimal(14, 2))
            as gross_revenue,
        cast(coalesce(-sum(amount) filter (where event_type = 'refund'), 0) as decimal(14, 2))
            as refunded_amount
    from payments
    group by event_date, product_id, country, marketing_channel
)

select
    event_date as revenue_date,
    product_id,
    country,
    marketing_channel,
    '{{ var('reporting_currency') }}' as currency,
    purchases,
    renewals,
    refunds,
    gross_revenue,
    refunded_amount,
    gross_revenue - refunded_amount as net_revenue
from totals
