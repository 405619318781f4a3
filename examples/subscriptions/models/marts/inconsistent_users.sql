-- Users whose payments the two servers disagree about on a day. Every purchase or renewal the
-- payment server records should reach the app as a purchase_complete for the same product and
-- amount, the same day; each side is summed per user and day and the two are compared.
{% import 'macros/engine.sql' as engine -%}
with payments as (
    select
        user_id,
        count(*) as transactions,
        {{ engine.listagg('product_id', "','", 'order by product_id') }} as product_ids,
        sum(amount) as amount,
        min(currency) as currency,
        min(store) as store,
        {{ engine.listagg('transaction_id', "','", 'order by transaction_id') }} as transaction_ids
    from {{ ref('stg_iap_transactions') }}
    where event_date = date '{{ partition_start }}'
      and event_type in ('purchase', 'renewal')
    group by user_id
),

confirmations as (
    select
        user_id,
        count(*) as actions,
        {{ engine.listagg('product_id', "','", 'order by product_id') }} as product_ids,
        sum(amount) as amount,
        min(platform) as platform,
        min(app_version) as app_version,
        {{ engine.listagg('action_id', "','", 'order by action_id') }} as action_ids
    from {{ ref('stg_user_actions') }}
    where event_date = date '{{ partition_start }}'
      and action = 'purchase_complete'
    group by user_id
),

compared as (
    select
        coalesce(p.user_id, c.user_id) as user_id,
        case
            when p.user_id is null then 'missing_iap_transaction'
            when c.user_id is null then 'missing_purchase_action'
            when p.transactions <> c.actions then 'count_mismatch'
            when p.product_ids <> c.product_ids then 'product_mismatch'
            when p.amount <> c.amount then 'amount_mismatch'
        end as kind,
        coalesce(p.transactions, 0) as iap_transactions,
        p.product_ids as iap_product_ids,
        p.amount as iap_amount,
        p.currency as iap_currency,
        p.store,
        coalesce(c.actions, 0) as purchase_actions,
        c.product_ids as action_product_ids,
        c.amount as action_amount,
        c.platform,
        c.app_version,
        p.transaction_ids,
        c.action_ids
    from payments as p
    full outer join confirmations as c on c.user_id = p.user_id
)

select
    date '{{ partition_start }}' as event_date,
    user_id,
    kind,
    iap_transactions,
    iap_product_ids,
    iap_amount,
    iap_currency,
    store,
    purchase_actions,
    action_product_ids,
    action_amount,
    platform,
    app_version,
    transaction_ids,
    action_ids
from compared
where kind is not null
