-- One row per action the app logged on the day, typed and deduplicated.
with numbered as (
    select
        action_id,
        user_id,
        event_time,
        action,
        product_id,
        amount,
        platform,
        app_version,
        row_number() over (partition by action_id order by event_time) as copy_number
    from {{ source('raw', 'user_actions') }}
    where event_time >= timestamp '{{ partition_start }}'
      and event_time < timestamp '{{ partition_end }}'
)

select
    action_id,
    user_id,
    event_time,
    cast(event_time as date) as event_date,
    lower(action) as action,
    product_id,
    cast(amount as decimal(12, 2)) as amount,
    lower(platform) as platform,
    app_version
from numbered
where copy_number = 1
