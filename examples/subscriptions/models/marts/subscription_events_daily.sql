-- What the payment server recorded each day, by product, market and store: the operational
-- view of the subscription business, in each market's own currency.
select
    event_date,
    product_id,
    country,
    currency,
    store,
    event_type,
    count(*) as events,
    count(distinct user_id) as users,
    sum(amount) as amount
from {{ ref('stg_iap_transactions') }}
where event_date = date '{{ partition_start }}'
group by event_date, product_id, country, currency, store, event_type
