-- Real customers only: internal test accounts are dropped here, once, for every mart.
with numbered as (
    select
        user_id,
        signup_time,
        country,
        platform,
        marketing_channel,
        row_number() over (partition by user_id order by signup_time) as copy_number
    from {{ source('raw', 'users') }}
    where not is_test_user
)

select
    user_id,
    signup_time,
    cast(signup_time as date) as signup_date,
    upper(country) as country,
    lower(platform) as platform,
    marketing_channel
from numbered
where copy_number = 1
