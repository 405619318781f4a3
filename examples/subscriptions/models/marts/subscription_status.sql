-- Each subscriber's state at the end of the day: yesterday's state carried forward and updated
-- with today's payment-server events. The table is cumulative: day d reads day d-1 of itself.
-- On the first day the table does not exist yet (is_incremental() is false) and yesterday is empty, so subscriptions bought before it appear at
-- their first renewal, cancellation or refund.
{% import 'macros/engine.sql' as engine -%}
with yesterday as (
    {% if is_incremental() %}
    select
        user_id,
        product_id,
        status,
        has_access,
        subscribed_since,
        first_subscribed_date,
        current_period_end,
        renewals,
        last_event_type,
        last_event_time
    from {{ this }}
    where status_date = date '{{ partition_start }}' - 1
    {% else %}
    -- The table's very first partition: nobody has a state yet.
    select
        cast(null as bigint) as user_id,
        cast(null as {{ engine.type_string() }}) as product_id,
        cast(null as {{ engine.type_string() }}) as status,
        cast(null as boolean) as has_access,
        cast(null as date) as subscribed_since,
        cast(null as date) as first_subscribed_date,
        cast(null as date) as current_period_end,
        cast(null as integer) as renewals,
        cast(null as {{ engine.type_string() }}) as last_event_type,
        cast(null as timestamp) as last_event_time
    where false
    {% endif %}
),

todays_events as (
    select
        user_id,
        {{ engine.last_by('event_type', 'event_time') }} as last_event_type,
        {{ engine.last_by('product_id', 'event_time') }} as last_product_id,
        max(event_time) as last_event_time,
        {{ engine.last_by('billing_period_months', 'event_time',
            where="event_type in ('purchase', 'renewal')") }} as paid_period_months,
        bool_or(event_type = 'purchase') as purchased,
        count(*) filter (where event_type = 'renewal') as renewals
    from {{ ref('stg_iap_transactions') }}
    where event_date = date '{{ partition_start }}'
    group by user_id
),

carried_forward as (
    select
        coalesce(e.user_id, y.user_id) as user_id,
        coalesce(e.last_product_id, y.product_id) as product_id,
        e.last_event_type as todays_last_event_type,
        e.paid_period_months,
        y.status as previous_status,
        coalesce(y.has_access, false) as had_access,
        y.current_period_end as previous_period_end,
        coalesce(e.purchased, false) as started_today,
        -- A purchase starts a new subscription; the stores bill it on that day of the month.
        case
            when e.purchased then date '{{ partition_start }}'
            else y.subscribed_since
        end as subscribed_since,
        coalesce(
            y.first_subscribed_date,
            case when e.purchased then date '{{ partition_start }}' end
        ) as first_subscribed_date,
        case
            when e.purchased then e.renewals
            else coalesce(y.renewals, 0) + coalesce(e.renewals, 0)
        end as renewals,
        coalesce(e.last_event_type, y.last_event_type) as last_event_type,
        coalesce(e.last_event_time, y.last_event_time) as last_event_time
    from todays_events as e
    full outer join yesterday as y on e.user_id = y.user_id
),

with_period as (
    select
        *,
        case
            when todays_last_event_type = 'refund' then date '{{ partition_start }}'
            -- Paid today: Jan 31 renews on Feb 29, then on Mar 31.
            when paid_period_months is not null and subscribed_since is not null
                then {{ engine.dateadd('month', 'paid_period_months * (renewals + 1)', 'subscribed_since') }}
            -- Bought before the project's start: its billing day is unknown.
            when paid_period_months is not null
                then {{ engine.dateadd('month', 'paid_period_months', "date '" ~ partition_start ~ "'") }}
            else previous_period_end
        end as current_period_end
    from carried_forward
),

with_status as (
    select
        *,
        case
            when todays_last_event_type in ('purchase', 'renewal') then 'active'
            when todays_last_event_type = 'cancellation' then 'canceled'
            when todays_last_event_type = 'refund' then 'refunded'
            -- No news: a canceled subscription ends with its paid period (at once when the
            -- period is unknown) ...
            when previous_status = 'canceled'
                and coalesce(current_period_end, date '{{ partition_start }}')
                    <= date '{{ partition_start }}'
                then 'expired'
            -- ... and a renewing one whose renewal does not come has failed billing. Renewals of
            -- subscriptions with an unknown billing day get three days' grace (month ends).
            when previous_status = 'active'
                and current_period_end + case when subscribed_since is null then 3 else 0 end
                    <= date '{{ partition_start }}'
                then 'expired'
            else previous_status
        end as status
    from with_period
)

select
    date '{{ partition_start }}' as status_date,
    user_id,
    product_id,
    status,
    status in ('active', 'canceled') as has_access,
    subscribed_since,
    first_subscribed_date,
    current_period_end,
    cast(renewals as integer) as renewals,
    last_event_type,
    last_event_time,
    started_today,
    (had_access or started_today) and status not in ('active', 'canceled') as churned_today
from with_status
