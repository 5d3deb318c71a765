"""Importers: service inventories and real public data turned into dataset directories.

:mod:`.services` is the generic engine (service-level records → observations through
the strategy's ``service_rule``, compiled by :mod:`.service_rules`);
:mod:`.gc_service_inventory` adapts the Government of Canada Service Inventory;
:mod:`.command` registers ``barometre import``.
"""
