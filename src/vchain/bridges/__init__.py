"""Bridges: a chain in other tools' terms, and other tools' maps brought in as chains.

- :mod:`vchain.bridges.tables`: the chain as rows of every section, and back (the one
  mapping the xlsx workbook and the csv folder share; lossless);
- :mod:`vchain.bridges.xlsx`, :mod:`vchain.bridges.csv`: those rows in a workbook or a
  folder of csv files, read back within limits (size, rows, zip bombs);
- :mod:`vchain.bridges.kumu`: a Kumu JSON blueprint out; Kumu blueprints, project
  exports and spreadsheets in, as neutral elements and connections;
- :mod:`vchain.bridges.importing`: Kumu elements and connections to a chain, with the
  `--type`/`--kind` mappings, slug ids and what was guessed;
- :mod:`vchain.bridges.graph`: GraphML and GEXF through networkx's writers;
- :mod:`vchain.bridges.yamlout`: the imported chain as a formatted, checked YAML text;
- :mod:`vchain.bridges.run`: what `vchain export` and `vchain import` call.
"""
