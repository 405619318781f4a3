-- Finance converts revenue at fixed planning rates for the year, so that reported revenue moves
-- with the business and not with the currency markets.
select
    currency,
    cast(usd_per_unit as decimal(18, 8)) as usd_per_unit
from (
    values
        ('USD', 1.0),
        ('EUR', 1.09),
        ('GBP', 1.27),
        ('JPY', 0.0068),
        ('KRW', 0.00075),
        ('BRL', 0.20),
        ('INR', 0.012),
        ('CAD', 0.74),
        ('AUD', 0.66),
        ('MXN', 0.058)
) as rates (currency, usd_per_unit)
