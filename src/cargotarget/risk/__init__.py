"""Risk assessment: the fields rules are written over, the rule language and its evaluators.

An analyst writes a rule condition as a SQL WHERE-clause expression over named fields and
indicators (``origin_country IN ('CO','EC') AND hs_code LIKE '0803%'``). The condition is parsed
and checked once (:mod:`~cargotarget.risk.language`), then compiled for the two paths that run
it: a Polars expression over a frame of consignments (:mod:`~cargotarget.risk.compile_polars`)
and a plain function over one consignment's values (:mod:`~cargotarget.risk.compile_record`).
:mod:`~cargotarget.risk.batch` evaluates hundreds of rules over millions of consignments at once.
"""
