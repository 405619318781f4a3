-- One row per payment-server record of the day, typed and deduplicated: a raw load that
-- arrived twice must not count a payment twice.
with numbered as (
    select
        transaction_id,
        user_id,
        event_time,
        event_type,
        product_id,
        amount,
        currency,
        country,
        store,
        row_number() over (partition by transaction_id order by event_time) as copy_number
    from {{ source('raw', 'iap_transactions') }}
    where event_time >= timestamp '{{ partition_start }}'
      and event_time < timestamp '{{ partition_end }}'
)

select
    transaction_id,
    user_id,
    event_time,
    cast(event_time as date) as event_date,
    lower(event_type) as event_type,
    product_id,
    case when product_id like '%yearly' then 12 else 1 end as billing_period_months,
    cast(amount as decimal(12, 2)) as amount,
    upper(currency) as currency,
    upper(country) as country,
    lower(store) as store
from numbered
where copy_number = 1
