-- Users engaged with the paid product over the trailing seven days (the day and the six before
-- it): those who had a paid subscription on any of those days, or whose app saw a purchase or
-- renewal go through.
with subscribers as (
    select distinct user_id
    from {{ ref('subscription_status') }}
    where status_date > date '{{ partition_start }}' - 7
      and status_date <= date '{{ partition_start }}'
      and has_access
),

purchasers as (
    select distinct user_id
    from {{ ref('stg_user_actions') }}
    where event_date > date '{{ partition_start }}' - 7
      and event_date <= date '{{ partition_start }}'
      and action = 'purchase_complete'
)

select
    date '{{ partition_start }}' as activity_date,
    count(*) as active_users_7d,
    count(s.user_id) as subscribers_7d,
    count(p.user_id) as purchasers_7d
from subscribers as s
full outer join purchasers as p on p.user_id = s.user_id
