-- Real customers only: internal test accounts are dropped here, once, for every mart.
select
    user_id,
    signup_time,
    cast(signup_time as date) as signup_date,
    upper(country) as country,
    lower(platform) as platform,
    marketing_channel
from {{ source('raw', 'users') }}
where not is_test_user
qualify row_number() over (partition by user_id order by signup_time) = 1
