"""IATA air cargo messages: Cargo-XML (XFWB, XFZB, XFFM) and Cargo-IMP (FWB, FHL, FFM).

:mod:`cargotarget.ingest.iata.awb` holds what both families share: air waybill numbers and
their check digit, unit load device numbers, and IATA airport codes mapped to UN/LOCODEs.
"""
