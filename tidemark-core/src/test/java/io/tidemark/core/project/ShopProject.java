package io.tidemark.core.project;

import java.nio.file.Path;

/**
 * A small shop analytics project over three schemas, with one edge of every default mapping and a
 * declared window:
 *
 * <pre>
 * raw.orders (day) ── identity ──> staging.stg_orders (day) ── identity ──> marts.daily_revenue (day)
 * raw.customers ──> staging.stg_customers ── all ──> marts.daily_revenue
 *                                         └──────> analytics.customer_count
 * marts.daily_revenue ── rollup ──> marts.monthly_revenue (month)
 *                     ── window(7) ──> marts.weekly_revenue (day)
 *                     ── identity ──> marts.revenue_to_date (day) ── previous ──> itself
 * </pre>
 */
public final class ShopProject {
  private ShopProject() {}

  public static ProjectFiles writeTo(Path root) {
    return ProjectFiles.in(root)
        .config(
            """
            name: shop
            start: 2024-01-01
            schema: analytics
            vars:
              currency: EUR
            pipelines:
              nightly:
                description: Everything built once a day
                schedule: "0 6 * * *"
            """)
        .yaml(
            "sources.yml",
            """
            sources:
              - schema: raw
                owner: platform
                tags: [raw]
                tables:
                  - name: orders
                    description: Orders as the shop database wrote them
                    partitioning: {grain: day, column: ordered_at}
                  - name: customers
            """)
        .model(
            "staging/stg_orders",
            """
            select order_id, customer_id, amount, ordered_at
            from {{ source('raw', 'orders') }}
            where ordered_at >= '{{ partition_start }}' and ordered_at < '{{ partition_end }}'
            """)
        .model(
            "staging/stg_customers",
            """
            select customer_id, country
            from {{ source('raw', 'customers') }}
            """)
        .yaml(
            "staging/staging.yml",
            """
            models:
              - name: stg_orders
                tags: [daily]
                pipeline: nightly
                partitioning: {grain: day, column: ordered_at}
              - name: stg_customers
                materialized: view
            """)
        .model(
            "marts/daily_revenue",
            """
            select date_trunc('day', o.ordered_at) as day, c.country, sum(o.amount) as revenue
            from {{ ref('stg_orders') }} o
            join {{ ref('stg_customers') }} c on c.customer_id = o.customer_id
            group by 1, 2
            """)
        .model(
            "marts/monthly_revenue",
            """
            select date_trunc('month', day) as month, sum(revenue) as revenue
            from {{ ref('daily_revenue') }}
            group by 1
            """)
        .model(
            "marts/weekly_revenue",
            """
            select date '{{ partition_start }}' as day, sum(revenue) as revenue
            from {{ ref('daily_revenue') }}
            """)
        .model(
            "marts/revenue_to_date",
            """
            with today as (select day, sum(revenue) as revenue from {{ ref('daily_revenue') }} group by 1)
            select day, revenue from today
            {% if is_incremental() %}
            union all
            select day, revenue from {{ this }}
            {% endif %}
            """)
        .yaml(
            "marts/marts.yml",
            """
            models:
              - name: daily_revenue
                description: Revenue per day and country
                owner: finance
                tags: [daily, finance]
                pipeline: nightly
                partitioning: {grain: day, column: day}
                columns:
                  - name: revenue
                    description: Sum of order amounts
              - name: monthly_revenue
                tags: [finance]
                partitioning: {grain: month, column: month}
              - name: weekly_revenue
                partitioning: {grain: day, column: day}
                depends_on:
                  - ref: daily_revenue
                    mapping: window(7)
              - name: revenue_to_date
                partitioning: {grain: day, column: day}
            """)
        .model(
            "customer_count",
            """
            select count(*) as customers from {{ ref('stg_customers') }}
            """);
  }
}
