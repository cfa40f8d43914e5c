-- Every combination of recency, frequency and monetary score (1-5 each, 125 in all) must fall
-- into exactly one row of seed rfm_segment_grid. Returns each combination matched 0 or 2+ times.
with

rfm_segment_grid as (
    select * from {{ ref('rfm_segment_grid') }}
),

scores as (
    select score_values.score
    from (values (1), (2), (3), (4), (5)) as score_values (score)
),

combinations as (
    select
        recency.score as recency_score,
        frequency.score as frequency_score,
        monetary.score as monetary_score
    from scores as recency
    cross join scores as frequency
    cross join scores as monetary
),

matches as (
    select
        combinations.recency_score,
        combinations.frequency_score,
        combinations.monetary_score,
        count(rfm_segment_grid.rfm_group) as matching_groups
    from combinations
    left join rfm_segment_grid
        on
            combinations.recency_score between rfm_segment_grid.recency_score_min
            and rfm_segment_grid.recency_score_max
            and combinations.frequency_score between rfm_segment_grid.frequency_score_min
            and rfm_segment_grid.frequency_score_max
            and combinations.monetary_score between rfm_segment_grid.monetary_score_min
            and rfm_segment_grid.monetary_score_max
    group by
        combinations.recency_score,
        combinations.frequency_score,
        combinations.monetary_score
),

final as (
    select * from matches
    where matching_groups != 1
)

select * from final
