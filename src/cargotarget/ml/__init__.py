"""Learned risk scores: features, training, registry contents, explanation, benchmark loaders.

The library part reads two frames (:mod:`.examples` describes their columns): ``inputs``, the
assessment frame of consignment versions, and ``outcomes``, the recorded examination results.

- :mod:`.features`: :data:`~.features.FEATURES`, :func:`~.features.feature_frame` (each row as
  of its filing time) and :func:`~.features.table_features` with
  :class:`~.target_statistics.TargetTables` (fast scoring of new consignments);
- :mod:`.training`: :func:`~.training.train_model`, :class:`~.model.TrainedModel`,
  :func:`~.training.predict`, :func:`~.training.model_score`;
- :mod:`.explain`: the top feature contributions of each prediction, in words.
"""
