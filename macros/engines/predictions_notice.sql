{#- on-run-start: the customer predictions are fitted by dbt Python models, which run on DuckDB
    only. On Spark say once per run that they are off and the prediction columns are null.
    Renders no SQL. -#}
{% macro predictions_notice() -%}
    {%- if execute and target.type == 'spark' -%}
        {%- do log(
            "shop_segments: the customer predictions (BG/NBD + Gamma-Gamma) are fitted by dbt Python"
            ~ " models, which run on DuckDB only: on Spark int_customer_prediction_fits,"
            ~ " int_customer_prediction_scores, customer_prediction_models, its snapshot"
            ~ " customer_prediction_models_snapshot and customer_prediction_model_history are"
            ~ " disabled, and the"
            ~ " prediction columns of customer_predictions and dim_customers are null."
            ~ " See docs/engines.md.",
            info=true
        ) -%}
    {%- endif -%}
{%- endmacro %}
